"""The import engine: one path for every kind of CRM data and every export format.

An import reads the file twice, streaming, in batches. The first pass *checks*: every row is
parsed and validated, and the writer makes every check a write would make (owners, stages,
accounts, repeated keys) and counts what it would create, update or leave, without writing
(see writers/base.py). A dry run ends there, and so does a file with a bad row (unless bad
rows are to be skipped): neither ever takes the database's write lock, which on SQLite would
hold up every other write for as long as the file takes. Only a file that passed is written,
from the rows the check parsed (kept in a temporary file, so nothing is read or parsed twice),
in one transaction, rolled back if a row is refused after all (the data changed in between):
a refused import leaves the database exactly as it was, and the write lock is held for the
writing alone.
"""

import contextlib
import hashlib
import itertools
import json
import logging
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from leadwell.audit import services as audit
from leadwell.audit.acting import acting
from leadwell.audit.models import Kind, Via
from leadwell.crm.importing import bounds, dates, money, parsing, presets
from leadwell.crm.importing.columns import plan_columns
from leadwell.crm.importing.dates import DateOrder
from leadwell.crm.importing.fields import CHOICES, FIELDS, FieldSpec
from leadwell.crm.importing.footers import Footers
from leadwell.crm.importing.reading import FileProblem, Table, open_table
from leadwell.crm.importing.rows import ImportOptions, Plan, Row, RowError
from leadwell.crm.importing.writers import writer_for
from leadwell.crm.importing.writers.base import Writer
from leadwell.crm.models import ImportRun
from leadwell.crm.signals import import_written
from leadwell.lib.collector import fewer_collections
from leadwell.lib.periods import parse_period

BATCH_ROWS = 2000
SAMPLE_ROWS = 500

log = logging.getLogger("leadwell.crm")

# (fraction of the whole import done, rows read in this pass, pass: "checking" or "writing")
Progress = Callable[[float, int, str], None]


class Refused(Exception):
    """Raised inside the import's transaction to roll it back."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_parsers(plan: Plan, sample: list[list[Any]], options: ImportOptions) -> None:
    scale = presets.BY_NAME[plan.preset].scale
    for name, index in plan.columns.items():
        spec = FIELDS[plan.kind][name]
        values = [
            cells[index]
            for cells in sample
            if index < len(cells) and not parsing.is_blank(cells[index])
        ]
        parser = _parser_for(spec, values, options, plan.date_orders.get(name))
        factor = scale.get((plan.kind, name))
        if factor:
            parser = _scaled(parser, factor)
        parser = bounds.bounded(spec, parser)
        if not (spec.type == "text" and parsing.mostly_distinct(values)):
            parser = parsing.memoised(parser)
        plan.parsers[name] = parser
    if plan.key_columns:
        plan.key_reader = bounds.bounded(FIELDS[plan.kind]["external_id"], parsing.text)
    if plan.kind == "opportunities" and "amount" in plan.columns:
        # Not memoised: amounts are nearly all distinct, and a plain number is settled by
        # its first and last characters.
        plan.also = [("amount_sign", plan.columns["amount"], money.amount_sign)]


def _scaled(parse: Callable[[Any], Any], factor: int) -> Callable[[Any], Any]:
    return lambda value: parse(value) * factor


def _parser_for(
    spec: FieldSpec, values: list[Any], options: ImportOptions, order: "DateOrder | None" = None
) -> Callable[[Any], Any]:
    decimal_comma = options.mapping.get("decimal_comma")
    if spec.type in ("decimal", "percent", "integer") and decimal_comma is None:
        decimal_comma = parsing.detect_decimal_comma(values)
    if spec.type == "decimal":
        return parsing.make_decimal_parser(decimal_comma=bool(decimal_comma))
    if spec.type == "integer":
        # Made a whole number by its bounds, once its range is known to fit (bounds.py).
        return parsing.make_decimal_parser(decimal_comma=bool(decimal_comma))
    if spec.type == "percent":
        return parsing.make_percent_parser(
            decimal_comma=bool(decimal_comma), fractions=parsing.detect_fractions(values)
        )
    if spec.type == "date":
        dayfirst = order.dayfirst if order is not None else None
        fmt = options.mapping.get("date_format") or parsing.detect_date_format(
            values, dayfirst=dayfirst
        )
        if dayfirst is None:
            dayfirst = bool(fmt and fmt.startswith("%d"))
        return parsing.make_date_parser(
            fmt=fmt, dayfirst=dayfirst, decided_by=dates.decided_by(order)
        )
    if spec.type == "period":
        return _period
    if spec.type == "currency":
        return money.currency_parser()
    if spec.type.startswith("choice:"):
        name = spec.type.split(":", 1)[1]
        return parsing.make_choice_parser(CHOICES[name], label=spec.label.lower())
    return parsing.text


def _period(value: Any) -> Any:
    try:
        return parse_period(parsing.text(value))
    except ValueError as error:
        raise parsing.CellError(str(error)) from None


def parse_row(plan: Plan, line: int, cells: list[Any], errors: list[RowError]) -> Row | None:
    """The row's values by field, or None (with its errors added) when a cell is bad."""
    values: dict[str, Any] = {}
    bad = False
    width = len(cells)
    for name, index, parse, required, column in plan.readers():
        raw = cells[index] if index < width else None
        if raw is None or raw == "" or (raw.__class__ is str and raw.isspace()):
            values[name] = None
            if required:
                errors.append(
                    RowError(line, column, "", f"{FIELDS[plan.kind][name].label} is required")
                )
                bad = True
            continue
        try:
            values[name] = parse(raw)
        except parsing.CellError as error:
            errors.append(RowError(line, column, parsing.text(raw), str(error)))
            bad = True
    for name, index, read in plan.also:
        raw = cells[index] if index < width else None
        # Only text can carry a sign; a bad cell is its own field's to report.
        values[name] = read(raw) if raw.__class__ is str and not bad else None
    if plan.key_columns:
        parts = [parsing.text(cells[i]) if i < width else "" for i in plan.key_columns]
        if not all(parts):
            column = "+".join(plan.header[i] for i in plan.key_columns)
            errors.append(
                RowError(line, column, " | ".join(parts), "the key column(s) must not be empty")
            )
            bad = True
        values["external_id"] = " | ".join(parts)
        if not bad:
            try:
                values["external_id"] = plan.key_reader(values["external_id"])
            except parsing.CellError as error:
                column = "+".join(plan.header[i] for i in plan.key_columns)
                errors.append(RowError(line, column, values["external_id"], str(error)))
                bad = True
    return None if bad else Row(line, values)


def _after_sample(open_source) -> Iterator[tuple[int, list[Any]]]:
    """The rows after the sample, read again (to decide what the sample could not)."""
    table = open_source()
    try:
        rows = Footers(len(table.header)).filter(table.rows)
        yield from itertools.islice(rows, SAMPLE_ROWS, None)
    finally:
        close = getattr(table.rows, "close", None)
        if close is not None:
            close()


def replaced_warning(spots: list[tuple[int, bytes]]) -> dict[str, Any]:
    lines = sorted({line for line, _ in spots})
    shown = ", ".join(str(line) for line in lines[:20]) + (" …" if len(lines) > 20 else "")
    return {
        "column": "",
        "reason": (
            f"{len(spots)} byte sequence{'s' if len(spots) != 1 else ''} that "
            f"{'are' if len(spots) != 1 else 'is'} not UTF-8 "
            f"{'were' if len(spots) != 1 else 'was'} replaced by \N{REPLACEMENT CHARACTER} "
            f"on line{'s' if len(lines) != 1 else ''} {shown}: check those rows"
        ),
        "lines": lines[:100],
    }


def _nonblank(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    for line, cells in rows:
        if any(not parsing.is_blank(c) for c in cells):
            yield line, cells


def run_import(
    path: Path,
    options: ImportOptions,
    *,
    user=None,
    file_name: str | None = None,
    on_progress: Progress | None = None,
    run: ImportRun | None = None,
) -> ImportRun:
    """Import one file and return its logged ImportRun (also when refused or failed)."""
    path = Path(path)
    run = run or ImportRun(kind=options.kind, file_name=file_name or path.name)
    try:
        run.file_sha256 = file_sha256(path)
        run.file_size = path.stat().st_size
    except OSError:
        pass  # opening it fails the same way, and says why
    return _run(
        lambda: open_table(path, sheet=options.sheet, replace_bad_bytes=options.replace_bad_bytes),
        options,
        run,
        user,
        on_progress,
    )


def import_records(
    records: list[dict[str, Any]],
    options: ImportOptions,
    *,
    user=None,
    source: str = "API",
    run: ImportRun | None = None,
) -> ImportRun:
    """Import records given as field -> value (the API's upsert), through the same engine.

    Errors name the field, and their line is the record's position counted from 2, as if
    the records were the rows of a sheet under a header.
    """
    header = sorted({name for record in records for name in record})
    payload = json.dumps(records, sort_keys=True, default=str).encode()
    run = run or ImportRun(kind=options.kind, file_name=source)
    run.file_sha256 = hashlib.sha256(payload).hexdigest()
    run.file_size = len(payload)
    options.preset = "generic"
    options.mapping = {
        **options.mapping,
        "columns": {name: name for name in header if name in FIELDS[options.kind]},
    }

    def table() -> Table:
        rows = (
            (line, [record.get(name) for name in header])
            for line, record in enumerate(records, start=2)
        )
        return Table(header=header, rows=rows, encoding="json")

    return _run(table, options, run, user, None)


def _run(open_source, options: ImportOptions, run: ImportRun, user, on_progress) -> ImportRun:
    run.kind = options.kind
    run.options = options.as_json()
    run.mapping = options.mapping
    run.started_by = run.started_by or user
    run.started_at = timezone.now()
    run.status = ImportRun.Status.RUNNING
    run.message = ""
    run.columns, run.warnings, run.unknown_stages, run.preset_fits = [], [], [], []
    run.dates = []
    _clear_counts(run)
    run.rows_read = run.error_count = 0
    errors: list[RowError] = []
    try:
        table = open_source()
        plan = plan_columns(options.kind, table.header, options, file_name=run.file_name)
        run.preset = plan.preset
        run.columns = plan.column_report()
        run.preset_fits = [fit.as_json() for fit in presets.fits(options.kind, table.header)]
        if table.replaced:
            plan.warnings.append(replaced_warning(table.replaced))
        run.warnings = list(plan.warnings)
        run.save()
        footers = Footers(len(table.header))
        rows = footers.filter(table.rows)
        sample = list(itertools.islice(rows, SAMPLE_ROWS))
        more = len(sample) == SAMPLE_ROWS
        plan.date_orders = dates.decide_orders(
            plan, sample, options, rest=(lambda: _after_sample(open_source)) if more else None
        )
        run.dates = dates.order_notes(plan)
        if not sample:
            run.status = ImportRun.Status.NO_ROWS
            run.message = NO_ROWS
        else:
            # What the import changes is recorded in the audit trail as made through this
            # import, by whoever started it.
            with (
                acting(via=Via.IMPORT, user=run.started_by, import_run_id=run.pk),
                fewer_collections(),
            ):
                errors = _check_and_write(
                    plan, table, sample, rows, options, run, on_progress, footers
                )
    except FileProblem as problem:
        run.status = ImportRun.Status.FAILED
        run.message = parsing.shown(str(problem), limit=MESSAGE_CHARACTERS)
    except Exception as error:
        # Whatever went wrong, the import's transaction was rolled back: say so, never leave
        # the run "running". The operator finds the whole story in the log.
        log.exception("Import %s of %s stopped on an unexpected error", run.pk, run.file_name)
        run.status = ImportRun.Status.FAILED
        run.message = failure_message(error)
        _clear_counts(run)
    run.error_count = len(errors)
    run.errors = [
        e.as_json() for e in sorted(errors, key=lambda e: e.line)[: ImportRun.ERRORS_KEPT]
    ]
    run.finished_at = timezone.now()
    run.progress = 1.0
    run.save()
    _record(run)
    return run


def _check_and_write(
    plan, table, sample, rows, options, run, on_progress, footers: Footers
) -> list[RowError]:
    """Check every row, then (unless a dry run, or refused) write them; set the run's status
    and counts. Returns the errors found."""
    build_parsers(plan, [cells for _, cells in sample], options)
    writes = not options.dry_run
    writer = writer_for(plan, run, options, writing=False)
    checking = _share(on_progress, 0.0, 0.5 if writes else 1.0, "checking")
    with Spool() as spool:
        # The check opens no transaction of its own (on SQLite it would take the write lock);
        # inside a caller's, it runs in a savepoint, so that an error in it leaves the
        # caller's transaction usable (PostgreSQL refuses every statement after an error).
        inside = transaction.get_connection().in_atomic_block
        with transaction.atomic() if inside else contextlib.nullcontext():
            cell_errors, found = _check_all(
                plan, table, itertools.chain(sample, rows), writer, run, checking, spool
            )
        errors = cell_errors + found
        # The footer is known once the check has read the whole file; the write pass reads
        # the check's rows, so both passes skip the same lines.
        if (skipped := footers.warning()) is not None:
            plan.warnings.append(skipped)
            run.warnings = plan.warnings
        refused = bool(errors) and not options.skip_bad_rows
        if writes and not refused:
            writing = _share(on_progress, 0.5, 1.0, "writing")
            errors, writer, refused = _write_all(spool, cell_errors, plan, options, run, writing)
    _count(run, writer, errors, options)
    if options.dry_run:
        run.status = ImportRun.Status.DRY_RUN
    elif refused:
        run.status = ImportRun.Status.REFUSED
        run.message = "Nothing was imported because some rows are bad. Fix them, or skip bad rows."
        _clear_counts(run)
    else:
        run.status = ImportRun.Status.SUCCEEDED
    return errors


def _record(run: ImportRun) -> None:
    """One entry in the audit trail per import that was meant to write (dry runs change
    nothing), refused and failed ones included."""
    if run.status == ImportRun.Status.DRY_RUN:
        return
    with acting(via=Via.IMPORT, user=run.started_by, import_run_id=run.pk):
        audit.record(
            kind=Kind.IMPORT,
            action=run.status,
            object_type="crm.importrun",
            object_id=run.pk,
            summary=f"Import of {run.kind} from {run.file_name}: {run.get_status_display()}",
            changes={
                name: [None, getattr(run, name)]
                for name in ("rows_read", "created", "updated", "unchanged", "skipped")
            }
            | {"errors": [None, run.error_count]},
        )


NO_ROWS = "The file has no rows under its header (blank rows do not count): nothing to import."
MESSAGE_CHARACTERS = 2000


def failure_message(error: BaseException) -> str:
    """What a person is told when an import stopped on an error nobody foresaw."""
    detail = parsing.shown(f"{type(error).__name__}: {error}", limit=MESSAGE_CHARACTERS)
    return f"The import stopped on an unexpected error, so nothing was imported. ({detail})"


COUNTS = ("created", "updated", "unchanged", "skipped", "people_created")


def _clear_counts(run: ImportRun) -> None:
    """An import that wrote nothing reports nothing created, updated or left unchanged."""
    for name in COUNTS:
        setattr(run, name, 0)


def _share(on_progress: Progress | None, low: float, high: float, step: str):
    """A pass's progress (0..1 through the file) as its share of the whole import's."""

    def report(fraction: float, rows: int) -> None:
        if on_progress is not None:
            on_progress(low + (high - low) * fraction, rows, step)

    return report


def _batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


class Spool:
    """The rows the check parsed, batch by batch, in a temporary file: the write pass reads
    them back instead of reading and parsing the file again, which would hold the write lock
    for longer. The file is our own, written and read by this process only."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115  (closed by __exit__)

    def add(self, rows: list[Row], fraction: float, read: int, failed: list) -> None:
        """`failed`: (line, owner cell) of the rows with a bad cell (Writer.note_owners)."""
        pickle.dump((rows, fraction, read, failed), self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def batches(self) -> Iterator[tuple[list[Row], float, int, list]]:
        self.file.seek(0)
        while True:
            try:
                yield pickle.load(self.file)  # noqa: S301  (our own file, see above)
            except EOFError:
                return

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()


def _check_all(
    plan, table: Table, rows, checker: Writer, run: ImportRun, report, spool: Spool
) -> tuple[list[RowError], list[RowError]]:
    """Parse every row and check it, writing nothing; the parsed rows go to the spool.
    Returns the bad cells and the rows the writer refused."""
    cells: list[RowError] = []
    refused: list[RowError] = []
    run.rows_read = 0
    owner = plan.columns.get(checker.owner_field)
    for batch in _batches(rows, BATCH_ROWS):
        before = len(cells)
        parsed = [row for line, values in batch if (row := parse_row(plan, line, values, cells))]
        # The owners of rows with a bad cell are counted too (see Writer.note_owners).
        failed = _owners_of(batch, cells[before:], owner)
        checker.note_owners(failed)
        refused.extend(checker.write(parsed))
        run.rows_read += len(batch)
        spool.add(parsed, table.progress(), len(batch), failed)
        report(table.progress(), run.rows_read)
    refused.extend(checker.finish())
    return cells, refused


def _owners_of(batch, errors: list[RowError], owner: int | None) -> list[tuple[int, Any]]:
    """(line, owner cell) of the batch's rows that these errors refused."""
    if owner is None or not errors:
        return []
    bad = {error.line for error in errors}
    return [
        (line, values[owner] if owner < len(values) else None)
        for line, values in batch
        if line in bad
    ]


def _write_all(
    spool: Spool, cell_errors: list[RowError], plan, options: ImportOptions, run: ImportRun, report
) -> tuple[list[RowError], Writer, bool]:
    """Write the checked rows in one transaction: the only time an import holds the write
    lock. Rolled back if a row is refused after all (the data it was checked against changed
    in between). Returns the errors, the writer and whether it was refused."""
    errors: list[RowError] = list(cell_errors)
    refused = False
    run.rows_read = 0
    try:
        with transaction.atomic():
            writer = writer_for(plan, run, options)
            for parsed, fraction, read, failed in spool.batches():
                writer.note_owners(failed)
                errors.extend(writer.write(parsed))
                run.rows_read += read
                report(fraction, run.rows_read)
            errors.extend(writer.finish())
            refused = bool(errors) and not options.skip_bad_rows
            if refused:
                log.warning(
                    "import %s: the check passed but writing refused %d row(s); rolled back",
                    run.pk,
                    len(errors),
                )
                raise Refused
            import_written.send(sender=ImportRun, run=run, previous=writer.previous)
    except Refused:
        pass
    return errors, writer, refused


def _count(run: ImportRun, writer: Writer, errors: list[RowError], options: ImportOptions) -> None:
    counts = writer.counts
    run.created, run.updated = counts["created"], counts["updated"]
    run.unchanged, run.skipped = counts["unchanged"], counts["skipped"]
    run.people_created = counts["people_created"]
    run.unknown_owners = writer.unknown_owners()
    run.warnings = [*run.warnings, *writer.warnings]
    if options.skip_bad_rows:
        # A problem said once for many rows (an unknown stage or person) skips them all.
        single = {e.line for e in errors if e.rows == 1}
        run.skipped += len(single) + sum(e.rows for e in errors if e.rows != 1)
    run.unknown_stages = list(getattr(writer, "stage_suggestions", []))
