"""The history of opportunities, from a CRM's history reports and exports, in one pass.

Two shapes of file arrive:
- one change a row: a field, its old and its new value (a Salesforce field-history report's
  `Field / Event, Old Value, New Value`, the data export's `OpportunityFieldHistory`);
- one snapshot of a deal a row: its stage, amount, close date and forecast category as they
  were from that day on (the data export's `OpportunityHistory`). Where the export also has
  the values before (`FromOpportunityStageName`, `PrevAmount`, `PrevCloseDate`,
  `FromForecastCategory`), each row is the change from those to its own. Where it does not,
  the changes are the differences between consecutive snapshots of the same deal.

Consecutive snapshots of a deal can be far apart in a file (the export is in no useful
order), so they are kept, as read, in a temporary table keyed by deal and compared at the end
of the file, a few hundred deals at a time: memory is bounded by those deals, never by the
file. Snapshots are ordered by the moment they were taken: the date column's time of day
counts too (an export's rows of one day are in no useful order either), then file order.

A row whose old and new values are equal is no change: it is skipped, counted and explained.
Values are kept as the opportunities' own history keeps them (`history_value`), so a change
read from a report and one seen between two imports compare alike.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection

from leadwell.crm.importing.bounds import bounded
from leadwell.crm.importing.fields import CHOICES, FIELDS
from leadwell.crm.importing.parsing import (
    CellError,
    make_choice_parser,
    make_date_parser,
    make_decimal_parser,
    shown,
)
from leadwell.crm.importing.reading import FileProblem
from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Writer
from leadwell.crm.importing.writers.deals import history_value, unknown_opportunity_reasons
from leadwell.crm.importing.writers.references import Stages
from leadwell.crm.models import Opportunity, OpportunityChange
from leadwell.lib.dbsql import create_temporary, load

# While checking, the changes earlier batches of the file would have written.
CHECKED_CHANGES = "lw_checked_changes"
# The snapshots of a file without the values before each change, compared at its end.
SNAPSHOTS = "lw_history_snapshots"
DEALS_AT_ONCE = 500

# A snapshot's fields, the field of the values before it, and the change each one records.
SNAPSHOT_FIELDS = {
    "stage": ("from_stage", OpportunityChange.Field.STAGE),
    "amount": ("prev_amount", OpportunityChange.Field.AMOUNT),
    "close_date": ("prev_close_date", OpportunityChange.Field.CLOSE_DATE),
    "forecast_category": ("from_forecast_category", OpportunityChange.Field.FORECAST_CATEGORY),
}
CHANGE_COLUMNS = ("field", "old_value", "new_value")


_TIME = re.compile(
    r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?\s*([AaPp][Mm])?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{3,4})?\s*$"
)


def _time_of(value: Any) -> datetime.time:
    """The time of day a date cell also holds (midnight when none)."""
    if isinstance(value, datetime.datetime):
        return value.time()
    found = _TIME.search(str(value))
    if not found:
        return datetime.time()
    hour, minute, second, fraction, half = found.groups()
    hours = int(hour) % 12 + (12 if half.lower() == "pm" else 0) if half else int(hour)
    try:
        return datetime.time(
            hours, int(minute), int(second or 0), int((fraction or "0").ljust(6, "0"))
        )
    except ValueError:
        return datetime.time()


def with_time(parse: Callable[[Any], datetime.date]) -> Callable[[Any], datetime.datetime]:
    """A date column's parser that keeps the time of day too, to order a day's snapshots."""

    def read(value: Any) -> datetime.datetime:
        return datetime.datetime.combine(parse(value), _time_of(value))

    return read


def _split(value: datetime.date) -> tuple[datetime.date, str]:
    """The day of a change, and the moment it was taken as sortable text."""
    if isinstance(value, datetime.datetime):
        return value.date(), value.isoformat()
    return value, value.isoformat()


def _day(value: Any) -> datetime.date:
    """A date read back from a temporary table (SQLite keeps it as ISO text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


# A Salesforce user id: Salesforce writes an owner change twice, once with the users' ids and
# once with their names.
USER_ID = re.compile(r"005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?")

# (opportunity id, field, day, old value, new value)
Change = tuple[int, str, Any, str, str]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class HistoryWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        columns = self.plan.columns
        self.by_change = any(name in columns for name in CHANGE_COLUMNS)
        self.snapshot = [] if self.by_change else [f for f in SNAPSHOT_FIELDS if f in columns]
        if not self.by_change and not self.snapshot:
            raise FileProblem(
                "A history file needs either the columns of one change a row (Field, Old "
                "Value, New Value) or the deal's values at each date (Stage, Amount, Close "
                f"Date, Forecast Category). The file's columns are: "
                f"{', '.join(h for h in self.plan.header if h)}"
            )
        # With the values before, each row is its own changes; without, the snapshots of a
        # deal are compared with one another at the end of the file.
        self.with_before = [f for f in self.snapshot if SNAPSHOT_FIELDS[f][0] in columns]
        self.consecutive = [f for f in self.snapshot if f not in self.with_before]
        if self.consecutive and not self.writing:
            # The check parses the rows (the write reads them back from it): read the time of
            # day of each snapshot too. Rows are not yet read, so the plan takes the new parser.
            self.plan.parsers["changed_on"] = with_time(self.plan.parsers["changed_on"])
            self.plan._readers = None
        self.stages = Stages(self.options.mapping.get("stages"), writing=False)
        # A change's values are kept as text, read as the deal's own fields would be.
        self.read_date = bounded(FIELDS["opportunities"]["close_date"], make_date_parser(fmt=None))
        self.read_amount = bounded(
            FIELDS["opportunities"]["amount"],
            make_decimal_parser(decimal_comma=bool(self.options.mapping.get("decimal_comma"))),
        )
        self.read_category = make_choice_parser(
            CHOICES["forecast_category"], label="forecast category"
        )
        self.read_field = make_choice_parser(CHOICES["history_field"], label="field")
        # What the file held besides changes, for the summary: fields without history,
        # rows whose old and new values agree, snapshots that start a deal's history.
        self.untracked: Counter[str] = Counter()
        self.equal: Counter[str] = Counter()
        self.starts = 0
        self.id_twins = 0
        self.snapshots = 0
        with connection.cursor() as cursor:
            if not self.writing:
                create_temporary(
                    cursor,
                    CHECKED_CHANGES,
                    [
                        ("opportunity_id", "integer"),
                        ("field", "text"),
                        ("changed_on", "date"),
                        ("old_value", "text"),
                        ("new_value", "text"),
                    ],
                )
                cursor.execute(
                    f"CREATE INDEX {CHECKED_CHANGES}_idx ON {CHECKED_CHANGES} (opportunity_id)"
                )
            if self.consecutive:
                create_temporary(
                    cursor,
                    SNAPSHOTS,
                    [
                        ("opportunity_id", "integer"),
                        ("changed_on", "date"),
                        ("taken_at", "text"),
                        ("line", "integer"),
                    ]
                    + [(name, "text") for name in self.consecutive],
                )
                cursor.execute(f"CREATE INDEX {SNAPSHOTS}_idx ON {SNAPSHOTS} (opportunity_id)")

    # --- reading the rows ---------------------------------------------------------------
    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        wanted = {r.values["opportunity"] for r in rows}
        ids = dict(
            Opportunity.objects.filter(external_id__in=wanted).values_list("external_id", "pk")
        )
        changes: list[Change] = []
        kept: list[tuple[Any, ...]] = []
        unknown = unknown_opportunity_reasons(rows, ids)
        for row in rows:
            opportunity_id = ids.get(row.values["opportunity"])
            if opportunity_id is None:
                errors.append(self.error(row, "opportunity", unknown[row.values["opportunity"]]))
                continue
            try:
                if self.by_change:
                    changes.extend(self._change(row, opportunity_id))
                else:
                    changes.extend(self._snapshot_changes(row, opportunity_id))
                    if self.consecutive:
                        kept.append(
                            (
                                opportunity_id,
                                *_split(row.values["changed_on"]),
                                row.line,
                                *(self._value(f, row.values.get(f)) for f in self.consecutive),
                            )
                        )
            except _BadValue as bad:
                errors.append(self.error(row, bad.field_name, str(bad)))
        if kept:
            with connection.cursor() as cursor:
                load(
                    cursor,
                    SNAPSHOTS,
                    ["opportunity_id", "changed_on", "taken_at", "line", *self.consecutive],
                    kept,
                    as_text=["changed_on"],
                )
        self._record(changes)
        return errors

    def _change(self, row: Row, opportunity_id: int) -> Iterator[Change]:
        """The one change a row of a field history holds (none when it is no change)."""
        v = row.values
        field_name: str = OpportunityChange.Field.STAGE
        if v.get("field") is not None:
            try:
                field_name = self.read_field(v["field"])
            except CellError:
                # Probability, Next Step, "created"...: Leadwell keeps no history of them.
                self.untracked[" ".join(str(v["field"]).split())] += 1
                self.counts["skipped"] += 1
                return
        if field_name == OpportunityChange.Field.OWNER and all(
            USER_ID.fullmatch(str(v.get(k) or "")) or not v.get(k)
            for k in ("old_value", "new_value")
        ):
            self.id_twins += 1
            self.counts["skipped"] += 1
            return
        old, new = (self._normal(field_name, v.get(k), k) for k in ("old_value", "new_value"))
        if old == new:
            self.equal[field_name] += 1
            self.counts["skipped"] += 1
            return
        yield (opportunity_id, field_name, _split(v["changed_on"])[0], old, new)

    def _snapshot_changes(self, row: Row, opportunity_id: int) -> Iterator[Change]:
        """The changes a snapshot row holds with the values before it (full exports)."""
        self.snapshots += 1
        if not self.with_before:
            return
        v = row.values
        if all(v.get(SNAPSHOT_FIELDS[f][0]) is None for f in self.with_before):
            # Nothing before: the deal's first snapshot, where its history starts.
            if not self.consecutive:
                self.starts += 1
                self.counts["skipped"] += 1
            return
        found = False
        for name in self.with_before:
            before, field_name = SNAPSHOT_FIELDS[name]
            old, new = self._value(name, v.get(before)), self._value(name, v.get(name))
            if old == new:
                self.equal[field_name] += 1
                continue
            found = True
            yield (opportunity_id, field_name, _split(v["changed_on"])[0], old, new)
        if not found and not self.consecutive:
            self.counts["skipped"] += 1

    def _value(self, name: str, value: Any) -> str:
        """A snapshot's parsed value as history keeps it."""
        if name in ("stage", "from_stage") and value:
            stage = self.stages.find(value)
            return stage.name if stage is not None else " ".join(str(value).split())
        return history_value(value)

    def _normal(self, field_name: str, value: Any, column: str) -> str:
        """A change's old or new value (text in the file) as history keeps it."""
        if value in (None, ""):
            return ""
        try:
            if field_name == OpportunityChange.Field.CLOSE_DATE:
                return history_value(self.read_date(value))
            if field_name == OpportunityChange.Field.AMOUNT:
                return history_value(self.read_amount(value))
            if field_name == OpportunityChange.Field.FORECAST_CATEGORY:
                return self.read_category(value)
        except CellError as error:
            raise _BadValue(column, str(error)) from None
        if field_name == OpportunityChange.Field.STAGE:
            return self._value("stage", value)
        if field_name == OpportunityChange.Field.OWNER:
            found = self.people.find(str(value))
            return str(found) if found and found > 0 else str(value)
        return str(value)

    # --- the end of the file --------------------------------------------------------------
    def finish(self) -> list[RowError]:
        if self.consecutive:
            for changes in self._consecutive_changes():
                self._record(changes)
        self._explain()
        return super().finish()

    def _consecutive_changes(self) -> Iterator[list[Change]]:
        """The differences between consecutive snapshots of each deal, a few hundred deals at
        a time, in the order they were taken."""
        fields = [SNAPSHOT_FIELDS[name][1] for name in self.consecutive]
        listed = ", ".join(self.consecutive)
        after = -1
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT DISTINCT opportunity_id FROM {SNAPSHOTS} "  # noqa: S608
                    f"WHERE opportunity_id > %s ORDER BY opportunity_id LIMIT {DEALS_AT_ONCE}",
                    [after],
                )
                deals = [r[0] for r in cursor.fetchall()]
                if not deals:
                    return
                after = deals[-1]
                cursor.execute(
                    f"SELECT opportunity_id, changed_on, {listed} FROM {SNAPSHOTS} "  # noqa: S608
                    "WHERE opportunity_id >= %s AND opportunity_id <= %s "
                    "ORDER BY opportunity_id, changed_on, taken_at, line",
                    [deals[0], after],
                )
                yield list(self._differences(cursor.fetchall(), fields))

    def _differences(self, snapshots: Iterable[tuple[Any, ...]], fields) -> Iterator[Change]:
        previous: tuple[Any, ...] | None = None
        for snapshot in snapshots:
            opportunity_id, day, values = snapshot[0], _day(snapshot[1]), snapshot[2:]
            if previous is None or previous[0] != opportunity_id:
                self.starts += 1
                self.counts["skipped"] += 1
                previous = snapshot
                continue
            found = False
            for field_name, old, new in zip(fields, previous[2:], values, strict=True):
                if old != new:
                    found = True
                    yield (opportunity_id, field_name, day, old or "", new or "")
            if not found:
                self.equal["snapshot"] += 1
                self.counts["skipped"] += 1
            previous = snapshot

    # --- keeping the changes ----------------------------------------------------------------
    def _record(self, changes: list[Change]) -> None:
        """Write (or, checking, remember) the changes not already known; count each."""
        if not changes:
            return
        ids = list({c[0] for c in changes})
        existing = {
            entry[:5]: entry[5]
            for entry in OpportunityChange.objects.filter(opportunity_id__in=ids).values_list(
                "opportunity_id", "field", "changed_on", "old_value", "new_value", "import_run_id"
            )
        }
        if not self.writing:
            existing.update((entry, self.run.pk) for entry in self._checked(ids))
        new: list[Change] = []
        for change in changes:
            if change in existing:
                self.counts["skipped" if existing[change] == self.run.pk else "unchanged"] += 1
                continue
            existing[change] = self.run.pk
            new.append(change)
            self.counts["created"] += 1
        if self.writing:
            OpportunityChange.objects.bulk_create(
                (
                    OpportunityChange(
                        opportunity_id=opportunity_id,
                        field=field_name,
                        changed_on=day,
                        old_value=old,
                        new_value=new_value,
                        source=OpportunityChange.Source.HISTORY_REPORT,
                        import_run=self.run,
                    )
                    for opportunity_id, field_name, day, old, new_value in new
                ),
                batch_size=1000,
            )
            return
        with connection.cursor() as cursor:
            load(
                cursor,
                CHECKED_CHANGES,
                ["opportunity_id", "field", "changed_on", "old_value", "new_value"],
                new,
                as_text=["changed_on"],
            )

    def _checked(self, opportunity_ids: list[int]) -> set[tuple[Any, ...]]:
        """The changes of these opportunities that earlier batches of this check met."""
        found: set[tuple[Any, ...]] = set()
        with connection.cursor() as cursor:
            for start in range(0, len(opportunity_ids), 500):
                chunk = opportunity_ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    "SELECT opportunity_id, field, changed_on, old_value, new_value "  # noqa: S608
                    f"FROM {CHECKED_CHANGES} WHERE opportunity_id IN ({marks})",
                    chunk,
                )
                found.update((*r[:2], _day(r[2]), *r[3:]) for r in cursor.fetchall())
        return found

    def _explain(self) -> None:
        """What the file held that is not a change, said once each in the summary."""
        label = dict(OpportunityChange.Field.choices)
        if self.untracked:
            listed = ", ".join(
                f"{shown(name, limit=40)} ({count})"
                for name, count in self.untracked.most_common(8)
            )
            more = " …" if len(self.untracked) > 8 else ""
            total = sum(self.untracked.values())
            self.warnings.append(
                {
                    "column": self.plan.column_name("field"),
                    "reason": f"{_plural(total, 'row')} change fields Leadwell keeps no history "
                    f"of: {listed}{more}. Skipped. History is kept of "
                    f"{', '.join(str(v).lower() for v in label.values())}.",
                }
            )
        if self.id_twins:
            self.warnings.append(
                {
                    "column": self.plan.column_name("new_value"),
                    "reason": f"{_plural(self.id_twins, 'owner change')} given as Salesforce user "
                    "ids, the twin of the row with the names: skipped (the names are read).",
                }
            )
        per_field = {f: n for f, n in self.equal.items() if f != "snapshot"}
        if per_field:
            listed = ", ".join(
                f"{label[f].lower()} ({n})" for f, n in sorted(per_field.items(), key=str)
            )
            self.warnings.append(
                {
                    "column": self.plan.column_name(
                        "new_value" if self.by_change else "changed_on"
                    ),
                    "reason": f"{_plural(sum(per_field.values()), 'value')} equal to the value "
                    f"before: no change, not recorded ({listed}).",
                }
            )
        if self.snapshot:
            starts, same = self.starts, self.equal.get("snapshot", 0)
            fields = ", ".join(label[SNAPSHOT_FIELDS[f][1]].lower() for f in self.snapshot)
            how = (
                "each compared with the deal's snapshot before it"
                if self.consecutive
                else "each with the values before it"
            )
            self.warnings.append(
                {
                    "column": self.plan.column_name("changed_on"),
                    "reason": f"The file holds {_plural(self.snapshots, 'snapshot')} of deals "
                    f"({fields}), {how}: {_plural(starts, 'snapshot')} where a deal's history "
                    f"starts (no change before it)"
                    + (f", {same} the same as the snapshot before" if self.consecutive else "")
                    + ", skipped.",
                }
            )
        ignored = [f for f in SNAPSHOT_FIELDS if f in self.plan.columns] if self.by_change else []
        if ignored:
            self.warnings.append(
                {
                    "column": ", ".join(self.plan.column_name(f) for f in ignored),
                    "reason": "Not read: the file holds one change a row (Field, Old Value, New "
                    "Value), and its changes are read from those columns.",
                }
            )


class _BadValue(CellError):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field_name = field_name
