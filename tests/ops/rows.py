"""What the backup tests compare, computed without Leadwell's code: a checksum of every table's
rows read straight from SQLite or PostgreSQL, and a writer that keeps changing the database
while a backup or an export runs.

The checksums put each value into one plain form whatever the engine keeps (SQLite keeps
dates and times as text, booleans as 0 and 1, decimals as numbers, JSON as text), so a table
moved from SQLite to PostgreSQL sums the same as before the move.
"""

import datetime
import hashlib
import json
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

# The writer's transactions each add one row to both tables: a backup that caught one table
# after a transaction and the other before it would hold different numbers of copies.
WRITTEN_TABLES = ("crm_opportunitychange", "coaching_coachingevent")
# Where a move legitimately differs: when each migration ran, and sign-in sessions.
NOT_MOVED = {"django_migrations", "django_session"}


class Database:
    """One database, SQLite or PostgreSQL, read and written with the plain DB-API."""

    def __init__(self, *, sqlite: Path | None = None, url: str | None = None) -> None:
        self.sqlite, self.url = sqlite, url

    @contextmanager
    def connect(self) -> Iterator[Any]:
        if self.sqlite is not None:
            db = sqlite3.connect(self.sqlite, timeout=30, isolation_level=None)
        else:
            db = psycopg.connect(self.url, autocommit=True)
        try:
            yield db
        finally:
            db.close()

    def tables(self, db) -> list[str]:
        if self.sqlite is not None:
            found = db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        else:
            found = db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        return sorted(name for (name,) in found)

    def columns(self, db, table: str) -> dict[str, str]:
        """Each column's kind: int, bool, text, date, datetime, decimal, float or json."""
        if self.sqlite is not None:
            create = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()[0]
            json_columns = set(re.findall(r'JSON_VALID\("(\w+)"\)', create, re.IGNORECASE))
            return {
                name: "json" if name in json_columns else _sqlite_kind(declared)
                # table_xinfo, not table_info: it lists generated columns too, as PostgreSQL does
                for _, name, declared, *_ in db.execute(f'PRAGMA table_xinfo("{table}")')
            }
        rows = db.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s",
            (table,),
        ).fetchall()
        return {name: _postgres_kind(data_type) for name, data_type in rows}

    def primary_key(self, db, table: str) -> str:
        if self.sqlite is not None:
            info = db.execute(f'PRAGMA table_info("{table}")').fetchall()
            return next(row[1] for row in info if row[5] == 1)
        return db.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
            " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indrelid = %s::regclass AND i.indisprimary",
            (table,),
        ).fetchone()[0]

    def checksums(self, *, up_to: dict[str, int] | None = None, leave_out=()) -> dict[str, str]:
        """Per table, a SHA-256 over its rows in primary key order (for the tables in `up_to`,
        only the rows up to that id), each row as {column: value in plain form}."""
        sums = {}
        with self.connect() as db:
            for table in self.tables(db):
                if table in leave_out:
                    continue
                kinds = self.columns(db, table)
                key = self.primary_key(db, table)
                names = sorted(kinds)
                listed = ", ".join(f'"{n}"' for n in names)
                where = f' WHERE "{key}" <= {int(up_to[table])}' if up_to and table in up_to else ""
                digest = hashlib.sha256()
                cursor = db.execute(f'SELECT {listed} FROM "{table}"{where} ORDER BY "{key}"')
                for row in cursor:
                    plain = {n: _plain(kinds[n], v) for n, v in zip(names, row, strict=True)}
                    digest.update(json.dumps(plain, sort_keys=True).encode())
                    digest.update(b"\n")
                sums[table] = digest.hexdigest()
        return sums

    def highest_ids(self, tables=WRITTEN_TABLES) -> dict[str, int]:
        with self.connect() as db:
            return {t: db.execute(f'SELECT max(id) FROM "{t}"').fetchone()[0] for t in tables}

    def row_counts(self) -> dict[str, int]:
        with self.connect() as db:
            return {
                t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in self.tables(db)
            }

    def count(self, table: str, *, above: int = 0) -> int:
        with self.connect() as db:
            mark = "?" if self.sqlite is not None else "%s"
            query = f'SELECT count(*) FROM "{table}" WHERE id > {mark}'
            return db.execute(query, (above,)).fetchone()[0]


def _sqlite_kind(declared: str) -> str:
    declared = declared.lower()
    for prefix, kind in (
        ("bool", "bool"),
        ("datetime", "datetime"),
        ("date", "date"),
        ("decimal", "decimal"),
        ("real", "float"),
        ("integer", "int"),
        ("bigint", "int"),
        ("smallint", "int"),
    ):
        if declared.startswith(prefix):
            return kind
    return "text"


def _postgres_kind(data_type: str) -> str:
    return {
        "integer": "int",
        "bigint": "int",
        "smallint": "int",
        "boolean": "bool",
        "date": "date",
        "timestamp with time zone": "datetime",
        "numeric": "decimal",
        "double precision": "float",
        "real": "float",
        "jsonb": "json",
    }.get(data_type, "text")


def _plain(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind == "float":
        return repr(float(value))
    if kind == "decimal":
        return str(Decimal(str(value)).normalize())
    if kind == "date":
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    if kind == "datetime":
        if isinstance(value, str):  # SQLite: UTC, without a zone
            return datetime.datetime.fromisoformat(value).isoformat()
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()
    if kind == "json":
        return json.dumps(json.loads(value) if isinstance(value, str) else value, sort_keys=True)
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value)


class Writer:
    """A thread that keeps writing while a backup runs: each transaction copies the first row
    of each of WRITTEN_TABLES. Bounded: it stops by itself after a minute or 20,000 writes."""

    def __init__(self, database: Database, *, pause: float = 0.005) -> None:
        self.database, self.pause = database, pause
        self.transactions = 0
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "Writer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=60)

    def wait_for(self, transactions: int) -> None:
        deadline = time.monotonic() + 60
        while self.transactions < transactions and time.monotonic() < deadline:
            if self.error is not None:
                raise self.error
            time.sleep(0.01)
        assert self.transactions >= transactions, "the writer fell behind"

    def _run(self) -> None:
        try:
            with self.database.connect() as db:
                if self.database.sqlite is not None:
                    # The writes stay in the WAL, as a busy app's recent commits do until a
                    # checkpoint: a copy of the database file alone would miss them.
                    db.execute("PRAGMA wal_autocheckpoint = 0")
                copies = [self._copy_statement(db, table) for table in WRITTEN_TABLES]
                deadline = time.monotonic() + 60
                while not self.stop.is_set() and time.monotonic() < deadline:
                    self._transaction(db, copies)
                    self.transactions += 1
                    if self.transactions >= 20_000:
                        return
                    time.sleep(self.pause)
        except BaseException as error:
            self.error = error

    def _copy_statement(self, db, table: str) -> str:
        columns = ", ".join(f'"{c}"' for c in self.database.columns(db, table) if c != "id")
        return (
            f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "{table}"'
            f' WHERE id = (SELECT min(id) FROM "{table}")'
        )

    def _transaction(self, db, copies: list[str]) -> None:
        if self.database.sqlite is not None:
            db.execute("BEGIN IMMEDIATE")
            for copy in copies:
                db.execute(copy)
            db.execute("COMMIT")
            return
        with db.transaction():
            for copy in copies:
                db.execute(copy)


def under_load(database: Database, run: Callable[[], Any]) -> tuple[Any, dict[str, int]]:
    """Run `run` while a Writer writes to `database`; returns what `run` returned and how many
    transactions the writer had committed when `run` started and ended, and in all (each count
    read after the commit: one more may have been committed when `ended` was read)."""
    with Writer(database) as writer:
        writer.wait_for(5)
        started = writer.transactions
        result = run()
        ended = writer.transactions
        writer.wait_for(ended + 5)
    if writer.error is not None:
        raise writer.error
    return result, {"started": started, "ended": ended, "total": writer.transactions}
