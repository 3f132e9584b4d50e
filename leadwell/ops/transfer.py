"""`leadwell export-all` and `leadwell import-all`: the whole organisation as one portable file,
to move an installation from SQLite to PostgreSQL or back.

The file is gzipped JSON lines, written and read a row at a time, so neither side's memory
grows with the database (bench/transfer.py):

    {"format": "leadwell-export", ..., "migrations": {...}}        the header
    {"table": "crm_activity", "columns": ["id", "external_id", ...]}
    [1, "A-1", ...]                                                 one line per row, by id
    {"end_of_table": "crm_activity", "rows": 32380}
    ...
    {"end": {"tables": 51, "rows": 63512}}                          the file is complete

Every table of every app is in it, as the migrations recorded in the header define it: the
task queue (django_tasks_db) too, so work queued before the move is not lost. Sign-in sessions
are left out: everyone signs in again on the new database. Values are written the way Django
reads them (dates and times in ISO 8601, decimals as text), so each engine stores them its own
way on import.
"""

import base64
import datetime
import gzip
import json
import os
import tarfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.utils.duration import duration_iso_string

from leadwell.lib import dbsql
from leadwell.ops import Refused, schema

FORMAT = "leadwell-export"
FORMAT_VERSION = 1

Progress = Callable[[str, int], None]


@dataclass
class Report:
    path: Path
    engine: str
    tables: dict[str, int]
    migrations_applied: list[str]


# -- Export ----------------------------------------------------------------------------------------


def export_all(*, into: Path, progress: Progress) -> Report:
    """Write every table to `into`, as the database was at one moment (the app may go on
    writing meanwhile)."""
    into = into.expanduser().resolve()
    if into.exists():
        raise Refused(f"{into} already exists: choose another name (nothing was written).")
    if not schema.database_tables():
        raise Refused(f"There is no database at {schema.where()}: nothing to export.")
    into.parent.mkdir(parents=True, exist_ok=True)
    unfinished = into.with_name(f".{into.name}.partial")
    unfinished.unlink(missing_ok=True)  # left behind by an export that was stopped
    counts: dict[str, int] = {}
    try:
        # Readable by its owner only from the first byte: the whole organisation is in it.
        descriptor = os.open(unfinished, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            dbsql.one_moment(),
            open(descriptor, "wb") as raw,
            gzip.open(raw, "wt", encoding="utf-8") as out,
        ):
            recorded = schema.applied()
            if not recorded:
                raise Refused("The database is not a Leadwell database (run `leadwell init`).")
            schema.check_readable(recorded, what=f"The database at {schema.where()}")
            _write(out, _header(recorded))
            for model in schema.tables_of(schema.historical_apps(recorded)):
                table = model._meta.db_table
                if table in schema.LEFT_OUT_OF_EXPORTS:
                    continue
                counts[table] = _export_table(out, model)
                progress(table, counts[table])
            _write(out, {"end": {"tables": len(counts), "rows": sum(counts.values())}})
        os.replace(unfinished, into)
    finally:
        unfinished.unlink(missing_ok=True)
    return Report(path=into, engine=schema.engine(), tables=counts, migrations_applied=[])


def _header(recorded: schema.Migrations) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "leadwell_version": schema.leadwell_version(),
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": schema.engine(),
        "migrations": recorded,
        "left_out": list(schema.LEFT_OUT_OF_EXPORTS),
    }


def _stored_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a row is written with: the database computes generated ones itself."""
    return [f for f in model._meta.concrete_fields if not f.generated]


def _export_table(out, model: type[models.Model]) -> int:
    fields = _stored_fields(model)
    _write(out, {"table": model._meta.db_table, "columns": [f.column for f in fields]})
    rows = (
        model._base_manager.order_by(model._meta.pk.attname)
        .values_list(*(f.attname for f in fields))
        .iterator(chunk_size=2000)
    )
    count = 0
    for row in rows:
        _write(out, row)
        count += 1
    _write(out, {"end_of_table": model._meta.db_table, "rows": count})
    return count


def _write(out, value: Any) -> None:
    out.write(json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def _plain(value: Any) -> Any:
    """A value JSON has no type for, as text Django's fields read back exactly."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


# -- Import ----------------------------------------------------------------------------------------


def is_export(path: Path) -> bool:
    try:
        return read_header(path).get("format") == FORMAT
    except Refused:
        return False


def read_header(path: Path) -> dict[str, Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            header = json.loads(lines.readline())
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        if tarfile.is_tarfile(path):
            raise Refused(
                f"{path} is a backup, not an export: bring it back with `leadwell restore`."
            )
        raise Refused(f"{path} is not an export made by `leadwell export-all`.")
    if header.get("format_version", 0) > FORMAT_VERSION:
        raise Refused(
            f"{path} was written by Leadwell {header.get('leadwell_version')} in a newer export "
            "format: import it with that version or newer."
        )
    return header


def check_importable(path: Path) -> dict[str, Any]:
    """Refuse unless the file is an export this Leadwell reads and the database is empty;
    returns the file's header."""
    header = read_header(path)
    schema.check_readable(header["migrations"], what=str(path), made_by=header["leadwell_version"])
    schema.refuse_unless_empty()
    return header


def import_all(*, path: Path, header: dict[str, Any], progress: Progress) -> Report:
    """Load an export into the empty database (check with `check_importable` first): all of it
    or, on any error, nothing."""
    recorded = header["migrations"]
    tables = {m._meta.db_table: m for m in schema.tables_of(schema.historical_apps(recorded))}
    expected = _check_file(path, tables)
    try:
        if dbsql.is_postgresql():
            # PostgreSQL creates tables inside a transaction too: a failure leaves the
            # database as empty as it was.
            with transaction.atomic():
                schema.migrate_to(recorded)
                _load(path, tables, expected, progress)
        else:
            # SQLite's schema changes cannot run in a transaction with foreign keys enforced;
            # the database file is new, so a failure removes it.
            try:
                schema.migrate_to(recorded)
                with transaction.atomic():
                    _load(path, tables, expected, progress)
            except BaseException:
                _remove_sqlite_database()
                raise
    except DatabaseError as error:
        raise Refused(f"The import stopped and wrote nothing: {error}") from None
    connection.close()
    applied = schema.migrate_up()
    return Report(path=path, engine=schema.engine(), tables=expected, migrations_applied=applied)


def _load(
    path: Path, tables: dict[str, type[models.Model]], expected: dict[str, int], progress: Progress
) -> None:
    dbsql.defer_foreign_keys()
    # Rows the migrations seeded (stages, skills, ...) are in the export as they were.
    dbsql.empty_tables(list(tables))
    for table, fields, rows in _tables(path, tables):
        with connection.cursor() as cursor:
            dbsql.load(cursor, table, [str(f.column) for f in fields], _prepared(fields, rows))
        progress(table, expected[table])
    # Checked once all is in: rows may point at rows of tables loaded later.
    connection.check_constraints(table_names=list(tables))
    dbsql.reset_sequences(list(tables.values()))
    loaded = schema.row_counts(list(tables.values()))
    wrong = [
        f"{table} ({loaded.get(table)} rows, not {rows})"
        for table, rows in expected.items()
        if loaded.get(table) != rows
    ]
    if wrong:
        raise Refused(f"The import did not hold what the file holds: {', '.join(wrong)}.")


# Fields whose values JSON carries as the database takes them: no conversion needed.
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.FloatField,
)


def _prepared(fields: list[models.Field], rows: Iterator[tuple[int, Any]]) -> Iterator[list]:
    """The rows with each value as the database takes it (dates, decimals, JSON, ...)."""
    db = connections[DEFAULT_DB_ALIAS]
    converters: list[Callable[[Any], Any] | None] = []
    for field in fields:
        holds = field.target_field if isinstance(field, models.ForeignKey) else field
        if isinstance(holds, PLAIN_FIELDS):
            converters.append(None)
        else:
            converters.append(partial(_converted, field, db))
    for _line, row in rows:
        yield [
            value if convert is None or value is None else convert(value)
            for convert, value in zip(converters, row, strict=True)
        ]


def _converted(field: models.Field, db, value: Any) -> Any:
    return field.get_db_prep_save(field.to_python(value), db)


def _check_file(path: Path, tables: dict[str, type[models.Model]]) -> dict[str, int]:
    """Read the whole file once before anything is written: every table known with the same
    columns, every value readable, every count right, and the end there (not cut short)."""
    expected: dict[str, int] = {}
    for table, fields, rows in _tables(path, tables):
        if table in expected:
            raise Refused(f"{path} holds the table {table} twice.")
        count = 0
        for line, row in rows:
            if not isinstance(row, list) or len(row) != len(fields):
                raise Refused(f"{path}, line {line}: not a row of {table}.")
            for f, value in zip(fields, row, strict=True):
                try:
                    f.to_python(value)
                except ValidationError as error:
                    raise Refused(
                        f"{path}, line {line}: {value!r} is not a value of {table}.{f.column} "
                        f"({' '.join(error.messages)})."
                    ) from None
            count += 1
        expected[table] = count
    missing = set(tables) - set(expected) - set(schema.LEFT_OUT_OF_EXPORTS)
    if missing:
        raise Refused(f"{path} lacks the tables {', '.join(sorted(missing))}.")
    return expected


def _tables(path: Path, tables: dict[str, type[models.Model]]) -> Iterator[tuple[str, list, Any]]:
    """(table, its fields in the file's order, its rows as (line number, values)) for each
    table of the file, checking the file's structure as it goes."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = _numbered(path, handle)
        next(lines)  # the header, read already
        for line, item in lines:
            if isinstance(item, dict) and "end" in item:
                if next(lines, None) is not None:
                    raise Refused(f"{path}, line {line + 1}: something follows the end.")
                return
            if not isinstance(item, dict) or "table" not in item:
                raise Refused(f"{path}, line {line}: a table was expected.")
            table = item["table"]
            fields = _fields(path, line, tables, table, item.get("columns"))
            rows = _rows(path, lines, table)
            yield table, fields, rows
            for _ in rows:  # whatever the caller did not read
                pass
        raise Refused(f"{path} is cut short: its end is missing. Nothing was imported.")


def _rows(path: Path, lines: Iterator[tuple[int, Any]], table: str) -> Iterator[tuple[int, Any]]:
    for count, (line, item) in enumerate(lines):
        if isinstance(item, dict):
            if item.get("end_of_table") != table or item.get("rows") != count:
                raise Refused(f"{path}, line {line}: the table {table} does not end as it should.")
            return
        yield line, item
    raise Refused(f"{path} is cut short in the table {table}. Nothing was imported.")


def _numbered(path: Path, handle) -> Iterator[tuple[int, Any]]:
    line = 0
    try:
        for line, text in enumerate(handle, start=1):
            yield line, json.loads(text)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise Refused(f"{path} is damaged or cut short near line {line + 1}: {error}") from None


def _fields(
    path: Path, line: int, tables: dict[str, type[models.Model]], table: str, columns: Any
) -> list[models.Field]:
    model = tables.get(table)
    if model is None:
        raise Refused(f"{path}, line {line}: {table} is not a table of this schema.")
    by_column = {str(f.column): f for f in _stored_fields(model)}
    if not isinstance(columns, list) or sorted(columns) != sorted(by_column):
        raise Refused(f"{path}, line {line}: the columns of {table} are not the schema's.")
    return [by_column[c] for c in columns]


def _remove_sqlite_database() -> None:
    connection.close()
    name = connection.settings_dict["NAME"]
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{name}{suffix}").unlink(missing_ok=True)
