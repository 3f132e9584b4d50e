"""A full recompute attributes only the person-periods that hold a summary (the many others add
nothing to any group): it must write exactly what attributing everyone to every period writes,
the standing pipeline of quarters still to come included."""

import datetime

import pytest

from leadwell.crm.models import Quota
from leadwell.metrics import compute, scoping
from leadwell.metrics.catalog import PART_KEYS
from leadwell.metrics.compute import recompute
from tests.conftest import deal
from tests.metrics.helpers import differences, parts

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 7, 15)


@pytest.fixture(autouse=True)
def _calendar_quarters(settings):
    settings.FISCAL_YEAR_START_MONTH = 1


@pytest.fixture
def a_year_of_deals(personas):
    """Sam's open deal stands from January to its close in December; Omar's open deal closes
    next June, so next year's second quarter is summarised; Lena's team has a quota of its own
    for the fourth quarter; Sofia won and lost deals in the spring."""
    deal(personas.seller, "open", 40_000, "2025-12-15", created="2025-01-10")
    deal(personas.other_seller, "open", 9_000, "2026-06-10", created="2025-06-01")
    deal(personas.seller2, "won", 12_000, "2025-04-20")
    deal(personas.seller2, "lost", 3_000, "2025-05-02")
    Quota.objects.create(
        team=personas.boston, period_kind="quarter", period_start="2025-10-01", amount=90_000
    )
    return personas


def everyone_attributed(cursor, periods, people_in=None):
    return scoping.create_attribution(cursor, periods, None)


def test_a_full_recompute_writes_what_attributing_everyone_writes(a_year_of_deals, monkeypatch):
    recompute(today=TODAY)
    attributed_as_needed = parts()
    monkeypatch.setattr(compute, "create_attribution", everyone_attributed)
    recompute(today=TODAY)
    assert differences(parts(), attributed_as_needed) == []


def test_an_open_deal_stands_in_the_quarters_still_to_come(a_year_of_deals):
    recompute(today=TODAY)
    sam = a_year_of_deals.seller
    next_q2 = datetime.date(2026, 4, 1)
    # Sam's deal is open: it stands at the end of every quarter from its creation, next year's
    # second quarter too, which only Omar's deal put among the periods summarised.
    standing = PART_KEYS.index("standing_amount")
    summaries = parts()
    assert summaries[("person", sam.pk, "quarter", next_q2)][standing] == 40_000
    boston = a_year_of_deals.boston.pk
    assert summaries[("team", boston, "quarter", next_q2)][standing] == 40_000
