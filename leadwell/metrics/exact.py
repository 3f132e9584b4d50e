"""The parts that do not add up (the median sales cycle, distinct accounts and segments won, new
accounts, the largest account), worked out by DuckDB for every scope and period being
rewritten.

They cannot be summed from the people's parts: each needs every won deal of every seller a
team, office or the organisation counts, in every period kind. In SQL that is a join of each
won deal to each scope above its owner and a sort of the result, four million rows at a
million deals, which took half of a full recompute. DuckDB (in-process, columnar) does the
same grouping in a fraction of the time. The application's database stays the system of
record: it hands over the won deals and the attribution, DuckDB groups them in memory, and
the rows come back to the database's summary table. Raw rows never live in DuckDB.
"""

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from leadwell.lib.dbsql import days_between, load
from leadwell.metrics.models import CalendarDay
from leadwell.metrics.tables import ATTRIBUTION, ROWS, SCOPES, index

EXACT = ["accounts_won", "new_accounts", "segments_won", "top_account_amount", "median_cycle_days"]

# A deal counts towards the sales cycle only when its dates make one: created, and created on
# or before it closed. A created date after the close date (a record re-entered in a new CRM,
# a migration that stamped the day of the move) would be a negative cycle, pulling the median
# down; such deals are left out, and the import that brought them said so.
CYCLE_KNOWN = "o.created_date IS NOT NULL AND o.created_date <= o.close_date"


TEXT, INTEGER, REAL = pa.string(), pa.int64(), pa.float64()


def exact_parts(cursor) -> None:
    """Add the exact parts of every scope and period in SCOPES to ROWS."""
    won = _won_deals(cursor)
    if not won.num_rows:
        return
    # Only the attribution of the people and periods with won deals: the others add nothing
    # here, and there are many more of them in a large organisation with few deals.
    calendar_table = CalendarDay._meta.db_table
    cursor.execute("DROP TABLE IF EXISTS lw_won_periods")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_won_periods AS SELECT DISTINCT w.person_id, c.period_kind, "
        f"c.period_start FROM lw_won_deals w JOIN {calendar_table} c ON c.day = w.close_date"
    )
    attribution = _fetch(
        cursor,
        "SELECT a.person_id, a.period_kind, CAST(a.period_start AS VARCHAR(10)), a.scope_kind, "
        f"a.scope_id FROM lw_won_periods p JOIN {ATTRIBUTION} a ON a.person_id = p.person_id "
        "AND a.period_kind = p.period_kind AND a.period_start = p.period_start "
        f"JOIN {SCOPES} s ON s.scope_kind = a.scope_kind AND s.scope_id = a.scope_id "
        "AND s.period_kind = a.period_kind AND s.period_start = a.period_start",
        [
            ("person_id", INTEGER),
            ("period_kind", TEXT),
            ("period_start", TEXT),
            ("scope_kind", TEXT),
            ("scope_id", INTEGER),
        ],
    )
    calendar = _fetch(
        cursor,
        "SELECT CAST(c.day AS VARCHAR(10)), c.period_kind, CAST(c.period_start AS VARCHAR(10)), "
        f"CAST(c.period_end AS VARCHAR(10)) FROM {calendar_table} c "
        "WHERE c.day IN (SELECT DISTINCT close_date FROM lw_won_deals)",
        [("day", TEXT), ("period_kind", TEXT), ("period_start", TEXT), ("period_end", TEXT)],
    )
    with duckdb.connect(":memory:") as db:
        db.register("won", won)
        db.register("attribution", attribution)
        db.register("calendar", calendar)
        rows = db.execute(GROUPED).fetchall()
    columns = ["scope_kind", "scope_id", "period_kind", "period_start", *EXACT]
    load(cursor, ROWS, columns, rows, as_text=["period_start"])


def _won_deals(cursor) -> pa.Table:
    """The won deals of everyone counted in a scope being rewritten, each with its account's
    first win (over every seller's deals)."""
    cycle = days_between("o.close_date", "o.created_date")
    cursor.execute("DROP TABLE IF EXISTS lw_first_win")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_first_win AS SELECT account_id, MIN(close_date) AS first_day "
        "FROM crm_opportunity WHERE outcome = 'won' AND account_id IS NOT NULL GROUP BY account_id"
    )
    index(cursor, "lw_first_win", ["account_id"])
    cursor.execute("DROP TABLE IF EXISTS lw_won_deals")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_won_deals AS "
        "SELECT o.owner_id AS person_id, o.close_date AS close_date, o.account_id AS account_id, "
        "CAST(o.amount_in_reporting_currency AS DOUBLE PRECISION) AS amount, "
        f"CASE WHEN {CYCLE_KNOWN} THEN {cycle} END AS days, "
        "NULLIF(acc.segment, '') AS segment, f.first_day AS first_day "
        "FROM crm_opportunity o LEFT JOIN crm_account acc ON acc.id = o.account_id "
        "LEFT JOIN lw_first_win f ON f.account_id = o.account_id "
        "WHERE o.outcome = 'won' AND o.owner_id IN ("
        f"  SELECT a.person_id FROM {ATTRIBUTION} a JOIN {SCOPES} s "
        "  ON s.scope_kind = a.scope_kind AND s.scope_id = a.scope_id "
        "  AND s.period_kind = a.period_kind AND s.period_start = a.period_start)"
    )
    return _fetch(
        cursor,
        "SELECT person_id, CAST(close_date AS VARCHAR(10)), account_id, amount, days, segment, "
        "CAST(first_day AS VARCHAR(10)) FROM lw_won_deals",
        [
            ("person_id", INTEGER),
            ("day", TEXT),
            ("account_id", INTEGER),
            ("amount", REAL),
            ("days", INTEGER),
            ("segment", TEXT),
            ("first_day", TEXT),
        ],
    )


def _fetch(cursor, sql: str, schema: Sequence[tuple[str, pa.DataType]]) -> pa.Table:
    cursor.execute(sql)
    rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.table(
        {
            name: pa.array(values, type=kind)
            for (name, kind), values in zip(schema, columns, strict=True)
        }
    )


# Per scope and period: the accounts won (each account once: its bookings, whether it was
# first won in the period, its segment), counted; and the median cycle of the won deals (the
# middle one, or the mean of the middle two: DuckDB's median over a DOUBLE).
GROUPED = """
WITH deal_periods AS (
    SELECT w.person_id, c.period_kind, c.period_start, w.account_id, w.amount,
           CAST(w.days AS DOUBLE) AS days, w.segment,
           CASE WHEN w.first_day >= c.period_start AND w.first_day < c.period_end
                THEN 1 ELSE 0 END AS first_win
    FROM won w JOIN calendar c ON c.day = w.day
), scoped AS (
    SELECT a.scope_kind, a.scope_id, a.period_kind, a.period_start, d.account_id, d.amount,
           d.days, d.segment, d.first_win
    FROM deal_periods d JOIN attribution a ON a.person_id = d.person_id
     AND a.period_kind = d.period_kind AND a.period_start = d.period_start
), accounts AS (
    SELECT scope_kind, scope_id, period_kind, period_start, account_id, SUM(amount) AS amount,
           MAX(first_win) AS first_win, MAX(segment) AS segment
    FROM scoped WHERE account_id IS NOT NULL
    GROUP BY scope_kind, scope_id, period_kind, period_start, account_id
), by_account AS (
    SELECT scope_kind, scope_id, period_kind, period_start, COUNT(*) AS accounts_won,
           SUM(first_win) AS new_accounts, COUNT(DISTINCT segment) AS segments_won,
           MAX(amount) AS top_account_amount
    FROM accounts GROUP BY scope_kind, scope_id, period_kind, period_start
), cycles AS (
    SELECT scope_kind, scope_id, period_kind, period_start, MEDIAN(days) AS median_cycle_days
    FROM scoped WHERE days IS NOT NULL
    GROUP BY scope_kind, scope_id, period_kind, period_start
)
SELECT COALESCE(b.scope_kind, m.scope_kind), COALESCE(b.scope_id, m.scope_id),
       COALESCE(b.period_kind, m.period_kind), COALESCE(b.period_start, m.period_start),
       b.accounts_won, b.new_accounts, b.segments_won, b.top_account_amount, m.median_cycle_days
FROM by_account b FULL OUTER JOIN cycles m ON m.scope_kind = b.scope_kind
 AND m.scope_id = b.scope_id AND m.period_kind = b.period_kind
 AND m.period_start = b.period_start
"""
