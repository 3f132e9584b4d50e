"""Periods and attribution for the summaries: the fiscal calendar as a table SQL can join, the
periods being computed, and who counts for which team, office and the organisation in each.

"The team a seller counts for in a period" is `team_counted_for`, over the seller's reporting
lines from `reporting_lines`: the summaries' attribution, team quotas and the selectors (team
members on a scorecard, the standard that applies to a seller) all decide it there.

Teams roll up through their leaders: a team whose leader is a member of another team (a
director's leadership team, whose members are the leaders of the teams below) counts, in a
period, toward that team too (`team_parents`, `teams_above`). So a leadership team's figures
are the sum of the teams its members lead, each seller once, plus the leaders' own deals.
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Max, Min, Q
from django.utils import timezone

from leadwell.lib.dbsql import create_temporary, has_statistics, keep_statistics, load
from leadwell.lib.periods import Period, PeriodKind, fiscal_start_month, period_of
from leadwell.metrics.models import NO_OFFICE_ID, ORG_ID, CalendarDay, Scope
from leadwell.metrics.tables import ATTRIBUTION, DIRTY, PERIODS, SCOPES, as_date, index
from leadwell.org.models import Membership, Office, Person, Team

KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR]
FAR_FUTURE = datetime.date(9999, 12, 31)

# A membership as a member of a team: (valid from, valid until or FAR_FUTURE, team id).
ReportingLine = tuple[datetime.date, datetime.date, int]


def reporting_lines(
    person_ids: Iterable[int] | None = None, *, overlapping: Period | None = None
) -> dict[int, list[ReportingLine]]:
    """{person id: their memberships as a member}, of everyone or of `person_ids`, all of them
    or those overlapping a period. One query."""
    memberships = Membership.objects.members()
    if person_ids is not None:
        memberships = memberships.filter(person_id__in=list(person_ids))
    return {
        person_id: [(start, until, team_id) for start, until, team_id, _ in spans]
        for person_id, spans in _spans(memberships, overlapping, by_person=True).items()
    }


def leading_lines(
    team_ids: Iterable[int] | None = None, *, overlapping: Period | None = None
) -> dict[int, list[ReportingLine]]:
    """{team id: its leaders' memberships as (valid from, valid until or FAR_FUTURE, person
    id)}, of every team or of `team_ids`, all of them or those overlapping a period. One
    query."""
    memberships = Membership.objects.leaders()
    if team_ids is not None:
        memberships = memberships.filter(team_id__in=list(team_ids))
    return {
        team_id: [(start, until, person_id) for start, until, _, person_id in spans]
        for team_id, spans in _spans(memberships, overlapping, by_person=False).items()
    }


def _spans(
    memberships, overlapping: Period | None, *, by_person: bool
) -> dict[int, list[tuple[datetime.date, datetime.date, int, int]]]:
    """Memberships as (valid from, valid until or FAR_FUTURE, team id, person id), by person
    or by team, those overlapping a period when one is given."""
    if overlapping is not None:
        memberships = memberships.filter(valid_from__lt=overlapping.end).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=overlapping.start)
        )
    found: dict[int, list[tuple[datetime.date, datetime.date, int, int]]] = defaultdict(list)
    for person_id, team_id, start, until in memberships.values_list(
        "person_id", "team_id", "valid_from", "valid_until"
    ):
        span = (start, until or FAR_FUTURE, team_id, person_id)
        found[person_id if by_person else team_id].append(span)
    return found


def team_leaders(leading: dict[int, list[ReportingLine]], period: Period) -> dict[int, int]:
    """{team id: person id}: who led each team in the period (the latest leader to start, as
    `team_counted_for` picks a seller's team)."""
    found = {team_id: team_counted_for(lines, period) for team_id, lines in leading.items()}
    return {team_id: person_id for team_id, person_id in found.items() if person_id is not None}


def team_parents(
    lines: dict[int, list[ReportingLine]], leading: dict[int, list[ReportingLine]], period: Period
) -> dict[int, int]:
    """{team id: the team it rolls up into in the period}: the team its leader counted for as a
    member (a leadership team), for each team whose leader was a member of another team."""
    parents = {}
    for team_id, leader_id in team_leaders(leading, period).items():
        parent = team_counted_for(lines.get(leader_id, ()), period)
        if parent is not None and parent != team_id:
            parents[team_id] = parent
    return parents


def teams_above(team_id: int, parents: dict[int, int]) -> list[int]:
    """The teams a team rolls up into, nearest first (a loop in the org chart stops it)."""
    chain: list[int] = []
    step = parents.get(team_id)
    while step is not None and step != team_id and step not in chain:
        chain.append(step)
        step = parents.get(step)
    return chain


def team_counted_for(lines: Iterable[ReportingLine], period: Period) -> int | None:
    """The team a seller counts for in a period: the team of their latest membership that
    overlaps it (the latest to start; of two that start the same day, the one that lasts
    longer, so the team they ended the period in), None when none overlaps it."""
    overlapping = [line for line in lines if line[0] < period.end and line[1] > period.start]
    return max(overlapping)[2] if overlapping else None


def ensure_calendar(cursor, *, rebuild: bool = False, run_id: int | None = None) -> None:
    """Make the calendar cover every date in the CRM data (and today), in the current fiscal
    year; rebuild it when the fiscal year start changed since it was made. After import run
    `run_id`, only its rows' dates are looked at: the others' were covered before."""
    by_run = "" if run_id is None else f" WHERE last_import_id = {int(run_id)}"
    extremes = [
        f"SELECT {which}({column}) AS d FROM {table}{by_run}"
        for table, column, which in (
            ("crm_opportunity", "close_date", "MIN"),
            ("crm_opportunity", "close_date", "MAX"),
            ("crm_opportunity", "created_date", "MIN"),
            ("crm_activity", "date", "MIN"),
            ("crm_activity", "date", "MAX"),
            ("crm_quota", "period_start", "MIN"),
            ("crm_quota", "period_start", "MAX"),
            ("crm_forecastsubmission", "period_start", "MIN"),
            ("crm_forecastsubmission", "period_start", "MAX"),
        )
    ]
    cursor.execute(f"SELECT MIN(d), MAX(d) FROM ({' UNION ALL '.join(extremes)}) x")
    low, high = cursor.fetchone()
    today = timezone.localdate()
    first = min(as_date(low), today) if low else today
    last = max(as_date(high), today) if high else today
    # Whole fiscal years, with a year to spare each side for moved close dates.
    first = period_of(first, PeriodKind.YEAR).start.replace(year=first.year - 1)
    last = period_of(last, PeriodKind.YEAR).end.replace(year=last.year + 1)
    known = CalendarDay.objects.filter(period_kind=PeriodKind.YEAR).aggregate(
        first=Min("day"), last=Max("day")
    )
    known_first, known_last = known["first"], known["last"]
    current = (
        known_first is not None
        and CalendarDay.objects.filter(day=known_first, period_kind=PeriodKind.YEAR)
        .values_list("period_start", flat=True)
        .first()
        == known_first
        and known_first.month == fiscal_start_month()
    )
    calendar = CalendarDay._meta.db_table
    if current and known_first is not None and known_last is not None:
        if not rebuild and known_first <= first and known_last >= last - datetime.timedelta(days=1):
            if not has_statistics(cursor, calendar):  # a calendar made before they were kept
                keep_statistics(cursor, calendar)
            return
        first, last = min(first, known_first), max(last, known_last + datetime.timedelta(days=1))
    CalendarDay.objects.all().delete()
    load(
        cursor,
        calendar,
        ["day", "period_kind", "period_start", "period_end", "quarter_end_rush"],
        _calendar_as_loaded(first, last, fiscal_start_month()),
    )
    # Every summary joins rows to the calendar by day: the planner must know a day has three
    # rows (one per period kind), not the ten it assumes without statistics.
    keep_statistics(cursor, calendar)


@functools.lru_cache(maxsize=8)
def _calendar_as_loaded(
    first: datetime.date, last: datetime.date, fiscal_month: int
) -> tuple[tuple, ...]:
    # Made again on every full recompute: worked out once per span of days and fiscal year
    # start (which the periods depend on), with the dates as the bulk load takes them.
    return tuple(
        (day.isoformat(), kind, start.isoformat(), end.isoformat(), in_rush)
        for day, kind, start, end, in_rush in calendar_rows(first, last)
    )


def calendar_rows(first: datetime.date, last: datetime.date) -> Iterable[tuple]:
    day = first
    one = datetime.timedelta(days=1)
    rush = datetime.timedelta(days=14)
    while day < last:
        quarter = period_of(day, PeriodKind.QUARTER)
        in_rush = day >= quarter.end - rush
        for kind in KINDS:
            period = quarter if kind == PeriodKind.QUARTER else period_of(day, kind)
            yield (day, kind.value, period.start, period.end, in_rush)
        day += one


def create_periods(cursor, periods: Sequence[Period], today: datetime.date) -> None:
    create_temporary(
        cursor,
        PERIODS,
        [
            ("period_kind", "varchar(10)"),
            ("period_start", "date"),
            ("period_end", "date"),
            ("weeks", "real"),
            ("horizon_from", "date"),
        ],
    )
    rows = []
    for period in periods:
        # Weeks so far in the current period; none yet in a future one.
        days = (min(period.end, today + datetime.timedelta(days=1)) - period.start).days
        weeks = days / 7 if days > 0 else None
        last_quarter = period_of(period.end - datetime.timedelta(days=1), PeriodKind.QUARTER)
        horizon_from = last_quarter.next().next().start
        rows.append((period.kind.value, period.start, period.end, weeks, horizon_from))
    load(
        cursor,
        PERIODS,
        ["period_kind", "period_start", "period_end", "weeks", "horizon_from"],
        rows,
        as_text=["period_start", "period_end", "horizon_from"],
    )


def create_attribution(
    cursor,
    periods: Sequence[Period],
    people_in: dict[tuple[str, datetime.date], list[int]] | None = None,
) -> None:
    """Who counts toward which scopes in each period: everyone, or for each period only the
    people in `people_in` (a full recompute gives those with any summary in the period: the
    others add nothing to any group, and there are far more of them)."""
    create_temporary(
        cursor,
        ATTRIBUTION,
        [
            ("person_id", "integer"),
            ("period_kind", "varchar(10)"),
            ("period_start", "date"),
            ("scope_kind", "varchar(10)"),
            ("scope_id", "integer"),
        ],
    )
    office_parent = dict(Office.objects.values_list("pk", "parent_id"))
    team_office = dict(Team.objects.values_list("pk", "office_id"))
    chains: dict[int, list[int]] = {}
    for team_id, office_id in team_office.items():
        chain: list[int] = []
        step: int | None = office_id
        while step is not None and step not in chain:
            chain.append(step)
            step = office_parent.get(step)
        chains[team_id] = chain
    lines = reporting_lines()
    leading = leading_lines()
    everyone = list(Person.objects.values_list("pk", flat=True))

    # Hundreds of thousands of rows in a large organisation: the constants are looked up once.
    person, org, team, office = (
        s.value for s in (Scope.PERSON, Scope.ORG, Scope.TEAM, Scope.OFFICE)
    )

    def rows() -> Iterable[tuple]:
        for period in periods:
            kind, start, end = period.kind.value, period.start, period.end
            day = start.isoformat()  # as both databases take a date in a bulk load
            parents = team_parents(lines, leading, period)
            people = everyone if people_in is None else people_in.get((kind, start), ())
            for person_id in people:
                yield (person_id, kind, day, person, person_id)
                yield (person_id, kind, day, org, ORG_ID)
                # team_counted_for, inline: the latest membership overlapping the period.
                overlapping = [
                    line for line in lines.get(person_id, ()) if line[0] < end and line[1] > start
                ]
                if not overlapping:
                    # On no team: the organisation's "No office" row, so its drill-down adds up.
                    yield (person_id, kind, day, office, NO_OFFICE_ID)
                    continue
                team_id = max(overlapping)[2]
                yield (person_id, kind, day, team, team_id)
                # The teams above (a leadership team) count the seller too, each once; the
                # offices are those of the seller's own team only.
                for above in teams_above(team_id, parents):
                    yield (person_id, kind, day, team, above)
                if not chains.get(team_id):
                    yield (person_id, kind, day, office, NO_OFFICE_ID)
                for office_id in chains.get(team_id, ()):
                    yield (person_id, kind, day, office, office_id)

    load(
        cursor,
        ATTRIBUTION,
        ["person_id", "period_kind", "period_start", "scope_kind", "scope_id"],
        rows(),
    )
    index(cursor, ATTRIBUTION, ["person_id", "period_kind", "period_start"])


def create_scopes(cursor, *, full: bool) -> None:
    """The scopes and periods to rewrite: every scope a dirty person-period counts toward."""
    create_temporary(
        cursor,
        SCOPES,
        [
            ("scope_kind", "varchar(10)"),
            ("scope_id", "integer"),
            ("period_kind", "varchar(10)"),
            ("period_start", "date"),
        ],
    )
    cursor.execute(
        f"INSERT INTO {SCOPES} SELECT DISTINCT a.scope_kind, a.scope_id, a.period_kind, "
        f"a.period_start FROM {ATTRIBUTION} a "
        + (
            ""
            if full
            else f"JOIN {DIRTY} d ON d.person_id = a.person_id AND "
            "d.period_kind = a.period_kind AND d.period_start = a.period_start"
        )
    )
    index(cursor, SCOPES, ["scope_kind", "scope_id", "period_kind", "period_start"])
    index(cursor, DIRTY, ["person_id", "period_kind", "period_start"])
