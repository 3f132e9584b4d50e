"""The maven-crm data set in ../shared/datasets, imported end to end: once for the module, in a
transaction rolled back after its last test (tests/crm/test_pipeline_report.py has the other)."""

import csv
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from leadwell.crm.models import Account, Opportunity
from leadwell.org import selectors
from leadwell.org.models import Office, Person
from tests.conftest import TEST_SETTINGS

from .helpers import DATASETS, dataset, import_file

pytestmark = pytest.mark.django_db

MAVEN = DATASETS / "maven-crm"


def read_csv(path):
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def import_maven():
    people = import_file(MAVEN / "sales_teams.csv", "people")
    accounts = import_file(MAVEN / "accounts.csv", "accounts")
    opportunities = import_file(MAVEN / "sales_pipeline.csv", "opportunities")
    return people, accounts, opportunities


@pytest.fixture(scope="module")
def maven(django_db_setup, django_db_blocker):
    """The import runs of the people, accounts and opportunities files."""
    dataset("maven-crm")
    with override_settings(**TEST_SETTINGS), django_db_blocker.unblock(), transaction.atomic():
        yield import_maven()
        transaction.set_rollback(True)


def test_maven_people_arrive_with_their_managers_and_offices(maven):
    people, _, _ = maven
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


def test_maven_accounts_and_all_opportunities_arrive_with_stage_counts_as_in_the_file(maven):
    _, accounts, opportunities = maven
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


def test_maven_quirks_are_kept_as_they_are(maven):
    rows = read_csv(MAVEN / "sales_pipeline.csv")
    prospect = next(r for r in rows if r["deal_stage"] == "Prospecting" and not r["account"])
    deal = Opportunity.objects.get(external_id=prospect["opportunity_id"])
    assert deal.account is None and deal.close_date is None and deal.outcome == "open"
    assert Opportunity.objects.filter(product="GTXPro").exists()  # the file's own spelling
    acme = Account.objects.get(name="Acme Corporation")
    assert acme.industry == "technolgy" and acme.annual_revenue == Decimal("1100040000")


def test_reimporting_the_maven_pipeline_changes_nothing(maven):
    again = import_file(MAVEN / "sales_pipeline.csv", "opportunities")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8800)
