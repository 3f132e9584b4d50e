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

import threading
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from leadwell.lib.dbsql import days_between, load
from leadwell.metrics.months import MONTH_PERIODS
from leadwell.metrics.tables import ATTRIBUTION, ROWS, SCOPES

EXACT = ["accounts_won", "new_accounts", "segments_won", "top_account_amount", "median_cycle_days"]

# A deal counts towards the sales cycle only when its dates make one: created, and created on
# or before it closed. A created date after the close date (a record re-entered in a new CRM,
# a migration that stamped the day of the move) would be a negative cycle, pulling the median
# down; such deals are left out, and the import that brought them said so.
CYCLE_KNOWN = "o.created_date IS NOT NULL AND o.created_date <= o.close_date"


TEXT, INTEGER, REAL = pa.string(), pa.int64(), pa.float64()


def exact_parts(cursor, *, full: bool) -> None:
    """Add the exact parts of every scope and period in SCOPES to ROWS (every scope and
    period, when `full`)."""
    won = _won_deals(cursor, full=full)
    if not won.num_rows:
        return
    # Only the attribution of the people and periods with won deals: the others add nothing
    # here, and there are many more of them in a large organisation with few deals.
    cursor.execute("DROP TABLE IF EXISTS lw_won_periods")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_won_periods AS SELECT DISTINCT w.person_id, mp.period_kind, "
        "mp.period_start FROM (SELECT DISTINCT person_id, month FROM lw_won_deals) w "
        f"JOIN {MONTH_PERIODS} mp ON mp.month = w.month"
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
    months = _fetch(
        cursor,
        "SELECT month, period_kind, CAST(period_start AS VARCHAR(10)), first_month, end_month "
        f"FROM {MONTH_PERIODS}",
        [
            ("month", INTEGER),
            ("period_kind", TEXT),
            ("period_start", TEXT),
            ("first_month", INTEGER),
            ("end_month", INTEGER),
        ],
    )
    accounts = _fetch(
        cursor,
        "SELECT f.account_id, NULLIF(acc.segment, ''), f.first_month FROM lw_first_win f "
        "JOIN crm_account acc ON acc.id = f.account_id",
        [("account_id", INTEGER), ("segment", TEXT), ("first_month", INTEGER)],
    )
    with _duckdb() as db:
        db.register("won", won)
        db.register("attribution", attribution)
        db.register("months", months)
        db.register("accounts", accounts)
        rows = db.execute(GROUPED).fetchall()
    columns = ["scope_kind", "scope_id", "period_kind", "period_start", *EXACT]
    load(cursor, ROWS, columns, rows, as_text=["period_start"])


_engine: duckdb.DuckDBPyConnection | None = None
_engine_made = threading.Lock()


def _duckdb() -> duckdb.DuckDBPyConnection:
    """A connection of its own (a cursor: the tables registered on it go with it) to one
    in-memory DuckDB per process: opening a new database costs 20-30 ms, more than the
    grouping itself for a small organisation or an import's refresh."""
    global _engine
    with _engine_made:
        if _engine is None:
            _engine = duckdb.connect(":memory:")
        return _engine.cursor()


def _won_deals(cursor, *, full: bool) -> pa.Table:
    """The won deals of everyone counted in a scope being rewritten (everyone's, when
    `full`); and, in lw_first_win, the
    month each account was first won in (over every seller's deals)."""
    cycle = days_between("o.close_date", "o.created_date")
    cursor.execute("DROP TABLE IF EXISTS lw_first_win")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_first_win AS SELECT account_id, "
        "MIN(close_month) AS first_month FROM crm_opportunity "
        "WHERE outcome = 'won' AND account_id IS NOT NULL GROUP BY account_id"
    )
    cursor.execute("DROP TABLE IF EXISTS lw_won_deals")
    cursor.execute(
        "CREATE TEMPORARY TABLE lw_won_deals AS "
        "SELECT o.owner_id AS person_id, o.close_month AS month, o.account_id AS account_id, "
        "CAST(o.amount_in_reporting_currency AS DOUBLE PRECISION) AS amount, "
        f"CASE WHEN {CYCLE_KNOWN} THEN {cycle} END AS days "
        "FROM crm_opportunity o "
        "WHERE o.outcome = 'won' AND o.close_month IS NOT NULL"
        + (
            ""
            if full
            else " AND o.owner_id IN ("
            f"  SELECT a.person_id FROM {ATTRIBUTION} a JOIN {SCOPES} s "
            "  ON s.scope_kind = a.scope_kind AND s.scope_id = a.scope_id "
            "  AND s.period_kind = a.period_kind AND s.period_start = a.period_start)"
        )
    )
    return _fetch(
        cursor,
        "SELECT person_id, month, account_id, amount, days FROM lw_won_deals",
        [
            ("person_id", INTEGER),
            ("month", INTEGER),
            ("account_id", INTEGER),
            ("amount", REAL),
            ("days", INTEGER),
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
    SELECT w.person_id, m.period_kind, m.period_start, w.account_id, w.amount,
           CAST(w.days AS DOUBLE) AS days, acc.segment,
           CASE WHEN acc.first_month >= m.first_month AND acc.first_month < m.end_month
                THEN 1 ELSE 0 END AS first_win
    FROM won w JOIN months m ON m.month = w.month
    LEFT JOIN accounts acc ON acc.account_id = w.account_id
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
