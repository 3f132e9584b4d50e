"""What an import passes between its steps: the options it was asked for, the plan of how a
file's columns are read, each row read and each row's error.

The reading, the engine and the writers all speak these types; keeping them here lets each of
those import them without importing one another.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from leadwell.crm.importing.fields import FIELDS
from leadwell.crm.importing.parsing import shown, text


@dataclass
class ImportOptions:
    kind: str
    preset: str = "auto"
    # From a mapping file: {"columns": {field: header}, "date_format": "%d/%m/%Y",
    # "decimal_comma": bool, "stages": {name: {"outcome": ..., "order": ...}}}
    mapping: dict[str, Any] = field(default_factory=dict)
    key: list[str] = field(default_factory=list)
    dry_run: bool = False
    skip_bad_rows: bool = False
    create_people: bool = False
    sheet: str | None = None
    # A re-import that corrects an earlier one (a column was missed): deals are updated and
    # no change is recorded in their history (it would be dated today, and is none).
    correction: bool = False
    # Read a UTF-8 file with a few broken byte sequences, each replaced by U+FFFD (a warning
    # names their lines) instead of refusing it.
    replace_bad_bytes: bool = False
    # What rows that do not say get (a file with no owner column is one person's pipeline;
    # a calls export may have no type column): a person's name, e-mail or CRM id, an
    # activity type, an activity status.
    default_owner: str = ""
    default_type: str = ""
    default_status: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "dry_run": self.dry_run,
            "skip_bad_rows": self.skip_bad_rows,
            "create_people": self.create_people,
            "sheet": self.sheet,
            "correction": self.correction,
            "replace_bad_bytes": self.replace_bad_bytes,
            "default_owner": self.default_owner,
            "default_type": self.default_type,
            "default_status": self.default_status,
        }


PER_FILE_DEFAULTS = ("default_owner", "default_type", "default_status")


class PerFileDefaults(TypedDict):
    default_owner: str
    default_type: str
    default_status: str


def per_file_defaults(saved: dict[str, Any]) -> PerFileDefaults:
    """The per-file defaults among an import's saved options (or a form's)."""

    def given(name: str) -> str:
        return str(saved.get(name) or "").strip()

    return PerFileDefaults(
        default_owner=given("default_owner"),
        default_type=given("default_type"),
        default_status=given("default_status"),
    )


@dataclass
class Plan:
    """How a file's columns are read: decided from its header (and a sample of its rows)."""

    kind: str
    preset: str
    header: list[str]
    columns: dict[str, int]  # field -> column index
    key_columns: list[int]
    ignored: list[str]
    parsers: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # labels of required fields not found
    # Required fields whose blank cells the writer answers for (a default owner, a name made
    # of first and last names), so a blank cell is not an error of its own.
    optional: set[str] = field(default_factory=set)
    # Reads the id made of the key columns' values (`--key`), bounded like an id column.
    key_reader: Callable[[Any], Any] = text
    # Column index -> how it came to be read (presets.FROM_*).
    how: dict[int, str] = field(default_factory=dict)
    # What the person importing should know about the file as a whole, as {column, reason}.
    warnings: list[dict[str, Any]] = field(default_factory=list)
    # Date field -> its day-first or month-first reading (dates.DateOrder), decided per column.
    date_orders: dict[str, Any] = field(default_factory=dict)
    # Fields the kind needs that no column fills and nobody has said the file lacks.
    unanswered: list[str] = field(default_factory=list)
    # Values read from another field's cell, as (value's name, column index, reader): the
    # sign a deal's amount is written with, which decides its currency (money.deal_currency).
    also: list[tuple[str, int, Callable[[Any], Any]]] = field(default_factory=list)
    # Activities: the type of every row of a file that says it holds one type only (a calls
    # export, calls.csv), and what says so ("its name (calls.csv)"); "" when it does not.
    activity_type: str = ""
    activity_type_from: str = ""
    _readers: list[tuple[str, int, Callable[[Any], Any], bool, str]] | None = None

    def readers(self) -> list[tuple[str, int, Callable[[Any], Any], bool, str]]:
        """(field, column index, parser, required, header) for each read column, made once."""
        if self._readers is None:
            self._readers = [
                (
                    name,
                    index,
                    self.parsers[name],
                    FIELDS[self.kind][name].required
                    and name not in self.optional
                    and not (name == "external_id" and self.key_columns),
                    self.header[index],
                )
                for name, index in self.columns.items()
            ]
        return self._readers

    def column_report(self) -> list[dict[str, Any]]:
        """Every column of the file, in order: the field it goes to (None when ignored) and
        how that was decided. Nothing in a file goes unaccounted for."""
        field_of = {index: name for name, index in self.columns.items()}
        field_of.update((index, "external_id") for index in self.key_columns)
        return [
            {"header": header, "field": field_of.get(index), "source": self.how.get(index)}
            for index, header in enumerate(self.header)
        ]

    def column_name(self, field_name: str) -> str:
        if field_name == "external_id" and self.key_columns:
            return "+".join(self.header[i] for i in self.key_columns)
        index = self.columns.get(field_name)
        return self.header[index] if index is not None else FIELDS[self.kind][field_name].label


@dataclass
class RowError:
    line: int
    column: str
    value: str
    reason: str
    # How many rows the problem stands for: an unknown stage or person is said once, on the
    # first line that names it, for all its rows.
    rows: int = 1

    def as_json(self) -> dict[str, Any]:
        found = {
            "line": self.line,
            "column": shown(self.column),
            "value": shown(self.value),
            "reason": self.reason,
        }
        return found | ({"rows": self.rows} if self.rows != 1 else {})


@dataclass
class Row:
    line: int
    values: dict[str, Any]
