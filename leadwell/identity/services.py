"""Workflows for sign-in accounts and API tokens."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from leadwell.identity.models import ApiToken, User, hash_token
from leadwell.org.models import Person


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str,
    name: str = "",
    title: str = "",
    is_admin: bool = False,
    validate: bool = True,
) -> User:
    """Create a sign-in account and attach it to the person with that e-mail.

    The person is created when the org chart does not have them yet (an administrator from
    outside the sales teams, say); `name` is then required.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email=email).exists():
        raise ValueError(f"There is already a sign-in account for {email}")
    person = Person.objects.filter(email=email).first()
    if person is None and not name.strip():
        raise ValueError(f"No person with e-mail {email} in the organisation: give their name")
    if person is not None and person.user_id is not None:
        raise ValueError(f"{person.name} already has a sign-in account")
    user = User(email=email, is_staff=is_admin, is_superuser=is_admin)
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    if person is None:
        person = Person.objects.create(name=name, email=email, title=title)
    person.user = user
    person.save(update_fields=["user"])
    return user


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. The secret is returned once and only its hash is kept."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("Give the token a name, e.g. the script that will use it")
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user, name=name[:100], digest=hash_token(secret), hint=secret[:10]
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_authenticate(*, secret: str) -> User | None:
    token = (
        ApiToken.objects.active().select_related("user").filter(digest=hash_token(secret)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Writing on every call would make each API read a write; a minute's precision is enough.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
