"""Every sign-in, sign-out and sign-in failure is logged: who and from where, never secrets."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from leadwell.identity.throttling import client_address

log = logging.getLogger("leadwell.security")


def _client(request) -> str:
    # The address throttling counts against (the client's, also behind the TLS proxy).
    return (client_address(request) or "-") if request is not None else "-"


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


@receiver(user_locked_out)
def log_lock_out(sender, request, username, ip_address, **kwargs) -> None:
    # The whole address when it reached the address limit, else the e-mail from it.
    if getattr(request, "leadwell_address_locked_out", False):
        log.warning("sign-in paused for the address: client=%s", ip_address)
    else:
        log.warning("sign-in paused for the e-mail: email=%s client=%s", username, ip_address)
