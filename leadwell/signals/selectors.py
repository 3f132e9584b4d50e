"""The signals read for a viewer: each person's forecast bias per finished quarter, whether it
is consistently low, and a leader's plan renegotiations per fiscal year.

A seller's bias is the metrics app's own `forecast_bias` figure for the quarter (their last
commit call made for it against their bookings), never computed again here. A leader's is
their team's call, as `crm.selectors.team_call` reads it on the quarter's last day (the
leader's own call when they made one, else the sum of their sellers' latest calls), against
the team's `bookings` figure; a leader of several teams is judged on them together. Every read
goes through the policy's `view_signals` rule: the person's management line, nobody else.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from leadwell import policy
from leadwell.crm.selectors import team_call
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics import selectors as metrics
from leadwell.metrics.models import Scope
from leadwell.org import selectors as org
from leadwell.org.models import Membership, Person
from leadwell.plans.models import PlanChange
from leadwell.signals.bias import RENEGOTIATED_QUARTERS, Verdict, consistently_low

QUARTERS = 8  # finished quarters judged: two years, enough for the sign test to mean something
YEARS = 2  # fiscal years of renegotiations shown: this one and the last

BIAS = catalog.get("forecast_bias")
Trend = list[tuple[Period, float | None]]


def judged_quarters(today: datetime.date | None = None) -> list[Period]:
    """The last QUARTERS finished quarters, oldest first."""
    current = period_of(today or timezone.localdate(), PeriodKind.QUARTER)
    last_finished = period_of(current.start - datetime.timedelta(days=1), PeriodKind.QUARTER)
    return metrics.recent_periods(last_finished, QUARTERS)


def seller_trends(person_ids: Iterable[int], quarters: list[Period]) -> dict[int, Trend]:
    """Each person's forecast bias per quarter, from the stored figures, in one query."""
    ids = list(person_ids)
    found = metrics.figures(Scope.PERSON.value, ids, quarters)
    return {pk: [(q, found.get((pk, q.start), {}).get(BIAS.key)) for q in quarters] for pk in ids}


def leader_trend(leader: Person, quarters: list[Period]) -> Trend:
    """The leader's teams' call against the teams' bookings, per quarter (None: no call, or
    nothing booked)."""
    led = {q: metrics.teams_led_in(leader, q) for q in quarters}
    team_ids = {team.pk for teams in led.values() for team in teams}
    booked = metrics.figures(Scope.TEAM.value, team_ids, quarters)
    trend: Trend = []
    for quarter, teams in led.items():
        last_day = quarter.end - datetime.timedelta(days=1)
        called, bookings = Decimal(0), 0.0
        for team in teams:
            call = team_call(team, quarter, last_day)
            # A sum missing some sellers' calls would read low against the whole team's
            # bookings: such a team's quarter is not judged.
            if call is not None and call.complete:
                called += call.commit
                bookings += booked.get((team.pk, quarter.start), {}).get("bookings") or 0.0
        trend.append((quarter, (float(called) - bookings) / bookings if bookings > 0 else None))
    return trend


@dataclass(frozen=True)
class YearOfChanges:
    """A leader's requests to change their committed plans in one fiscal year."""

    fiscal_year: int
    asked: int = 0
    lowering: int = 0  # requests to lower a figure
    lowered_quarters: int = 0  # distinct quarters they asked to lower
    granted: int = 0
    partly: int = 0
    refused: int = 0

    @property
    def answered(self) -> int:
        return self.granted + self.partly + self.refused

    @property
    def share_granted(self) -> float | None:
        """Of the answered requests, the share granted in full or in part."""
        return (self.granted + self.partly) / self.answered if self.answered else None

    @property
    def renegotiates(self) -> bool:
        return self.lowered_quarters >= RENEGOTIATED_QUARTERS


def renegotiations(leader_ids: Iterable[int], years: list[int]) -> dict[int, list[YearOfChanges]]:
    """Each leader's plan change requests per fiscal year, newest year first, in one query."""
    ids = list(leader_ids)
    asked: dict[tuple[int, int], int] = defaultdict(int)
    lowering: dict[tuple[int, int], int] = defaultdict(int)
    quarters: dict[tuple[int, int], set[int]] = defaultdict(set)
    answers: dict[tuple[int, int, str], int] = defaultdict(int)
    rows = PlanChange.objects.filter(
        cycle__leader_id__in=ids, cycle__fiscal_year__in=years
    ).values_list(
        "cycle__leader_id", "cycle__fiscal_year", "quarter", "from_amount", "to_amount", "answer"
    )
    for leader_id, year, quarter, before, after, answer in rows:
        asked[(leader_id, year)] += 1
        if after < before:
            lowering[(leader_id, year)] += 1
            quarters[(leader_id, year)].add(quarter)
        answers[(leader_id, year, answer)] += 1
    said = PlanChange.Answer
    return {
        pk: [
            YearOfChanges(
                year,
                asked=asked[(pk, year)],
                lowering=lowering[(pk, year)],
                lowered_quarters=len(quarters[(pk, year)]),
                granted=answers[(pk, year, said.GRANTED)],
                partly=answers[(pk, year, said.PARTLY)],
                refused=answers[(pk, year, said.REFUSED)],
            )
            for year in sorted(years, reverse=True)
        ]
        for pk in ids
    }


def judged_years(today: datetime.date | None = None) -> list[int]:
    this_year = period_of(today or timezone.localdate(), PeriodKind.YEAR).fiscal_year
    return [this_year - back for back in range(YEARS)]


@dataclass
class Signal:
    """What the line reads about one person: their bias trend and its verdict, and, for a
    leader, their renegotiations."""

    person: Person
    leads: bool
    trend: Trend
    verdict: Verdict
    years: list[YearOfChanges] = field(default_factory=list)

    @property
    def sandbagging(self) -> bool:
        return self.verdict.fires

    @property
    def renegotiating(self) -> bool:
        return any(year.renegotiates for year in self.years)


def signals_about(people: Iterable[Person], *, today: datetime.date | None = None) -> list[Signal]:
    """The signals about `people`, who must already be known visible to the viewer."""
    people = list(people)
    today = today or timezone.localdate()
    quarters = judged_quarters(today)
    leading = set(
        Membership.objects.on(today)
        .leaders()
        .filter(person__in=people)
        .values_list("person_id", flat=True)
    )
    sellers = seller_trends([p.pk for p in people if p.pk not in leading], quarters)
    changes = renegotiations([p.pk for p in people if p.pk in leading], judged_years(today))
    found = []
    for person in people:
        if person.pk in leading:
            trend = leader_trend(person, quarters)
            years = changes[person.pk]
        else:
            trend, years = sellers[person.pk], []
        verdict = consistently_low([value for _, value in trend])
        found.append(Signal(person, person.pk in leading, trend, verdict, years))
    return found


@dataclass
class Board:
    """A page of signals: about `about`'s own figures (none on one's own board) and their
    direct reports', leaders first."""

    about: Person
    own: Signal | None
    reports: list[Signal]
    quarters: list[Period]


def board(viewer: Any, about: Person | None = None, *, today: datetime.date | None = None) -> Board:
    """The viewer's own board (their direct reports), or, for a person below them, that
    person's signal and their direct reports'. 404 for a person the viewer may not read,
    themselves included: nobody reads a signal about themselves."""
    me = policy.person_or_404(viewer)
    today = today or timezone.localdate()
    if about is None:
        about, own = me, None
    else:
        about = policy.get_or_404(viewer, "view_signals", Person.objects.all(), pk=about.pk)
        (own,) = signals_about([about], today=today)
    below = policy.visible(
        viewer, "view_signals", org.direct_reports(about, today).order_by("name")
    )
    reports = sorted(signals_about(below, today=today), key=lambda s: (not s.leads, s.person.name))
    return Board(about, own, reports, judged_quarters(today))
