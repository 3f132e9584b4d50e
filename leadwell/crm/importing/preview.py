"""What an import would read, shown before anything runs: the columns and the first rows."""

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadwell.crm.importing import dates
from leadwell.crm.importing.columns import plan_columns
from leadwell.crm.importing.engine import (
    SAMPLE_ROWS,
    _after_sample,
    build_parsers,
    parse_row,
)
from leadwell.crm.importing.fields import FIELDS, IMPORTANT
from leadwell.crm.importing.footers import Footers
from leadwell.crm.importing.parsing import text
from leadwell.crm.importing.presets import fits
from leadwell.crm.importing.reading import Table, open_table
from leadwell.crm.importing.rows import ImportOptions, RowError

PREVIEW_ROWS = 10


@dataclass
class Preview:
    kind: str
    header: list[str]
    preset: str
    columns: dict[str, str]  # field -> header it is read from
    fields: list[tuple[str, str, bool]]  # (field, label, required) of the kind
    ignored: list[str]
    missing: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Every column of the file: {header, field, label, source} (field None when ignored).
    report: list[dict[str, Any]] = field(default_factory=list)
    fits: list[dict[str, Any]] = field(default_factory=list)  # best first
    warnings: list[dict[str, str]] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # fields needed, not found, not denied
    said_absent: list[str] = field(default_factory=list)  # fields the person said it lacks

    @property
    def main_fields(self) -> list[tuple[str, str, bool]]:
        """The fields the review asks about first: those the file fills, those the kind
        needs, and those the figures need (a field nobody reads is one click away)."""
        return [f for f in self.fields if self._main(f[0], f[2])]

    @property
    def more_fields(self) -> list[tuple[str, str, bool]]:
        return [f for f in self.fields if not self._main(f[0], f[2])]

    def _main(self, name: str, required: bool) -> bool:
        return (
            required
            or name in self.columns
            or name in self.unanswered
            or name in self.said_absent
            or name in IMPORTANT.get(self.kind, {})
        )

    @property
    def fit(self) -> dict[str, Any] | None:
        """How well the header fits the preset it is read as (None for common names)."""
        return next((f for f in self.fits if f["preset"] == self.preset), None)

    # Each date column whose dates could be day-first or month-first: how it is read, and why
    # ({column, order, source, line, reason}, dates.DateOrder.as_json).
    date_orders: list[dict[str, Any]] = field(default_factory=list)


def preview(path: Path, options: ImportOptions, *, file_name: str = "") -> Preview:
    """Raises FileProblem when the file or its columns cannot be used at all. `file_name` is
    the file's name as uploaded (`path` may be a stored copy): it may say what it holds."""

    def reopen() -> Table:
        return open_table(
            Path(path), sheet=options.sheet, replace_bad_bytes=options.replace_bad_bytes
        )

    table = reopen()
    try:
        plan = plan_columns(
            options.kind,
            table.header,
            options,
            file_name=file_name or Path(path).name,
            strict=False,
        )
        sample = list(itertools.islice(Footers(len(table.header)).filter(table.rows), SAMPLE_ROWS))
    finally:
        table.rows.close()  # type: ignore[attr-defined]
    more = len(sample) == SAMPLE_ROWS
    plan.date_orders = dates.decide_orders(
        plan, sample, options, rest=(lambda: _after_sample(reopen)) if more else None
    )
    build_parsers(plan, [cells for _, cells in sample], options)
    labels = {name: spec.label for name, spec in FIELDS[options.kind].items()}
    result = Preview(
        kind=options.kind,
        header=table.header,
        preset=plan.preset,
        columns={name: plan.column_name(name) for name in plan.columns},
        fields=[(name, spec.label, spec.required) for name, spec in FIELDS[options.kind].items()],
        ignored=plan.ignored,
        missing=plan.missing,
        report=[
            column | {"label": labels.get(column["field"] or "", "")}
            for column in plan.column_report()
        ],
        fits=[fit.as_json() for fit in fits(options.kind, table.header)],
        warnings=plan.warnings,
        unanswered=plan.unanswered,
        said_absent=[f for f, column in options.mapping.get("columns", {}).items() if not column],
        date_orders=[
            order.as_json(plan.header[plan.columns[name]])
            for name, order in plan.date_orders.items()
        ],
    )
    if plan.missing:
        return result  # rows cannot be read until every required field has a column
    for line, cells in sample[:PREVIEW_ROWS]:
        errors: list[RowError] = []
        row = parse_row(plan, line, cells, errors)
        values = row.values if row else {}
        shown = {name: text(values.get(name)) for name in plan.columns}
        if values.get("amount_sign") and shown.get("amount"):
            # The sign the amount is written with decides its currency: shown with it, so
            # that €1.000 does not read as 1000 in the reporting currency.
            shown["amount"] += f" {values['amount_sign'][0]}"
        result.rows.append({"line": line, "values": shown, "bad": not row})
        result.errors.extend(errors)
    return result
