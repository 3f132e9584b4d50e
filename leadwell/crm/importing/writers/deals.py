"""Writers for opportunities and activities (a history report's writer is in history.py)."""

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils import timezone

from leadwell.crm.importing.bulk import StagedUpsert
from leadwell.crm.importing.columns import TYPE_WORD
from leadwell.crm.importing.fields import CHOICES, FIELDS
from leadwell.crm.importing.money import (
    NoRate,
    Rates,
    UnclearCurrency,
    currency_warnings,
    deal_currency,
)
from leadwell.crm.importing.parsing import CellError, make_choice_parser, text
from leadwell.crm.importing.presets import header_key
from leadwell.crm.importing.reading import FileProblem
from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Writer
from leadwell.crm.importing.writers.corrections import CorrectionHint
from leadwell.crm.importing.writers.grouped import Grouped
from leadwell.crm.importing.writers.references import Accounts, Stages
from leadwell.crm.models import Account, Activity, Opportunity, OpportunityChange

# How many lines of a grouped problem (an unknown stage) are named.
FIRST_LINES = 5

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


OPPORTUNITY_COLUMNS = [
    "name",
    "account_id",
    "owner_id",
    "amount",
    "currency",
    "amount_in_reporting_currency",
    "reporting_currency",
    "conversion",
    "exchange_rate",
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


UNKNOWN_OPPORTUNITY = "unknown opportunity: import opportunities first"


def unknown_opportunity_reasons(rows: list[Row], ids: dict[str, int]) -> dict[str, str]:
    """Why each opportunity id of these rows that is not an opportunity's is refused: an id
    of another kind of record (an account's, in a column taken for the opportunity's) says
    so, rather than asking for an import that would not help."""
    unknown = {r.values["opportunity"] for r in rows if r.values.get("opportunity")} - set(ids)
    if not unknown:
        return {}
    reasons = dict.fromkeys(unknown, UNKNOWN_OPPORTUNITY)
    for external_id in Account.objects.filter(external_id__in=unknown).values_list(
        "external_id", flat=True
    ):
        reasons[str(external_id)] = (
            "this is the id of an account, not of an opportunity: check which column holds "
            "the opportunity id"
        )
    for external_id in Activity.objects.filter(external_id__in=unknown).values_list(
        "external_id", flat=True
    ):
        reasons[str(external_id)] = (
            "this is the id of an activity, not of an opportunity: check which column holds "
            "the opportunity id"
        )
    return reasons


class OpportunityWriter(Writer):
    # Made on the first batch (see corrections.py).
    correction_hint: CorrectionHint | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stages = Stages(self.options.mapping.get("stages"), writing=self.writing)
        # The stages this file added to the stage map: name -> (outcome, the column it is from).
        self.new_stages: dict[str, tuple[str, str]] = {}
        self.accounts = Accounts(self.run, writing=self.writing)
        self.rates = Rates()
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
        # Stages the map lacks, by name: rows and the first lines (writers/grouped.py); at
        # the end, each with a suggested outcome and order for the stage table and the
        # mapping file ({name, rows, first_lines, outcome, order}).
        self.unknown_stages: Grouped[str] = Grouped(first=FIRST_LINES)
        self.stage_suggestions: list[dict[str, Any]] = []
        self.warnings.extend(currency_warnings(self.plan.columns, self.rates.reporting))
        # Lines of deals created after their close date: imported, and left out of the sales
        # cycle (metrics/parts.py), said once for the file in the summary.
        self.created_after_close: list[int] = []
        self.created_after_close_count = 0
        # Rows whose currency their amount's sign said (`€1.000`), by currency: said once.
        self.signed: Counter[str] = Counter()
        # (currency cell, amount's sign) -> what deal_currency decided of it.
        self.currencies: dict[tuple[str | None, str], tuple[str, bool]] = {}
        # Whether the file can say how a deal ended (outcome_of), asked once, not per row.
        self.tells_outcome = bool(OUTCOME_FIELDS & set(self.plan.columns))

    def _warn_created_after_close(self) -> None:
        count = self.created_after_close_count
        if count:
            lines = self.created_after_close
            shown = ", ".join(map(str, lines[:10])) + (" …" if count > 10 else "")
            self.warnings.append(
                {
                    "column": self.plan.column_name("created_date"),
                    "reason": (
                        f"{count} deal{'s' if count != 1 else ''} {'were' if count != 1 else 'was'}"
                        f" created after {'their' if count != 1 else 'its'} close date (line"
                        f"{'s' if count != 1 else ''} {shown}): imported, but left out of the "
                        "sales cycle, which would be negative"
                    ),
                    "rows": count,
                    "lines": lines,
                }
            )

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        account_ids = self.accounts.resolve(
            {r.values["account"] for r in rows if r.values.get("account")}
        )
        self.crm_ids.prepare(rows, "account_id")
        items = []
        as_of = {}
        reporting = self.rates.reporting
        currency_column = self.plan.column_name("currency")
        currencies = self.currencies
        for row in rows:
            v = row.values
            outcome = outcome_of(v) if self.tells_outcome else None
            stage = self.stages.find(v["stage"])
            if stage is None and outcome is not None:
                stage = self._new_stage(row, outcome)
            if stage is None:
                self._unknown_stage(row)
                self.note_owners([(row.line, v.get("owner"))])
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
            sign = v.get("amount_sign")
            try:
                if sign is None:  # the commonest deal: no sign to weigh
                    currency, signed = v.get("currency") or reporting, False
                else:  # a column of amounts repeats a sign or two: each weighed once
                    decided = currencies.get((v.get("currency"), sign[0]))
                    if decided is None:
                        decided = deal_currency(
                            v.get("currency"), sign, reporting, currency_column=currency_column
                        )
                        currencies[(v.get("currency"), sign[0])] = decided
                    currency, signed = decided
            except UnclearCurrency as problem:
                self.counts["rejected"] += 1
                column = self.plan.column_name(problem.field)
                errors.append(RowError(row.line, column, problem.value, str(problem)))
                continue
            try:
                converted = self.rates.convert(
                    v.get("amount"),
                    currency,
                    close_date,
                    converted=v.get("converted_amount"),
                    converted_currency=v.get("converted_currency"),
                )
            except NoRate as problem:
                if signed and sign and problem.field == "currency":  # the amount's sign said it
                    self.counts["rejected"] += 1
                    cell = text(sign[1])
                    column = self.plan.column_name("amount")
                    errors.append(RowError(row.line, column, cell, str(problem)))
                else:
                    errors.append(self.error(row, problem.field, str(problem)))
                continue
            if signed:
                self.signed[currency] += 1
            created, closes = v.get("created_date"), close_date
            if created and closes and created > closes:
                self.created_after_close_count += 1
                if len(self.created_after_close) < 100:
                    self.created_after_close.append(row.line)
            probability = v.get("probability")
            values = (
                v["external_id"],
                v.get("name") or "",
                account_id,
                owner_id,
                v.get("amount"),
                currency,
                converted.amount,
                self.rates.reporting if converted.amount is not None else "",
                converted.conversion,
                converted.rate,
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
        self._record_changes(changed, as_of)
        return errors + duplicates + written

    def _new_stage(self, row: Row, outcome: str) -> Any:
        """An unknown stage of a deal whose file says how it ended (IsWon, a status): added
        to the stage map with that outcome, and said once in the warnings."""
        stage = self.stages.add(row.values["stage"], outcome)
        column = self.plan.column_name("status" if row.values.get("status") else "is_won")
        self.new_stages.setdefault(stage.name, (outcome, column))
        return stage

    def _warn_new_stages(self) -> None:
        self.warnings.extend(
            {
                "column": self.plan.column_name("stage"),
                "reason": f"the stage {name!r} was not in the stage map: added to it as {outcome}"
                f" (from the {column} column), after the known stages; a [stages] section in a "
                "mapping file sets its order",
            }
            for name, (outcome, column) in self.new_stages.items()
        )

    def _unknown_stage(self, row: Row) -> None:
        """Remember a row whose stage the map lacks: said once per stage, at the end."""
        name = " ".join(str(row.values["stage"]).split())
        self.unknown_stages.add(header_key(name), row.line, name=name)
        self.counts["rejected"] += 1

    def _warn_signed(self) -> None:
        if self.signed:
            counts = ", ".join(
                f"{code} ({n} row{'s' if n != 1 else ''})" for code, n in self.signed.most_common()
            )
            self.warnings.append(
                {
                    "column": self.plan.column_name("amount"),
                    "reason": f"currency read from the amount's sign: {counts}",
                }
            )

    def finish(self) -> list[RowError]:
        self._warn_created_after_close()
        self._warn_signed()
        self._warn_new_stages()
        column = self.plan.column_name("stage")
        found = []
        self.stage_suggestions = []
        for group in self.unknown_stages:
            info = {"name": group.about["name"], "rows": group.rows, "first_lines": group.lines}
            info |= self.stages.suggestion(info["name"], after=self.stage_suggestions)
            self.stage_suggestions.append(info)
            reason = (
                f"unknown stage ({info['rows']} row{'s' if info['rows'] != 1 else ''}: "
                f"line{'s' if info['rows'] != 1 else ''} {group.shown_lines()}): give it an "
                "outcome (open, won or lost) and an order in the stage table on the import's "
                "page, or in a mapping file's [stages] section (the import suggests one to paste)"
            )
            found.append(RowError(group.line, column, info["name"], reason, info["rows"]))
        return found + super().finish()

    def _record_changes(self, changed, as_of: dict) -> None:
        """Each change of a tracked field as history, dated the file's reporting date or
        today; none for a correction. Checking or writing, what changed is counted, for the
        hint that a re-import looks like a correction (corrections.py)."""
        hint = self.correction_hint
        if hint is None:
            hint = self.correction_hint = CorrectionHint(
                self.warnings, correction=self.options.correction
            )
        history = []
        records = {
            found["pk"]: found
            for found in Opportunity.objects.filter(pk__in=[pk for pk, _, _ in changed]).values(
                "pk", "external_id", *([] if self.writing else TRACKED)
            )
        }
        changed_fields = []
        for pk, old, new in changed:
            # A check sees the deal as it is (a write is told its old values).
            old = old or records[pk]
            changed_on = as_of.get(records[pk]["external_id"]) or self.today
            changed_fields.append({name for name in TRACKED if old[name] != new[name]})
            if not self.writing or self.options.correction:
                continue
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
        hint.count(changed_fields)
        hint.update(
            self.counts["updated"] + self.counts["unchanged"],
            {name: self.plan.column_name(name.removesuffix("_id")) for name in TRACKED},
            {name: OpportunityChange.Field(field).label for name, field in TRACKED.items()},
        )


OUTCOME_FIELDS = {"status", "is_won", "is_closed"}


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
        # A file with no column of types whose kind or name says them (columns.plan_columns):
        # a Zoho calls export, a sheet called calls.csv. Said once in the warnings.
        self.file_type, self.file_type_from = self.plan.activity_type, self.plan.activity_type_from
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
                    self.note_owners([(row.line, v.get("owner"))])
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


def _subject_type(subject: str | None) -> str | None:
    words = (subject or "").split()
    try:
        return TYPE_WORD(words[0]) if words else None
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
