"""A metric measured over any span of whole months, for a person, a team, an office or the
organisation, each part combined across the months by the rule the catalog declares on it.

The shared personas (tests/conftest.py): Sam Ortiz and Sofia Berg sell in Boston Enterprise
(Boston office, in North America), Omar Reyes in Denver Mid-Market (Denver office, in North
America). Their deals in 2025, month by month:

    January   Sam won 10,000 (cycle 10 days); Sofia won 30,000 (cycle 50)   team median 30
    February  Sam won 20,000 (cycle 30) and lost 1; Omar won 4,000           team median 30
    March     Sofia won 6,000 (cycle 20)                                     team median 20

and open deals: Sam's 5,000 closing in February and 7,000 closing in March.
"""

import datetime

import pytest
from django.utils import timezone

from leadwell.crm.models import Activity, ForecastSubmission, Quota
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.windows import How, Span, Whose, measure

from ..conftest import deal

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = (period_of(datetime.date(2025, m, 1), PeriodKind.MONTH) for m in (1, 2, 3))
Q1 = datetime.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _calendar_quarters(settings):
    settings.FISCAL_YEAR_START_MONTH = 1


def forecast(person, kind: str, start: datetime.date, commit: int) -> None:
    ForecastSubmission.objects.create(
        person=person, period_kind=kind, period_start=start, submitted_on=start, commit=commit
    )


@pytest.fixture
def quarter(personas):
    sam, sofia, omar = personas.seller, personas.seller2, personas.other_seller
    deal(sam, "won", 10_000, datetime.date(2025, 1, 15), cycle_days=10)
    deal(sofia, "won", 30_000, datetime.date(2025, 1, 20), cycle_days=50)
    deal(sam, "won", 20_000, datetime.date(2025, 2, 10), cycle_days=30)
    deal(sam, "lost", 3_000, datetime.date(2025, 2, 12))
    deal(omar, "won", 4_000, datetime.date(2025, 2, 14))
    deal(sofia, "won", 6_000, datetime.date(2025, 3, 5), cycle_days=20)
    deal(sam, "open", 5_000, datetime.date(2025, 2, 25))
    deal(sam, "open", 7_000, datetime.date(2025, 3, 25))
    recompute(today=datetime.date(2025, 12, 31))
    return personas


def test_flows_are_summed_over_the_months_for_a_person_a_team_an_office_and_the_organisation(
    quarter,
):
    span = Span(JAN, FEB)
    values = {
        who: measure(scope=Whose.of(scope), metric="bookings", months=span).value
        for who, scope in [
            ("Sam", quarter.seller),
            ("Boston Enterprise", quarter.boston),
            ("Boston office", quarter.boston_office),
            ("North America", quarter.boston_office.parent),
            ("organisation", None),
        ]
    }
    assert values == {
        "Sam": 30_000,
        "Boston Enterprise": 60_000,
        "Boston office": 60_000,
        "North America": 64_000,
        "organisation": 64_000,
    }


def test_a_ratio_is_its_formula_over_the_summed_parts_never_an_average_of_monthly_ratios(quarter):
    found = measure(scope=Whose.of(quarter.boston), metric="win_rate", months=Span(JAN, FEB))
    # January 2 of 2 won, February 1 of 2: 3 of 4 decided, not (1 + 0.5) / 2.
    assert found.value == pytest.approx(3 / 4)
    assert found.how == How.COMBINED and not found.averaged
    assert (found.months, found.counted) == (2, 2)
    assert (found.parts["won_count"], found.parts["lost_count"]) == (3, 1)


def test_a_position_such_as_open_pipeline_is_the_last_months(quarter):
    found = measure(scope=Whose.of(quarter.seller), metric="open_pipeline", months=Span(JAN, MAR))
    assert found.value == 7_000  # March's, not 5,000 + 7,000
    to_february = measure(
        scope=Whose.of(quarter.seller), metric="open_pipeline", months=Span(JAN, FEB)
    )
    assert to_february.value == 5_000


def test_whether_anyone_forecast_is_the_highest_months_and_the_commits_add_up(quarter):
    sam, sofia = quarter.seller, quarter.seller2
    forecast(sam, "month", JAN.start, 12_000)
    forecast(sofia, "month", JAN.start, 25_000)
    forecast(sam, "month", FEB.start, 18_000)
    recompute(today=datetime.date(2025, 12, 31))
    found = measure(scope=Whose.of(quarter.boston), metric="forecast_bias", months=Span(JAN, FEB))
    # Two people forecast in January and one in February: the highest month's two, not three.
    assert found.parts["forecast_people"] == 2
    assert found.parts["forecast_commit"] == 55_000
    assert found.value == pytest.approx((55_000 - 60_000) / 60_000)
    assert not found.averaged


def test_a_metric_on_a_part_that_cannot_be_combined_is_the_average_of_its_monthly_figures(
    quarter,
):
    found = measure(
        scope=Whose.of(quarter.boston), metric="sales_cycle_days", months=Span(JAN, MAR)
    )
    # The team's monthly medians 30, 30 and 20; the pooled median of 10, 50, 30, 20 is 25.
    assert found.value == pytest.approx((30 + 30 + 20) / 3)
    assert found.how == How.MONTHS_AVERAGED and found.averaged
    assert found.counted == 3 and found.parts == {}


def test_forecasts_submitted_per_quarter_are_measured_as_the_quarters_figures(quarter):
    forecast(quarter.other_seller, "quarter", Q1, 5_000)
    recompute(today=datetime.date(2025, 12, 31))
    found = measure(
        scope=Whose.of(quarter.other_seller), metric="forecast_bias", months=Span(FEB, MAR)
    )
    assert found.how == How.QUARTERS_AVERAGED and found.counted == 1
    assert found.value == pytest.approx((5_000 - 4_000) / 4_000)


def test_a_month_without_its_own_quota_takes_a_third_of_its_quarters(quarter):
    Quota.objects.create(
        person=quarter.seller, period_kind="quarter", period_start=Q1, amount=90_000
    )
    recompute(today=datetime.date(2025, 12, 31))
    sam = measure(scope=Whose.of(quarter.seller), metric="quota_attainment", months=Span(JAN, FEB))
    assert sam.value == pytest.approx(30_000 / 60_000)
    # The team's quota is its sellers' (Sam's only): a third of 90,000 a month too.
    team = measure(scope=Whose.of(quarter.boston), metric="quota_attainment", months=Span(JAN, FEB))
    assert team.value == pytest.approx(60_000 / 60_000)


def test_a_teams_own_quarterly_quota_is_spread_over_its_months_the_same_way(quarter):
    Quota.objects.create(
        person=quarter.seller, period_kind="quarter", period_start=Q1, amount=90_000
    )
    Quota.objects.create(
        team=quarter.boston, period_kind="quarter", period_start=Q1, amount=120_000
    )
    recompute(today=datetime.date(2025, 12, 31))
    found = measure(scope=Whose.of(quarter.boston), metric="quota", months=Span(JAN, FEB))
    assert found.value == pytest.approx(80_000)  # the team's own 120,000 a quarter, not 60,000


def test_a_weekly_rate_divides_by_the_weeks_of_the_span(quarter):
    for day in (datetime.date(2025, 1, 10), datetime.date(2025, 2, 10)):
        for number in range(59):
            Activity.objects.create(
                external_id=f"window-act-{day.month}-{number}",
                owner=quarter.seller2,
                type=Activity.Type.CALL,
                date=day,
                status="done",
            )
    recompute(today=datetime.date(2025, 12, 31))
    found = measure(scope=Whose.of(quarter.boston), metric="calls_per_week", months=Span(JAN, FEB))
    assert found.value == pytest.approx(118 / (59 / 7))


def test_a_span_without_summaries_has_no_value(quarter):
    found = measure(scope=Whose.of(quarter.other_leader), metric="bookings", months=Span(JAN, MAR))
    assert found.value is None and found.counted == 0


def test_the_month_still_running_today_is_flagged(quarter):
    today = timezone.localdate()
    month = period_of(today, PeriodKind.MONTH)
    found = measure(scope=Whose.of(quarter.seller), metric="bookings", months=Span(month, month))
    assert found.running is (month.end - datetime.timedelta(days=1) != today)
    assert not measure(
        scope=Whose.of(quarter.seller), metric="bookings", months=Span(JAN, MAR)
    ).running


def test_a_span_runs_forward_from_a_month_to_a_month():
    with pytest.raises(ValueError, match="cannot end"):
        Span(MAR, JAN)
    with pytest.raises(ValueError, match="month to a month"):
        Span(period_of(Q1, PeriodKind.QUARTER), MAR)
    assert [m.start for m in Span(JAN, MAR).months] == [JAN.start, FEB.start, MAR.start]
    assert (Span(JAN, MAR).start, Span(JAN, MAR).until) == (Q1, datetime.date(2025, 4, 1))
