"""Reading figures and targets: what scorecards, gap analysis, exports, the CLI and the API show.

Everything here reads the summaries (parts, and the figures worked out from them by
`metrics.figures`) and targets, never raw CRM rows, with a
fixed number of queries however many people or periods are shown. Access is decided by the
callers through leadwell.policy before they ask.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils import timezone

from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics.catalog import Metric
from leadwell.metrics.figures import figure_rows, periods_with_results
from leadwell.metrics.models import NO_OFFICE_ID, ORG_ID, Diagnosis, Parts, Scope, Target
from leadwell.metrics.pace import MAX_YEARS, Pace, months_of, pace_of, same_period_years_before
from leadwell.metrics.scoping import (
    leading_lines,
    reporting_lines,
    team_counted_for,
    team_leaders,
    team_parents,
)
from leadwell.org.models import Membership, Office, Person, Team

TREND_PERIODS = 8


class TargetSource:
    PERSONAL = "personal target"
    STANDARD = "team standard"
    QUOTA = "quota"


@dataclass
class Line:
    """One metric on a scorecard."""

    metric: Metric
    value: float | None
    target: float | None = None
    target_source: str = ""
    trend: list[tuple[Period, float | None]] = field(default_factory=list)
    # What a missing value reads as when the metric is undefined for a reason ("no forecast":
    # the scope submitted none for the period); empty when it is simply not known.
    undefined: str = ""
    # In a period in progress, a quota-based line (`PACED`) is judged against pace: `target`
    # is the whole period's target (`full_target`) times the share expected by today
    # (`pace_share`). Both are None for a finished period or a line not judged against pace.
    full_target: float | None = None
    pace_share: float | None = None
    # Beside `trend`, the target each period had (the whole period's, None where none was
    # in force): targets are effective-dated, so a chart holds each period against its own.
    target_trend: list[tuple[Period, float | None]] = field(default_factory=list)

    @property
    def paced(self) -> bool:
        return self.pace_share is not None

    @property
    def of_pace(self) -> float | None:
        """The value as a share of the paced target ("82% of pace"); None unless paced."""
        if not self.paced or self.value is None or not self.target:
            return None
        return self.value / self.target

    @property
    def gap(self) -> float | None:
        return catalog.gap(self.metric, self.value, self.target)

    @property
    def meets_target(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return catalog.is_better(self.metric, self.value, self.target)


@dataclass
class Card:
    """The scorecard of one person, team, office or the organisation for one period."""

    scope_kind: str
    scope_id: int
    name: str
    period: Period
    lines: list[Line]
    email: str | None = None
    # Set when the period is in progress: how much of it is gone and the quota share expected
    # by today, which the quota-based lines are judged against.
    pace: Pace | None = None

    @property
    def in_progress(self) -> bool:
        return self.pace is not None

    @property
    def period_label(self) -> str:
        """The period as the page names it: "Q4 FY2026 to date (62% of the quarter elapsed)"
        while it runs, else its label with its days."""
        return self.pace.label if self.pace is not None else self.period.label

    def line(self, key: str) -> Line:
        return next(line for line in self.lines if line.metric.key == key)

    def value(self, key: str) -> float | None:
        return self.line(key).value

    @property
    def gaps(self) -> list[Line]:
        return [line for line in self.lines if line.gap is not None]


def recent_periods(period: Period, count: int = TREND_PERIODS) -> list[Period]:
    """`count` periods of the same kind ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.insert(0, period_of(periods[0].start - datetime.timedelta(days=1), period.kind))
    return periods


def current_period(kind: PeriodKind | str = PeriodKind.QUARTER, today=None) -> Period:

    return period_of(today or timezone.localdate(), kind)


def figures(
    scope_kind: str,
    scope_ids: Iterable[int],
    periods: Sequence[Period],
    today: datetime.date | None = None,
) -> dict[tuple[int, datetime.date], dict[str, float]]:
    """{(scope id, period start): {metric: value}} in one query, the per-week figures of a
    period under way counted to `today` (default: today)."""
    ids = list(scope_ids)
    if not ids or not periods:
        return {}
    rows = figure_rows(
        scope_kind,
        periods[0].kind.value,
        scope_ids=ids,
        period_starts=[p.start for p in periods],
        today=today,
    )
    return {(row.scope_id, row.period_start): row.values for row in rows}


# The metrics undefined without a part, by that part (forecast accuracy and bias need a forecast).
UNDEFINED_WITHOUT: dict[str, list[Metric]] = defaultdict(list)
for _metric in catalog.METRICS:
    if _metric.undefined_without is not None:
        UNDEFINED_WITHOUT[_metric.undefined_without[0]].append(_metric)


def undefined_readings(
    scope_kind: str, scope_ids: Iterable[int], period: Period
) -> dict[int, dict[str, str]]:
    """{scope id: {metric: reading}}: the metrics undefined for each scope in the period for
    want of a part (no forecast submitted), with what their missing value reads as. One
    query."""
    ids = list(scope_ids)
    if not ids or not UNDEFINED_WITHOUT:
        return {}
    present: dict[int, dict[str, float | None]] = {
        row["scope_id"]: row
        for row in Parts.objects.filter(
            scope_kind=scope_kind,
            scope_id__in=ids,
            period_kind=period.kind.value,
            period_start=period.start,
        ).values("scope_id", *UNDEFINED_WITHOUT)
    }
    found: dict[int, dict[str, str]] = {}
    for scope_id in ids:
        row = present.get(scope_id, {})
        found[scope_id] = {
            metric.key: metric.undefined_without[1]  # type: ignore[index]
            for part, metrics in UNDEFINED_WITHOUT.items()
            if not row.get(part)
            for metric in metrics
        }
    return found


# -- Targets --------------------------------------------------------------------------------------


def _latest(targets: Iterable[Target], period: Period) -> dict[str, Target]:
    """Per metric, the target in force at the end of the period (the latest set before it
    ends); a withdrawn target (value None) counts as none."""
    chosen: dict[str, Target] = {}
    for target in targets:
        if target.valid_from >= period.end:
            continue
        known = chosen.get(target.metric)
        if known is None or (target.valid_from, target.pk) > (known.valid_from, known.pk):
            chosen[target.metric] = target
    return {metric: t for metric, t in chosen.items() if t.value is not None}


def team_in_period(person_ids: Iterable[int], period: Period) -> dict[int, int]:
    """{person id: team id}: the team each person counted for in the period, as the summaries
    attribute them (`scoping.team_counted_for`). One query."""
    lines = reporting_lines(person_ids, overlapping=period)
    counted = {person_id: team_counted_for(own, period) for person_id, own in lines.items()}
    return {person_id: team_id for person_id, team_id in counted.items() if team_id is not None}


def targets_for_people(
    person_ids: Sequence[int], period: Period
) -> dict[int, dict[str, tuple[float, str, Target]]]:
    """{person id: {metric: (value, source, target)}}: a personal target overrides the standard
    of the team the person counted for in the period. Two queries."""
    found = targets_in_periods(person_ids, [period])
    return {person_id: by_period[period.start] for person_id, by_period in found.items()}


def targets_in_periods(
    person_ids: Sequence[int], periods: Sequence[Period]
) -> dict[int, dict[datetime.date, dict[str, tuple[float, str, Target]]]]:
    """{person id: {period start: {metric: (value, source, target)}}}, as `targets_for_people`
    for each period (a trend's): the targets in force in it, the standard of the team the
    person counted for then. Two queries however many periods."""
    ids = list(person_ids)
    lines = reporting_lines(ids, overlapping=periods[0] if len(periods) == 1 else None)
    teams = {
        period.start: {
            person_id: team_id
            for person_id, own in lines.items()
            if (team_id := team_counted_for(own, period)) is not None
        }
        for period in periods
    }
    personal: dict[int, list[Target]] = defaultdict(list)
    standards: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(
        Q(person_id__in=ids) | Q(team_id__in={t for by in teams.values() for t in by.values()}),
        valid_from__lt=max(period.end for period in periods),
    ):
        if target.person_id:
            personal[target.person_id].append(target)
        else:
            standards[target.team_id].append(target)  # type: ignore[index]
    result: dict[int, dict[datetime.date, dict[str, tuple[float, str, Target]]]] = {}
    for person_id in ids:
        result[person_id] = {}
        for period in periods:
            found: dict[str, tuple[float, str, Target]] = {}
            team_id = teams[period.start].get(person_id)
            if team_id is not None:
                for metric, target in _latest(standards[team_id], period).items():
                    found[metric] = (target.value, TargetSource.STANDARD, target)  # type: ignore[assignment]
            for metric, target in _latest(personal[person_id], period).items():
                found[metric] = (target.value, TargetSource.PERSONAL, target)  # type: ignore[assignment]
            result[person_id][period.start] = found
    return result


def team_standards_in_periods(
    team_ids: Sequence[int], periods: Sequence[Period]
) -> dict[int, dict[datetime.date, dict[str, Target]]]:
    """{team id: {period start: {metric: the standard in force}}}. One query."""
    by_team: dict[int, list[Target]] = defaultdict(list)
    last_end = max(period.end for period in periods)
    for target in Target.objects.filter(team_id__in=list(team_ids), valid_from__lt=last_end):
        by_team[target.team_id].append(target)  # type: ignore[index]
    return {
        team_id: {period.start: _latest(by_team[team_id], period) for period in periods}
        for team_id in team_ids
    }


# -- Scorecards -----------------------------------------------------------------------------------


def _lines(
    values: dict[str, float],
    targets: dict[str, tuple[float | None, str]],
    trend: dict[str, list[tuple[Period, float | None]]] | None = None,
    period_kind: str = "quarter",
    undefined: dict[str, str] | None = None,
    pace: Pace | None = None,
    target_trend: dict[str, list[tuple[Period, float | None]]] | None = None,
    today: datetime.date | None = None,
    ended: bool = False,
) -> list[Line]:
    """The card's lines; `ended` when the card's period ended before `today` (default: today)."""
    today = today or timezone.localdate()
    lines = []
    for metric in catalog.METRICS:
        if period_kind not in metric.period_kinds:
            continue
        value = values.get(metric.key)
        target, source = targets.get(metric.key, (None, ""))
        reading = (undefined or {}).get(metric.key, "") if value is None else ""
        metric_trend = trend.get(metric.key, []) if trend else []
        if pace is not None and metric.key in JUDGED_AT_THE_END:
            value, reading = None, catalog.UNTIL_THE_END
            metric_trend = [(p, None if p == pace.period else v) for p, v in metric_trend]
        if metric.looks_ahead:
            # Deals still open with a close day in an ended period are stale, not coverage.
            metric_trend = [(p, None if p.end <= today else v) for p, v in metric_trend]
            if ended:
                value, reading = None, catalog.PERIOD_OVER
        full_target = share = None
        if pace is not None and target is not None and metric.key in PACED:
            # The one place a running period's target becomes its pace target.
            full_target, share = target, pace.share
            target = target * pace.share
        lines.append(
            Line(
                metric,
                value,
                target,
                source,
                metric_trend,
                reading,
                full_target,
                share,
                (target_trend or {}).get(metric.key, []),
            )
        )
    return lines


def _target_trend(
    periods: Sequence[Period],
    values: dict[datetime.date, dict[str, float]],
    own: dict[datetime.date, dict[str, tuple[float, str]]],
) -> dict[str, list[tuple[Period, float | None]]]:
    """{metric: [(period, the whole period's target then)]}, the plan filled in period by
    period as `_plan_targets` does for one (a period without quota has no bookings target)."""
    per_period = [
        (period, _plan_targets(values.get(period.start, {}), own.get(period.start, {})))
        for period in periods
    ]
    return {
        metric.key: [
            (period, targets.get(metric.key, (None, ""))[0]) for period, targets in per_period
        ]
        for metric in catalog.METRICS
    }


# The lines not judged at all while their period runs: a forecast is a call on the whole
# period, so it is held against the period's bookings only once they are all in.
JUDGED_AT_THE_END = frozenset(
    metric.key
    for metric in catalog.METRICS
    if metric.undefined_without is not None and metric.undefined_without[0] == catalog.FORECAST
)

# The lines judged against pace in a period in progress: the quota-based ones, whose figure
# grows through the period. Ratios (win rate, deal size) and rates per week are not prorated.
PACED = ("bookings", "quota_attainment")


def pace_history(
    scope_kind: str, scope_ids: Sequence[int], period: Period
) -> dict[int, list[list[float]]]:
    """{scope id: per past year, most recent first, the bookings of each month of the same
    period}: what a seasonal pace is read from. Only years with bookings are kept. One query."""
    ids = list(scope_ids)
    years = [same_period_years_before(period, back) for back in range(1, MAX_YEARS + 1)]
    months = [months_of(year) for year in years]
    starts = [month.start for year in months for month in year]
    if not ids:
        return {}
    found: dict[tuple[int, datetime.date], float] = {
        (row.scope_id, row.period_start): row.values.get("bookings") or 0.0
        for row in figure_rows(
            scope_kind,
            PeriodKind.MONTH.value,
            scope_ids=ids,
            period_starts=starts,
            metrics=["bookings"],
        )
    }
    history: dict[int, list[list[float]]] = {}
    for scope_id in ids:
        rows = [[found.get((scope_id, m.start), 0.0) for m in year] for year in months]
        history[scope_id] = [row for row in rows if sum(row) > 0]
    return history


def paces(
    scope_kind: str, scope_ids: Sequence[int], period: Period, today: datetime.date | None = None
) -> dict[int, Pace]:
    """{scope id: pace} for a period in progress on `today` (default: today); empty for a
    finished or future period. One query, none when the period is not in progress."""

    today = today or timezone.localdate()
    if not period.contains(today):
        return {}
    if scope_kind == Scope.PERSON:
        return _sellers_paces(scope_ids, period, today)
    history = pace_history(scope_kind, scope_ids, period)
    found = {}
    for scope_id in scope_ids:
        pace = pace_of(period, today, history.get(scope_id), scope_kind=scope_kind)
        if pace is not None:
            found[scope_id] = pace
    return found


def _sellers_paces(
    person_ids: Sequence[int], period: Period, today: datetime.date
) -> dict[int, Pace]:
    """A seller is paced as their team is: by the team's seasonality when it has the history,
    else by working days. A seller's own few deals a year make a seasonality of chance, and
    sellers of one team judged against different paces could not be compared."""
    teams = team_in_period(person_ids, period)
    by_team = paces(Scope.TEAM, sorted(set(teams.values())), period, today)
    found = {}
    for person_id in person_ids:
        pace = by_team.get(teams.get(person_id, -1)) or pace_of(period, today)
        if pace is not None:
            found[person_id] = replace(pace, whose="their team's")
    return found


def _plan_targets(values: dict[str, float], own: dict[str, tuple[float, str]]) -> dict:
    """Targets with the plan filled in: bookings' target is the quota and attainment's is 100%,
    unless a target was set for them."""
    targets: dict[str, tuple[float | None, str]] = dict(own)
    quota = values.get("quota")
    if quota:
        targets.setdefault("bookings", (quota, TargetSource.QUOTA))
        targets.setdefault("quota_attainment", (1.0, TargetSource.QUOTA))
    return targets


def person_cards(
    people: Sequence[Person],
    period: Period,
    *,
    with_trend: bool = False,
    today: datetime.date | None = None,
) -> list[Card]:
    """Scorecards of several people for one period (a fixed number of queries); a period in
    progress on `today` (default: today) is judged against pace."""
    ids = [p.pk for p in people]
    periods = recent_periods(period) if with_trend else [period]
    found = figures(Scope.PERSON, ids, periods, today)
    targets_then = targets_in_periods(ids, periods)
    undefined = undefined_readings(Scope.PERSON, ids, period)
    paced = paces(Scope.PERSON, ids, period, today)
    cards = []
    for person in people:
        values = found.get((person.pk, period.start), {})
        own_then = {
            start: {m: (v, source) for m, (v, source, _) in targets.items()}
            for start, targets in targets_then.get(person.pk, {}).items()
        }
        own = own_then.get(period.start, {})
        trend = target_trend = None
        if with_trend:
            trend = {
                m.key: [(p, found.get((person.pk, p.start), {}).get(m.key)) for p in periods]
                for m in catalog.METRICS
            }
            values_then = {p.start: found.get((person.pk, p.start), {}) for p in periods}
            target_trend = _target_trend(periods, values_then, own_then)
        cards.append(
            Card(
                Scope.PERSON,
                person.pk,
                person.name,
                period,
                _lines(
                    values,
                    _plan_targets(values, own),
                    trend,
                    period.kind.value,
                    undefined.get(person.pk),
                    paced.get(person.pk),
                    target_trend,
                    today,
                    ended=period.end <= (today or timezone.localdate()),
                ),
                email=person.email,
                pace=paced.get(person.pk),
            )
        )
    return cards


def person_card(
    person: Person, period: Period, *, with_trend: bool = True, today: datetime.date | None = None
) -> Card:
    return person_cards([person], period, with_trend=with_trend, today=today)[0]


def group_cards(
    scope_kind: str,
    groups: Sequence[Team | Office | None],
    period: Period,
    *,
    with_trend=False,
    today: datetime.date | None = None,
) -> list[Card]:
    """Scorecards of teams, offices or the organisation (group None) for one period; a period
    in progress on `today` (default: today) is judged against pace."""
    ids = [g.pk if g is not None else ORG_ID for g in groups]
    periods = recent_periods(period) if with_trend else [period]
    found = figures(scope_kind, ids, periods, today)
    standards = team_standards_in_periods(ids, periods) if scope_kind == Scope.TEAM else {}
    undefined = undefined_readings(scope_kind, ids, period)
    paced = paces(scope_kind, ids, period, today)
    cards = []
    for group, scope_id in zip(groups, ids, strict=True):
        values = found.get((scope_id, period.start), {})
        own_then = {
            start: {m: (t.value, TargetSource.STANDARD) for m, t in targets.items()}
            for start, targets in standards.get(scope_id, {}).items()
        }
        own = own_then.get(period.start, {})
        trend = target_trend = None
        if with_trend:
            trend = {
                m.key: [(p, found.get((scope_id, p.start), {}).get(m.key)) for p in periods]
                for m in catalog.METRICS
            }
            values_then = {p.start: found.get((scope_id, p.start), {}) for p in periods}
            target_trend = _target_trend(periods, values_then, own_then)  # type: ignore[arg-type]
        cards.append(
            Card(
                scope_kind,
                scope_id,
                str(group) if group is not None else "Whole organisation",
                period,
                _lines(
                    values,
                    _plan_targets(values, own),  # type: ignore[arg-type]
                    trend,
                    period.kind.value,
                    undefined.get(scope_id),
                    paced.get(scope_id),
                    target_trend,
                    today,
                    ended=period.end <= (today or timezone.localdate()),
                ),
                pace=paced.get(scope_id),
            )
        )
    return cards


def team_people(team: Team, period: Period) -> list[Person]:
    """The sellers who counted for the team in the period (as the summaries attribute them)."""
    candidates = (
        Membership.objects.members()
        .filter(team=team, valid_from__lt=period.end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=period.start))
        .values_list("person_id", flat=True)
    )
    counted = team_in_period(list(candidates), period)
    ids = [pid for pid, team_id in counted.items() if team_id == team.pk]
    return list(Person.objects.filter(pk__in=ids).order_by("name"))


@dataclass
class LedTeam:
    """A team below a leadership team in a period: its leader (a member of the leadership team)
    and its card, whose figures the leadership team's include."""

    team: Team
    leader: Person | None
    card: Card


def teams_below(team: Team, period: Period) -> list[tuple[Team, Person | None]]:
    """The teams that roll up into `team` in the period (their leader counted for it as a
    member), with their leader, by name. Three queries."""
    leading = leading_lines(overlapping=period)
    leaders = team_leaders(leading, period)
    lines = reporting_lines(set(leaders.values()), overlapping=period)
    below = [t for t, parent in team_parents(lines, leading, period).items() if parent == team.pk]
    people = Person.objects.in_bulk([leaders[t] for t in below])
    return [(t, people.get(leaders[t.pk])) for t in below_sorted(below)]


def below_sorted(team_ids: Sequence[int]) -> list[Team]:
    return list(Team.objects.filter(pk__in=list(team_ids)).order_by("name"))


def teams_led_in(person: Person, period: Period) -> list[Team]:
    """The teams the person led at some time in the period, by name."""
    led = (
        Membership.objects.leaders()
        .filter(person=person, valid_from__lt=period.end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=period.start))
        .values_list("team_id", flat=True)
    )
    return list(Team.objects.filter(pk__in=list(led)).order_by("name"))


@dataclass
class TeamScorecard:
    """A team's scorecard for one period, as one viewer may see it: the page, the export and the
    API all show this."""

    card: Card  # the team's own
    # Whether the viewer sees sellers' cards (the team's leader and the line above); a member
    # of the team sees the team's totals and the wins only.
    full: bool
    # Every seller counted for the team in the period, for the wins and the ranking (never
    # shown as cards unless `full`); empty when not asked for and not `full`.
    sellers: list[Card]
    # The sellers' cards the viewer may open: none unless `full`, and never a seller who has
    # since left the viewer's line (the policy reads today's org chart).
    shown: list[Card]

    # The teams that roll up into this one (a leadership team: the teams its members lead),
    # each with its leader and card; the team's figures are their sum plus its sellers' own.
    teams: list[LedTeam] = field(default_factory=list)
    # The sellers of the teams below, for the wins only (never shown as cards here).
    below: list[Card] = field(default_factory=list)

    @property
    def not_shown(self) -> int:
        """Sellers counted for the team whose cards a full viewer may not open."""
        return len(self.sellers) - len(self.shown) if self.full else 0

    @property
    def wins(self) -> list[tuple[str, int, float]]:
        return recognition([*self.sellers, *self.below])


def team_scorecard(
    user,
    team: Team,
    period: Period,
    *,
    with_trend: bool = False,
    with_wins: bool = True,
    today: datetime.date | None = None,
) -> TeamScorecard:
    """The team's scorecard as `user` may see it; the caller has checked that they may see the
    team's totals (policy `view_totals`). `with_wins`: read every seller's card for the wins and
    the ranking even when the viewer may not see sellers' cards."""
    from leadwell import policy

    card = group_cards(Scope.TEAM, [team], period, with_trend=with_trend, today=today)[0]
    full = policy.can(user, "view_scorecard", team)
    below = teams_below(team, period)
    led = [
        LedTeam(t, leader, c)
        for (t, leader), c in zip(
            below, group_cards(Scope.TEAM, [t for t, _ in below], period, today=today), strict=True
        )
    ]
    if not (full or with_wins):
        return TeamScorecard(card, full, [], [], led)
    people = team_people(team, period)
    sellers = person_cards(people, period, today=today)
    # A member who leads a team below is listed as that team's row, and as a seller only for
    # deals of their own: never as a seller with nothing.
    leaders = {leader.pk for _, leader in below if leader is not None}
    kept = [
        (person, seller)
        for person, seller in zip(people, sellers, strict=True)
        if person.pk not in leaders or any(line.value for line in seller.lines)
    ]
    people, sellers = [p for p, _ in kept], [c for _, c in kept]
    shown = []
    if full:
        shown = [
            seller
            for person, seller in zip(people, sellers, strict=True)
            if policy.can(user, "view_scorecard", person)
        ]
    below_people = [person for t, _ in below for person in team_people(t, period)]
    return TeamScorecard(card, full, sellers, shown, led, person_cards(below_people, period))


def drill_down(user, office: Office | None) -> tuple[list[Office], list[Team]]:
    """The offices and teams directly below an office (or at the top, for the organisation)
    whose scorecard the viewer may open, by name. At the top every office is listed (offices
    an import created included): whoever sees the organisation sees what it is the sum of."""
    from leadwell import policy

    if office is not None:
        offices = policy.visible(user, "view_scorecard", office.children.all())
        teams = office.teams.all()
    else:
        offices, teams = Office.objects.filter(parent=None), Team.objects.filter(office=None)
    return (
        list(offices.order_by("name")),
        list(policy.visible(user, "view_scorecard", teams).order_by("name")),
    )


@dataclass
class DrillRow:
    """One row of an office's or the organisation's drill-down."""

    kind: str  # "office", "team" or "none" (the people in no office)
    group: Office | Team | None
    card: Card
    openable: bool  # whether the viewer may open the row's own scorecard
    # Whether the row is one of those that add up to the totals: at the top, the offices and
    # "No office"; the teams in no office are shown as parts of "No office".
    in_sum: bool = True


NO_OFFICE = "No office"


def drill_down_rows(user, office: Office | None, period: Period) -> list[DrillRow]:
    """The drill-down of an office, or of the organisation (None): at the top, every top-level
    office, then "No office" (the people on no team or on a team in no office) when it holds
    data, so the rows' bookings and deals add up to the organisation's; then the teams in no
    office, as parts of that row."""
    from leadwell import policy

    offices, teams = drill_down(user, office)
    office_cards = group_cards(Scope.OFFICE, offices, period)
    rows = [
        DrillRow("office", o, c, office is not None or policy.can(user, "view_scorecard", o))
        for o, c in zip(offices, office_cards, strict=True)
    ]
    team_rows = [
        DrillRow("team", t, c, True, in_sum=office is not None)
        for t, c in zip(teams, group_cards(Scope.TEAM, teams, period), strict=True)
    ]
    if office is None:
        nobody = no_office_card(period)
        if any(line.value for line in nobody.lines) or team_rows:
            rows.append(DrillRow("none", None, nobody, False))
    return rows + team_rows


def no_office_card(period: Period) -> Card:
    """The card of the people in no office in the period (office scope NO_OFFICE_ID)."""
    values = figures(Scope.OFFICE, [NO_OFFICE_ID], [period]).get((NO_OFFICE_ID, period.start), {})
    lines = _lines(
        values,
        _plan_targets(values, {}),
        None,
        period.kind.value,
        ended=period.end <= timezone.localdate(),
    )
    return Card(Scope.OFFICE, NO_OFFICE_ID, NO_OFFICE, period, lines)


def default_period(
    scope_kind: str,
    scope_ids: Sequence[int] | None = None,
    kind: PeriodKind | str = PeriodKind.QUARTER,
    today: datetime.date | None = None,
) -> tuple[Period, str]:
    """The period a scorecard shows when none was asked for, and what to tell the reader: the
    current one when the scope (any of `scope_ids`, or anyone of `scope_kind` when None) has
    results in it, else the latest period with results, saying so. A sales leader who has
    just imported last year's CRM should see last quarter's numbers, not an empty card."""

    kind = PeriodKind(kind)
    current = current_period(kind, today)
    # Any figure counts (a deal won or lost, pipeline standing, activities, a quota): a
    # quarter with only a quota and no deals yet is still this quarter's scorecard.
    with_results = periods_with_results(scope_kind, kind.value, scope_ids=scope_ids, today=today)
    if current.start in with_results:
        return current, ""
    until = today or timezone.localdate()
    latest = max((start for start in with_results if start <= until), default=None)
    if latest is None:
        latest = max(with_results, default=None)
    if latest is None:
        return current, ""
    shown = period_of(latest, kind)
    return shown, (
        f"No results yet for {current.short_label}: showing {shown.label}, the latest "
        f"{kind.value} with data."
    )


def latest_period_with_figures(scope_kind: str, scope_id: int, kind: PeriodKind) -> Period | None:
    """The most recent period (up to today) that has figures for this scope, to offer when the
    chosen period has none."""

    today = timezone.localdate()
    with_results = periods_with_results(
        scope_kind,
        kind.value,
        scope_ids=[scope_id],
        metrics=["bookings", "deals_won", "open_pipeline"],
        today=today,
    )
    start = max((start for start in with_results if start <= today), default=None)
    return period_of(start, kind) if start else None


def recognition(cards: Sequence[Card]) -> list[tuple[str, int, float]]:
    """The wins to recognise on a team page: (seller, deals won, bookings), most wins first.
    Counts of wins only: never a seller's gaps."""
    wins = []
    for card in cards:
        won = card.value("deals_won")
        if won:
            wins.append((card.name, int(won), card.value("bookings") or 0.0))
    return sorted(wins, key=lambda w: (-w[1], w[0]))


@dataclass
class CatalogEntry:
    """One metric as the catalog page shows it, with the likely root causes of a gap in it."""

    metric: Metric
    causes: list[Diagnosis]


def catalog_entries() -> list[tuple[str, list[CatalogEntry]]]:
    """Every metric of the catalog, by group in catalog order, each with the skills and
    behaviours the diagnostic map names for a gap in it (one query)."""
    causes: dict[str, list[Diagnosis]] = defaultdict(list)
    for diagnosis in Diagnosis.objects.order_by("metric", "order", "cause"):
        causes[diagnosis.metric].append(diagnosis)
    groups: dict[str, list[CatalogEntry]] = {}
    for metric in catalog.METRICS:
        entry = CatalogEntry(metric, causes.get(metric.key, []))
        groups.setdefault(metric.group.value, []).append(entry)
    return list(groups.items())
