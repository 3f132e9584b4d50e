"""Calendar feed addresses: made, regenerated and revoked by their person, read by calendars.

The address's secret is shown once, when it is made; Leadwell keeps only its hash (as for API
tokens), so a copy of the database gives nobody anyone's calendar.
"""

import datetime
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from leadwell.cadences.models import CalendarFeed
from leadwell.identity.models import hash_token
from leadwell.org.models import Person

# A calendar fetches every few minutes to hours. Reading never writes (a read must not wait for
# an import's write lock on SQLite): a read is noted in the cache, at most once in this long,
# and the worker's upkeep saves the notes into the feeds (feeds_save_reads), as for API tokens.
READ_NOTED_EVERY = datetime.timedelta(minutes=10)
# How long the cache keeps a read the worker has not saved yet.
READ_KEPT = 7 * 24 * 3600


def _read_key(feed_id: int) -> str:
    return f"calendar-feed-read:{feed_id}"


def _latest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    return max((m for m in moments if m is not None), default=None)


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
    """The working feed the secret opens (with its person), noting that a calendar read it;
    None for a secret that opens none (made up, or of a revoked address), or whose person can
    no longer sign in (left, or their account was switched off). Writes nothing."""
    feed = (
        CalendarFeed.objects.select_related("person__user")
        .filter(digest=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if feed is None or feed.person.user is None or not feed.person.user.is_active:
        return None
    now = timezone.now()
    last = _latest(feed.last_read_at, cache.get(_read_key(feed.pk)))
    if last is None or now - last >= READ_NOTED_EVERY:
        cache.set(_read_key(feed.pk), now, timeout=READ_KEPT)
    return feed


def feeds_last_read(feeds: Iterable[CalendarFeed]) -> dict[int, datetime.datetime | None]:
    """Each feed's last read by a calendar, saved or only noted yet, by feed id."""
    feeds = list(feeds)
    noted = cache.get_many([_read_key(f.pk) for f in feeds])
    return {f.pk: _latest(f.last_read_at, noted.get(_read_key(f.pk))) for f in feeds}


def feeds_save_reads() -> int:
    """Save the reads noted in the cache into the working feeds (the worker's upkeep does).
    Returns how many feeds changed."""
    feeds = list(CalendarFeed.objects.filter(revoked_at__isnull=True).only("pk", "last_read_at"))
    last_read = feeds_last_read(feeds)
    saved = 0
    for feed in feeds:
        last = last_read[feed.pk]
        if last is not None and last != feed.last_read_at:
            CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=last)
            saved += 1
    return saved
