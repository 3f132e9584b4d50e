"""Writers for opportunities, their change history, and activities."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from leadwell.crm.importing.bounds import bounded
from leadwell.crm.importing.bulk import StagedUpsert
from leadwell.crm.importing.fields import FIELDS
from leadwell.crm.importing.parsing import CellError, make_date_parser, make_decimal_parser
from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Writer
from leadwell.crm.importing.writers.references import Accounts, Stages
from leadwell.crm.models import Account, Activity, Opportunity, OpportunityChange
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
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stages = Stages(self.options.mapping.get("stages"), writing=self.writing)
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
        # Lines of deals created after their close date: imported, and left out of the sales
        # cycle (metrics/parts.py), said once for the file in the summary.
        self.created_after_close: list[int] = []
        self.created_after_close_count = 0

    def finish(self) -> list[RowError]:
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
        return super().finish()

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        account_ids = self.accounts.resolve(
            {r.values["account"] for r in rows if r.values.get("account")}
        )
        items = []
        as_of = {}
        for row in rows:
            v = row.values
            stage = self.stages.find(v["stage"])
            if stage is None:
                errors.append(
                    self.error(row, "stage", f"unknown stage; known stages: {self.stages.known()}")
                )
                self.note_owners([(row.line, v.get("owner"))])
                continue
            owner_id = self.person(row, "owner", errors)
            if owner_id is None:
                continue
            created, closes = v.get("created_date"), v.get("close_date")
            if created and closes and created > closes:
                self.created_after_close_count += 1
                if len(self.created_after_close) < 100:
                    self.created_after_close.append(row.line)
            probability = v.get("probability")
            values = (
                v["external_id"],
                v.get("name") or "",
                account_ids.get(v.get("account") or ""),
                owner_id,
                v.get("amount"),
                (v.get("currency") or "USD").upper(),
                v.get("product") or "",
                v.get("type") or "",
                stage.name,
                stage.order,
                stage.outcome,
                probability if probability is not None else stage.probability,
                v.get("forecast_category") or "",
                v.get("created_date"),
                v.get("close_date"),
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
        unknown = unknown_opportunity_reasons(rows, ids)
        for row in rows:
            v = row.values
            opportunity_id = ids.get(v["opportunity"])
            if opportunity_id is None:
                errors.append(self.error(row, "opportunity", unknown[v["opportunity"]]))
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

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        account_ids = self.accounts.resolve(
            {r.values["account"] for r in rows if r.values.get("account")}
        )
        wanted = {r.values["opportunity"] for r in rows if r.values.get("opportunity")}
        opportunity_ids = dict(
            Opportunity.objects.filter(external_id__in=wanted).values_list("external_id", "pk")
        )
        items = []
        unknown = unknown_opportunity_reasons(rows, opportunity_ids)
        for row in rows:
            v = row.values
            opportunity_id = None
            if v.get("opportunity"):
                opportunity_id = opportunity_ids.get(v["opportunity"])
                if opportunity_id is None:
                    errors.append(self.error(row, "opportunity", unknown[v["opportunity"]]))
                    self.note_owners([(row.line, v.get("owner"))])
                    continue
            owner_id = self.person(row, "owner", errors)
            if owner_id is None:
                continue
            status = v.get("status") or (
                Activity.Status.PLANNED if v["date"] > self.today else Activity.Status.DONE
            )
            values = (
                v["external_id"],
                owner_id,
                v.get("type") or Activity.Type.OTHER,
                v["date"],
                status,
                v.get("subject") or "",
                account_ids.get(v.get("account") or ""),
                opportunity_id,
            )
            items.append((row, values))
        items, duplicates = self.upsert.dedupe(items, self.counts, self.conflict)
        written, _ = self.upsert.apply(items, self.counts, self.conflict)
        return errors + duplicates + written
