"""The salesforce-export data set in ../shared/datasets (a Salesforce org's weekly data export,
API field names, records named by id), imported end to end: Account.csv, then Opportunity.csv,
which has no OwnerId and so goes to one persona as the default owner. Every figure is checked
against the file read with the csv module."""

import csv
import datetime
from decimal import Decimal

import pytest

from leadwell.crm.models import Account, Opportunity

from .helpers import dataset, import_file

pytestmark = pytest.mark.django_db


def read_csv(path):
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def us_date(value: str) -> datetime.date | None:
    """`02/03/24` or `02/23/26 08:55 PM`: month first, two-digit year."""
    if not value.strip():
        return None
    return datetime.datetime.strptime(value.split()[0], "%m/%d/%y").date()


@pytest.fixture
def export(personas):
    folder = dataset("salesforce-export")
    accounts = import_file(folder / "Account.csv", "accounts")
    opportunities = import_file(folder / "Opportunity.csv", default_owner=personas.seller.email)
    return folder, accounts, opportunities


def test_the_accounts_arrive_with_their_salesforce_ids_and_figures(export):
    folder, run, _ = export
    assert run.status == "succeeded" and run.preset == "salesforce-export", run.errors
    rows = read_csv(folder / "Account.csv")
    assert run.created == len(rows) == Account.objects.count()
    for row in rows:
        account = Account.objects.get(external_id=row["Id"])
        assert account.name == row["Name"]
        assert account.industry == row["Industry"]
        assert account.segment == row["Type"]
        assert account.region == row["BillingState"]
        assert account.employees == (
            int(row["NumberOfEmployees"]) if row["NumberOfEmployees"] else None
        )
        assert account.annual_revenue == (
            Decimal(row["AnnualRevenue"]) if row["AnnualRevenue"] else None
        )
        assert account.parent_id is None and not row["ParentId"]


def test_every_opportunity_matches_the_file(export, personas):
    folder, _, run = export
    assert run.status == "succeeded" and run.preset == "salesforce-export", run.errors
    accounts = {row["Id"]: row["Name"] for row in read_csv(folder / "Account.csv")}
    rows = read_csv(folder / "Opportunity.csv")
    assert run.created == len(rows) == Opportunity.objects.count() == 36
    deals = {o.external_id: o for o in Opportunity.objects.select_related("account", "owner")}
    for row in rows:
        deal = deals[row["Id"]]
        assert deal.name == row["Name"]
        assert deal.amount == (Decimal(row["Amount"]) if row["Amount"] else None), row["Id"]
        assert deal.close_date == us_date(row["CloseDate"]), row["Id"]
        assert deal.created_date == us_date(row["CreatedDate"]), row["Id"]
        assert deal.stage == row["StageName"]
        assert deal.probability == Decimal(row["Probability"])
        assert deal.account.name == accounts[row["AccountId"]]
        assert deal.owner == personas.seller
        won, closed = row["IsWon"] == "TRUE", row["IsClosed"] == "TRUE"
        assert deal.outcome == ("won" if won else "lost" if closed else "open"), row["Id"]


def test_nothing_in_the_opportunity_file_goes_unaccounted_for(export, personas):
    folder, _, run = export
    with (folder / "Opportunity.csv").open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert [c["header"] for c in run.columns] == header
    read = {c["header"]: c["field"] for c in run.columns if c["field"]}
    assert read == {
        "Id": "external_id",
        "AccountId": "account_id",
        "Name": "name",
        "StageName": "stage",
        "Amount": "amount",
        "Probability": "probability",
        "CloseDate": "close_date",
        "IsClosed": "is_closed",
        "IsWon": "is_won",
        "CreatedDate": "created_date",
    }
    assert {c["source"] for c in run.columns if c["field"]} == {"preset"}
    # The rest are listed as not imported: none of them is a field of a deal.
    assert {c["header"] for c in run.columns if c["field"] is None} == set(header) - set(read)
    assert {
        "column": "Owner",
        "reason": f"the file has no owner column: its 36 rows went to {personas.seller.name}",
    } in run.warnings


def test_importing_the_export_again_changes_nothing(export, personas):
    folder, _, _ = export
    accounts = import_file(folder / "Account.csv", "accounts")
    again = import_file(folder / "Opportunity.csv", default_owner=personas.seller.email)
    assert (accounts.created, accounts.updated, accounts.unchanged) == (0, 0, 18)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 36)
