"""Deals and activities are summed per person and month, on the month the database keeps
beside each date; months, quarters and years are sums of those months."""

import datetime

import pytest
from django.db import connection

from leadwell.crm.models import Activity, Opportunity
from leadwell.lib.dbsql import load, month_index
from leadwell.metrics.catalog import PART_KEYS
from leadwell.metrics.compute import recompute
from tests.conftest import deal
from tests.metrics.helpers import parts

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 7, 15)


def part(person, period_kind: str, start: str, key: str):
    row = parts().get(("person", person.pk, period_kind, datetime.date.fromisoformat(start)))
    return None if row is None else row[PART_KEYS.index(key)]


def test_the_month_of_a_date_is_one_number_counting_months_since_year_zero():
    assert month_index(datetime.date(2017, 1, 15)) == 2017 * 12
    assert month_index(datetime.date(2017, 12, 31)) == 2017 * 12 + 11


def test_every_deal_carries_the_months_of_its_dates_whoever_writes_it(personas):
    made = deal(personas.seller, "won", 1_000, "2025-03-31", created="2024-12-01")
    made.refresh_from_db()
    assert (made.created_month, made.close_month) == (2024 * 12 + 11, 2025 * 12 + 2)
    # Moved by a bulk update, the database moves the month with the date.
    Opportunity.objects.filter(pk=made.pk).update(close_date=datetime.date(2025, 4, 1))
    made.refresh_from_db()
    assert made.close_month == 2025 * 12 + 3
    # Undated, it has no month.
    Opportunity.objects.filter(pk=made.pk).update(created_date=None)
    made.refresh_from_db()
    assert made.created_month is None


def test_every_activity_carries_the_month_of_its_date_when_loaded_raw(personas):
    with connection.cursor() as cursor:
        load(
            cursor,
            "crm_activity",
            ["external_id", "owner_id", "type", "date", "status", "subject"],
            [("raw-1", personas.seller.pk, "call", datetime.date(2025, 2, 28), "done", "")],
            as_text=["date"],
        )
    assert Activity.objects.get(external_id="raw-1").month == 2025 * 12 + 1


def test_a_month_of_planned_activities_only_has_no_activities(personas):
    sam = personas.seller
    for number, (day, status) in enumerate(
        [("2025-03-10", "planned"), ("2025-04-02", "done"), ("2025-04-03", "planned")]
    ):
        Activity.objects.create(
            external_id=f"act-{number}", owner=sam, type="call", date=day, status=status
        )
    recompute(today=TODAY)
    assert part(sam, "month", "2025-03-01", "activities") is None
    assert part(sam, "month", "2025-04-01", "activities") == 1
    assert part(sam, "month", "2025-04-01", "calls") == 1
    assert part(sam, "quarter", "2025-01-01", "activities") is None
    assert part(sam, "quarter", "2025-04-01", "activities") == 1
    assert part(sam, "year", "2025-01-01", "activities") == 1


def test_a_fiscal_quarter_adds_up_its_three_months_and_its_rush_is_its_last_two_weeks(
    personas, settings
):
    """With a fiscal year that starts in February, the first quarter runs from 1 February to
    30 April: its quarter-end rush starts on 17 April, fourteen days before 1 May."""
    settings.FISCAL_YEAR_START_MONTH = 2
    sam = personas.seller
    deal(sam, "won", 1_000, "2025-02-03")
    deal(sam, "won", 2_000, "2025-04-16")
    deal(sam, "won", 4_000, "2025-04-17")
    deal(sam, "won", 8_000, "2025-05-01")  # the next quarter's first day
    recompute(today=TODAY)
    assert part(sam, "quarter", "2025-02-01", "won_amount") == 7_000
    assert part(sam, "quarter", "2025-02-01", "won_count") == 3
    assert part(sam, "quarter", "2025-02-01", "rush_won_amount") == 4_000
    assert part(sam, "month", "2025-04-01", "won_amount") == 6_000
    assert part(sam, "month", "2025-04-01", "rush_won_amount") == 4_000
    assert part(sam, "month", "2025-03-01", "won_amount") is None
    assert part(sam, "quarter", "2025-05-01", "rush_won_amount") == 0
    assert part(sam, "year", "2025-02-01", "won_amount") == 15_000
