"""The metric that showed a gap, re-measured from the monthly summaries over the same number of
whole months before and since an assignment started.

Sam's deals, month by month (the assignment starts on 10 March 2025, measured on 1 May, when
March and April have fully passed):

    Dec 2024  won 99,000                               (outside both windows)
    Jan 2025  won 4,000 + 3,000 + 3,000, cycles 10/20/30 days  median 20     before
    Feb 2025  won 5,000 (cycle 80), lost 3             median 80             before
    Mar 2025  won 20,000 + 10,000 (cycles 30/40), lost 1   median 35          after
    Apr 2025  won 3 x 10,000 (cycles 20/30/40), lost 2     median 30          after
    May 2025  won 77,000                               (outside both windows)

and 30 + 29 calls done in January and February, 61 + 61 in March and April.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadwell.coaching import measure, services
from leadwell.coaching.models import Evaluation
from leadwell.crm.models import Quota
from leadwell.metrics.compute import recompute
from tests.conftest import deal

from .conftest import activities

STARTED = datetime.date(2025, 3, 10)
ON = datetime.date(2025, 5, 1)
JAN, FEB, MAR, APR, MAY = (datetime.date(2025, m, 1) for m in range(1, 6))


@pytest.fixture
def months(personas):
    sam = personas.seller
    deal(sam, "won", 99_000, datetime.date(2024, 12, 10), cycle_days=5)
    for amount, cycle in [(4_000, 10), (3_000, 20), (3_000, 30)]:
        deal(sam, "won", amount, datetime.date(2025, 1, 20), cycle_days=cycle)
    deal(sam, "won", 5_000, datetime.date(2025, 2, 20), cycle_days=80)
    for _ in range(3):
        deal(sam, "lost", 2_000, datetime.date(2025, 2, 21))
    deal(sam, "won", 20_000, datetime.date(2025, 3, 20), cycle_days=30)
    deal(sam, "won", 10_000, datetime.date(2025, 3, 21), cycle_days=40)
    deal(sam, "lost", 1_000, datetime.date(2025, 3, 22))
    for cycle in (20, 30, 40):
        deal(sam, "won", 10_000, datetime.date(2025, 4, 10), cycle_days=cycle)
    for _ in range(2):
        deal(sam, "lost", 1_000, datetime.date(2025, 4, 11))
    deal(sam, "won", 77_000, datetime.date(2025, 5, 12), cycle_days=5)
    activities(sam, datetime.date(2025, 1, 15), 30)
    activities(sam, datetime.date(2025, 2, 15), 29)
    activities(sam, datetime.date(2025, 2, 16), 50, status="planned")  # not done: not counted
    activities(sam, datetime.date(2025, 3, 5), 61)
    activities(sam, datetime.date(2025, 4, 5), 61)
    recompute(today=datetime.date(2025, 12, 31))
    return personas


@pytest.mark.django_db
def test_the_windows_are_as_many_whole_months_before_as_since_the_start(months):
    found = measure.measure(months.seller.pk, "bookings", STARTED, ON)
    assert (found.before.start, found.before.until, found.before.months) == (JAN, MAR, 2)
    assert (found.after.start, found.after.until, found.after.months) == (MAR, MAY, 2)
    assert not found.before.running and not found.after.running


@pytest.mark.django_db
def test_bookings_before_and_after_are_the_sums_of_the_months_in_each_window(months):
    found = measure.measure(months.seller.pk, "bookings", STARTED, ON)
    assert found.before.value == 15_000  # 10,000 in January, 5,000 in February
    assert found.after.value == 60_000  # 30,000 in March, 30,000 in April
    assert found.change == 45_000
    assert found.improved is True
    assert not found.after.averaged


@pytest.mark.django_db
def test_the_win_rate_of_a_window_is_won_over_decided_across_its_months_not_an_average(months):
    found = measure.measure(months.seller.pk, "win_rate", STARTED, ON)
    assert found.before.value == pytest.approx(4 / 7)  # not (3/3 + 1/4) / 2 = 0.625
    assert found.after.value == pytest.approx(5 / 8)  # not (2/3 + 3/5) / 2
    assert found.improved is True


@pytest.mark.django_db
def test_a_weekly_rate_divides_by_the_weeks_in_the_window(months):
    found = measure.measure(months.seller.pk, "activities_per_week", STARTED, ON)
    # January and February have 59 days, March and April 61: seven and fourteen a week.
    assert found.before.value == pytest.approx(59 / (59 / 7))
    assert found.after.value == pytest.approx(122 / (61 / 7))


@pytest.mark.django_db
def test_a_month_not_yet_passed_on_the_day_measured_is_left_out_of_the_window(months):
    # On 15 April (a whole month after 10 March) only March has fully passed: April is not
    # counted, though the summaries hold some of it, nor is it on its own last day.
    for on in (datetime.date(2025, 4, 15), datetime.date(2025, 4, 30)):
        found = measure.measure(months.seller.pk, "activities_per_week", STARTED, on)
        assert (found.after.start, found.after.until, found.after.months) == (MAR, APR, 1)
        assert (found.before.start, found.before.until, found.before.months) == (FEB, MAR, 1)
        assert found.after.value == pytest.approx(61 / (31 / 7))
        assert not found.after.running


@pytest.mark.django_db
def test_an_assignment_is_measured_once_a_whole_month_has_passed_since_it_started(months):
    assert measure.measured_from(STARTED) == datetime.date(2025, 4, 10)
    # A month after the 31st is the next month's last day.
    assert measure.measured_from(datetime.date(2025, 1, 31)) == datetime.date(2025, 2, 28)
    assert measure.measured_from(datetime.date(2024, 12, 15)) == datetime.date(2025, 1, 15)
    waiting = measure.measure(months.seller.pk, "bookings", STARTED, datetime.date(2025, 4, 9))
    assert waiting.pending and waiting.measured_from == datetime.date(2025, 4, 10)
    assert waiting.before.value is None and waiting.after.value is None
    assert waiting.after.months == 0 and waiting.improved is None
    found = measure.measure(months.seller.pk, "bookings", STARTED, datetime.date(2025, 4, 10))
    assert not found.pending and found.after.months == 1
    assert (found.before.value, found.after.value) == (5_000, 30_000)  # February, March


@pytest.mark.django_db
def test_an_assignment_started_this_month_is_not_measured_yet(months):
    today = timezone.localdate()
    found = measure.measure(months.seller.pk, "bookings", today.replace(day=1), today)
    assert found.pending and found.measured_from > today


@pytest.mark.django_db
def test_a_median_is_not_combined_across_months_so_the_window_averages_the_monthly_figures(
    months,
):
    found = measure.measure(months.seller.pk, "sales_cycle_days", STARTED, ON)
    assert found.before.averaged and found.after.averaged
    assert found.before.value == pytest.approx((20 + 80) / 2)  # the pooled median would be 25
    assert found.after.value == pytest.approx((35 + 30) / 2)
    # The cycle got shorter, and for a cycle lower is better.
    assert found.change == pytest.approx(-17.5)
    assert found.improved is True


@pytest.mark.django_db
def test_a_window_without_figures_has_no_value_and_nothing_is_called_an_improvement(months):
    sofia = measure.measure(months.seller2.pk, "bookings", STARTED, ON)
    assert sofia.before.value is None and sofia.after.value is None
    assert sofia.change is None and sofia.improved is None
    cycle = measure.measure(months.seller2.pk, "sales_cycle_days", STARTED, ON)
    assert cycle.before.value is None and cycle.after.value is None
    # Sam before any of his data: the before window is empty, the after one is not.
    early = measure.measure(months.seller.pk, "bookings", datetime.date(2024, 12, 1), ON)
    assert early.before.value is None
    assert early.improved is None


@pytest.mark.django_db
def test_no_change_is_not_an_improvement(months):
    found = measure.measure(months.seller.pk, "deals_won", STARTED, ON)
    assert (found.before.value, found.after.value) == (4, 5)
    flat = measure.Measurement(
        found.metric,
        measure.Window(JAN, MAR, 2, 3.0),
        measure.Window(MAR, MAY, 2, 3.0),
    )
    assert flat.change == 0 and flat.improved is None


@pytest.mark.django_db
def test_for_a_lower_is_better_metric_a_rise_is_not_an_improvement(months):
    # Measured from February, on 1 March: January (cycle 20) before, February (cycle 80) after.
    found = measure.measure(months.seller.pk, "sales_cycle_days", FEB, MAR)
    assert (found.before.value, found.after.value) == (20, 80)
    assert found.improved is False


@pytest.mark.django_db
def test_an_evaluation_keeps_the_measurement_as_it_stood(months):
    sam, lena = months.seller, months.leader
    item = services.item_open(person=sam, by=lena, title="Bookings are behind")
    item.metric = "bookings"  # as if opened from the gap: the measurement follows the metric
    item.save()
    assignment = services.assignment_add(
        item=item, by=lena, title="Prospecting block", started_on=STARTED
    )
    evaluation = services.assignment_evaluate(
        assignment=assignment, by=lena, was_done=True, outcome="continue", on=ON
    )
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    assert evaluation.metric == "bookings"
    assert (evaluation.before_from, evaluation.before_value) == (JAN, 15_000)
    assert (evaluation.after_from, evaluation.after_until, evaluation.after_value) == (
        MAR,
        MAY,
        60_000,
    )
    # Later changes to the summaries leave the evaluation as it was.
    deal(sam, "won", 500_000, datetime.date(2025, 4, 29))
    recompute(today=datetime.date(2025, 12, 31))
    evaluation.refresh_from_db()
    assert evaluation.after_value == 60_000


@pytest.mark.django_db
def test_an_evaluation_of_a_lower_is_better_metric_stores_a_fall_as_the_measured_effect(months):
    sam, lena = months.seller, months.leader
    item = services.item_open(person=sam, by=lena, title="Deals take too long")
    item.metric = "sales_cycle_days"
    item.save()
    assignment = services.assignment_add(
        item=item, by=lena, title="Mutual close plans", started_on=STARTED
    )
    evaluation = services.assignment_evaluate(
        assignment=assignment, by=lena, was_done=True, outcome="closed", on=ON
    )
    assert evaluation.before_value == pytest.approx(50)
    assert evaluation.after_value == pytest.approx(32.5)
    found = measure.measure(sam.pk, evaluation.metric, STARTED, ON)
    assert found.improved is True


@pytest.mark.django_db
def test_an_item_opened_by_hand_is_evaluated_without_a_measurement(months):
    item = services.item_open(person=months.seller, by=months.leader, title="Listens too little")
    assignment = services.assignment_add(
        item=item, by=months.leader, title="Record two calls", started_on=STARTED
    )
    evaluation = services.assignment_evaluate(
        assignment=assignment, by=months.leader, was_done=False, outcome="continue", on=ON
    )
    assert evaluation.metric == ""
    assert evaluation.before_value is None and evaluation.after_value is None


@pytest.mark.django_db
def test_quota_attainment_is_measured_against_the_quarterly_quota_spread_over_its_months(
    personas,
):
    sam = personas.seller
    for quarter in (datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)):
        Quota.objects.create(person=sam, period_kind="quarter", period_start=quarter, amount=90_000)
    deal(sam, "won", 30_000, datetime.date(2025, 2, 10))
    deal(sam, "won", 60_000, datetime.date(2025, 4, 10))
    recompute(today=datetime.date(2025, 12, 31))
    # February and March before (2 x 30,000 of quota), April and May after (on 1 June).
    june = datetime.date(2025, 6, 1)
    found = measure.measure(sam.pk, "quota_attainment", APR + datetime.timedelta(days=4), june)
    assert found.before.value == pytest.approx(30_000 / 60_000)
    assert found.after.value == pytest.approx(60_000 / 60_000)


@pytest.mark.django_db
def test_a_forecast_metric_with_quarterly_forecasts_is_the_average_of_the_quarters_figures(months):
    from leadwell.crm.models import ForecastSubmission

    # Q1 2025: committed 40,000 against 45,000 won (bias -1/9); Q2: 80,000 against 107,000.
    for start, commit in [(JAN, 40_000), (APR, 80_000)]:
        ForecastSubmission.objects.create(
            person=months.seller,
            period_kind="quarter",
            period_start=start,
            submitted_on=start,
            commit=commit,
        )
    recompute(today=datetime.date(2025, 12, 31))
    found = measure.measure(months.seller.pk, "forecast_bias", STARTED, ON)
    q1, q2 = (40_000 - 45_000) / 45_000, (80_000 - 107_000) / 107_000
    assert found.before.averaged and found.after.averaged
    assert found.before.value == pytest.approx(q1)  # January and February: Q1 only
    assert found.after.value == pytest.approx((q1 + q2) / 2)  # March (Q1) and April (Q2)


def _item_on(personas, metric: str, started_on: datetime.date):
    item = services.item_open(person=personas.seller, by=personas.leader, title=f"Gap in {metric}")
    item.metric = metric
    item.save()
    return services.assignment_add(
        item=item, by=personas.leader, title="An assignment", started_on=started_on
    )


@pytest.mark.django_db
def test_an_outcome_against_the_figures_is_refused_without_the_leaders_note(months):
    lena = months.leader
    # Bookings went from 15,000 to 60,000, yet the root cause is said to be wrong.
    improved = _item_on(months, "bookings", STARTED)
    with pytest.raises(ValidationError) as refused:
        services.assignment_evaluate(
            assignment=improved, by=lena, was_done=True, outcome="new_cause", on=ON
        )
    assert refused.value.message_dict == {
        "note": [
            "Bookings improved since the assignment started, yet the outcome is "
            "“New root cause”: say in the note why."
        ]
    }
    # The sales cycle rose from 20 to 80 days (worse, lower is better), yet the gap is closed.
    worse = _item_on(months, "sales_cycle_days", FEB)
    with pytest.raises(ValidationError) as refused:
        services.assignment_evaluate(
            assignment=worse, by=lena, was_done=True, outcome="closed", on=MAR
        )
    assert "Sales cycle did not improve" in refused.value.message_dict["note"][0]
    assert not Evaluation.objects.exists()

    # With a note each is kept, and "continue" fits either without one.
    note = "The big renewal closed early; the pipeline itself has not changed."
    evaluation = services.assignment_evaluate(
        assignment=improved, by=lena, was_done=True, outcome="new_cause", note=note, on=ON
    )
    assert evaluation.note == note and evaluation.after_value == 60_000
    services.assignment_evaluate(
        assignment=worse, by=lena, was_done=True, outcome="continue", on=MAR
    )
