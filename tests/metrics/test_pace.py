"""A period in progress is judged against pace: the share of its quota expected by today, by
working days, or by the team's own seasonality when it has two past years of bookings in the
same period (a seller is paced as their team). Finished periods keep their whole quota; a month without a quota of its own has no
quota-based gap; per-week rates of a running month divide by the weeks gone by.

Every case is seen on a fixed "today", Sunday 15 November 2026, in FY2026-Q4 (October to
December 2026, the fiscal year being the calendar year). Its working days (Monday to Friday):
October 22 (the 1st is a Thursday), November 21 (the 1st is a Sunday), December 23 (the 1st is
a Tuesday): 66. Gone by on 15 November: October's 22 and 2-6 and 9-13 November, 10: 32.
"""

import datetime

import pytest
from django.utils import timezone

from leadwell.crm.models import Activity, Quota
from leadwell.lib.periods import parse_period
from leadwell.metrics import charts
from leadwell.metrics.compute import recompute
from leadwell.metrics.gaps import analyse
from leadwell.metrics.models import Scope
from leadwell.metrics.pace import (
    Method,
    elapsed_share,
    expected_share,
    working_day_share,
    working_days,
)
from leadwell.metrics.selectors import group_cards, person_card
from tests.conftest import deal

TODAY = datetime.date(2026, 11, 15)
Q4 = parse_period("FY2026-Q4")
Q3 = parse_period("FY2026-Q3")
NOVEMBER = parse_period("2026-11")
WORKING_DAY_SHARE = 32 / 66


def test_a_quarters_working_day_share_counts_mondays_to_fridays_today_included():
    assert working_days(Q4.start, Q4.end) == 66
    assert working_day_share(Q4, TODAY) == pytest.approx(32 / 66)
    # A Monday counts itself: 16 November adds one working day.
    assert working_day_share(Q4, datetime.date(2026, 11, 16)) == pytest.approx(33 / 66)
    assert expected_share(Q4, TODAY) == (pytest.approx(32 / 66), Method.WORKING_DAYS)
    # 46 of the quarter's 92 days are gone, today included.
    assert elapsed_share(Q4, TODAY) == pytest.approx(0.5)
    assert working_day_share(Q3, TODAY) == 1.0 and elapsed_share(Q3, TODAY) == 1.0


def test_two_years_of_history_pace_by_seasonality_one_year_by_working_days():
    # November is 10 of its 21 working days gone. In FY2025-Q4 (30, 42, 28 thousand a month)
    # 30 + 42 x 10/21 = 50 of 100 were booked by this point, in FY2024-Q4 (20, 21, 59)
    # 20 + 21 x 10/21 = 30 of 100: 40% on average.
    history = [[30_000, 42_000, 28_000], [20_000, 21_000, 59_000]]
    assert expected_share(Q4, TODAY, history) == (pytest.approx(0.40), Method.SEASONALITY)
    assert expected_share(Q4, TODAY, history[:1]) == (
        pytest.approx(WORKING_DAY_SHARE),
        Method.WORKING_DAYS,
    )
    # A month has no months inside it to show a season: by working days, 10 of 21.
    assert expected_share(NOVEMBER, TODAY, [[1.0], [2.0]]) == (
        pytest.approx(10 / 21),
        Method.WORKING_DAYS,
    )


@pytest.fixture
def today(monkeypatch):
    """The app's today is TODAY (pages and API read timezone.localdate)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def seller(personas):
    """Sam Ortiz, with a quota of 100,000 in FY2026-Q3 and in FY2026-Q4 (none for months),
    30,000 booked in each by 15 November."""
    seller = personas.seller
    for quarter in (Q3, Q4):
        Quota.objects.create(
            person=seller, period_kind="quarter", period_start=quarter.start, amount=100_000
        )
    deal(seller, "won", 30_000, "2026-08-10")
    deal(seller, "won", 30_000, "2026-11-10")
    deal(seller, "lost", 10_000, "2026-11-12")
    return seller


@pytest.mark.django_db
def test_a_running_quarters_bookings_gap_is_against_pace_a_finished_ones_against_the_quota(
    seller,
):
    recompute(today=TODAY)
    running = analyse(seller, Q4, today=TODAY)
    pace = 100_000 * WORKING_DAY_SHARE  # 48,484.85
    assert running.card.in_progress and running.card.pace.method == Method.WORKING_DAYS
    assert running.bookings.target == pytest.approx(pace)
    assert running.bookings.full_target == 100_000
    assert running.bookings_gap == pytest.approx(30_000 - pace)
    # The drivers split the paced gap, and add up to it.
    assert sum(d.amount for d in running.drivers) == pytest.approx(30_000 - pace)
    attainment = running.card.line("quota_attainment")
    assert attainment.value == pytest.approx(0.30)
    assert attainment.target == pytest.approx(WORKING_DAY_SHARE)
    assert attainment.of_pace == pytest.approx(0.30 / WORKING_DAY_SHARE)  # 61.9% of pace
    # The gaps counted on the team page and offered to coaching are the same paced ones.
    assert {line.metric.key for line in running.card.gaps} >= {"bookings", "quota_attainment"}
    assert running.card.line("bookings").gap == pytest.approx(pace - 30_000)
    # Ratios are not prorated: the win rate has no pace.
    assert not running.card.line("win_rate").paced

    finished = analyse(seller, Q3, today=TODAY)
    assert not finished.card.in_progress
    assert finished.bookings.target == 100_000 and not finished.bookings.paced
    assert finished.bookings_gap == -70_000


@pytest.mark.django_db
def test_a_team_with_two_years_of_history_is_paced_by_its_seasonality(seller, personas):
    for day, amount in [
        ("2024-10-05", 20_000),
        ("2024-11-05", 21_000),
        ("2024-12-05", 59_000),
        ("2025-10-05", 30_000),
        ("2025-11-05", 42_000),
        ("2025-12-05", 28_000),
    ]:
        deal(seller, "won", amount, day)
    recompute(today=TODAY)
    card = person_card(seller, Q4, today=TODAY)
    assert card.pace.method == Method.SEASONALITY
    assert card.pace.share == pytest.approx(0.40)
    assert card.pace.words == "pace by their team's seasonality: 40% of the quarter"
    assert card.line("bookings").target == pytest.approx(40_000)
    assert card.line("bookings").gap == pytest.approx(10_000)


@pytest.mark.django_db
def test_sellers_of_one_team_are_judged_against_the_same_pace_their_teams_seasonality(
    seller, personas
):
    # Sam books late in the quarter, Sofia early: each alone would set a very different pace.
    for day, amount in [("2024-12-05", 30_000), ("2025-12-05", 60_000)]:
        deal(seller, "won", amount, day)
    for day, amount in [("2024-10-05", 40_000), ("2025-10-05", 30_000), ("2025-11-05", 42_000)]:
        deal(personas.seller2, "won", amount, day)
    recompute(today=TODAY)
    sam = person_card(seller, Q4, today=TODAY).pace
    sofia = person_card(personas.seller2, Q4, today=TODAY).pace
    team = group_cards(Scope.TEAM, [personas.boston], Q4, today=TODAY)[0].pace
    assert sam.method == sofia.method == team.method == Method.SEASONALITY
    assert sam.share == sofia.share == team.share


@pytest.mark.django_db
def test_a_month_without_its_own_quota_has_no_quota_based_gap(seller):
    recompute(today=TODAY)
    analysis = analyse(seller, NOVEMBER, today=TODAY)
    card = analysis.card
    assert card.in_progress
    assert card.value("quota") is None
    assert card.line("bookings").target is None and card.line("quota_attainment").target is None
    assert not {"bookings", "quota_attainment"} & {line.metric.key for line in card.gaps}
    assert analysis.bookings_gap is None


@pytest.mark.django_db
def test_activities_per_week_in_a_running_month_divide_by_the_weeks_gone_by(seller):
    for number in range(6):
        Activity.objects.create(
            external_id=f"call-{number}", owner=seller, type="call", date="2026-11-03"
        )
    recompute(today=TODAY)
    card = person_card(seller, NOVEMBER, today=TODAY)
    # 15 days of November gone, today included: 15/7 weeks, not the month's 30/7.
    assert card.value("activities_per_week") == pytest.approx(6 / (15 / 7))
    assert card.value("calls_per_week") == pytest.approx(2.8)
    assert not card.line("activities_per_week").paced


@pytest.mark.django_db
def test_the_scorecard_page_says_to_date_the_share_elapsed_and_the_pace(seller, personas, today):
    recompute(today=TODAY)
    page = personas.client("leader").get(f"/scorecards/people/{seller.pk}/?period=FY2026-Q4")
    html = page.content.decode()
    assert "Q4 FY2026 to date (50% of the quarter elapsed)" in html
    assert "pace by working days: 48% of the quarter" in html
    assert "61.9% of pace" in html  # attainment 30% against a pace of 48.5%
    gaps = personas.client("leader").get(f"/scorecards/people/{seller.pk}/gaps/?period=FY2026-Q4")
    assert "Q4 FY2026 to date" in gaps.content.decode()
    finished = personas.client("leader").get(f"/scorecards/people/{seller.pk}/?period=FY2026-Q3")
    assert "to date" not in finished.content.decode()


@pytest.mark.django_db
def test_the_api_says_whether_a_period_is_in_progress_and_its_paced_targets(
    seller, personas, today
):
    recompute(today=TODAY)
    api = personas.api("leader")
    card = api.get(f"/api/v1/scorecards/people/{seller.pk}", {"period": "FY2026-Q4"}).json()
    assert card["in_progress"] is True
    assert card["elapsed_share"] == pytest.approx(0.5)
    assert card["pace_share"] == pytest.approx(WORKING_DAY_SHARE)
    assert card["pace_method"] == "working days"
    bookings = card["metrics"]["bookings"]
    assert bookings["paced"] is True and bookings["full_target"] == 100_000
    assert bookings["target"] == pytest.approx(100_000 * WORKING_DAY_SHARE)
    gaps = api.get(f"/api/v1/gaps/people/{seller.pk}", {"period": "FY2026-Q4"}).json()
    assert gaps["in_progress"] is True
    assert gaps["bookings_gap"] == pytest.approx(30_000 - 100_000 * WORKING_DAY_SHARE)
    finished = api.get(f"/api/v1/scorecards/people/{seller.pk}", {"period": "FY2026-Q3"}).json()
    assert finished["in_progress"] is False and finished["pace_method"] is None
    assert finished["metrics"]["bookings"]["target"] == 100_000


@pytest.mark.django_db
def test_the_trend_chart_marks_the_running_quarter_hollow_with_its_projection(seller):
    recompute(today=TODAY)
    card = person_card(seller, Q4, today=TODAY)
    svg = charts.trend_svg(card.line("bookings"), card.line("quota"), card.pace)
    assert f'class="dot {charts.TO_DATE_CLASS}"' in svg
    assert "Q4 FY26 to date" in svg
    assert "Projected" in svg
    # 30,000 to date at a pace of 32/66 projects 61,875 for the quarter.
    assert "61.9k" in svg


@pytest.mark.django_db
def test_pipeline_coverage_is_read_while_its_period_runs_and_reads_period_over_once_it_ended(
    seller, personas
):
    # Two deals still open with a close day in Q3, which has ended (stale, not coverage), and
    # one closing in Q4, still to come.
    deal(seller, "open", 50_000, "2026-09-20")
    deal(seller, "open", 35_000, "2026-12-10")
    recompute(today=TODAY)
    finished = analyse(seller, Q3, today=TODAY)
    coverage = finished.card.line("pipeline_coverage")
    assert coverage.value is None and coverage.undefined == "period over"
    assert coverage.gap is None
    assert "pipeline_coverage" not in {line.metric.key for line in finished.card.gaps}

    running = analyse(seller, Q4, today=TODAY).card.line("pipeline_coverage")
    # 35,000 open against the 70,000 still to book.
    assert running.value == pytest.approx(0.5)
    # The trend keeps the running quarter's figure only.
    trend = dict(
        person_card(seller, Q4, with_trend=True, today=TODAY).line("pipeline_coverage").trend
    )
    assert trend[Q3] is None and trend[Q4] == pytest.approx(0.5)

    (team,) = group_cards(Scope.TEAM, [personas.boston], Q3, today=TODAY)
    assert team.line("pipeline_coverage").undefined == "period over"
