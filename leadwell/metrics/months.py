"""The CRM's fact rows summed per person and month: one scan of each table, grouped on the
month the database keeps beside each date (`lib.dbsql.MonthIndex`). Months, quarters and years
are then sums of these rows (`parts.person_parts`), so no raw row is joined to the calendar.

A full recompute sums every row; an import's refresh only the rows of its dirty people.
"""

import datetime

from leadwell.lib.dbsql import create_temporary, load, month_index
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics.models import CalendarDay
from leadwell.metrics.tables import DIRTY, as_date, index

MONTHS = "lw_months"  # month, quarter_start, quarter_end, rush_from
# month, period_kind, period_start, then the period's first month and the month after it
MONTH_PERIODS = "lw_month_periods"
CLOSED = "lw_closed_by_month"  # owner_id, month, then the parts of deals closing in it
CREATED = "lw_created_by_month"  # owner_id, month, created_amount, created_count
ACTIVITIES = "lw_activities_by_month"  # owner_id, month, then done activities by type

# The buckets (`create_buckets`) of the opportunities an import touched, or of every one in a
# full recompute.
TOUCHED = "lw_touched"
ACTIVITY_TYPES = ("call", "email", "meeting", "demo")
# Deals won in the last two weeks of their quarter count as its quarter-end rush.
RUSH = datetime.timedelta(days=14)


def create_months(cursor) -> None:
    """The calendar's months: the quarter each is in and, for a quarter's last month, the day
    its quarter-end rush starts; and the month, quarter and year holding each."""
    calendar = CalendarDay._meta.db_table
    cursor.execute(
        f"SELECT MIN(period_start), MAX(period_start) FROM {calendar} WHERE period_kind = 'month'"
    )
    first, last = cursor.fetchone()
    months, holding = [], []
    month = period_of(as_date(first), PeriodKind.MONTH) if first else None
    while month is not None and month.start <= as_date(last):
        key = month_index(month.start)
        quarter = period_of(month.start, PeriodKind.QUARTER)
        rush_from = quarter.end - RUSH if month.end == quarter.end else None
        months.append((key, quarter.start, quarter.end, rush_from))
        for kind in PeriodKind:
            period = period_of(month.start, kind)
            holding.append(
                (key, kind.value, period.start, month_index(period.start), month_index(period.end))
            )
        month = month.next()
    create_temporary(
        cursor,
        MONTHS,
        [
            ("month", "integer PRIMARY KEY"),
            ("quarter_start", "date"),
            ("quarter_end", "date"),
            ("rush_from", "date"),
        ],
    )
    load(
        cursor,
        MONTHS,
        ["month", "quarter_start", "quarter_end", "rush_from"],
        months,
        as_text=["quarter_start", "quarter_end", "rush_from"],
    )
    create_temporary(
        cursor,
        MONTH_PERIODS,
        [
            ("month", "integer"),
            ("period_kind", "varchar(10)"),
            ("period_start", "date"),
            ("first_month", "integer"),
            ("end_month", "integer"),
        ],
    )
    load(
        cursor,
        MONTH_PERIODS,
        ["month", "period_kind", "period_start", "first_month", "end_month"],
        holding,
        as_text=["period_start"],
    )
    index(cursor, MONTH_PERIODS, ["month", "period_kind", "period_start"])


def create_person_months(cursor, *, full: bool) -> None:
    """Deals by close month and by creation month, and activities by month, per owner: of
    every row (`full`), or of the dirty people's only."""

    def whose(alias: str, *conditions: str) -> str:
        # A refresh sums every month of the dirty people, found on the owner indexes; the
        # dirty person-periods are picked from their sums (`parts.person_parts`).
        if not full:
            conditions += (f"{alias}.owner_id IN (SELECT DISTINCT person_id FROM {DIRTY})",)
        return f" WHERE {' AND '.join(conditions)}" if conditions else ""

    won, lost, still_open = "o.outcome = 'won'", "o.outcome = 'lost'", "o.outcome = 'open'"
    amount = "o.amount_in_reporting_currency"
    _create(
        cursor,
        CLOSED,
        "SELECT o.owner_id AS owner_id, o.close_month AS month, "
        f"SUM(CASE WHEN {won} THEN {amount} ELSE 0 END) AS won_amount, "
        f"SUM(CASE WHEN {won} THEN 1 ELSE 0 END) AS won_count, "
        f"SUM(CASE WHEN {lost} THEN {amount} ELSE 0 END) AS lost_amount, "
        f"SUM(CASE WHEN {lost} THEN 1 ELSE 0 END) AS lost_count, "
        f"SUM(CASE WHEN {still_open} THEN {amount} ELSE 0 END) AS open_amount, "
        f"SUM(CASE WHEN {still_open} THEN 1 ELSE 0 END) AS open_count, "
        f"SUM(CASE WHEN {still_open} THEN {amount} * "
        "COALESCE(o.probability, st.probability, 0) / 100.0 ELSE 0 END) AS weighted_amount, "
        f"SUM(CASE WHEN {won} AND o.close_date >= m.rush_from THEN {amount} ELSE 0 END) "
        "AS rush_won_amount "
        f"FROM crm_opportunity o JOIN {MONTHS} m ON m.month = o.close_month "
        f"LEFT JOIN crm_stage st ON st.name = o.stage{whose('o')} "
        "GROUP BY o.owner_id, o.close_month",
    )
    _create(
        cursor,
        CREATED,
        "SELECT o.owner_id AS owner_id, o.created_month AS month, "
        f"SUM(COALESCE({amount}, 0)) AS created_amount, COUNT(*) AS created_count "
        f"FROM crm_opportunity o{whose('o', 'o.created_month IS NOT NULL')} "
        "GROUP BY o.owner_id, o.created_month",
    )
    # Every activity's month is kept (a planned one too: it makes its person-period one with
    # a summary), with the done ones counted.
    done = "a.status = 'done'"
    by_type = ", ".join(
        f"SUM(CASE WHEN {done} AND a.type = '{kind}' THEN 1 ELSE 0 END) AS {kind}s"
        for kind in ACTIVITY_TYPES
    )
    _create(
        cursor,
        ACTIVITIES,
        "SELECT a.owner_id AS owner_id, a.month AS month, "
        f"SUM(CASE WHEN {done} THEN 1 ELSE 0 END) AS activities, {by_type} "
        f"FROM crm_activity a{whose('a')} GROUP BY a.owner_id, a.month",
    )


def _create(cursor, table: str, select: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"CREATE TEMPORARY TABLE {table} AS {select}")


def create_buckets(cursor, table: str, opportunities: str | None) -> None:
    """Opportunities (every one, or the ids `opportunities` selects) summed by owner, quarter
    of creation, quarter of close and whether still open: what standing pipeline at a
    quarter's end needs, in far fewer rows than deals."""
    which = "" if opportunities is None else f"WHERE o.id IN ({opportunities}) "
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {table} AS "
        "SELECT o.owner_id AS owner_id, cq.quarter_start AS created_q, "
        "xq.quarter_start AS close_q, "
        "CASE WHEN o.outcome = 'open' THEN 1 ELSE 0 END AS is_open, "
        "SUM(o.amount_in_reporting_currency) AS amount "
        f"FROM crm_opportunity o JOIN {MONTHS} cq ON cq.month = o.created_month "
        f"LEFT JOIN {MONTHS} xq ON xq.month = o.close_month "
        f"{which}GROUP BY o.owner_id, cq.quarter_start, xq.quarter_start, "
        "CASE WHEN o.outcome = 'open' THEN 1 ELSE 0 END"
    )


def create_quarters(cursor) -> None:
    cursor.execute("DROP TABLE IF EXISTS lw_quarters")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_quarters AS SELECT DISTINCT quarter_start AS period_start, "
        f"quarter_end AS period_end FROM {MONTHS}"
    )
