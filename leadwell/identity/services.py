"""Workflows for sign-in accounts and API tokens."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
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


# A token's last use is known to the minute.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)
# How long the cache keeps a use the worker has not saved yet (it saves them every minute).
LAST_USE_KEPT = 7 * 24 * 3600


def _use_key(token_id: int) -> str:
    return f"api-token-used:{token_id}"


def token_authenticate(*, secret: str) -> User | None:
    """The user a token belongs to, or None. The call is noted in the cache, never written to
    the database: reading through the API must not write (on SQLite a write waits for any
    import holding the write lock). The worker saves the noted uses (`tokens_save_uses`)."""
    token = (
        ApiToken.objects.active().select_related("user").filter(digest=hash_token(secret)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    last = _latest(token.last_used_at, cache.get(_use_key(token.pk)))
    if last is None or now - last > LAST_USE_PRECISION:
        cache.set(_use_key(token.pk), now, timeout=LAST_USE_KEPT)
    return token.user


def _latest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    return max((m for m in moments if m is not None), default=None)


def tokens_last_used(tokens: Iterable[ApiToken]) -> dict[int, datetime.datetime | None]:
    """Each token's last use, saved or only noted yet, by token id."""
    tokens = list(tokens)
    noted = cache.get_many([_use_key(t.pk) for t in tokens])
    return {t.pk: _latest(t.last_used_at, noted.get(_use_key(t.pk))) for t in tokens}


def tokens_save_uses() -> int:
    """Save the uses noted in the cache into the tokens (the worker does, every minute).
    Returns how many tokens changed."""
    tokens = list(ApiToken.objects.active().only("pk", "last_used_at"))
    last_used = tokens_last_used(tokens)
    saved = 0
    for token in tokens:
        last = last_used[token.pk]
        if last is not None and last != token.last_used_at:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=last)
            saved += 1
    return saved
