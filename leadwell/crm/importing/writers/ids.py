"""Records named by the id they had in the CRM: Salesforce's `OwnerId`, `AccountId`, `WhatId`.

A data export names other records only by id, so those ids are looked up among the records
imported before (people and accounts keep their CRM id). An id nobody has is reported once,
with the number of its rows and the first line, not once per row; an id that belongs to a
record of another kind (an account's id in the owner column) says whose it is.
"""

from typing import TYPE_CHECKING, Any

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.grouped import Grouped
from leadwell.crm.models import Account, Activity, Opportunity
from leadwell.org.models import Person

if TYPE_CHECKING:
    from leadwell.crm.importing.writers.base import Writer

# What each kind of record is called in a message, and where its CRM id is kept.
KINDS: dict[str, tuple[str, Any]] = {
    "person": ("person", Person),
    "account": ("account", Account),
    "opportunity": ("opportunity", Opportunity),
    "activity": ("activity", Activity),
}
# Salesforce's id prefixes of the kinds a WhatId may name that Leadwell imports: an unknown id
# of these is a record to import first, not one of a kind Leadwell leaves out.
IMPORTED_PREFIXES = {"001", "006"}
MANY_IDS = 1000
IMPORT_FIRST = {
    "person": "import people first (their file's id column)",
    "account": "import accounts first",
    "opportunity": "import opportunities first",
    "related": "import the accounts and opportunities first",
}


class CrmIds:
    def __init__(self, writer: "Writer") -> None:
        self.writer = writer
        # This batch's account and opportunity ids, by CRM id (see `prepare`).
        self.accounts: dict[str, int] = {}
        self.opportunities: dict[str, int] = {}
        # Ids nobody has, by (what was wanted, the id) (writers/grouped.py).
        self.unknown: Grouped[tuple[str, str]] = Grouped()
        # Records of kinds Leadwell does not import, by the prefix of their Salesforce id.
        self.unlinked: dict[str, dict[str, Any]] = {}

    def prepare(self, rows: list[Row], *fields: str) -> None:
        """Look up, in one query per kind, the accounts and opportunities a batch names."""
        if not set(fields) & set(self.writer.plan.columns):  # a file with no id columns
            self.accounts, self.opportunities = {}, {}
            return
        wanted = {str(r.values[f]).strip() for r in rows for f in fields if r.values.get(f)}
        self.accounts = by_external_id(Account, wanted)
        self.opportunities = by_external_id(Opportunity, wanted)

    def person(self, row: Row, field_name: str) -> int | None:
        value = str(row.values[field_name]).strip()
        found = self.writer.people.find_id(value)
        if found is None:
            self.missing(row, field_name, value, "person")
        return found

    def account(self, row: Row, field_name: str) -> int | None:
        value = str(row.values[field_name]).strip()
        found = self.accounts.get(value)
        if found is None:
            self.missing(row, field_name, value, "account")
        return found

    def opportunity(self, row: Row, field_name: str) -> int | None:
        value = str(row.values[field_name]).strip()
        found = self.opportunities.get(value)
        if found is None:
            self.missing(row, field_name, value, "opportunity")
        return found

    def related(self, row: Row, field_name: str) -> tuple[int | None, int | None] | None:
        """(account id, opportunity id) of the record a WhatId names; None when unknown.

        A WhatId may name a record of a kind Leadwell does not import (a case, a campaign:
        Salesforce's ids begin with the kind's prefix). Such an activity is imported without
        that link, and each kind is said once in the warnings."""
        value = str(row.values[field_name]).strip()
        if value in self.opportunities:
            return None, self.opportunities[value]
        if value in self.accounts:
            return self.accounts[value], None
        if len(value) in (15, 18) and value[:3] not in IMPORTED_PREFIXES:
            info = self.unlinked.setdefault(
                value[:3],
                {
                    "column": self.writer.plan.column_name(field_name),
                    "example": value,
                    "line": row.line,
                    "rows": 0,
                    "ids": set(),
                },
            )
            info["rows"] += 1
            if len(info["ids"]) <= MANY_IDS:
                info["ids"].add(value)
            return None, None
        self.missing(row, field_name, value, "related")
        return None

    def missing(self, row: Row, field_name: str, value: str, wanted: str) -> None:
        """Count a row whose id is unknown (the row is refused; the id reported once)."""
        self.writer.counts["rejected"] += 1
        self.unknown.add((wanted, value), row.line, column=self.writer.plan.column_name(field_name))

    def finish(self) -> list[RowError]:
        for prefix, info in self.unlinked.items():
            count = len(info["ids"])
            records = (
                f"{count} record{'s' if count != 1 else ''}"
                if count <= MANY_IDS
                else (f"more than {MANY_IDS} records")
            )
            self.writer.warnings.append(
                {
                    "column": info["column"],
                    "reason": f"{_rows(info['rows'])} related to {records} that are neither "
                    "an account nor an opportunity "
                    f"(ids beginning {prefix}, e.g. {info['example']} on line {info['line']}): "
                    "imported without that link",
                }
            )
        errors = []
        for (wanted, value), group in self.unknown.items():
            rows = _rows(group.rows)
            what = "record" if wanted == "related" else wanted
            reason = f"unknown {what} id ({rows}, first on line {group.line})"
            other = _whose(value, wanted)
            reason += f": it is the id of {other}" if other else f": {IMPORT_FIRST[wanted]}"
            errors.append(RowError(group.line, group.about["column"], value, reason))
        return errors


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def by_external_id(model: Any, ids: set[str]) -> dict[str, int]:
    """The records of `model` that have these CRM ids: id -> primary key."""
    found = model.objects.filter(external_id__in=ids).values_list("external_id", "pk")
    return {external_id: pk for external_id, pk in found}


A_RECORD = {
    "person": "a person",
    "account": "an account",
    "opportunity": "an opportunity",
    "related": "an account or an opportunity",
}


def _whose(value: str, wanted: str) -> str:
    """The record of another kind that has this id, as a message names it; "" if none."""
    for kind, (label, model) in KINDS.items():
        if kind == wanted or (wanted == "related" and kind in ("account", "opportunity")):
            continue
        found = model.objects.filter(external_id=value).first()
        if found is not None:
            return f"the {label} {str(found)!r}, not of {A_RECORD[wanted]}"
    return ""
