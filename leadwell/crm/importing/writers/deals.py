"""Writers for opportunities, their change history, and activities."""

import datetime
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from leadwell.crm.importing import presets
from leadwell.crm.importing.bounds import bounded
from leadwell.crm.importing.bulk import StagedUpsert
from leadwell.crm.importing.fields import CHOICES, FIELDS
from leadwell.crm.importing.parsing import (
    CellError,
    make_choice_parser,
    make_date_parser,
    make_decimal_parser,
)
from leadwell.crm.importing.reading import FileProblem
from leadwell.crm.importing.rows import Plan, Row, RowError
from leadwell.crm.importing.writers.base import Writer
from leadwell.crm.importing.writers.references import Accounts, Stages
from leadwell.crm.models import Activity, Opportunity, OpportunityChange
from leadwell.lib.dbsql import create_temporary, load

TRACKED = {
    "stage": OpportunityChange.Field.STAGE,
    "amount": OpportunityChange.Field.AMOUNT,
    "close_date": OpportunityChange.Field.CLOSE_DATE,
    "owner_id": OpportunityChange.Field.OWNER,
    "forecast_category": OpportunityChange.Field.FORECAST_CATEGORY,
}


def history_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _day(value: Any) -> datetime.date:
    """A date read back from a temporary table (SQLite keeps it as ISO text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


OPPORTUNITY_COLUMNS = [
    "name",
    "account_id",
    "owner_id",
    "amount",
    "currency",
    "product",
    "type",
    "stage",
    "stage_order",
    "outcome",
    "probability",
    "forecast_category",
    "created_date",
    "close_date",
    "lost_reason",
]


class OpportunityWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stages = Stages(self.options.mapping.get("stages"), writing=self.writing)
        # The stages this file added to the stage map: name -> (outcome, the column it is from).
        self.new_stages: dict[str, tuple[str, str]] = {}
        self.accounts = Accounts(self.run, writing=self.writing)
        self.upsert = StagedUpsert(
            Opportunity,
            key="external_id",
            columns=OPPORTUNITY_COLUMNS,
            tracked=list(TRACKED),
            run_id=self.run.pk,
            extra={"updated_at": timezone.now()},
            previous=("owner_id", ["close_date", "created_date"]),
            writing=self.writing,
        )
        self.previous = self.upsert.previous_table

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        account_ids = self.accounts.resolve(
            {r.values["account"] for r in rows if r.values.get("account")}
        )
        self.crm_ids.prepare(rows, "account_id")
        items = []
        as_of = {}
        for row in rows:
            v = row.values
            outcome = outcome_of(v)
            stage = self.stages.find(v["stage"])
            if stage is None and outcome is not None:
                stage = self._new_stage(row, outcome)
            if stage is None:
                errors.append(
                    self.error(row, "stage", f"unknown stage; known stages: {self.stages.known()}")
                )
                continue
            owner_id = self.owners.of(row, errors)
            if owner_id is None:
                continue
            account_id = account_ids.get(v.get("account") or "")
            if v.get("account_id"):
                account_id = self.crm_ids.account(row, "account_id")
                if account_id is None:
                    continue
            outcome = outcome or stage.outcome
            close_date = v.get("close_date")
            if outcome != "open":  # a closed deal's own close time, where the CRM keeps one
                close_date = v.get("won_on" if outcome == "won" else "lost_on") or close_date
            probability = v.get("probability")
            values = (
                v["external_id"],
                v.get("name") or "",
                account_id,
                owner_id,
                v.get("amount"),
                (v.get("currency") or "USD").upper(),
                v.get("product") or "",
                v.get("type") or "",
                stage.name,
                stage.order,
                outcome,
                probability if probability is not None else stage.probability,
                v.get("forecast_category") or "",
                v.get("created_date"),
                close_date,
                v.get("lost_reason") or "",
            )
            items.append((row, values))
            as_of[v["external_id"]] = v.get("as_of")
        conflict = self.conflict
        items, duplicates = self.upsert.dedupe(items, self.counts, conflict)
        written, changed = self.upsert.apply(items, self.counts, conflict)
        if self.writing:
            self._record_changes(changed, as_of)
        return errors + duplicates + written

    def _new_stage(self, row: Row, outcome: str) -> Any:
        """An unknown stage of a deal whose file says how it ended (IsWon, a status): added
        to the stage map with that outcome, and said once in the warnings."""
        stage = self.stages.add(row.values["stage"], outcome)
        column = self.plan.column_name("status" if row.values.get("status") else "is_won")
        self.new_stages.setdefault(stage.name, (outcome, column))
        return stage

    def finish(self) -> list[RowError]:
        self.warnings.extend(
            {
                "column": self.plan.column_name("stage"),
                "reason": f"the stage {name!r} was not in the stage map: added to it as {outcome}"
                f" (from the {column} column), after the known stages; a [stages] section in a "
                "mapping file sets its order",
            }
            for name, (outcome, column) in self.new_stages.items()
        )
        return super().finish()

    def _record_changes(self, changed, as_of: dict) -> None:
        history = []
        ids = {
            pk: external_id
            for pk, external_id in Opportunity.objects.filter(
                pk__in=[pk for pk, _, _ in changed]
            ).values_list("pk", "external_id")
        }
        for pk, old, new in changed:
            changed_on = as_of.get(ids.get(pk)) or self.today
            for name, field_name in TRACKED.items():
                if old[name] != new[name]:
                    history.append(
                        OpportunityChange(
                            opportunity_id=pk,
                            field=field_name,
                            old_value=history_value(old[name]),
                            new_value=history_value(new[name]),
                            changed_on=changed_on,
                            source=OpportunityChange.Source.IMPORT,
                            import_run=self.run,
                        )
                    )
        OpportunityChange.objects.bulk_create(history, batch_size=1000)


def outcome_of(values: dict[str, Any]) -> str | None:
    """What the file itself says became of the deal (a status column; Salesforce's IsWon and
    IsClosed), or None when it does not say and the stage decides."""
    if values.get("status"):
        return values["status"]
    won, closed = values.get("is_won"), values.get("is_closed")
    if won == "yes":
        return "won"
    if closed == "no":
        return "open"
    if closed == "yes" and won == "no":
        return "lost"
    return None


# While checking, the changes earlier batches of the file would have written.
CHECKED_CHANGES = "lw_checked_changes"


class HistoryWriter(Writer):
    """A CRM's field-history report: each row one change of one field of one opportunity."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Old and new values are kept as text, read as the deal's own fields would be.
        self.read_date = bounded(FIELDS["opportunities"]["close_date"], make_date_parser(fmt=None))
        self.read_amount = bounded(
            FIELDS["opportunities"]["amount"],
            make_decimal_parser(decimal_comma=bool(self.options.mapping.get("decimal_comma"))),
        )
        if not self.writing:
            with connection.cursor() as cursor:
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

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        wanted = {r.values["opportunity"] for r in rows}
        ids = dict(
            Opportunity.objects.filter(external_id__in=wanted).values_list("external_id", "pk")
        )
        known = set(
            OpportunityChange.objects.filter(opportunity_id__in=ids.values()).values_list(
                "opportunity_id", "field", "changed_on", "old_value", "new_value", "import_run_id"
            )
        )
        existing = {entry[:5]: entry[5] for entry in known}
        if not self.writing:
            existing.update((entry, self.run.pk) for entry in self._checked(list(ids.values())))
        new = []
        for row in rows:
            v = row.values
            opportunity_id = ids.get(v["opportunity"])
            if opportunity_id is None:
                errors.append(
                    self.error(
                        row, "opportunity", "unknown opportunity: import opportunities first"
                    )
                )
                continue
            field_name = v.get("field") or OpportunityChange.Field.STAGE
            try:
                old, new_value = (
                    self._normal(row, field_name, v.get(k), errors)
                    for k in ("old_value", "new_value")
                )
            except CellError as error:
                errors.append(self.error(row, "new_value", str(error)))
                continue
            if old is None or new_value is None:
                continue
            entry = (opportunity_id, field_name, v["changed_on"], old, new_value)
            if entry in existing:
                self.counts["skipped" if existing[entry] == self.run.pk else "unchanged"] += 1
                continue
            existing[entry] = self.run.pk
            new.append(
                OpportunityChange(
                    opportunity_id=opportunity_id,
                    field=field_name,
                    old_value=old,
                    new_value=new_value,
                    changed_on=v["changed_on"],
                    source=OpportunityChange.Source.HISTORY_REPORT,
                    import_run=self.run,
                )
            )
            self.counts["created"] += 1
        if self.writing:
            OpportunityChange.objects.bulk_create(new, batch_size=1000)
        else:
            with connection.cursor() as cursor:
                load(
                    cursor,
                    CHECKED_CHANGES,
                    ["opportunity_id", "field", "changed_on", "old_value", "new_value"],
                    (
                        (c.opportunity_id, c.field, c.changed_on, c.old_value, c.new_value)
                        for c in new
                    ),
                    as_text=["changed_on"],
                )
        return errors

    def _normal(self, row: Row, field_name: str, value: Any, errors: list[RowError]) -> str | None:
        """Values as Opportunity history keeps them, so later analyses compare like with like."""
        if value in (None, ""):
            return ""
        if field_name == OpportunityChange.Field.CLOSE_DATE:
            return history_value(self.read_date(value))
        if field_name == OpportunityChange.Field.AMOUNT:
            return history_value(self.read_amount(value))
        if field_name == OpportunityChange.Field.OWNER:
            found = self.people.find(str(value))
            return str(found) if found and found > 0 else str(value)
        return str(value)


ACTIVITY_COLUMNS = ["owner_id", "type", "date", "status", "subject", "account_id", "opportunity_id"]


class ActivityWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = Accounts(self.run, writing=self.writing)
        self.upsert = StagedUpsert(
            Activity,
            key="external_id",
            columns=ACTIVITY_COLUMNS,
            tracked=[],
            run_id=self.run.pk,
            previous=("owner_id", ["date"]),
            writing=self.writing,
        )
        self.previous = self.upsert.previous_table
        # What a row whose columns do not say gets: the user's default for the file, else
        # the type of the export (a Zoho calls export), else the subject's first word.
        self.default_type = _default(self.options.default_type, "activity_type", "type")
        self.default_status = _default(self.options.default_status, "activity_status", "status")
        # A file with no column of types whose kind or name says them: a Zoho calls export,
        # a sheet called calls.csv. Said once in the warnings, with the rows it typed.
        self.file_type, self.file_type_from = _file_type(self.plan, self.run.file_name)
        self.file_typed = 0
        # Rows with no date dated by when they were completed or created, by that field.
        self.dated_by: Counter[str] = Counter()

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        account_ids = self.accounts.resolve(
            {r.values["account"] for r in rows if r.values.get("account")}
        )
        self.crm_ids.prepare(rows, "opportunity", "account_id", "related_id")
        items = []
        for row in rows:
            v = row.values
            account_id = account_ids.get(v.get("account") or "")
            opportunity_id = None
            if v.get("opportunity"):
                opportunity_id = self.crm_ids.opportunity(row, "opportunity")
                if opportunity_id is None:
                    continue
            if v.get("account_id"):
                account_id = self.crm_ids.account(row, "account_id")
                if account_id is None:
                    continue
            if v.get("related_id"):
                related = self.crm_ids.related(row, "related_id")
                if related is None:
                    continue
                account_id = related[0] or account_id
                opportunity_id = related[1] or opportunity_id
            owner_id = self.owners.of(row, errors)
            if owner_id is None:
                continue
            date = v.get("date") or self._undated(row, errors)
            if date is None:
                continue
            status = (
                v.get("status")
                or {"yes": Activity.Status.DONE, "no": Activity.Status.PLANNED}.get(
                    v.get("is_closed") or ""
                )
                or self.default_status
                or (Activity.Status.PLANNED if date > self.today else Activity.Status.DONE)
            )
            values = (
                v["external_id"],
                owner_id,
                self._type(v),
                date,
                status,
                v.get("subject") or "",
                account_id,
                opportunity_id,
            )
            items.append((row, values))
        items, duplicates = self.upsert.dedupe(items, self.counts, self.conflict)
        written, _ = self.upsert.apply(items, self.counts, self.conflict)
        return errors + duplicates + written

    def _undated(self, row: Row, errors: list[RowError]) -> datetime.date | None:
        """The date of an activity whose date is blank (a task with no due date): when it
        was completed, else created, counted for a warning; None (the row refused) if none."""
        for name in ("completed_on", "created_on"):
            if row.values.get(name):
                self.dated_by[name] += 1
                return row.values[name]
        errors.append(self.error(row, "date", "Date is required"))
        return None

    def _type(self, v: dict[str, Any]) -> str:
        """The type column's; else a call type says a call, a task subtype (other than
        plain Task) says what it was; else the default the user gave for the file; else, in
        a file with no column of types, what its kind or its name says (a Zoho calls export,
        calls.csv); else the subject's first word (Call, Email, Meeting, Demo); else other."""
        if v.get("type"):
            return v["type"]
        if v.get("call_type"):
            return Activity.Type.CALL
        subtype = v.get("task_subtype")
        if subtype and subtype != Activity.Type.OTHER:
            return subtype
        if self.default_type:
            return self.default_type
        if self.file_type:
            self.file_typed += 1
            return self.file_type
        return _subject_type(v.get("subject")) or Activity.Type.OTHER

    def finish(self) -> list[RowError]:
        for name, count in self.dated_by.items():
            rows = f"{count} rows with no date are" if count != 1 else "1 row with no date is"
            self.warnings.append(
                {
                    "column": self.plan.column_name("date"),
                    "reason": f"{rows} dated by their {self.plan.column_name(name)} column",
                }
            )
        if self.file_typed:
            label = Activity.Type(self.file_type).label.lower()
            self.warnings.append(
                {
                    "column": FIELDS["activities"]["type"].label,
                    "reason": f"the file has no type column: {self.file_type_from} says it "
                    f"holds {label}s only; --default-type sets another type",
                }
            )
        return super().finish()


def _file_type(plan: Plan, file_name: str) -> tuple[str, str]:
    """The type of every activity of a file that holds one type only, and what says so: its
    kind (a Zoho calls export) when it has no type column; its name when no column at all
    tells types."""
    if "type" in plan.columns:
        return "", ""
    told = presets.BY_NAME[plan.preset].activity_type
    if told:
        return told, f"its kind ({plan.preset})"
    if {"call_type", "task_subtype"} & set(plan.columns):
        return "", ""
    for word in re.split(r"[^A-Za-z]+", Path(file_name or "").stem):
        if word.casefold().rstrip("s") in ("call", "email", "meeting", "demo"):
            return _TOLD_BY_SUBJECT(word), f"its name ({file_name})"
    return "", ""


_TOLD_BY_SUBJECT = make_choice_parser(
    {name: CHOICES["activity_type"][name] for name in ("call", "email", "meeting", "demo")},
    label="activity type",
)


def _subject_type(subject: str | None) -> str | None:
    words = (subject or "").split()
    try:
        return _TOLD_BY_SUBJECT(words[0]) if words else None
    except CellError:
        return None


def _default(value: str, choices: str, option: str) -> str:
    """A per-file default (`--default-type call`), read like a cell of that column."""
    if not value:
        return ""
    try:
        return make_choice_parser(CHOICES[choices], label=option)(value)
    except CellError as error:
        raise FileProblem(f"--default-{option} {value!r}: {error}") from None
