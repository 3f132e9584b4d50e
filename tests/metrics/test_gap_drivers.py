"""The bookings gap splits into volume of deals decided, win rate, average deal size and cycle
time, each with its actual and its reference, and the parts add up to the gap: by the log split
when the seller won deals, and whole on the factor that is zero when they won none.

Every case is Sam Ortiz's FY2024-Q2 (April to June 2024), with a quota of 100,000 and personal
targets of a 25% win rate, a 20,000 average deal and a 60-day cycle. At those references the
quota takes 100,000 / (25% x 20,000) = 20 deals decided.
"""

import datetime
import math
from decimal import Decimal

import pytest

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
