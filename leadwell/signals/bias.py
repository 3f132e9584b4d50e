"""The rule that calls a run of quarters consistently low, kept apart from any data so that it
reads as the decision it is (docs/decisions.md, "Sandbagging and renegotiation signals").

A quarter is *low* when its call was below the bookings by more than MARGIN (bias below
-MARGIN). The calls are consistently low when a one-sided sign test over the judged quarters
says the low quarters are too many to be chance (under a fair caller a quarter is low with a
probability of at most one half) and the mean bias is itself below -MARGIN. One bad quarter
never fires: at least four quarters must be judged, and four of four, five of five or six,
six of seven and six of eight are the smallest counts that pass.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

MARGIN = 0.10
# The sign test's level. Its null (a quarter low by more than the margin half the time) is far
# kinder than a fair caller, who is rarely that low, so the level can be looser than the usual
# 0.1: at 0.15 five low quarters of six (p = 7/64) and six of eight (p = 37/256) fire, as a
# sales director would want, while four of five or five of seven do not; the mean-bias
# condition guards against a caller merely unlucky.
SIGNIFICANCE = 0.15
MIN_QUARTERS = 4

# A leader renegotiates when they asked to lower their plan for this many distinct quarters of
# one fiscal year: one or two bad quarters are an ordinary year, three of four are a habit.
RENEGOTIATED_QUARTERS = 3


def sign_test(low: int, judged: int) -> float:
    """The one-sided p-value of `low` quarters or more out of `judged`, each low with
    probability one half."""
    return sum(comb(judged, k) for k in range(low, judged + 1)) / 2**judged


@dataclass(frozen=True)
class Verdict:
    judged: int  # quarters with a bias figure
    low: int  # of which below -MARGIN
    mean: float | None
    p_value: float | None
    fires: bool


def consistently_low(biases: Sequence[float | None]) -> Verdict:
    """The verdict over the quarters' biases (None: a quarter without a figure, not judged)."""
    known = [b for b in biases if b is not None]
    if not known:
        return Verdict(0, 0, None, None, False)
    low = sum(1 for b in known if b < -MARGIN)
    mean = sum(known) / len(known)
    p_value = sign_test(low, len(known))
    fires = len(known) >= MIN_QUARTERS and p_value < SIGNIFICANCE and mean < -MARGIN
    return Verdict(len(known), low, mean, p_value, fires)
