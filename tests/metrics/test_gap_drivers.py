"""The bookings gap splits into volume of deals decided, win rate, average deal size and cycle
time, each with its actual and its reference, and the parts add up to the gap: by the log split
when the seller won deals, and whole on the factor that is zero when they won none.

Every case is Sam Ortiz's FY2024-Q2 (April to June 2024), with a quota of 100,000 and personal
targets of a 25% win rate, a 20,000 average deal and a 60-day cycle. At those references the
quota takes 100,000 / (25% x 20,000) = 20 deals decided.
"""

import datetime
import math
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.urls import reverse

from leadwell.cli import main
from leadwell.crm.models import Quota
from leadwell.lib.periods import period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.gaps import analyse
from leadwell.metrics.services import target_set
from tests.conftest import deal

pytestmark = pytest.mark.django_db

Q2_START = datetime.date(2024, 4, 1)
CLOSED = "2024-05-15"


@pytest.fixture
def seller(personas):
    seller = personas.seller
    Quota.objects.create(
        person=seller, period_kind="quarter", period_start=Q2_START, amount=Decimal(100_000)
    )
    for metric, value in [("win_rate", 0.25), ("avg_deal_size", 20_000), ("sales_cycle_days", 60)]:
        target_set(metric=metric, value=value, valid_from=datetime.date(2024, 1, 1), person=seller)
    return seller


def drivers_of(seller):
    recompute()
    analysis = analyse(seller, period_of(Q2_START, "quarter"))
    return analysis, {d.key: d for d in analysis.drivers}


def test_with_wins_each_driver_is_its_log_ratio_times_the_log_mean_of_bookings_and_target(seller):
    # 4 won at 12,500 after 90 days and 6 lost: 10 decided, a 40% win rate, 12,500 a deal,
    # bookings 50,000, half the quota. With bookings / target = 1/2 the log mean is
    # -50,000 / ln(1/2), so each driver's part is 50,000 x log2(its ratio):
    #   cycle time  60 / 90 days          50,000 x log2(2/3)  = -29,248.1
    #   volume      10 / 20 deals, less   50,000 x log2(3/4)  = -20,751.9
    #               the cycle's part:     (log2(10/20) - log2(2/3) = log2(3/4))
    #   win rate    40% / 25%             50,000 x log2(1.6)  = +33,903.6
    #   deal size   12,500 / 20,000       50,000 x log2(0.625) = -33,903.6
    # together -50,000: the bookings gap. Small deals cost most; the win rate makes up for them.
    for _ in range(4):
        deal(seller, "won", 12_500, CLOSED, cycle_days=90)
    for _ in range(6):
        deal(seller, "lost", 9_000, CLOSED, cycle_days=30)
    analysis, drivers = drivers_of(seller)

    assert analysis.bookings_gap == -50_000
    assert {key: (d.actual, d.reference) for key, d in drivers.items()} == {
        "volume": (10, pytest.approx(20)),
        "win_rate": (pytest.approx(0.4), 0.25),
        "deal_size": (12_500, 20_000),
        "cycle_time": (90, 60),
    }
    assert {key: d.amount for key, d in drivers.items()} == {
        "cycle_time": pytest.approx(-29_248.1, abs=0.1),
        "volume": pytest.approx(-20_751.9, abs=0.1),
        "win_rate": pytest.approx(33_903.6, abs=0.1),
        "deal_size": pytest.approx(-33_903.6, abs=0.1),
    }
    assert math.fsum(d.amount for d in analysis.drivers) == pytest.approx(-50_000, abs=1e-6)
    assert analysis.main_driver.key == "deal_size"


def test_lost_deals_and_no_wins_put_the_whole_gap_on_win_rate_not_on_volume(seller):
    # 3 deals decided, all lost: bookings 0, the gap is the whole quota. The seller brought deals
    # to a decision and won none of them, so win rate carries all 100,000; volume (3 of 20),
    # deal size and cycle time (no won deal to measure) carry nothing.
    for _ in range(3):
        deal(seller, "lost", 15_000, CLOSED)
    analysis, drivers = drivers_of(seller)

    assert analysis.bookings_gap == -100_000
    assert (drivers["win_rate"].actual, drivers["win_rate"].reference) == (0, 0.25)
    assert drivers["win_rate"].amount == -100_000
    assert (drivers["volume"].actual, drivers["volume"].reference) == (3, pytest.approx(20))
    assert drivers["volume"].amount == 0
    assert (drivers["deal_size"].actual, drivers["deal_size"].reference) == (None, 20_000)
    assert (drivers["cycle_time"].actual, drivers["cycle_time"].reference) == (None, 60)
    assert sum(d.amount for d in analysis.drivers) == -100_000
    assert analysis.main_driver.key == "win_rate"


def test_nothing_decided_puts_the_whole_gap_on_volume(seller):
    # Only an open deal closing in the quarter: nothing won or lost, the gap is the whole quota
    # and it is on volume (0 of 20 deals decided).
    deal(seller, "open", 40_000, CLOSED)
    analysis, drivers = drivers_of(seller)

    assert analysis.bookings_gap == -100_000
    assert (drivers["volume"].actual, drivers["volume"].reference) == (0, pytest.approx(20))
    assert drivers["volume"].amount == -100_000
    assert drivers["win_rate"].actual is None and drivers["win_rate"].reference == 0.25
    assert [d.amount for d in analysis.drivers if d.key != "volume"] == [0, 0, 0]
    assert analysis.main_driver.key == "volume"


def test_above_target_the_drivers_add_up_to_the_amount_above(seller):
    # 5 won at 30,000 and 5 lost: bookings 150,000, 50,000 above the quota.
    for _ in range(5):
        deal(seller, "won", 30_000, CLOSED, cycle_days=60)
        deal(seller, "lost", 30_000, CLOSED)
    analysis, drivers = drivers_of(seller)

    assert analysis.bookings_gap == 50_000
    assert math.fsum(d.amount for d in analysis.drivers) == pytest.approx(50_000, abs=1e-6)
    assert drivers["cycle_time"].amount == pytest.approx(0)  # on the 60-day target
    assert drivers["win_rate"].amount > 0 and drivers["deal_size"].amount > 0
    assert drivers["volume"].amount < 0  # 10 decided where the quota takes 20


@pytest.fixture
def lost_only(seller):
    """Sam lost three deals in the quarter and won none."""
    for _ in range(3):
        deal(seller, "lost", 15_000, CLOSED)
    recompute()
    return seller


def test_the_gap_page_shows_win_rate_at_0_against_its_reference_and_the_parts_adding_up(
    lost_only, personas
):
    url = reverse("metrics:gaps", args=[lost_only.pk]) + "?period=2024-Q2"
    html = personas.client("leader").get(url).content.decode()
    rows = {
        key: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for key, row in re.findall(r'<tr data-driver="(\w+)"[^>]*>(.*?)</tr>', html, re.S)
    }
    assert rows["win_rate"] == "Win rate explains most 0.0% 25.0% -100,000"
    assert rows["volume"] == "Volume of deals decided 3 20 0"
    assert rows["deal_size"] == "Average deal size — 20,000 0"
    assert rows["cycle_time"] == "Sales cycle time — 60 days 0"
    assert rows["together"] == "Together: the bookings gap -100,000"
    assert "3 deals were decided in Q2 FY2024 and none was won: the whole gap is on win rate." in (
        html
    )
    assert "How the gap is split." in html and "the whole gap is on win rate; if no deal" in html


def test_the_cli_and_the_api_give_each_driver_its_actual_and_reference(
    lost_only, personas, monkeypatch, tmp_path
):
    monkeypatch.setenv("LEADWELL_DATA_DIR", str(tmp_path))
    out = CliRunner().invoke(
        main, ["gaps", "--period", "2024-Q2", "--person", "Sam Ortiz"], catch_exceptions=False
    )
    assert out.exit_code == 0, out.output
    lines = [" ".join(line.split()) for line in out.stdout.splitlines()]
    assert "Win rate 0.0% 25.0% -100,000 ← main driver" in lines
    assert "Volume of deals decided 3.0 deals 20.0 deals 0" in lines
    assert "Together: the bookings gap -100,000" in lines
    assert "3 deals were decided in Q2 FY2024 and none was won: the whole gap is on win rate." in (
        lines
    )

    body = personas.api("leader").get(f"/api/v1/gaps/people/{lost_only.pk}?period=2024-Q2").json()
    drivers = {d["key"]: d for d in body["drivers"]}
    assert (drivers["win_rate"]["actual"], drivers["win_rate"]["reference"]) == (0, 0.25)
    assert drivers["win_rate"]["amount"] == body["bookings_gap"] == -100_000
    assert drivers["volume"]["actual"] == 3 and drivers["volume"]["reference"] == pytest.approx(20)
    assert body["main_driver"] == "win_rate"
    assert sum(d["amount"] for d in body["drivers"]) == body["bookings_gap"]
