"""The calendar feed: it parses with icalendar and expands with recurring-ical-events to the
1:1s as planned (a missed one absent, a moved one on its new day), keeps its UIDs from one
fetch to the next and through an edit, opens only with a working address, shows only its
person's rhythm, and never carries what was written in a meeting."""

import datetime

import icalendar
import pytest
import recurring_ical_events
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadwell.cadences.models import Preferences
from leadwell.cadences.services import feeds
from leadwell.coaching import services as coaching
from leadwell.coaching.models import Meeting, OneOnOneSeries

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)


def fetch(secret: str, client: Client | None = None):
    return (client or Client()).get(reverse("cadences:feed", args=[secret]))


def calendar_of(secret: str) -> icalendar.Calendar:
    response = fetch(secret)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def days_of(calendar: icalendar.Calendar, summary: str, start, end) -> list[datetime.date]:
    """The days an event shows on between start and end, as a calendar app expands it."""
    return sorted(
        event["DTSTART"].dt
        for event in recurring_ical_events.of(calendar).between(start, end)
        if str(event["SUMMARY"]) == summary
    )


def uids(calendar: icalendar.Calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


@pytest.fixture
def weekly(personas):
    """Lena's Monday 1:1 with Sam, five weeks old: held, missed, held, a week with no
    meeting at all, and the next one planned from today."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=today.weekday()) - 5 * WEEK
    series = coaching.series_start(leader=personas.leader, report=personas.seller)
    OneOnOneSeries.objects.filter(pk=series.pk).update(started_on=first)
    series.refresh_from_db()
    Meeting.objects.create(series=series, scheduled_on=first, status=Meeting.Status.HELD)
    Meeting.objects.create(series=series, scheduled_on=first + WEEK, status=Meeting.Status.MISSED)
    Meeting.objects.create(series=series, scheduled_on=first + 2 * WEEK, status=Meeting.Status.HELD)
    Meeting.objects.create(series=series, scheduled_on=first + 4 * WEEK, status=Meeting.Status.HELD)
    planned = coaching.meeting_next(series=series, today=today)
    return series, first, planned


def test_the_weekly_one_on_one_expands_to_the_days_it_took_place_and_the_weekly_slot_ahead(
    personas, weekly
):
    series, first, planned = weekly
    _, secret = feeds.feed_create(person=personas.leader)
    calendar = calendar_of(secret)
    ends = planned.scheduled_on + 3 * WEEK
    shown = days_of(calendar, "1:1 with Sam Ortiz", first, ends)
    held = [first, first + 2 * WEEK, first + 4 * WEEK]
    ahead = [planned.scheduled_on + n * WEEK for n in range(3)]
    assert shown == held + ahead
    assert first + WEEK not in shown  # missed
    assert first + 3 * WEEK not in shown  # no meeting that week
    # One recurring event, with its rule and exceptions, not an event a week.
    series_events = [e for e in calendar.walk("VEVENT") if "one-on-one-series" in str(e["UID"])]
    assert len(series_events) == 1
    assert series_events[0]["RRULE"]["FREQ"] == ["WEEKLY"]
    assert str(series_events[0]["UID"]) == f"one-on-one-series-{series.pk}@localhost"


def test_a_moved_one_on_one_shows_on_its_new_day_under_the_same_uid(personas, weekly):
    _, first, planned = weekly
    _, secret = feeds.feed_create(person=personas.seller)
    before = calendar_of(secret)
    coaching.series_start(
        leader=personas.leader, report=personas.seller, weekday=OneOnOneSeries.Weekday.WEDNESDAY
    )
    planned.refresh_from_db()
    assert planned.scheduled_on.weekday() == 2
    after = calendar_of(secret)
    shown = days_of(after, "1:1 with Lena Hart", first, planned.scheduled_on + 2 * WEEK)
    # The Mondays held stay where they were; from now on it is Wednesdays.
    assert shown == [
        first,
        first + 2 * WEEK,
        first + 4 * WEEK,
        planned.scheduled_on,
        planned.scheduled_on + WEEK,
    ]
    assert uids(after) == uids(before)


def test_uids_stay_the_same_from_one_fetch_to_the_next(personas, weekly):
    _, secret = feeds.feed_create(person=personas.leader)
    assert uids(calendar_of(secret)) == uids(calendar_of(secret))
    assert any(uid.startswith("quarter-end-") for uid in uids(calendar_of(secret)))


def test_an_unknown_address_is_not_found(personas):
    assert fetch("lwcal_not-a-real-one").status_code == 404
    assert fetch("anything").status_code == 404


def test_a_revoked_address_is_not_found(personas):
    feed, secret = feeds.feed_create(person=personas.leader)
    assert fetch(secret).status_code == 200
    feeds.feed_revoke(feed=feed)
    assert fetch(secret).status_code == 404


def test_the_address_of_someone_whose_account_is_switched_off_is_not_found(personas):
    _, secret = feeds.feed_create(person=personas.seller)
    user = personas.user("seller")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert fetch(secret).status_code == 404


def test_a_new_address_turns_the_old_one_off(personas):
    _, old = feeds.feed_create(person=personas.leader)
    _, new = feeds.feed_create(person=personas.leader)
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200


def test_only_the_hash_of_the_address_is_kept(personas):
    feed, secret = feeds.feed_create(person=personas.leader)
    assert secret not in (feed.digest, feed.hint)
    assert len(feed.digest) == 64


def test_a_read_is_noted_without_writing_and_saved_by_the_upkeep(personas):
    feed, secret = feeds.feed_create(person=personas.leader)
    assert feeds.feeds_last_read([feed])[feed.pk] is None
    fetch(secret)
    first = feeds.feeds_last_read([feed])[feed.pk]
    assert first is not None
    fetch(secret)  # a few minutes later at most: the same read noted
    assert feeds.feeds_last_read([feed])[feed.pk] == first
    feed.refresh_from_db()
    assert feed.last_read_at is None  # nothing written by reading
    assert feeds.feeds_save_reads() == 1
    feed.refresh_from_db()
    assert feed.last_read_at == first
    assert feeds.feeds_save_reads() == 0


def test_another_persons_one_on_ones_never_show_in_your_feed(personas, weekly):
    coaching.series_start(leader=personas.other_leader, report=personas.other_seller)
    _, secret = feeds.feed_create(person=personas.leader)
    text = fetch(secret).content.decode()
    assert "Sam Ortiz" in text
    assert "Omar Reyes" not in text
    _, theirs = feeds.feed_create(person=personas.other_seller)
    assert "Sam Ortiz" not in fetch(theirs).content.decode()


def test_no_event_carries_what_was_written_in_a_meeting(personas, weekly):
    *_, planned = weekly
    phrase = "zebra-quantum-7731"
    coaching.answer_write(meeting=planned, by=personas.seller, text=f"answer {phrase}")
    coaching.shared_notes_write(meeting=planned, by=personas.leader, text=f"notes {phrase}")
    coaching.point_add(meeting=planned, by=personas.seller, text=f"point {phrase}")
    coaching.private_note_write(meeting=planned, by=personas.leader, text=f"private {phrase}")
    for person in (personas.leader, personas.seller):
        _, secret = feeds.feed_create(person=person)
        raw = fetch(secret).content
        assert b"1:1 with" in raw
        # Long lines are folded in iCalendar: unfold before searching.
        assert phrase.encode() not in raw.replace(b"\r\n ", b"")
        calendar = icalendar.Calendar.from_ical(raw)
        for event in calendar.walk("VEVENT"):
            assert set(event.keys()) <= {
                "UID",
                "DTSTAMP",
                "SUMMARY",
                "DTSTART",
                "DTEND",
                "URL",
                "DESCRIPTION",
                "TRANSP",
                "RRULE",
                "EXDATE",
                "RECURRENCE-ID",
            }
            assert str(event["DESCRIPTION"]) == str(event["URL"])


def test_the_feed_is_in_the_persons_time_zone(personas):
    _, secret = feeds.feed_create(person=personas.leader)
    assert str(calendar_of(secret)["X-WR-TIMEZONE"]) == "UTC"
    Preferences.objects.create(person=personas.leader, time_zone="America/New_York")
    assert str(calendar_of(secret)["X-WR-TIMEZONE"]) == "America/New_York"


def test_the_feed_asks_the_database_as_often_for_many_one_on_ones_as_for_one(personas, weekly):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, secret = feeds.feed_create(person=personas.leader)
    fetch(secret)  # the first read notes itself in the cache
    with CaptureQueriesContext(connection) as one:
        fetch(secret)
    series = coaching.series_start(leader=personas.leader, report=personas.seller2)
    coaching.meeting_next(series=series)
    with CaptureQueriesContext(connection) as two:
        fetch(secret)
    assert len(two) == len(one)
    assert b"1:1 with Sofia Berg" in fetch(secret).content


def test_a_calendar_may_ask_for_the_feed_s_headers_alone(personas):
    _, secret = feeds.feed_create(person=personas.leader)
    response = Client().head(reverse("cadences:feed", args=[secret]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
