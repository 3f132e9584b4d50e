"""The public Salesforce data export in ../shared/datasets/salesforce-export, end to end: its
opportunities, then its OpportunityHistory (one snapshot of a deal a row, without the values
before each change), whose changes must be exactly the differences between each deal's
consecutive snapshots, computed here from the file on its own."""

import csv
import datetime
import itertools
from decimal import Decimal

import pytest

from leadwell.crm.models import Opportunity, OpportunityChange

from .helpers import dataset, import_file

pytestmark = pytest.mark.django_db

CATEGORIES = {
    "Pipeline": "pipeline",
    "BestCase": "best_case",
    "Commit": "commit",
    "Closed": "closed",
    "Omitted": "omitted",
}


def read_csv(path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def taken(value: str) -> datetime.datetime:
    return datetime.datetime.strptime(value, "%m/%d/%y %I:%M %p")


def day(value: str) -> str:
    return datetime.datetime.strptime(value, "%m/%d/%y").date().isoformat() if value else ""


def amount(value: str) -> str:
    return format(Decimal(value).normalize(), "f") if value else ""


def expected_changes(rows: list[dict[str, str]]) -> list[tuple]:
    """Per deal, in the order the snapshots were taken, what differs from the one before."""
    by_deal: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_deal.setdefault(row["OpportunityId"], []).append(row)
    found = []
    for deal, snapshots in by_deal.items():
        snapshots.sort(key=lambda r: taken(r["CreatedDate"]))
        for before, after in itertools.pairwise(snapshots):
            on = taken(after["CreatedDate"]).date()
            for field, column, read in [
                ("stage", "StageName", str),
                ("amount", "Amount", amount),
                ("close_date", "CloseDate", day),
                ("forecast_category", "ForecastCategory", CATEGORIES.get),
            ]:
                old, new = read(before[column]), read(after[column])
                if old != new:
                    found.append((deal, field, on, old, new))
    return sorted(found)


def test_the_salesforce_exports_history_loads_each_change_of_each_deal_as_the_file_has_it(
    personas, tmp_path
):
    folder = dataset("salesforce-export")
    deals = read_csv(folder / "Opportunity.csv")
    # The export has no owner column: every deal belongs to the person who exported them,
    # and its deals name their accounts by id, so the accounts come first.
    accounts = import_file(folder / "Account.csv", "accounts")
    assert accounts.status == "succeeded", accounts.errors
    opportunities = import_file(
        folder / "Opportunity.csv", "opportunities", default_owner=personas.seller.name
    )
    assert opportunities.status == "succeeded", opportunities.errors
    assert Opportunity.objects.count() == len(deals) == 36
    # Nothing changes between the two files' deals: the history is the report's alone.
    OpportunityChange.objects.all().delete()

    path = folder / "OpportunityHistory.csv"
    rows = read_csv(path)
    run = import_file(path, "opportunity-history")
    assert run.status == "succeeded", run.errors
    assert run.rows_read == len(rows) == 48
    loaded = sorted(
        OpportunityChange.objects.values_list(
            "opportunity__external_id", "field", "changed_on", "old_value", "new_value"
        )
    )
    expected = expected_changes(rows)
    assert loaded == expected
    assert run.created == len(expected) > 0
    assert all(change[2] != run.started_at.date() for change in loaded)
    assert all(change[3] != change[4] for change in loaded)
    # Every row is accounted for: each deal's first snapshot starts its history, each later
    # one changed something (this file repeats no snapshot), and both are said.
    starts = len({r["OpportunityId"] for r in rows})
    later = len(rows) - starts
    assert later == len({(c[0], c[2], c[4]) for c in expected if c[1] == "stage"})
    assert run.skipped == starts
    # Besides the order its dates are read in (month-first, as US exports write them):
    (note,) = run.warnings
    assert note["reason"] == (
        f"The file holds {len(rows)} snapshots of deals (stage, amount, close date, forecast "
        "category), each compared with the deal's snapshot before it: "
        f"{starts} snapshots where a deal's history starts (no change before it), 0 the same "
        "as the snapshot before, skipped."
    )

    again = import_file(path, "opportunity-history")
    assert (again.created, again.unchanged) == (0, len(expected))
