"""The balance's rules by hand: each signal's threshold fires just above and stays quiet just
below, the running quarter counts for the signals that count events and not for the measured
ones, and the position says which way the fired signals lean."""

from collections.abc import Sequence

import pytest

from leadwell.balance import measure
from leadwell.balance.measure import NONE, Drift, Lean, Quarter, Reading, signal


def quarters(
    window: Sequence[Quarter],
    *,
    before: Sequence[Quarter] = (),
    running: Quarter = NONE,
) -> list[Quarter]:
    """The nine quarters a signal is read over: the year before (padded with nothing measured
    at its start), the judged year (likewise), then the running quarter."""
    year_before = [NONE] * (measure.WINDOW - len(before)) + list(before)
    judged = [NONE] * (measure.WINDOW - len(window)) + list(window)
    return [*year_before, *judged, running]


def counts(*values: float) -> list[Quarter]:
    return [Quarter(v) for v in values]


def reads(key: str, shown: list[Quarter], decided: bool = False) -> Reading:
    return measure.read(signal(key), shown, decided)


def fires(key: str, shown: list[Quarter], decided: bool = False) -> bool:
    return reads(key, shown, decided).fires


# -- Passing the pressure on ------------------------------------------------------------------


def test_one_ask_accepted_without_assessment_is_an_accident_and_two_are_a_drift():
    assert not fires("unassessed_asks", quarters(counts(0, 1, 0, 0)))
    assert fires("unassessed_asks", quarters(counts(0, 1, 0, 1)))


def test_an_ask_accepted_unassessed_in_the_running_quarter_counts_already():
    assert fires("unassessed_asks", quarters(counts(0, 1, 0, 0), running=Quarter(1)))


def test_asks_accepted_unassessed_more_than_a_year_ago_no_longer_count():
    shown = quarters(counts(0, 0, 0, 0), before=counts(2, 1, 0, 0))
    reading = reads("unassessed_asks", shown)
    assert not reading.fires and reading.value == 0 and reading.before == 3


def test_the_evidence_of_unassessed_asks_says_one_ask_or_several():
    assert reads("unassessed_asks", quarters(counts(1))).evidence == (
        "1 extra ask accepted without an assessment"
    )
    assert reads("unassessed_asks", quarters(counts(1, 2))).evidence == (
        "3 extra asks accepted without an assessment"
    )


def test_three_quarters_of_the_decided_asks_passed_on_in_full_is_a_drift_and_fewer_is_not():
    assert fires("asks_passed_on", quarters([Quarter(3, 4)]))
    assert not fires("asks_passed_on", quarters([Quarter(2, 3)]))


def test_one_decided_ask_passed_on_is_too_few_to_judge():
    assert not fires("asks_passed_on", quarters([Quarter(1, 1)]))
    assert fires("asks_passed_on", quarters([Quarter(1, 1)], running=Quarter(1, 1)))


def test_asks_passed_on_are_added_up_over_the_year_not_averaged_by_quarter():
    # 1 of 1, then 1 of 3: two quarters averaging 67%, but 2 of 4 asks (50%) over the year.
    reading = reads("asks_passed_on", quarters([Quarter(1, 1), Quarter(1, 3)]))
    assert reading.value == 0.5 and not reading.fires
    assert reading.evidence == "2 of 4 decided asks passed to the sellers in full"


def test_a_fifth_of_the_deals_won_pulled_in_is_a_drift_and_just_under_is_not():
    assert fires("pulled_in", quarters([Quarter(3, 15)]))
    assert not fires("pulled_in", quarters([Quarter(3, 16)]))


def test_fewer_than_three_deals_pulled_in_are_no_drift_whatever_their_share():
    assert not fires("pulled_in", quarters([Quarter(2, 4)]))


def test_deals_pulled_into_the_running_quarter_wait_for_it_to_finish():
    shown = quarters([Quarter(0, 10)], running=Quarter(5, 5))
    reading = reads("pulled_in", shown)
    assert not reading.fires and reading.value == 0


def test_conditioned_customers_rising_to_two_over_a_year_is_a_drift():
    shown = quarters(counts(1, 1, 2, 2), before=counts(0, 0, 1, 1))
    reading = reads("conditioned_customers", shown)
    assert reading.fires and reading.value == 2 and reading.before == 1
    assert reading.evidence == (
        "2 customers conditioned, or nearly, at the last quarter's end, 1 a year before"
    )


def test_conditioned_customers_as_many_as_a_year_before_are_no_drift():
    assert not fires("conditioned_customers", quarters(counts(2), before=counts(2)))
    assert not fires("conditioned_customers", quarters(counts(3, 2), before=counts(0, 2)))


def test_one_conditioned_customer_is_no_drift_even_when_a_year_before_there_were_none():
    assert not fires("conditioned_customers", quarters(counts(1), before=counts(0)))


def test_conditioned_customers_with_nothing_measured_a_year_before_are_no_drift_yet():
    # A leader new to a team may inherit conditioned customers: the rise is the signal.
    assert not fires("conditioned_customers", quarters(counts(2)))


def test_conditioned_customers_are_read_at_the_last_measured_quarters_end():
    # Measured at each quarter's end: the latest level, not the year's sum.
    year_before = counts(1)
    shown = quarters([Quarter(1), Quarter(1), NONE, NONE], before=year_before)
    assert not fires("conditioned_customers", shown)
    shown = quarters([Quarter(1), Quarter(2), NONE, NONE], before=year_before)
    assert fires("conditioned_customers", shown)


def test_two_fifths_of_bookings_in_the_last_two_weeks_rising_is_a_drift():
    shown = quarters(counts(0.40, 0.40, 0.40, 0.40), before=counts(0.30, 0.30))
    assert fires("quarter_end_share", shown)
    assert not fires("quarter_end_share", quarters(counts(0.39), before=counts(0.30)))


def test_bookings_late_in_the_quarter_as_many_as_the_year_before_are_the_teams_habit_not_a_drift():
    assert not fires("quarter_end_share", quarters(counts(0.45), before=counts(0.45)))
    # Nothing to compare with: no rise to read, however high.
    assert not fires("quarter_end_share", quarters(counts(0.45)))


def test_the_running_quarters_late_bookings_are_not_counted_before_its_last_two_weeks():
    shown = quarters(counts(0.20), running=Quarter(0.90))
    assert reads("quarter_end_share", shown).value == 0.20
    assert not fires("quarter_end_share", shown)


def test_next_quarters_coverage_down_a_fifth_on_the_year_before_is_a_drift():
    assert fires("next_quarter_coverage", quarters(counts(2.4), before=counts(3.0)))
    assert not fires("next_quarter_coverage", quarters(counts(2.5), before=counts(3.0)))


def test_coverage_with_no_year_before_to_compare_with_is_no_drift_however_low():
    assert not fires("next_quarter_coverage", quarters(counts(0.5)))


def test_coverage_is_the_mean_of_the_quarters_ends():
    reading = reads("next_quarter_coverage", quarters(counts(2.0, 3.0), before=counts(3.0)))
    assert reading.value == 2.5
    assert (
        reading.evidence == "next quarter's coverage 2.5x at a quarter's end, 3.0x the year before"
    )


def test_a_quarter_end_discount_of_eight_percent_on_average_is_a_drift():
    assert fires("quarter_end_discount", quarters(counts(0.06, 0.10)))
    assert not fires("quarter_end_discount", quarters(counts(0.06, 0.08)))


# -- Carrying the obstacles up ----------------------------------------------------------------


@pytest.mark.parametrize("key", ["renegotiations", "forecast_bias"])
def test_renegotiations_and_a_low_call_fire_on_the_signals_apps_verdict_alone(key):
    many = quarters(counts(3, 3, 3, 3))
    assert not fires(key, many, decided=False)
    assert fires(key, quarters(counts(0)), decided=True)


def test_a_low_call_is_said_as_under_the_bookings_not_as_a_negative_share():
    assert reads("forecast_bias", quarters(counts(-0.05, -0.09))).evidence == (
        "calls 7% under the bookings on average"
    )
    assert reads("forecast_bias", quarters(counts(0.12))).evidence == (
        "calls 12% over the bookings on average"
    )
    assert reads("forecast_bias", quarters(counts(0.001))).evidence == (
        "calls on the bookings on average"
    )


def test_more_than_half_of_four_triaged_challenges_escalated_is_a_drift():
    assert fires("escalated_share", quarters([Quarter(3, 4)]))
    assert not fires("escalated_share", quarters([Quarter(2, 4)]))  # half is no drift yet


def test_three_challenges_triaged_are_too_few_to_judge():
    assert not fires("escalated_share", quarters([Quarter(3, 3)]))


def test_the_running_quarters_escalations_count_already():
    assert fires("escalated_share", quarters([Quarter(2, 3)], running=Quarter(1, 1)))


def test_two_escalations_without_actions_out_of_four_are_a_drift():
    assert fires("escalated_without_actions", quarters([Quarter(2, 4)]))
    assert not fires("escalated_without_actions", quarters([Quarter(2, 5)]))
    assert not fires("escalated_without_actions", quarters([Quarter(1, 1)]))


def test_half_of_four_sellers_with_a_gap_left_uncoached_is_a_drift():
    assert fires("gaps_without_item", quarters([Quarter(1, 2), Quarter(1, 2)]))
    assert not fires("gaps_without_item", quarters([Quarter(1, 4)]))
    assert not fires("gaps_without_item", quarters([Quarter(2, 3)]))  # fewer than four


def test_gaps_in_the_running_quarter_are_not_judged_until_it_ends():
    assert not fires("gaps_without_item", quarters([Quarter(1, 2)], running=Quarter(2, 2)))


def test_a_quarter_with_nothing_to_measure_is_left_out_of_a_share():
    reading = reads("escalated_share", quarters([Quarter(3, 4), NONE]))
    assert reading.value == 0.75 and reading.fires


def test_every_signal_has_a_rule_and_a_direction():
    assert {s.key for s in measure.SIGNALS} == set(measure._RULES)
    drifts = [s.drift for s in measure.SIGNALS]
    assert drifts.count(Drift.PRESSURE) == 7 and drifts.count(Drift.EXCUSE) == 5


# -- Where the leader stands ------------------------------------------------------------------


def fired(pressure: int, excuse: int, *, unmeasured: int = 0) -> measure.Position:
    """The position with this many signals of each direction over their threshold, the rest
    within, and `unmeasured` pressure signals with no figures at all."""
    measured = []
    left = {Drift.PRESSURE: pressure, Drift.EXCUSE: excuse}
    without = unmeasured
    for s in measure.SIGNALS:
        over = left[s.drift] > 0
        left[s.drift] -= over
        has_figures = True
        if not over and s.drift is Drift.PRESSURE and without:
            has_figures, without = False, without - 1
        measured.append((s, Reading(None, None, over, ""), has_figures))
    return measure.position(measured)


@pytest.mark.parametrize(
    ("pressure", "excuse", "lean"),
    [
        (0, 0, Lean.BALANCED),
        (1, 1, Lean.BALANCED),  # one signal alone is a quarter's accident
        (2, 1, Lean.PRESSURE),
        (1, 2, Lean.EXCUSE),
        (2, 2, Lean.BOTH),
    ],
)
def test_a_direction_counts_from_two_signals(pressure, excuse, lean):
    assert fired(pressure, excuse).lean is lean


def test_the_headline_says_the_lean_in_words():
    assert fired(3, 0).headline == "Drifting toward passing the pressure on"
    assert fired(0, 0).headline == "In balance"
    assert fired(2, 2).headline == "Pulled both ways"


def test_the_marker_sits_at_the_middle_when_both_sides_fire_alike_and_moves_toward_the_drift():
    assert fired(0, 0).marker_percent == 50
    # 7 pressure signals, all over: the marker at the pressure end; 5 excuse signals, all over:
    # at the excuse end.
    assert fired(7, 0).marker_percent == 100
    assert fired(0, 5).marker_percent == 0
    assert fired(7, 5).marker_percent == 50


def test_a_signal_with_no_figures_counts_in_neither_direction():
    position = fired(2, 0, unmeasured=3)
    assert (position.pressure, position.pressure_measured) == (2, 4)
    assert (position.excuse, position.excuse_measured) == (0, 5)
    assert position.marker_percent == 75  # two of the four measured, not of the seven


def test_a_fired_signal_with_no_figures_is_not_counted():
    # The position weighs what the page can show: a verdict with no figure beside it moves
    # nobody.
    renegotiations = signal("renegotiations")
    position = measure.position([(renegotiations, Reading(None, None, True, ""), False)])
    assert position.excuse == 0 and position.excuse_measured == 0
