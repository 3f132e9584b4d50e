"""Sign-in throttling: django-axes with a second, higher limit per client address.

django-axes counts failed sign-ins per (e-mail, address) pair and locks the pair out after
LEADWELL_LOGIN_FAILURE_LIMIT failures, so nobody can lock a colleague out from elsewhere. That
alone lets one address try a common password against every e-mail (password spraying), a few
tries each. So the failures from one address are also added up across every e-mail, and at
LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT the address is locked out for every e-mail, for the same
cool-off. axes has one failure limit for all its lockout parameters; this handler keeps axes'
count for the pair and reports the address as past the limit once the address total reaches its
own, higher one.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address sign-in failures are counted against: the peer's, or behind the TLS proxy
    (LEADWELL_BEHIND_PROXY) the one the proxy appended to X-Forwarded-For. The right-most entry
    is the proxy's own finding; entries left of it come from the client and may be forged."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")


def failures_from_address(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off, whatever e-mail."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)  # type: ignore[attr-defined]
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    """axes' database handler, with the address limit on top of the pair limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        if failures_from_address(request) < settings.LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT:
            return pair
        # Read by the lock-out page, to say that the address, not one e-mail, is paused.
        request.leadwell_address_locked_out = True
        return max(pair, get_failure_limit(request, credentials))
