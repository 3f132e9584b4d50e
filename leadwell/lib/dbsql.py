"""The SQL that differs between SQLite and PostgreSQL, in one place.

Everything else in Leadwell speaks through the ORM or through portable SQL built from these
helpers: a staging table for bulk loads, the fastest way each database loads many rows, and
null-safe equality.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def same(left: str, right: str) -> str:
    """SQL that is true when two values are equal or both NULL."""
    if is_postgresql():
        return f"{left} IS NOT DISTINCT FROM {right}"
    return f"{left} IS {right}"


def create_stage(cursor, stage: str, source: str, columns: Sequence[str]) -> None:
    """A temporary table with the given columns of `source` (same types) and a `line`."""
    cursor.execute(f"DROP TABLE IF EXISTS {quote(stage)}")
    listed = ", ".join(quote(c) for c in columns)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {quote(stage)} AS SELECT {listed} FROM {quote(source)} LIMIT 0"
    )
    cursor.execute(f"ALTER TABLE {quote(stage)} ADD COLUMN line integer")


def load(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Load rows as fast as the database allows: COPY on PostgreSQL, one executemany on SQLite."""
    listed = ", ".join(quote(c) for c in columns)
    if is_postgresql():
        with cursor.cursor.copy(f"COPY {quote(table)} ({listed}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    cursor.cursor.executemany(
        f"INSERT INTO {quote(table)} ({listed}) VALUES ({marks})", _for_sqlite(rows)
    )


def _for_sqlite(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """Dates and decimals as the text Django stores them as; only the columns that hold them
    are converted (found on each row, since a column may start with empty values)."""
    for row in rows:
        if any(isinstance(v, datetime.date | Decimal) for v in row):
            yield [str(v) if isinstance(v, datetime.date | Decimal) else v for v in row]
        else:
            yield row
