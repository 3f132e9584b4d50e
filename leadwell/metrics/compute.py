"""Computing the summaries, in SQL: a full recompute, or a refresh of the people and periods an
import touched.

The work, for a set of *dirty* person-periods (all of them for a full recompute):

1. Attribution: for each period, each person counts for themselves, for the team they were a
   member of in that period (the latest membership that overlaps it, so a seller who moved
   counts for the team they ended the period in), that team's office and its parents, and the
   organisation.
2. Person parts: raw opportunities, activities, close-date changes, forecasts and quotas summed
   per person and period.
3. Group parts: the additive parts summed from the person parts of everyone attributed to the
   team, office or organisation; the exact parts (median cycle, distinct accounts, ...)
   computed from raw won deals for every scope directly.
4. Figures: each catalog metric's formula evaluated over the parts.

Only the scopes and periods that contain a dirty person-period are rewritten, so an import's
refresh costs what it touched plus the groups above it.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from leadwell.crm.periods import Period, PeriodKind, fiscal_start_month, period_of
from leadwell.lib.dbsql import (
    create_temporary,
    date_from_text,
    days_between,
    is_postgresql,
    load,
)
from leadwell.metrics import catalog
from leadwell.metrics.models import ORG_ID, CalendarDay, Scope
from leadwell.org.models import Membership, Office, Person, Team

KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR]
FAR_FUTURE = datetime.date(9999, 12, 31)
ADDITIVE = [p.key for p in catalog.PARTS if not p.exact]
PARTS_BY_KEY = {p.key: p for p in catalog.PARTS}

# Temporary tables of one computation.
DIRTY = "lw_dirty"  # person_id, period_kind, period_start
PERIODS = "lw_periods"  # period_kind, period_start, period_end, weeks, horizon_from
ATTRIBUTION = "lw_attribution"  # person_id, period_kind, period_start, scope_kind, scope_id
SCOPES = "lw_scopes"  # scope_kind, scope_id, period_kind, period_start
ROWS = "lw_rows"  # scope and period, then one column per part; summed into metrics_parts


@dataclass
class Outcome:
    people_periods: int
    scopes: int
    figures: int


def recompute(*, today: datetime.date | None = None) -> Outcome:
    """Rebuild every summary from the raw CRM rows (`leadwell recompute`)."""
    with transaction.atomic(), connection.cursor() as cursor:
        _ensure_calendar(cursor, rebuild=True)
        _create_dirty(cursor)
        cursor.execute(
            f"INSERT INTO {DIRTY} (person_id, period_kind, period_start) "
            "SELECT DISTINCT x.person_id, c.period_kind, c.period_start FROM ("
            "  SELECT owner_id AS person_id, close_date AS day FROM crm_opportunity"
            "  UNION SELECT owner_id, created_date FROM crm_opportunity"
            "  UNION SELECT owner_id, date FROM crm_activity"
            "  UNION SELECT person_id, period_start FROM crm_quota WHERE person_id IS NOT NULL"
            "  UNION SELECT person_id, period_start FROM crm_forecastsubmission"
            f"  UNION SELECT o.owner_id, {date_from_text('ch.old_value')}"
            "    FROM crm_opportunitychange ch JOIN crm_opportunity o ON o.id = ch.opportunity_id"
            "    WHERE ch.field = 'close_date'"
            f"  UNION SELECT o.owner_id, {date_from_text('ch.new_value')}"
            "    FROM crm_opportunitychange ch JOIN crm_opportunity o ON o.id = ch.opportunity_id"
            "    WHERE ch.field = 'close_date'"
            f") x JOIN {CalendarDay._meta.db_table} c ON c.day = x.day"
        )
        _mark_standing_quarters(cursor, "SELECT id FROM crm_opportunity", today=today)
        cursor.execute(
            "SELECT team_id, period_kind, period_start FROM crm_quota WHERE team_id IS NOT NULL"
        )
        team_quotas = cursor.fetchall()
        if team_quotas:
            _mark_team_members(cursor, team_quotas)
        cursor.execute("DELETE FROM metrics_figure")
        cursor.execute("DELETE FROM metrics_parts")
        return _compute(cursor, today=today, full=True)


def refresh_for_import(run_id: int, *, today: datetime.date | None = None) -> Outcome:
    """Refresh the summaries of the people and periods an import run wrote to (inside the
    import's transaction, so a refused import leaves the summaries as they were)."""
    opportunities = f"SELECT id FROM crm_opportunity WHERE last_import_id = {int(run_id)}"
    with transaction.atomic(), connection.cursor() as cursor:
        _ensure_calendar(cursor)
        _create_dirty(cursor)
        calendar = CalendarDay._meta.db_table
        old_date = date_from_text("ch.old_value")
        new_date = date_from_text("ch.new_value")
        cursor.execute(
            f"INSERT INTO {DIRTY} (person_id, period_kind, period_start) "
            "SELECT DISTINCT x.person_id, c.period_kind, c.period_start FROM ("
            "  SELECT owner_id AS person_id, close_date AS day FROM crm_opportunity"
            f"    WHERE id IN ({opportunities})"
            "  UNION SELECT owner_id, created_date FROM crm_opportunity"
            f"    WHERE id IN ({opportunities})"
            f"  UNION SELECT o.owner_id, {old_date} FROM crm_opportunitychange ch"
            "    JOIN crm_opportunity o ON o.id = ch.opportunity_id"
            f"    WHERE ch.import_run_id = {int(run_id)} AND ch.field = 'close_date'"
            f"  UNION SELECT o.owner_id, {new_date} FROM crm_opportunitychange ch"
            "    JOIN crm_opportunity o ON o.id = ch.opportunity_id"
            f"    WHERE ch.import_run_id = {int(run_id)} AND ch.field = 'close_date'"
            "  UNION SELECT CAST(NULLIF(ch.old_value, '') AS INTEGER), o.close_date"
            "    FROM crm_opportunitychange ch JOIN crm_opportunity o ON o.id = ch.opportunity_id"
            f"    WHERE ch.import_run_id = {int(run_id)} AND ch.field = 'owner'"
            "  UNION SELECT CAST(NULLIF(ch.old_value, '') AS INTEGER), o.created_date"
            "    FROM crm_opportunitychange ch JOIN crm_opportunity o ON o.id = ch.opportunity_id"
            f"    WHERE ch.import_run_id = {int(run_id)} AND ch.field = 'owner'"
            f"  UNION SELECT owner_id, date FROM crm_activity WHERE last_import_id = {int(run_id)}"
            "  UNION SELECT person_id, period_start FROM crm_quota"
            f"    WHERE last_import_id = {int(run_id)} AND person_id IS NOT NULL"
            "  UNION SELECT person_id, period_start FROM crm_forecastsubmission"
            f"    WHERE last_import_id = {int(run_id)}"
            f") x JOIN {calendar} c ON c.day = x.day WHERE x.person_id IS NOT NULL"
        )
        _mark_standing_quarters(cursor, opportunities, today=today)
        # A team quota changes the team's figures only: mark its members' periods.
        cursor.execute(
            "SELECT team_id, period_kind, period_start FROM crm_quota "
            f"WHERE last_import_id = {int(run_id)} AND team_id IS NOT NULL"
        )
        team_quotas = cursor.fetchall()
        if team_quotas:
            _mark_team_members(cursor, team_quotas)
        return _compute(cursor, today=today, full=False)


def _create_dirty(cursor) -> None:
    create_temporary(
        cursor,
        DIRTY,
        [("person_id", "integer"), ("period_kind", "varchar(10)"), ("period_start", "date")],
    )


def _create_buckets(cursor, table: str, opportunities: str) -> None:
    """Opportunities summed by owner, quarter of creation, quarter of close and whether still
    open: what standing pipeline at a quarter's end needs, in far fewer rows than deals."""
    calendar = CalendarDay._meta.db_table
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {table} AS "
        "SELECT o.owner_id AS owner_id, cq.period_start AS created_q, "
        "xq.period_start AS close_q, CASE WHEN o.outcome = 'open' THEN 1 ELSE 0 END AS is_open, "
        "SUM(o.amount) AS amount "
        f"FROM crm_opportunity o JOIN {calendar} cq ON cq.day = o.created_date "
        "AND cq.period_kind = 'quarter' "
        f"LEFT JOIN {calendar} xq ON xq.day = o.close_date AND xq.period_kind = 'quarter' "
        f"WHERE o.id IN ({opportunities}) "
        "GROUP BY o.owner_id, cq.period_start, xq.period_start, "
        "CASE WHEN o.outcome = 'open' THEN 1 ELSE 0 END"
    )


def _create_quarters(cursor) -> None:
    calendar = CalendarDay._meta.db_table
    cursor.execute("DROP TABLE IF EXISTS lw_quarters")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_quarters AS SELECT DISTINCT period_start, period_end "
        f"FROM {calendar} WHERE period_kind = 'quarter'"
    )


def _mark_standing_quarters(cursor, opportunities: str, *, today: datetime.date | None) -> None:
    """An opportunity stands in the pipeline at the end of every quarter from its creation to
    its close (to today, while open): each of those quarters' pipeline horizon depends on it."""
    today = today or timezone.localdate()
    _create_buckets(cursor, "lw_touched", opportunities)
    _create_quarters(cursor)
    cursor.execute(
        f"INSERT INTO {DIRTY} (person_id, period_kind, period_start) "
        "SELECT DISTINCT b.owner_id, 'quarter', q.period_start "
        "FROM lw_touched b JOIN lw_quarters q ON q.period_start >= b.created_q "
        "AND (b.close_q >= q.period_end OR (b.is_open = 1 AND q.period_start <= %s))",
        [today],
    )


def _mark_team_members(cursor, team_quotas: Sequence[tuple[int, str, datetime.date]]) -> None:
    rows = []
    for team_id, kind, start in team_quotas:
        start = start if isinstance(start, datetime.date) else datetime.date.fromisoformat(start)
        period = period_of(start, kind)
        members = (
            Membership.objects.members()
            .filter(team_id=team_id, valid_from__lt=period.end)
            .exclude(valid_until__lte=period.start)
        )
        rows += [(pid, kind, start) for pid in members.values_list("person_id", flat=True)]
    load(
        cursor, DIRTY, ["person_id", "period_kind", "period_start"], rows, as_text=["period_start"]
    )


def _compute(cursor, *, today: datetime.date | None, full: bool) -> Outcome:
    today = today or timezone.localdate()
    # Several sources mark the same person-period; joins against DIRTY need each once.
    cursor.execute("DROP TABLE IF EXISTS lw_dirty_once")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_dirty_once AS "
        f"SELECT DISTINCT person_id, period_kind, period_start FROM {DIRTY}"
    )
    cursor.execute(f"DELETE FROM {DIRTY}")
    cursor.execute(
        f"INSERT INTO {DIRTY} SELECT person_id, period_kind, period_start FROM lw_dirty_once"
    )
    cursor.execute(f"SELECT DISTINCT period_kind, period_start FROM {DIRTY}")
    periods = sorted(
        {period_of(_as_date(start), kind) for kind, start in cursor.fetchall()},
        key=lambda p: (p.kind, p.start),
    )
    _create_periods(cursor, periods, today)
    _create_attribution(cursor, periods)
    _create_scopes(cursor, full=full)
    columns = [("scope_kind", "varchar(10)"), ("scope_id", "integer")]
    columns += [("period_kind", "varchar(10)"), ("period_start", "date")]
    create_temporary(cursor, ROWS, columns + [(key, "real") for key in catalog.PART_KEYS])

    _person_parts(cursor, full=full)
    _quota_parts(cursor, periods)
    _exact_parts(cursor)
    _collapse(cursor, people=True, full=full)
    _group_parts(cursor)
    _collapse(cursor, people=False, full=full)
    figures = _figures(cursor, full=full)
    cursor.execute(f"SELECT COUNT(*) FROM {DIRTY}")
    people_periods = cursor.fetchone()[0]
    cursor.execute(f"SELECT COUNT(*) FROM {SCOPES}")
    scopes = cursor.fetchone()[0]
    return Outcome(people_periods=people_periods, scopes=scopes, figures=figures)


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


# -- The calendar ---------------------------------------------------------------------------------


def _ensure_calendar(cursor, *, rebuild: bool = False) -> None:
    """Make the calendar cover every date in the CRM data (and today), in the current fiscal
    year; rebuild it when the fiscal year start changed since it was made."""
    cursor.execute(
        "SELECT MIN(d), MAX(d) FROM ("
        "  SELECT MIN(close_date) AS d FROM crm_opportunity UNION ALL"
        "  SELECT MAX(close_date) FROM crm_opportunity UNION ALL"
        "  SELECT MIN(created_date) FROM crm_opportunity UNION ALL"
        "  SELECT MIN(date) FROM crm_activity UNION ALL SELECT MAX(date) FROM crm_activity"
        "  UNION ALL SELECT MIN(period_start) FROM crm_quota"
        "  UNION ALL SELECT MAX(period_start) FROM crm_quota"
        "  UNION ALL SELECT MIN(period_start) FROM crm_forecastsubmission"
        "  UNION ALL SELECT MAX(period_start) FROM crm_forecastsubmission"
        ") x"
    )
    low, high = cursor.fetchone()
    today = timezone.localdate()
    first = min(_as_date(low), today) if low else today
    last = max(_as_date(high), today) if high else today
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
    if current and known_first is not None and known_last is not None:
        if not rebuild and known_first <= first and known_last >= last - datetime.timedelta(days=1):
            return
        first, last = min(first, known_first), max(last, known_last + datetime.timedelta(days=1))
    CalendarDay.objects.all().delete()
    load(
        cursor,
        CalendarDay._meta.db_table,
        ["day", "period_kind", "period_start", "period_end", "quarter_end_rush"],
        _calendar_rows(first, last),
        as_text=["day", "period_start", "period_end"],
    )


def _calendar_rows(first: datetime.date, last: datetime.date) -> Iterable[tuple]:
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


def _create_periods(cursor, periods: Sequence[Period], today: datetime.date) -> None:
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


# -- Who counts where -----------------------------------------------------------------------------


def _create_attribution(cursor, periods: Sequence[Period]) -> None:
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
    lines: dict[int, list[tuple[datetime.date, datetime.date, int]]] = defaultdict(list)
    for person_id, team_id, start, until in Membership.objects.members().values_list(
        "person_id", "team_id", "valid_from", "valid_until"
    ):
        lines[person_id].append((start, until or FAR_FUTURE, team_id))
    people = list(Person.objects.values_list("pk", flat=True))

    def rows() -> Iterable[tuple]:
        for period in periods:
            kind = period.kind.value
            for person_id in people:
                yield (person_id, kind, period.start, Scope.PERSON.value, person_id)
                yield (person_id, kind, period.start, Scope.ORG.value, ORG_ID)
                overlapping = [
                    line
                    for line in lines.get(person_id, ())
                    if line[0] < period.end and line[1] > period.start
                ]
                if not overlapping:
                    continue
                team_id = max(overlapping)[2]
                yield (person_id, kind, period.start, Scope.TEAM.value, team_id)
                for office_id in chains.get(team_id, ()):
                    yield (person_id, kind, period.start, Scope.OFFICE.value, office_id)

    load(
        cursor,
        ATTRIBUTION,
        ["person_id", "period_kind", "period_start", "scope_kind", "scope_id"],
        rows(),
        as_text=["period_start"],
    )
    _index(cursor, ATTRIBUTION, ["person_id", "period_kind", "period_start"])


def _create_scopes(cursor, *, full: bool) -> None:
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
    _index(cursor, SCOPES, ["scope_kind", "scope_id", "period_kind", "period_start"])
    _index(cursor, DIRTY, ["person_id", "period_kind", "period_start"])


def _index(cursor, table: str, columns: Sequence[str]) -> None:
    cursor.execute(f"CREATE INDEX {table}_{columns[0]}_idx ON {table} ({', '.join(columns)})")
    if is_postgresql():
        cursor.execute(f"ANALYZE {table}")


# -- Parts ----------------------------------------------------------------------------------------


def _insert_rows(cursor, parts: Sequence[str], select: str, params: Sequence = ()) -> None:
    listed = ", ".join(parts)
    cursor.execute(
        f"INSERT INTO {ROWS} (scope_kind, scope_id, period_kind, period_start, {listed}) {select}",
        params,
    )


def _dirty_join(person: str, alias: str = "c") -> str:
    return (
        f"JOIN {DIRTY} d ON d.person_id = {person} AND d.period_kind = {alias}.period_kind "
        f"AND d.period_start = {alias}.period_start"
    )


def _person_parts(cursor, *, full: bool) -> None:
    calendar = CalendarDay._meta.db_table
    head = "SELECT 'person', {person}, c.period_kind, c.period_start"
    group = " GROUP BY {person}, c.period_kind, c.period_start"

    def select(person: str, body: str, columns: str) -> str:
        dirty = "" if full else _dirty_join(person)
        return (
            head.format(person=person)
            + f", {columns} {body.format(calendar=calendar, dirty=dirty)}"
            + group.format(person=person)
        )

    won, lost, still_open = "o.outcome = 'won'", "o.outcome = 'lost'", "o.outcome = 'open'"
    _insert_rows(
        cursor,
        [
            "won_amount",
            "won_count",
            "lost_amount",
            "lost_count",
            "open_amount",
            "open_count",
            "weighted_amount",
            "rush_won_amount",
        ],
        select(
            "o.owner_id",
            "FROM crm_opportunity o JOIN {calendar} c ON c.day = o.close_date {dirty} "
            "LEFT JOIN crm_stage st ON st.name = o.stage",
            f"SUM(CASE WHEN {won} THEN o.amount ELSE 0 END), "
            f"SUM(CASE WHEN {won} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {lost} THEN o.amount ELSE 0 END), "
            f"SUM(CASE WHEN {lost} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {still_open} THEN o.amount ELSE 0 END), "
            f"SUM(CASE WHEN {still_open} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {still_open} THEN o.amount * "
            "COALESCE(o.probability, st.probability, 0) / 100.0 ELSE 0 END), "
            f"SUM(CASE WHEN {won} AND c.quarter_end_rush THEN o.amount ELSE 0 END)",
        ),
    )
    _insert_rows(
        cursor,
        ["created_amount", "created_count"],
        select(
            "o.owner_id",
            "FROM crm_opportunity o JOIN {calendar} c ON c.day = o.created_date {dirty}",
            "SUM(COALESCE(o.amount, 0)), COUNT(*)",
        ),
    )
    by_type = ", ".join(
        f"SUM(CASE WHEN a.type = '{kind}' THEN 1 ELSE 0 END)"
        for kind in ("call", "email", "meeting", "demo")
    )
    _insert_rows(
        cursor,
        ["activities", "calls", "emails", "meetings", "demos"],
        select(
            "a.owner_id",
            "FROM crm_activity a JOIN {calendar} c ON c.day = a.date {dirty} "
            "WHERE a.status = 'done'",
            f"COUNT(*), {by_type}",
        ),
    )
    old, new = date_from_text("ch.old_value"), date_from_text("ch.new_value")
    changes = (
        "FROM crm_opportunitychange ch JOIN crm_opportunity o ON o.id = ch.opportunity_id "
        "JOIN {calendar} c ON c.day = %s {dirty} "
        "WHERE ch.field = 'close_date' AND %s >= c.period_end"
    )
    _insert_rows(
        cursor,
        ["slipped_count"],
        select("o.owner_id", changes % (old, new), "COUNT(DISTINCT o.id)"),
    )
    _insert_rows(
        cursor,
        ["pulled_in_count"],
        select("o.owner_id", changes % (new, old), "COUNT(DISTINCT o.id)"),
    )
    # The last forecast submitted for each period counts.
    dirty = (
        ""
        if full
        else f"JOIN {DIRTY} d ON d.person_id = f.person_id AND d.period_kind = f.period_kind "
        "AND d.period_start = f.period_start"
    )
    _insert_rows(
        cursor,
        ["forecast_commit", "forecast_people"],
        "SELECT 'person', f.person_id, f.period_kind, f.period_start, "
        f"COALESCE(f.{connection.ops.quote_name('commit')}, 0), 1 "
        f"FROM crm_forecastsubmission f {dirty} WHERE f.submitted_on = ("
        "  SELECT MAX(g.submitted_on) FROM crm_forecastsubmission g"
        "  WHERE g.person_id = f.person_id AND g.period_kind = f.period_kind"
        "  AND g.period_start = f.period_start)",
    )
    # The pipeline standing at the end of each quarter, and the part closing two or more
    # quarters after it, from the dirty people's opportunities bucketed by quarter.
    owners = "SELECT DISTINCT person_id FROM " + DIRTY
    _create_buckets(
        cursor,
        "lw_buckets",
        "SELECT id FROM crm_opportunity" + ("" if full else f" WHERE owner_id IN ({owners})"),
    )
    dirty = "" if full else _dirty_join("b.owner_id", "p")
    _insert_rows(
        cursor,
        ["standing_amount", "horizon_amount"],
        "SELECT 'person', b.owner_id, p.period_kind, p.period_start, SUM(b.amount), "
        "SUM(CASE WHEN b.close_q >= p.horizon_from THEN b.amount ELSE 0 END) "
        f"FROM {PERIODS} p JOIN lw_buckets b ON b.created_q < p.period_end "
        "AND (b.is_open = 1 OR b.close_q >= p.period_end) "
        f"{dirty} WHERE p.period_kind = 'quarter' "
        "GROUP BY b.owner_id, p.period_kind, p.period_start",
    )


def _quota_parts(cursor, periods: Sequence[Period]) -> None:
    """Quotas per person and per team: the quota set for the period itself, else the sum of
    the quotas of the shorter periods inside it (months in a quarter, quarters in a year)."""
    from leadwell.crm.models import Quota

    wanted = {(p.kind.value, p.start) for p in periods}
    by_owner: dict[tuple[str, int], dict[tuple[str, datetime.date], float]] = defaultdict(dict)
    for person_id, team_id, kind, start, amount in Quota.objects.values_list(
        "person_id", "team_id", "period_kind", "period_start", "amount"
    ):
        owner = ("person", person_id) if person_id else ("team", team_id)
        by_owner[owner][(kind, start)] = float(amount)
    rows = []
    for (scope_kind, scope_id), quotas in by_owner.items():
        for kind, start in wanted:
            value = _quota_for(quotas, period_of(start, kind))
            if value is None:
                continue
            column = "quota" if scope_kind == "person" else "team_quota"
            rows.append((scope_kind, scope_id, kind, start, column, value))
    for column in ("quota", "team_quota"):
        chosen = [(*r[:4], r[5]) for r in rows if r[4] == column]
        if not chosen:
            continue
        _load_rows(cursor, column, chosen)


def _load_rows(cursor, column: str, rows: Sequence[tuple]) -> None:
    """Rows of one part for scopes that are being rewritten."""
    create_temporary(
        cursor,
        "lw_loaded",
        [
            ("scope_kind", "varchar(10)"),
            ("scope_id", "integer"),
            ("period_kind", "varchar(10)"),
            ("period_start", "date"),
            ("value", "real"),
        ],
    )
    load(
        cursor,
        "lw_loaded",
        ["scope_kind", "scope_id", "period_kind", "period_start", "value"],
        rows,
        as_text=["period_start"],
    )
    _insert_rows(
        cursor,
        [column],
        "SELECT l.scope_kind, l.scope_id, l.period_kind, l.period_start, l.value "
        f"FROM lw_loaded l JOIN {SCOPES} s ON s.scope_kind = l.scope_kind "
        "AND s.scope_id = l.scope_id AND s.period_kind = l.period_kind "
        "AND s.period_start = l.period_start",
    )


def _quota_for(quotas: dict[tuple[str, datetime.date], float], period: Period) -> float | None:
    own = quotas.get((period.kind.value, period.start))
    if own is not None or period.kind == PeriodKind.MONTH:
        return own
    shorter = PeriodKind.MONTH if period.kind == PeriodKind.QUARTER else PeriodKind.QUARTER
    total, found, inner = 0.0, False, period_of(period.start, shorter)
    while inner.start < period.end:
        value = _quota_for(quotas, inner)
        if value is not None:
            total, found = total + value, True
        inner = inner.next()
    return total if found else None


def _exact_parts(cursor) -> None:
    """Parts that do not add up, computed from raw won deals for every scope being rewritten."""
    calendar = CalendarDay._meta.db_table
    won = (
        f"FROM crm_opportunity o JOIN {calendar} c ON c.day = o.close_date "
        f"JOIN {ATTRIBUTION} a ON a.person_id = o.owner_id AND a.period_kind = c.period_kind "
        "AND a.period_start = c.period_start "
        f"JOIN {SCOPES} s ON s.scope_kind = a.scope_kind AND s.scope_id = a.scope_id "
        "AND s.period_kind = a.period_kind AND s.period_start = a.period_start "
        "WHERE o.outcome = 'won'"
    )
    key = "a.scope_kind, a.scope_id, c.period_kind, c.period_start"
    accounts = (
        "LEFT JOIN crm_account acc ON acc.id = o.account_id "
        "LEFT JOIN lw_first_win f ON f.account_id = o.account_id"
    )
    cursor.execute("DROP TABLE IF EXISTS lw_first_win")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_first_win AS SELECT account_id, MIN(close_date) AS first_day "
        "FROM crm_opportunity WHERE outcome = 'won' AND account_id IS NOT NULL GROUP BY account_id"
    )
    _insert_rows(
        cursor,
        ["accounts_won", "new_accounts", "segments_won"],
        f"SELECT {key}, COUNT(DISTINCT o.account_id), "
        "COUNT(DISTINCT CASE WHEN f.first_day >= c.period_start AND f.first_day < c.period_end "
        "THEN o.account_id END), COUNT(DISTINCT NULLIF(acc.segment, '')) "
        f"{won.replace('WHERE', f'{accounts} WHERE')} "
        f"GROUP BY {key}",
    )
    _insert_rows(
        cursor,
        ["top_account_amount"],
        "SELECT scope_kind, scope_id, period_kind, period_start, MAX(amount) FROM ("
        f"  SELECT {key}, SUM(o.amount) AS amount {won} AND o.account_id IS NOT NULL"
        f"  GROUP BY {key}, o.account_id"
        ") x GROUP BY scope_kind, scope_id, period_kind, period_start",
    )
    cycle = days_between("o.close_date", "o.created_date")
    # The median by position: the middle one, or the mean of the middle two.
    _insert_rows(
        cursor,
        ["median_cycle_days"],
        "SELECT scope_kind, scope_id, period_kind, period_start, AVG(days) FROM ("
        f"  SELECT {key}, {cycle} AS days,"
        f"    ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY {cycle}) AS position,"
        f"    COUNT(*) OVER (PARTITION BY {key}) AS total"
        f"  {won} AND o.created_date IS NOT NULL"
        ") x WHERE position IN ((total + 1) / 2, (total + 2) / 2) "
        "GROUP BY scope_kind, scope_id, period_kind, period_start",
    )


def _group_parts(cursor) -> None:
    """The additive parts of teams, offices and the organisation: sums of their people's."""
    sums = ", ".join(f"SUM(p.{key})" for key in ADDITIVE)
    _insert_rows(
        cursor,
        ADDITIVE,
        f"SELECT a.scope_kind, a.scope_id, a.period_kind, a.period_start, {sums} "
        f"FROM metrics_parts p JOIN {ATTRIBUTION} a ON a.person_id = p.scope_id "
        "AND a.period_kind = p.period_kind AND a.period_start = p.period_start "
        f"JOIN {SCOPES} s ON s.scope_kind = a.scope_kind AND s.scope_id = a.scope_id "
        "AND s.period_kind = a.period_kind AND s.period_start = a.period_start "
        "WHERE p.scope_kind = 'person' AND a.scope_kind <> 'person' "
        "GROUP BY a.scope_kind, a.scope_id, a.period_kind, a.period_start",
    )


def _in_scopes(table: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {SCOPES} s WHERE s.scope_kind = {table}.scope_kind "
        f"AND s.scope_id = {table}.scope_id AND s.period_kind = {table}.period_kind "
        f"AND s.period_start = {table}.period_start)"
    )


def _collapse(cursor, *, people: bool, full: bool) -> None:
    """Sum the rows gathered for each scope and period into one metrics_parts row."""
    which = "=" if people else "<>"
    if not full:
        cursor.execute(
            f"DELETE FROM metrics_parts WHERE scope_kind {which} 'person' "
            f"AND {_in_scopes('metrics_parts')}"
        )
    listed = ", ".join(catalog.PART_KEYS)
    sums = ", ".join(f"SUM({key})" for key in catalog.PART_KEYS)
    cursor.execute(
        f"INSERT INTO metrics_parts (scope_kind, scope_id, period_kind, period_start, {listed}) "
        f"SELECT scope_kind, scope_id, period_kind, period_start, {sums} FROM {ROWS} "
        f"WHERE scope_kind {which} 'person' AND {_in_scopes(ROWS)} "
        "GROUP BY scope_kind, scope_id, period_kind, period_start"
    )


def _figures(cursor, *, full: bool) -> int:
    if not full:
        cursor.execute(f"DELETE FROM metrics_figure WHERE {_in_scopes('metrics_figure')}")
    written = 0
    for metric in catalog.METRICS:
        kinds = ", ".join(f"'{kind}'" for kind in metric.period_kinds)
        formula = _over_parts(metric.formula)
        cursor.execute(
            "INSERT INTO metrics_figure "
            "(scope_kind, scope_id, period_kind, period_start, metric, value) "
            f"SELECT x.scope_kind, x.scope_id, x.period_kind, x.period_start, %s, {formula} "
            f"FROM metrics_parts x JOIN {PERIODS} p ON p.period_kind = x.period_kind "
            "AND p.period_start = x.period_start "
            f"WHERE x.period_kind IN ({kinds}) AND {_in_scopes('x')} AND {formula} IS NOT NULL",
            [metric.key],
        )
        written += cursor.rowcount
    return written


def _over_parts(formula: str) -> str:
    """A catalog formula with its part names bound to the parts row `x` (and `weeks` to the
    period `p`)."""

    def bind(name: str) -> str:
        if name == "weeks":
            return "p.weeks"
        part = PARTS_BY_KEY.get(name)
        if part is None:
            return name
        return f"COALESCE(x.{name}, 0)" if part.missing_is_zero else f"x.{name}"

    return re.sub(r"\b([a-z_]+)\b", lambda m: bind(m[1]), formula)
