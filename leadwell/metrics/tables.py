"""The temporary tables one computation of the summaries works with, and small SQL helpers."""

import datetime
from collections.abc import Sequence

from leadwell.lib.dbsql import is_postgresql

DIRTY = "lw_dirty"  # person_id, period_kind, period_start
PERIODS = "lw_periods"  # period_kind, period_start, period_end, weeks, horizon_from
ATTRIBUTION = "lw_attribution"  # person_id, period_kind, period_start, scope_kind, scope_id
SCOPES = "lw_scopes"  # scope_kind, scope_id, period_kind, period_start
ROWS = "lw_rows"  # scope and period, then one column per part; summed into metrics_parts


def index(cursor, table: str, columns: Sequence[str]) -> None:
    cursor.execute(f"CREATE INDEX {table}_{columns[0]}_idx ON {table} ({', '.join(columns)})")
    if is_postgresql():
        cursor.execute(f"ANALYZE {table}")


def insert_rows(cursor, parts: Sequence[str], select: str, params: Sequence = ()) -> None:
    listed = ", ".join(parts)
    cursor.execute(
        f"INSERT INTO {ROWS} (scope_kind, scope_id, period_kind, period_start, {listed}) {select}",
        params,
    )


def dirty_join(person: str, alias: str = "c") -> str:
    return (
        f"JOIN {DIRTY} d ON d.person_id = {person} AND d.period_kind = {alias}.period_kind "
        f"AND d.period_start = {alias}.period_start"
    )


def in_scopes(table: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {SCOPES} s WHERE s.scope_kind = {table}.scope_kind "
        f"AND s.scope_id = {table}.scope_id AND s.period_kind = {table}.period_kind "
        f"AND s.period_start = {table}.period_start)"
    )


def as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
