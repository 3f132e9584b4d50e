"""When digests and reminders fall due: the worker's upkeep asks every minute
(`digests_due(now)`), and each one due is composed and handed to the outbox, which makes it
once per person and period.

Read in each person's own time zone, at the hour they chose (choices.py's defaults without a
choice):
- a weekly digest, from their chosen weekday and hour for a day (`CATCH_UP`): a worker that
  was down on Monday morning sends it when it is back that day, but a digest a week old is
  news to nobody and is not sent;
- the e-mail before a 1:1, from their hour two days before a planned meeting until the day
  before it;
- reminders, from their hour each day, when something is owed.

Most minutes nothing is due, and finding that out costs a fixed number of queries whoever
many people there are: the active people, their time zones, their choices, the teams led
today, the planned meetings two days ahead, and the notifications already made for the keys
due (six queries), plus one read of the cache. Only a key due and not yet made is composed.
A key composed to nothing (nothing owed today, a kind not offered) is remembered in the cache
for `RECHECK` and not composed again before then: something that falls due later in the day
still makes that day's reminder.
"""

import datetime
import logging
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from leadwell.cadences import choices
from leadwell.cadences.digests import Composed, compose, week_of
from leadwell.cadences.digests.daily import key_for as reminders_key
from leadwell.cadences.digests.seller import AHEAD
from leadwell.cadences.digests.seller import key_for as meeting_key
from leadwell.cadences.models import Kind, MailChoice, Notification, Preferences
from leadwell.cadences.services.outbox import notification_send
from leadwell.coaching.models import Meeting, OneOnOneSeries
from leadwell.org.models import Membership, Person

RECHECK = datetime.timedelta(hours=1)
CATCH_UP = datetime.timedelta(days=1)

log = logging.getLogger("leadwell.cadences")


@dataclass(frozen=True)
class Due:
    person: Person
    kind: Kind
    key: str
    local: datetime.datetime  # now, in the person's time zone


def _at(day: datetime.date, hour: int, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def weekly_key(kind: Kind, choice: choices.Choice, local: datetime.datetime) -> str | None:
    """The key of the weekly digest due at `local` (their time), or None outside the day from
    the chosen day and hour of this week."""
    monday = week_of(local.date())
    chosen = _at(monday + datetime.timedelta(days=choice.weekday), choice.hour, local.tzinfo)  # type: ignore[arg-type]
    return f"{kind}:{monday.isoformat()}" if chosen <= local < chosen + CATCH_UP else None


def pre_meeting_key(
    meeting: tuple[int, datetime.date], choice: choices.Choice, local: datetime.datetime
) -> str | None:
    """The key of the e-mail before the meeting (id, day), or None outside its window: from
    the chosen hour two days before to the end of the day before."""
    meeting_id, on = meeting
    opens = _at(on - AHEAD, choice.hour, local.tzinfo)  # type: ignore[arg-type]
    return meeting_key(meeting_id) if opens <= local and local.date() < on else None


def keys_due(now: datetime.datetime) -> list[Due]:
    """Every (person, kind, key) due at `now` and not yet made, nor known to have nothing."""
    people = list(Person.objects.active().order_by("pk"))
    zones = dict(Preferences.objects.values_list("person_id", "time_zone"))
    chosen: dict[tuple[int, str], choices.Choice] = {
        (c.person_id, c.kind): choices.Choice(Kind(c.kind), c.by_email, c.weekday, c.hour)
        for c in MailChoice.objects.all()
    }
    today = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
    # Only someone leading a team is offered a weekly digest (kinds_for, asked when one is
    # composed, has the last word).
    leading = set(Membership.objects.on(today).leaders().values_list("person_id", flat=True))
    # A day either side of the organisation's today: each person's own is read in their zone.
    meetings: dict[int, list[tuple[int, datetime.date]]] = {}
    for meeting_id, report_id, on in (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            scheduled_on__gte=today - datetime.timedelta(days=1),
            scheduled_on__lte=today + AHEAD + datetime.timedelta(days=1),
            series__in=OneOnOneSeries.objects.current(today - datetime.timedelta(days=1)),
        )
        .order_by("scheduled_on", "id")
        .values_list("id", "series__report_id", "scheduled_on")
    ):
        meetings.setdefault(report_id, []).append((meeting_id, on))

    due: list[Due] = []
    for person in people:
        zone = zoneinfo.ZoneInfo(zones.get(person.pk) or settings.TIME_ZONE)
        local = now.astimezone(zone)

        def choice(kind: Kind, pk: int = person.pk) -> choices.Choice:
            return chosen.get((pk, kind), choices.DEFAULTS[kind])

        keys: list[tuple[Kind, str | None]] = []
        if person.pk in leading:
            for kind in (Kind.LEADER_DIGEST, Kind.DIRECTOR_DIGEST):
                keys.append((kind, weekly_key(kind, choice(kind), local)))
        ahead = [
            m for m in meetings.get(person.pk, []) if local.date() < m[1] <= local.date() + AHEAD
        ]
        if ahead:
            keys.append(
                (Kind.PRE_ONE_ON_ONE, pre_meeting_key(ahead[0], choice(Kind.PRE_ONE_ON_ONE), local))
            )
        if local.hour >= choice(Kind.REMINDERS).hour:
            keys.append((Kind.REMINDERS, reminders_key(local.date())))
        due += [Due(person, kind, key, local) for kind, key in keys if key is not None]

    made = set(
        Notification.objects.filter(
            person__in=[d.person for d in due], key__in={d.key for d in due}
        ).values_list("person_id", "key")
    )
    due = [d for d in due if (d.person.pk, d.key) not in made]
    nothing = cache.get_many([_nothing(d) for d in due])
    return [d for d in due if _nothing(d) not in nothing]


def _nothing(due: Due) -> str:
    return f"cadences:nothing:{due.person.pk}:{due.key}"


def digests_due(now: datetime.datetime) -> list[Notification]:
    """Compose and send every digest and reminder due at `now`; the notifications made."""
    made = []
    for due in keys_due(now):
        try:
            offered = choices.kinds_for(due.person, due.local.date())
            composed = compose(due.person, due.kind, now) if due.kind in offered else None
        except Exception:
            # One person's digest that cannot be composed holds up nobody else's; it is tried
            # again after RECHECK.
            log.exception("could not compose %s for person #%s", due.key, due.person.pk)
            composed = None
        if composed is None:
            cache.set(_nothing(due), True, RECHECK.total_seconds())
            continue
        notification = composed_send(person=due.person, kind=due.kind, composed=composed)
        if notification is not None:
            made.append(notification)
    return made


def composed_send(*, person: Person, kind: Kind, composed: Composed) -> Notification | None:
    """Keep a composed digest as the person's notification and queue its e-mail (the outbox
    makes nothing twice for the same key: None when this one was made already)."""
    return notification_send(
        person=person,
        kind=kind,
        key=composed.key,
        subject=composed.subject,
        lines=composed.lines,
        text=composed.text,
        html=composed.html,
        images=composed.images,
    )
