"""The forecast-pipeline data set (snake_case headers, the deal's value in `arr`) imported end
to end as it is, with no mapping for the deals: every column accounted for, and every amount,
date and stage as the file has them, checked against the file read with the csv module."""

import csv
import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from leadwell.crm.models import Opportunity
from leadwell.org import selectors
from leadwell.org.models import Person
from tests.conftest import TEST_SETTINGS

from .helpers import DATASETS, dataset, import_file

pytestmark = pytest.mark.django_db

PIPELINE = DATASETS / "forecast-pipeline" / "pipeline.csv"

OUTCOMES = {"Closed Won": "won", "Closed Lost": "lost"}
FORECAST = {
    "Pipeline": "pipeline",
    "Best Case": "best_case",
    "Commit": "commit",
    "Closed": "closed",
    "Omitted": "omitted",
}


def rows() -> list[dict[str, str]]:
    with PIPELINE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The runs of the file read as people (reps and their managers), then as deals."""
    dataset("forecast-pipeline")
    with override_settings(**TEST_SETTINGS), django_db_blocker.unblock(), transaction.atomic():
        # A rep's deals are in several regions: the region is no office of theirs.
        people = import_file(PIPELINE, "people", mapping={"columns": {"office": ""}})
        deals = import_file(PIPELINE, "opportunities")
        yield people, deals
        transaction.set_rollback(True)


def test_the_reps_arrive_under_their_sales_managers(imported):
    people, _ = imported
    assert people.status == "succeeded", (people.message, people.errors[:3])
    managers = {r["rep"]: r["sales_manager"] for r in rows()}
    assert len(managers) == 31 and len(set(managers.values())) == 8
    for rep, manager in managers.items():
        assert selectors.manager_of(Person.objects.get(name=rep)).name == manager


def test_every_deal_arrives_with_the_amount_dates_stage_and_forecast_of_the_file(imported):
    _, deals = imported
    assert deals.status == "succeeded", (deals.message, deals.errors[:3])
    assert deals.created == 600 and deals.rows_read == 600 and deals.error_count == 0
    stored = {o.external_id: o for o in Opportunity.objects.select_related("owner", "account")}
    assert len(stored) == 600
    for row in rows():
        deal = stored[row["deal_id"]]
        assert deal.amount == Decimal(row["arr"]), row["deal_id"]
        assert deal.created_date == datetime.date.fromisoformat(row["created_date"])
        assert deal.close_date == datetime.date.fromisoformat(row["close_date"])
        assert deal.stage == row["stage"] and deal.owner.name == row["rep"]
        assert deal.outcome == OUTCOMES.get(row["stage"], "open")
        assert deal.forecast_category == FORECAST[row["forecast_category"]]
        assert deal.account.name == row["account"]
    won = sum(Decimal(r["arr"]) for r in rows() if r["stage"] == "Closed Won")
    assert sum(o.amount for o in stored.values() if o.outcome == "won") == won
    assert Counter(o.stage for o in stored.values()) == Counter(r["stage"] for r in rows())


def test_every_column_of_the_file_is_read_or_said_to_be_ignored(imported):
    _, deals = imported
    header = list(rows()[0])
    assert [c["header"] for c in deals.columns] == header
    read = {c["header"]: c["field"] for c in deals.columns if c["field"]}
    assert read == {
        "deal_id": "external_id",
        "account": "account",
        "arr": "amount",
        "stage": "stage",
        "forecast_category": "forecast_category",
        "rep": "owner",
        "created_date": "created_date",
        "close_date": "close_date",
    }
    assert all(c["source"] == "recognised spelling" for c in deals.columns if c["field"])
    assert deals.preset == "generic"
    # Nothing the figures need is missing; the one thing said is the currency assumed.
    assert [w["column"] for w in deals.warnings] == ["Currency"]
    assert "taken to be in USD" in deals.warnings[0]["reason"]
