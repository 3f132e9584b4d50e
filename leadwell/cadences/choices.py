"""Which e-mails a person gets and when: their choices, or each kind's defaults.

Who is offered a kind follows their role today: a leader gets the Monday digest, anyone who
attends a 1:1 as the report the e-mail before it, a director the weekly digest on their
leaders, everybody reminders. A director who also has sellers reporting to them gets both
digests.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings

from leadwell.cadences.models import Kind, MailChoice, Preferences
from leadwell.coaching.models import OneOnOneSeries
from leadwell.org import selectors as org
from leadwell.org.models import Membership, Person


@dataclass(frozen=True)
class Choice:
    kind: Kind
    by_email: bool
    weekday: int  # 0 is Monday; only weekly digests read it
    hour: int  # in the person's time zone

    @property
    def weekly(self) -> bool:
        return self.kind in WEEKLY


WEEKLY = frozenset({Kind.LEADER_DIGEST, Kind.DIRECTOR_DIGEST})

DEFAULTS = {
    Kind.LEADER_DIGEST: Choice(Kind.LEADER_DIGEST, by_email=True, weekday=0, hour=7),
    Kind.PRE_ONE_ON_ONE: Choice(Kind.PRE_ONE_ON_ONE, by_email=True, weekday=0, hour=9),
    Kind.DIRECTOR_DIGEST: Choice(Kind.DIRECTOR_DIGEST, by_email=True, weekday=0, hour=7),
    Kind.REMINDERS: Choice(Kind.REMINDERS, by_email=True, weekday=0, hour=8),
}


def kinds_for(person: Person, today: datetime.date) -> list[Kind]:
    """The kinds the person is offered today, in the order the preferences page lists them."""
    role = org.role_of(person, today)
    kinds = []
    if role in (org.Role.LEADER, org.Role.DIRECTOR) and org.direct_reports(person, today).exists():
        if role == org.Role.DIRECTOR:
            kinds.append(Kind.DIRECTOR_DIGEST)
        if role == org.Role.LEADER or _leads_sellers(person, today):
            kinds.append(Kind.LEADER_DIGEST)
    if OneOnOneSeries.objects.filter(report=person).current(today).exists():
        kinds.append(Kind.PRE_ONE_ON_ONE)
    kinds.append(Kind.REMINDERS)
    return kinds


def _leads_sellers(person: Person, today: datetime.date) -> bool:
    leaders = Membership.objects.on(today).leaders().values("person_id")
    return org.direct_reports(person, today).exclude(pk__in=leaders).exists()


def choices_of(person: Person) -> dict[Kind, Choice]:
    """Every kind's choice for the person: what they chose, or the default."""
    chosen = {
        Kind(c.kind): Choice(Kind(c.kind), c.by_email, c.weekday, c.hour)
        for c in MailChoice.objects.filter(person=person)
    }
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind}


def zone_of(person: Person) -> zoneinfo.ZoneInfo:
    """The person's time zone: theirs if they chose one, else the organisation's."""
    name = (
        Preferences.objects.filter(person=person).values_list("time_zone", flat=True).first()
        or settings.TIME_ZONE
    )
    return zoneinfo.ZoneInfo(name)
