"""What cadences adds to other apps' pages (leadwell.lib.page_sections): the calendar feed's
section on the person's profile."""

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from leadwell import policy
from leadwell.cadences.choices import zone_of
from leadwell.cadences.models import CalendarFeed
from leadwell.cadences.services import feeds
from leadwell.lib.page_sections import section_wanted


@receiver(section_wanted, dispatch_uid="cadences.feed.profile")
def calendar_feed_on_the_profile(
    sender, *, place: str, viewer, request=None, **kwargs
) -> SafeString | str:
    """The viewer's own calendar feed: make it, or regenerate or turn off the one they have
    ("" for another page, or a signed-in account that is nobody in the org chart)."""
    if place != "profile":
        return ""
    person = policy.viewer_for(viewer).person
    if person is None:
        return ""
    current = (
        policy.visible(viewer, "view", CalendarFeed.objects.filter(revoked_at__isnull=True))
        .order_by("-created_at", "-id")
        .first()
    )
    last_read = feeds.feeds_last_read([current])[current.pk] if current else None
    return render_to_string(
        "cadences/feed_section.html",
        {"current": current, "last_read": last_read, "zone": zone_of(person).key},
        request=request,
    )
