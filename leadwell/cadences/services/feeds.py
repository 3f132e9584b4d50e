"""Calendar feed addresses: made, regenerated and revoked by their person, read by calendars.

The address's secret is shown once, when it is made; Leadwell keeps only its hash (as for API
tokens), so a copy of the database gives nobody anyone's calendar.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from leadwell.cadences.models import CalendarFeed
from leadwell.identity.models import hash_token
from leadwell.org.models import Person

# A calendar fetches every few minutes to hours: writing each fetch down would be a write a
# read; once in this long is enough to tell the person their calendar still reads it.
READ_NOTED_EVERY = datetime.timedelta(minutes=10)


@transaction.atomic
def feed_create(*, person: Person) -> tuple[CalendarFeed, str]:
    """A new feed address for the person, and its secret (shown once). The address they had
    stops working: a person has one calendar feed at a time, so regenerating is making."""
    now = timezone.now()
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=now)
    secret = CalendarFeed.new_secret()
    feed = CalendarFeed.objects.create(
        person=person, digest=hash_token(secret), hint=secret[:10], created_at=now
    )
    return feed, secret


def feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    """Stop the address working: calendars reading it get 404 from now on."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def feed_read(*, secret: str) -> CalendarFeed | None:
    """The working feed the secret opens (with its person), noting that it was read; None for
    a secret that opens none (made up, or of a revoked address)."""
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(digest=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_read_at is None or now - feed.last_read_at >= READ_NOTED_EVERY:
        feed.last_read_at = now
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
    return feed


def current_feed(person: Person) -> CalendarFeed | None:
    """The person's working feed address, if they have one."""
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()
