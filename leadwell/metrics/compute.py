"""Computing the summaries, in SQL: a full recompute, or a refresh of the people and periods an
import touched.

The work, for a set of *dirty* person-periods (all of them for a full recompute):

1. Attribution: for each period, each person counts for themselves, for the team they were a
   member of in that period (the latest membership that overlaps it, so a seller who moved
   counts for the team they ended the period in), that team's office and its parents, and the
   organisation.
2. Person parts: opportunities and activities summed per person and month (`months.py`), then
   into each period holding the month; close-date changes, forecasts and quotas summed per
   person and period.
3. Group parts: the additive parts summed from the person parts of everyone attributed to the
   team, office or organisation; the exact parts (median cycle, distinct accounts, ...)
   computed from raw won deals for every scope directly, by DuckDB (`exact.py`).
Figures are not kept: each metric's formula is evaluated over a parts row when it is read
(`figures.py`).

Only the scopes and periods that contain a dirty person-period are rewritten, so an import's
refresh costs what it touched plus the groups above it.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from leadwell.lib.dbsql import (
    create_temporary,
    date_from_text,
    load,
)
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics.exact import exact_parts
from leadwell.metrics.models import CalendarDay
from leadwell.metrics.months import (
    ACTIVITIES,
    CLOSED,
    CREATED,
    MONTH_PERIODS,
    TOUCHED,
    create_buckets,
    create_months,
    create_person_months,
    create_quarters,
)
from leadwell.metrics.parts import group_parts, person_parts, quota_parts
from leadwell.metrics.scoping import (
    create_attribution,
    create_periods,
    create_scopes,
    ensure_calendar,
)
from leadwell.metrics.tables import (
    DIRTY,
    PERIODS,
    ROWS,
    SCOPES,
    as_date,
    in_scopes,
)
from leadwell.org.models import Membership


@dataclass
class Outcome:
    people_periods: int
    scopes: int  # scope-periods rewritten: rows of parts


def recompute(*, today: datetime.date | None = None) -> Outcome:
    """Rebuild every summary from the raw CRM rows (`leadwell recompute`)."""
    with transaction.atomic(), connection.cursor() as cursor:
        ensure_calendar(cursor, rebuild=True)
        create_months(cursor)
        # Every deal and activity summed per person and month, once: which person-periods
        # have a summary is read from these sums too.
        create_person_months(cursor, full=True)
        _mark_dirty(cursor, run_id=None, previous=None, today=today)
        cursor.execute("DELETE FROM metrics_parts")
        return _compute(cursor, today=today, full=True)


def refresh_for_import(
    run_id: int, *, previous: str | None = None, today: datetime.date | None = None
) -> Outcome:
    """Refresh the summaries of the people and periods an import run wrote to (inside the
    import's transaction, so a refused import leaves the summaries as they were). `previous`
    is the CRM's table of the owners and dates the records it rewrote had before (the
    `import_written` signal's `previous`, see leadwell/crm/signals.py), None when it kept
    none."""
    if previous is not None and not previous.isidentifier():
        raise ValueError(f"not a table name: {previous!r}")
    with transaction.atomic(), connection.cursor() as cursor:
        ensure_calendar(cursor, run_id=run_id)
        create_months(cursor)
        _mark_dirty(cursor, run_id=run_id, previous=previous, today=today)
        return _compute(cursor, today=today, full=False)


def refresh_for_quotas(
    quotas: Sequence[tuple[int | None, int | None, str, datetime.date]],
    *,
    today: datetime.date | None = None,
) -> Outcome:
    """Refresh the summaries a hand-set quota changes (`crm.signals.quotas_changed`): each
    `(person_id, team_id, period_kind, period_start)` marks the person's periods holding the
    quota's first day (a month's quota counts in its quarter and year too), or, for a team's
    own quota, its members' periods, so the team's figures are rewritten."""
    with transaction.atomic(), connection.cursor() as cursor:
        ensure_calendar(cursor)
        create_months(cursor)
        _create_dirty(cursor)
        rows = []
        for person_id, _, _, start in quotas:
            if person_id is not None:
                for kind in PeriodKind:
                    rows.append((person_id, kind.value, period_of(start, kind).start))
        if rows:
            load(
                cursor,
                DIRTY,
                ["person_id", "period_kind", "period_start"],
                rows,
                as_text=["period_start"],
            )
        team_quotas = [(t, kind, start) for p, t, kind, start in quotas if p is None and t]
        if team_quotas:
            _mark_team_members(cursor, team_quotas)
        return _compute(cursor, today=today, full=False)


def _where(*conditions: str) -> str:
    kept = [c for c in conditions if c]
    return f" WHERE {' AND '.join(kept)}" if kept else ""


def _by_run(column: str, run_id: int | None) -> str:
    """The condition that a row was written by the import run (none for a full recompute)."""
    return "" if run_id is None else f"{column} = {int(run_id)}"


def _touched_days(run_id: int | None, previous: str | None) -> str:
    """SQL for the (person_id, day) pairs the summaries draw on, from each source of CRM rows:
    every row for a full recompute (but deals and activities, read by month), or the rows
    import run `run_id` created or changed (and, from `previous`, where its rewritten records
    were before)."""

    def by_run(column: str) -> str:
        return _by_run(column, run_id)

    changes = (
        "FROM crm_opportunitychange ch JOIN crm_opportunity o ON o.id = ch.opportunity_id"
        + _where("ch.field = 'close_date'", by_run("ch.import_run_id"))
    )
    sources = []
    if run_id is not None:
        # A deal counts in the periods of its close date and its creation. (A full recompute
        # reads every deal's and activity's months from their sums per person and month.)
        sources = [
            "SELECT owner_id AS person_id, close_date AS day FROM crm_opportunity"
            + _where(by_run("last_import_id")),
            "SELECT owner_id, created_date FROM crm_opportunity" + _where(by_run("last_import_id")),
            "SELECT owner_id, date FROM crm_activity" + _where(by_run("last_import_id")),
        ]
    sources += [
        "SELECT person_id, period_start AS day FROM crm_quota"
        + _where("person_id IS NOT NULL", by_run("last_import_id")),
        "SELECT person_id, period_start FROM crm_forecastsubmission"
        + _where(by_run("last_import_id")),
        # A moved close date counts where it was (slipped) and where it went (pulled in).
        f"SELECT o.owner_id, {date_from_text('ch.old_value')} {changes}",
        f"SELECT o.owner_id, {date_from_text('ch.new_value')} {changes}",
    ]
    if previous is not None:
        sources.append(f"SELECT person_id, day FROM {previous}")
    return " UNION ".join(sources)


def _mark_dirty(
    cursor, *, run_id: int | None, previous: str | None, today: datetime.date | None
) -> None:
    """The person-periods to rewrite: all of them (run_id None), or those import run `run_id`
    touched."""
    _create_dirty(cursor)
    cursor.execute(
        f"INSERT INTO {DIRTY} (person_id, period_kind, period_start) "
        f"SELECT DISTINCT x.person_id, c.period_kind, c.period_start FROM ("
        f"{_touched_days(run_id, previous)}"
        f") x JOIN {CalendarDay._meta.db_table} c ON c.day = x.day WHERE x.person_id IS NOT NULL"
    )
    if run_id is None:
        months = " UNION ".join(
            f"SELECT owner_id, month FROM {table}" for table in (CLOSED, CREATED, ACTIVITIES)
        )
        cursor.execute(
            f"INSERT INTO {DIRTY} (person_id, period_kind, period_start) "
            f"SELECT DISTINCT x.owner_id, mp.period_kind, mp.period_start FROM ({months}) x "
            f"JOIN {MONTH_PERIODS} mp ON mp.month = x.month"
        )
    opportunities = None
    if run_id is not None:
        opportunities = f"SELECT id FROM crm_opportunity WHERE last_import_id = {int(run_id)}"
    _mark_standing_quarters(cursor, opportunities, today=today)
    if run_id is not None:
        # A deal handed over leaves every period it touched for its new owner also to be
        # rewritten for the old one (its old close date included, marked above). A full
        # recompute rewrites everyone anyway.
        cursor.execute(
            f"INSERT INTO {DIRTY} (person_id, period_kind, period_start) "
            "SELECT DISTINCT CAST(ch.old_value AS INTEGER), d.period_kind, d.period_start "
            "FROM crm_opportunitychange ch JOIN crm_opportunity o ON o.id = ch.opportunity_id "
            f"JOIN {DIRTY} d ON d.person_id = o.owner_id "
            f"WHERE ch.import_run_id = {int(run_id)} AND ch.field = 'owner' "
            "AND ch.old_value <> ''"
        )
    # A team quota changes the team's figures only: mark its members' periods.
    cursor.execute(
        "SELECT team_id, period_kind, period_start FROM crm_quota"
        + _where("team_id IS NOT NULL", _by_run("last_import_id", run_id))
    )
    team_quotas = cursor.fetchall()
    if team_quotas:
        _mark_team_members(cursor, team_quotas)


def _create_dirty(cursor) -> None:
    create_temporary(
        cursor,
        DIRTY,
        [("person_id", "integer"), ("period_kind", "varchar(10)"), ("period_start", "date")],
    )


def _mark_standing_quarters(
    cursor, opportunities: str | None, *, today: datetime.date | None
) -> None:
    """An opportunity stands in the pipeline at the end of every quarter from its creation to
    its close (to today, while open): each of those quarters' pipeline horizon depends on it."""
    today = today or timezone.localdate()
    create_buckets(cursor, TOUCHED, opportunities)
    create_quarters(cursor)
    cursor.execute(
        f"INSERT INTO {DIRTY} (person_id, period_kind, period_start) "
        "SELECT DISTINCT b.owner_id, 'quarter', q.period_start "
        f"FROM {TOUCHED} b JOIN lw_quarters q ON q.period_start >= b.created_q "
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
        # The quota counts in the longer periods holding it too (a quarter's in its year).
        holding = [p for p in (period_of(start, k) for k in PeriodKind) if p.end >= period.end]
        for pid in members.values_list("person_id", flat=True):
            rows += [(pid, p.kind.value, p.start) for p in holding]
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
        {period_of(as_date(start), kind) for kind, start in cursor.fetchall()},
        key=lambda p: (p.kind, p.start),
    )
    create_periods(cursor, periods, today)
    if not full:
        create_person_months(cursor, full=False)
    people_in = None
    if full:
        # Only the person-periods with a summary count toward any group: the dirty ones, and
        # the quarters an open deal stands in at their end, later ones included (the dirty
        # quarters stop at today's; `person_parts` sums standing pipeline in any of them).
        cursor.execute(
            f"SELECT person_id, period_kind, period_start FROM {DIRTY} UNION "
            f"SELECT b.owner_id, p.period_kind, p.period_start FROM {PERIODS} p "
            f"JOIN {TOUCHED} b ON b.created_q < p.period_end "
            "AND (b.is_open = 1 OR b.close_q >= p.period_end) WHERE p.period_kind = 'quarter'"
        )
        people_in = defaultdict(list)
        for person_id, kind, start in cursor.fetchall():
            people_in[(kind, as_date(start))].append(person_id)
    create_attribution(cursor, periods, people_in)
    create_scopes(cursor, full=full)
    columns = [("scope_kind", "varchar(10)"), ("scope_id", "integer")]
    columns += [("period_kind", "varchar(10)"), ("period_start", "date")]
    create_temporary(cursor, ROWS, columns + [(key, "real") for key in catalog.PART_KEYS])

    person_parts(cursor, full=full)
    quota_parts(cursor, periods)
    exact_parts(cursor, full=full)
    _collapse(cursor, people=True, full=full)
    group_parts(cursor, full=full)
    _collapse(cursor, people=False, full=full)
    cursor.execute(f"SELECT COUNT(*) FROM {DIRTY}")
    people_periods = cursor.fetchone()[0]
    cursor.execute(f"SELECT COUNT(*) FROM {SCOPES}")
    scopes = cursor.fetchone()[0]
    return Outcome(people_periods=people_periods, scopes=scopes)


def _collapse(cursor, *, people: bool, full: bool) -> None:
    """Sum the rows gathered for each scope and period into one metrics_parts row."""
    which = "=" if people else "<>"
    # A full recompute rewrites every scope: ROWS holds none but those.
    rewritten = "" if full else f"AND {in_scopes(ROWS)} "
    if not full:
        cursor.execute(
            f"DELETE FROM metrics_parts WHERE scope_kind {which} 'person' "
            f"AND {in_scopes('metrics_parts')}"
        )
    listed = ", ".join(catalog.PART_KEYS)
    sums = ", ".join(f"SUM({key})" for key in catalog.PART_KEYS)
    cursor.execute(
        f"INSERT INTO metrics_parts (scope_kind, scope_id, period_kind, period_start, {listed}) "
        f"SELECT scope_kind, scope_id, period_kind, period_start, {sums} FROM {ROWS} "
        f"WHERE scope_kind {which} 'person' {rewritten}"
        "GROUP BY scope_kind, scope_id, period_kind, period_start"
    )
