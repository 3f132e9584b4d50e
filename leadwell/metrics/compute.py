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
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from leadwell.crm.importing.bulk import PREVIOUS, ensure_previous
from leadwell.lib.dbsql import (
    create_temporary,
    date_from_text,
    load,
)
from leadwell.lib.periods import period_of
from leadwell.metrics import catalog
from leadwell.metrics.models import CalendarDay
from leadwell.metrics.parts import (
    create_buckets,
    create_quarters,
    exact_parts,
    group_parts,
    person_parts,
    quota_parts,
)
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
    scopes: int
    figures: int


def recompute(*, today: datetime.date | None = None) -> Outcome:
    """Rebuild every summary from the raw CRM rows (`leadwell recompute`)."""
    with transaction.atomic(), connection.cursor() as cursor:
        ensure_calendar(cursor, rebuild=True)
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
        ensure_calendar(cursor)
        _create_dirty(cursor)
        ensure_previous(cursor)
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
            f"  UNION SELECT owner_id, date FROM crm_activity WHERE last_import_id = {int(run_id)}"
            f"  UNION SELECT person_id, day FROM {PREVIOUS}"
            "  UNION SELECT person_id, period_start FROM crm_quota"
            f"    WHERE last_import_id = {int(run_id)} AND person_id IS NOT NULL"
            "  UNION SELECT person_id, period_start FROM crm_forecastsubmission"
            f"    WHERE last_import_id = {int(run_id)}"
            f") x JOIN {calendar} c ON c.day = x.day WHERE x.person_id IS NOT NULL"
        )
        _mark_standing_quarters(cursor, opportunities, today=today)
        # A deal handed over leaves every period it touched for its new owner also to be
        # rewritten for the old one (its old close date included, marked above).
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


def _mark_standing_quarters(cursor, opportunities: str, *, today: datetime.date | None) -> None:
    """An opportunity stands in the pipeline at the end of every quarter from its creation to
    its close (to today, while open): each of those quarters' pipeline horizon depends on it."""
    today = today or timezone.localdate()
    create_buckets(cursor, "lw_touched", opportunities)
    create_quarters(cursor)
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
        {period_of(as_date(start), kind) for kind, start in cursor.fetchall()},
        key=lambda p: (p.kind, p.start),
    )
    create_periods(cursor, periods, today)
    create_attribution(cursor, periods)
    create_scopes(cursor, full=full)
    columns = [("scope_kind", "varchar(10)"), ("scope_id", "integer")]
    columns += [("period_kind", "varchar(10)"), ("period_start", "date")]
    create_temporary(cursor, ROWS, columns + [(key, "real") for key in catalog.PART_KEYS])

    person_parts(cursor, full=full)
    quota_parts(cursor, periods)
    exact_parts(cursor)
    _collapse(cursor, people=True, full=full)
    group_parts(cursor)
    _collapse(cursor, people=False, full=full)
    figures = _figures(cursor, full=full)
    cursor.execute(f"SELECT COUNT(*) FROM {DIRTY}")
    people_periods = cursor.fetchone()[0]
    cursor.execute(f"SELECT COUNT(*) FROM {SCOPES}")
    scopes = cursor.fetchone()[0]
    return Outcome(people_periods=people_periods, scopes=scopes, figures=figures)


def _collapse(cursor, *, people: bool, full: bool) -> None:
    """Sum the rows gathered for each scope and period into one metrics_parts row."""
    which = "=" if people else "<>"
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
        f"WHERE scope_kind {which} 'person' AND {in_scopes(ROWS)} "
        "GROUP BY scope_kind, scope_id, period_kind, period_start"
    )


def _figures(cursor, *, full: bool) -> int:
    if not full:
        cursor.execute(f"DELETE FROM metrics_figure WHERE {in_scopes('metrics_figure')}")
    written = 0
    for metric in catalog.METRICS:
        kinds = ", ".join(f"'{kind}'" for kind in metric.period_kinds)
        formula = catalog.bind(metric.formula, row="x", weeks="p.weeks")
        cursor.execute(
            "INSERT INTO metrics_figure "
            "(scope_kind, scope_id, period_kind, period_start, metric, value) "
            f"SELECT x.scope_kind, x.scope_id, x.period_kind, x.period_start, %s, {formula} "
            f"FROM metrics_parts x JOIN {PERIODS} p ON p.period_kind = x.period_kind "
            "AND p.period_start = x.period_start "
            f"WHERE x.period_kind IN ({kinds}) AND {in_scopes('x')} AND {formula} IS NOT NULL",
            [metric.key],
        )
        written += cursor.rowcount
    return written
