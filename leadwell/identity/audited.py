"""What the audit trail records of sign-in accounts (collected by leadwell.audit)."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.identity.models import User


def _account(user: User, action: str) -> str:
    role = "administrator account" if user.is_staff else "account"
    if action == "changed":
        return f"Sign-in {role} {user.email} changed"
    return f"Sign-in {role} {user.email} {action}"


AUDITED = (
    # Who is an administrator is part of who may manage the organisation; passwords and
    # sign-in times are not changes to the organisation.
    tracked(User, kind=Kind.ACCOUNT, fields=("email", "is_active", "is_staff"), describe=_account),
)
