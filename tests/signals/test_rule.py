"""The consistently-low rule: a sign test over the quarters and the mean bias, never one bad
quarter."""

import pytest

from leadwell.signals.bias import MARGIN, consistently_low, sign_test


def test_the_sign_test_is_the_binomial_tail_of_a_fair_coin():
    assert sign_test(6, 6) == pytest.approx(1 / 64)
    assert sign_test(5, 6) == pytest.approx(7 / 64)
    assert sign_test(4, 5) == pytest.approx(6 / 32)
    assert sign_test(0, 3) == 1.0


def test_a_steady_sandbagger_five_quarters_low_of_six_is_flagged():
    verdict = consistently_low([-0.25, -0.2, -0.3, 0.02, -0.22, -0.18])
    assert (verdict.judged, verdict.low) == (6, 5)
    assert verdict.mean == pytest.approx(-1.13 / 6)
    assert verdict.fires


def test_one_bad_quarter_among_good_ones_is_not_flagged():
    assert not consistently_low([0.02, -0.45, 0.05, -0.03, 0.0, 0.04]).fires


def test_four_low_quarters_of_six_are_not_enough_even_when_deep():
    verdict = consistently_low([-0.4, -0.4, -0.4, -0.4, 0.0, 0.01])
    assert verdict.mean < -MARGIN
    assert not verdict.fires


def test_low_quarters_that_are_barely_low_on_average_are_not_flagged():
    # Every quarter below the margin, but only just, and one far above: the mean is not low.
    assert not consistently_low([-0.11, -0.11, -0.11, -0.11, -0.11, 0.9]).fires


def test_too_few_quarters_are_never_judged_and_missing_quarters_are_skipped():
    assert not consistently_low([-0.5, -0.5, -0.5]).fires
    verdict = consistently_low([None, -0.3, None, -0.3, -0.3, -0.3])
    assert (verdict.judged, verdict.low, verdict.fires) == (4, 4, True)


def test_six_low_quarters_of_eight_are_flagged_and_five_of_seven_are_not():
    assert consistently_low([-0.25, 0.1, -0.22, -0.27, -0.3, -0.03, -0.35, -0.23]).fires
    assert not consistently_low([-0.25, 0.1, -0.22, -0.27, -0.3, -0.03, -0.35]).fires
