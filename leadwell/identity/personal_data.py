"""What sign-in holds about a person, for their own data export (leadwell.lib.personal_data).

Never the password hash or a token's digest: a token goes out as its name, its first
characters and its dates."""

from axes.models import AccessFailureLog, AccessLog

from leadwell.identity.models import ApiToken, User
from leadwell.lib.personal_data import About, Holding

PERSONAL_DATA = (
    Holding(
        key="account",
        title="Your sign-in account",
        model=User,
        rows=lambda account: User.objects.filter(pk=account.pk),
        fields=("id", "email", "is_active", "is_staff", "date_joined", "last_login"),
        about=About.ACCOUNT,
    ),
    Holding(
        key="api_tokens",
        title="Your API tokens (name, first characters and dates; never the token itself)",
        model=ApiToken,
        rows=lambda account: ApiToken.objects.filter(user=account),
        fields=("id", "name", "hint", "created_at", "last_used_at", "revoked_at"),
        via=("user",),
        about=About.ACCOUNT,
    ),
    Holding(
        key="sign_ins",
        title="Your sign-ins: when, from which address and browser",
        model=AccessLog,
        rows=lambda account: AccessLog.objects.filter(username=account.email),
        fields=("attempt_time", "logout_time", "ip_address", "user_agent"),
        about=About.ACCOUNT,
    ),
    Holding(
        key="failed_sign_ins",
        title="Failed sign-ins with your e-mail: when, from which address and browser",
        model=AccessFailureLog,
        rows=lambda account: AccessFailureLog.objects.filter(username=account.email),
        fields=("attempt_time", "ip_address", "user_agent", "locked_out"),
        about=About.ACCOUNT,
    ),
)
