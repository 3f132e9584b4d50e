"""Every sign-in, sign-out and sign-in failure is logged: who and from where, never secrets."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

log = logging.getLogger("leadwell.security")


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    # Only the e-mail typed is kept from the credentials; the password never reaches a log.
    email = credentials.get("username") or credentials.get("email") or "-"
    log.warning("sign-in failed: email=%s client=%s", email, _client(request))


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs) -> None:
    log.info("signed in: user=%s client=%s", user.pk, _client(request))


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs) -> None:
    log.info("signed out: user=%s client=%s", getattr(user, "pk", None), _client(request))
