"""The two public data sets in ../shared/datasets, imported end to end."""

import csv
from collections import Counter
from decimal import Decimal

import pytest

from leadwell.crm.models import Account, Opportunity
from leadwell.org import selectors
from leadwell.org.models import Office, Person

from .helpers import DATASETS, dataset, error_reasons, import_file

pytestmark = pytest.mark.django_db

MAVEN = DATASETS / "maven-crm"
PIPELINE_REPORT = DATASETS / "pipeline-report" / "sales_pipeline.csv"


@pytest.fixture(autouse=True)
def _datasets_present():
    dataset("maven-crm")


def read_csv(path):
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def import_maven():
    people = import_file(MAVEN / "sales_teams.csv", "people")
    accounts = import_file(MAVEN / "accounts.csv", "accounts")
    opportunities = import_file(MAVEN / "sales_pipeline.csv", "opportunities")
    return people, accounts, opportunities


def test_maven_people_arrive_with_their_managers_and_offices():
    people, _, _ = import_maven()
    assert people.status == "succeeded" and people.preset == "maven"
    teams = read_csv(MAVEN / "sales_teams.csv")
    assert Person.objects.count() == len(teams) + len({r["manager"] for r in teams})
    for row in teams:
        seller = Person.objects.get(name=row["sales_agent"])
        assert selectors.manager_of(seller).name == row["manager"]
        assert selectors.team_of(seller).office.name == row["regional_office"]
    assert set(Office.objects.values_list("name", flat=True)) == {
        r["regional_office"] for r in teams
    }


def test_maven_accounts_and_all_opportunities_arrive_with_stage_counts_as_in_the_file():
    _, accounts, opportunities = import_maven()
    assert accounts.status == "succeeded" and accounts.created == 85
    assert opportunities.status == "succeeded" and opportunities.created == 8800
    rows = read_csv(MAVEN / "sales_pipeline.csv")
    assert Counter(Opportunity.objects.values_list("stage", flat=True)) == Counter(
        r["deal_stage"] for r in rows
    )
    assert Opportunity.objects.filter(outcome="won").count() == sum(
        r["deal_stage"] == "Won" for r in rows
    )
    won = sum(Decimal(r["close_value"]) for r in rows if r["deal_stage"] == "Won")
    assert sum(Opportunity.objects.filter(outcome="won").values_list("amount", flat=True)) == won


def test_maven_quirks_are_kept_as_they_are():
    import_maven()
    rows = read_csv(MAVEN / "sales_pipeline.csv")
    prospect = next(r for r in rows if r["deal_stage"] == "Prospecting" and not r["account"])
    deal = Opportunity.objects.get(external_id=prospect["opportunity_id"])
    assert deal.account is None and deal.close_date is None and deal.outcome == "open"
    assert Opportunity.objects.filter(product="GTXPro").exists()  # the file's own spelling
    acme = Account.objects.get(name="Acme Corporation")
    assert acme.industry == "technolgy" and acme.annual_revenue == Decimal("1100040000")


def test_reimporting_the_maven_pipeline_changes_nothing():
    import_maven()
    again = import_file(MAVEN / "sales_pipeline.csv", "opportunities")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8800)


def test_the_pipeline_report_imports_with_a_chosen_key_and_first_name_owners():
    refused = import_file(PIPELINE_REPORT, key=["Customer"])
    assert refused.status == "refused"
    assert {o["name"] for o in refused.unknown_owners} >= {"Angela", "Denny"}
    assert Opportunity.objects.count() == 0

    run = import_file(PIPELINE_REPORT, key=["Customer"], create_people=True, skip_bad_rows=True)
    assert run.status == "succeeded"
    assert run.created == 1000 and Opportunity.objects.count() == 1000
    # One stray row (a lone value among thousands of empty rows) is reported, not imported.
    assert {line for line, _, _ in error_reasons(run)} == {3764}
    assert run.people_created == 20
    first = Opportunity.objects.get(external_id="Customer 1")
    assert first.owner.name == "Angela"
    assert first.probability == Decimal("65.00")
    assert first.close_date.isoformat() == "2015-04-07"
    assert first.stage == "Identified" and first.amount == Decimal("2910")
