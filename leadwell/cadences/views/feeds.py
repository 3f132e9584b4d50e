"""The calendar feed: the address calendars read (no sign-in: the secret in it is the key), and
the pages where a person makes, regenerates and revokes it (their profile shows the section,
leadwell/cadences/receivers.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from leadwell import policy
from leadwell.cadences import feed
from leadwell.cadences.models import FEED_TOKEN_PREFIX, CalendarFeed
from leadwell.cadences.services import feeds as services


def _current(request: HttpRequest) -> CalendarFeed | None:
    return (
        policy.visible(request.user, "view", CalendarFeed.objects.filter(revoked_at__isnull=True))
        .order_by("-created_at", "-id")
        .first()
    )


@login_not_required
@require_safe
def feed_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The person's calendar, for the calendar that subscribed to it."""
    found = services.feed_read(secret=token) if token.startswith(FEED_TOKEN_PREFIX) else None
    if found is None:
        raise Http404("No such calendar feed")
    response = HttpResponse(
        feed.calendar_of(found.person), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="leadwell.ics"'
    # The address is the secret: no shared cache keeps a copy of it.
    response["Cache-Control"] = "private, max-age=900"
    return response


def _address(secret: str) -> dict:
    """The feed's address, and the same for a webcal:// link (which opens the calendar app)."""
    https = settings.SITE_URL + reverse("cadences:feed", args=[secret])
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@require_http_methods(["GET", "POST"])
def feed_make(request: HttpRequest) -> HttpResponse:
    """GET: what making (or regenerating) the address does; POST: make it and show it once."""
    me = policy.person_or_404(request.user)
    current = _current(request)
    if request.method == "POST":
        made, secret = services.feed_create(person=me)
        return render(
            request,
            "cadences/feed_made.html",
            {"feed": made, "address": _address(secret), "replaced": current},
        )
    return render(request, "cadences/feed_make.html", {"current": current})


@require_http_methods(["GET", "POST"])
def feed_revoke(request: HttpRequest, feed_id: int) -> HttpResponse:
    found = policy.get_or_404(
        request.user, "revoke", CalendarFeed, pk=feed_id, revoked_at__isnull=True
    )
    if request.method == "POST":
        services.feed_revoke(feed=found)
        messages.success(
            request,
            "Your calendar feed is turned off: calendars subscribed to it stop showing "
            "Leadwell's events at their next refresh.",
        )
        return redirect("profile")
    return render(request, "cadences/feed_revoke.html", {"feed": found})
