"""A person's rhythm as an iCalendar feed (RFC 5545) that Google Calendar, Outlook and Apple
Calendar subscribe to.

Every event is all-day: Leadwell schedules days, not hours. An event says a title and the
link to its page, nothing more: the feed is read by calendar servers and shown on phones'
lock screens, so no note, answer, gap or comment ever goes into it.

Each event's UID names the thing in Leadwell it stands for (the 1:1 series, the plan, the
report period), never its day or wording: a subscribed calendar then updates the event in
place when it moves or is renamed, instead of showing a second one.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings

from leadwell.cadences import rhythm
from leadwell.cadences.choices import zone_of
from leadwell.org.models import Person

# What the feed covers around the person's today.
BACK = datetime.timedelta(days=92)
AHEAD = datetime.timedelta(days=366)

PRODUCT = "-//Leadwell//Cadences calendar feed//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "leadwell"


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _event(
    uid: str,
    title: str,
    day: datetime.date,
    link: str,
    stamp: datetime.datetime,
    end: datetime.date | None = None,
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("summary", title)
    event.add("dtstart", day)
    event.add("dtend", end or day + datetime.timedelta(days=1))
    url = _absolute(link)
    event.add("url", url)
    event.add("description", url)
    # All-day events that do not block the person's time: a reminder, not a meeting invitation.
    event.add("transp", "TRANSPARENT")
    return event


def _series(series: rhythm.Series, stamp: datetime.datetime) -> list[icalendar.Event]:
    """One recurring event for a weekly 1:1, with its exceptions.

    A meeting held or planned off the series' weekday is written as an override of its week's
    slot (a second VEVENT with the same UID and a RECURRENCE-ID), not as an RDATE: Google
    Calendar, Outlook and Apple Calendar all read overrides (it is how they write a moved
    occurrence themselves), while Outlook ignores RDATE and Google drops it on subscriptions.
    A meeting no slot can stand for (its week's slot was held as well) is an event of its own.
    """
    main = _event(series.uid, series.title, series.first, series.link, stamp)
    rule: dict = {"freq": "weekly"}
    if series.until is not None:
        rule["until"] = series.until
    main.add("rrule", rule)
    if series.skipped:
        main.add("exdate", list(series.skipped))
    events = [main]
    for slot, day in series.moved:
        moved = _event(series.uid, series.title, day, series.link, stamp)
        moved.add("recurrence-id", slot)
        events.append(moved)
    for meeting_id, day in series.extra:
        events.append(
            _event(f"one-on-one-meeting-{meeting_id}", series.title, day, series.link, stamp)
        )
    return events


def calendar_of(person: Person, now: datetime.datetime | None = None) -> bytes:
    """The person's feed: their 1:1s and everything else in their rhythm from about three
    months back to a year ahead, the days reckoned in their time zone."""
    zone = zone_of(person)
    now = (now or datetime.datetime.now(datetime.UTC)).astimezone(zone)
    today = now.date()
    start, end = today - BACK, today + AHEAD
    stamp = now.astimezone(datetime.UTC)

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Leadwell")
    calendar.add("x-wr-caldesc", f"{person.name}'s rhythm in Leadwell")
    calendar.add("x-wr-timezone", zone.key)
    # How often a subscribing client should fetch again (Apple and Outlook read these).
    calendar.add("refresh-interval", datetime.timedelta(hours=4), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT4H")

    for series in rhythm.one_on_ones_of(person, start, end, today):
        for event in _series(series, stamp):
            calendar.add_component(event)
    for item in rhythm.events_of(person, start, end, today, with_one_on_ones=False):
        calendar.add_component(
            _event(item.uid, item.title, item.day, item.link, stamp, item.end_day)
        )
    return calendar.to_ical()
