"""The SQL that differs between SQLite and PostgreSQL, in one place.

Everything else in Leadwell speaks through the ORM or through portable SQL built from these
helpers: a staging table for bulk loads, the fastest way each database loads many rows,
null-safe equality, and the reads and writes of a whole-database backup or transfer.
"""

import datetime
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def same(left: str, right: str) -> str:
    """SQL that is true when two values are equal or both NULL."""
    if is_postgresql():
        return f"{left} IS NOT DISTINCT FROM {right}"
    return f"{left} IS {right}"


def create_stage(
    cursor, stage: str, source: str, columns: Sequence[str], *, with_line: bool = True
) -> None:
    """A temporary table with the given columns of `source` (same types) and a `line`."""
    cursor.execute(f"DROP TABLE IF EXISTS {quote(stage)}")
    listed = ", ".join(quote(c) for c in columns)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {quote(stage)} AS SELECT {listed} FROM {quote(source)} LIMIT 0"
    )
    if with_line:
        cursor.execute(f"ALTER TABLE {quote(stage)} ADD COLUMN line integer")


def load(
    cursor,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    as_text: Sequence[str] = (),
) -> None:
    """Load rows as fast as the database allows: COPY on PostgreSQL, one executemany on SQLite.

    `as_text` names the date and decimal columns, which SQLite keeps as Django writes them:
    as text.
    """
    listed = ", ".join(quote(c) for c in columns)
    if is_postgresql():
        with cursor.cursor.copy(f"COPY {quote(table)} ({listed}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    positions = [list(columns).index(c) for c in as_text]
    # The sqlite3 module's own executemany, which streams: Django's wrapper peeks at the first
    # row through itertools.tee, and the tee then keeps every row of a generator in memory.
    sqlite3.Cursor.executemany(
        cursor.cursor,
        f"INSERT INTO {quote(table)} ({listed}) VALUES ({marks})",
        _as_text(rows, positions),
    )


def analyze(cursor, table: str) -> None:
    """Give PostgreSQL's planner statistics on a freshly loaded temporary table (SQLite's
    planner needs none)."""
    if is_postgresql():
        cursor.execute(f"ANALYZE {quote(table)}")


def keep_statistics(cursor, table: str) -> None:
    """Give the planner statistics on a table whose contents were just rebuilt. SQLite has
    none until asked: without them it guesses an index finds ten rows a key, and chose a plan
    for the import's scorecard refresh that took 16 s instead of 1 s at 200,000 deals."""
    cursor.execute(f"ANALYZE {quote(table)}")


def has_statistics(cursor, table: str) -> bool:
    """Whether the planner has statistics on `table` (PostgreSQL gathers them by itself)."""
    if is_postgresql():
        return True
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    if cursor.fetchone() is None:
        return False
    cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s", [table])
    return cursor.fetchone() is not None


def _as_text(rows: Iterable[Sequence[Any]], positions: list[int]) -> Iterable[Sequence[Any]]:
    if not positions:
        yield from rows
        return
    for row in rows:
        converted = list(row)
        for i in positions:
            value = converted[i]
            if value is not None and value.__class__ is not str:
                converted[i] = str(value)
        yield converted


def text_columns(model: type[models.Model], columns: Sequence[str]) -> list[str]:
    """The columns of `model` that hold dates or decimals (see `load`)."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    return [
        c
        for c in columns
        if isinstance(by_column.get(c), models.DateField | models.DecimalField)
        and not isinstance(by_column[c], models.DateTimeField)
    ]


def db_value(value: Any) -> Any:
    """A constant for a bulk load, in the form the database expects (datetimes on SQLite)."""
    if isinstance(value, datetime.datetime) and not is_postgresql():
        return connection.ops.adapt_datetimefield_value(value)
    return value


def days_between(later: str, earlier: str) -> str:
    """SQL for the whole days from one date column to another."""
    if is_postgresql():
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


class MonthIndex(models.Func):
    """The month a date falls in, as one integer: year * 12 + month - 1 (January 2017 is
    24204), like `lib.periods`' own month arithmetic. Stored beside a fact row's date, it lets
    the summaries group millions of rows by person and month on an index, with no calendar
    join and no date function per row; quarters and years are then sums of months."""

    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps a date as ISO text: the year and month are its first digits.
        return self.as_sql(
            compiler,
            connection,
            template="(CAST(substr(%(expressions)s, 1, 4) AS INTEGER) * 12 "
            "+ CAST(substr(%(expressions)s, 6, 2) AS INTEGER) - 1)",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(CAST(EXTRACT(YEAR FROM %(expressions)s) AS INTEGER) * 12 "
            "+ CAST(EXTRACT(MONTH FROM %(expressions)s) AS INTEGER) - 1)",
            **extra_context,
        )


def month_index(day: datetime.date) -> int:
    """`MonthIndex` in Python."""
    return day.year * 12 + day.month - 1


def date_from_text(expr: str) -> str:
    """SQL reading an ISO date kept in a text column ('' reads as NULL)."""
    if is_postgresql():
        return f"CAST(NULLIF({expr}, '') AS date)"
    return f"NULLIF({expr}, '')"


def create_temporary(cursor, table: str, columns: Sequence[tuple[str, str]]) -> None:
    """A fresh temporary table from (name, portable type) pairs: integer, date, real, text."""
    cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
    types = {"real": "double precision" if is_postgresql() else "real"}
    listed = ", ".join(f"{quote(name)} {types.get(kind, kind)}" for name, kind in columns)
    cursor.execute(f"CREATE TEMPORARY TABLE {quote(table)} ({listed})")


@contextmanager
def one_moment() -> Iterator[None]:
    """Every read inside sees the whole database as it was at one moment, while others go on
    writing: a read-only REPEATABLE READ transaction on PostgreSQL; on SQLite a deferred read
    transaction, which WAL lets writers work beside (Django's own transactions there are
    IMMEDIATE, and would hold every writer off until the end)."""
    if is_postgresql():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        # SQLite takes the snapshot at the first read, not at BEGIN.
        cursor.execute("SELECT count(*) FROM sqlite_master")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


def export_snapshot() -> str:
    """Inside `one_moment()` on PostgreSQL: the name of its snapshot, for `pg_dump --snapshot`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        return cursor.fetchone()[0]


def defer_foreign_keys() -> None:
    """Inside a transaction: check foreign keys at its end only, so tables load in any order
    (Django declares them deferrable; schema changes earlier in the transaction may have made
    them immediate on PostgreSQL)."""
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")


def empty_tables(tables: Sequence[str]) -> None:
    """Delete every row of these tables (TRUNCATE on PostgreSQL), sequences left as they are."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), list(tables)):
            cursor.execute(statement)


def reset_sequences(model_classes: Sequence[type[models.Model]]) -> None:
    """After rows were written with their own ids: PostgreSQL's sequences continue after the
    highest id (SQLite's AUTOINCREMENT already does)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(model_classes)):
            cursor.execute(statement)
