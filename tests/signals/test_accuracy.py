"""Issue 15, proof and accuracy: on a generated organisation of twenty teams, each signal finds
at least nine in ten of the planted cases and flags at most one in ten of the clean ones.
`pytest -s` prints the figures."""

import pytest

from leadwell.metrics.compute import recompute
from leadwell.plans.selectors import this_fiscal_year
from leadwell.signals import selectors

from .generated import generate

pytestmark = pytest.mark.django_db

SEED = 15


def rates(flagged: set[int], planted: set[int], everyone: list[int]) -> tuple[float, float]:
    """(recall: the share of the planted flagged, false flags: the share of the clean
    flagged)."""
    clean = [pk for pk in everyone if pk not in planted]
    recall = len(flagged & planted) / len(planted)
    false_flags = len(flagged - planted) / len(clean)
    return recall, false_flags


def test_each_signal_finds_the_planted_cases_and_spares_the_clean_ones(quarters):
    planted = generate(SEED, quarters, this_fiscal_year())
    recompute()
    signals = selectors.signals_about(planted.sellers + planted.leaders)
    sellers = [p.pk for p in planted.sellers]
    leaders = [p.pk for p in planted.leaders]
    sandbagging = {s.person.pk for s in signals if s.sandbagging}
    renegotiating = {s.person.pk for s in signals if s.renegotiating}
    measured = {
        "sandbagging sellers": rates(
            sandbagging & set(sellers), planted.sandbagging & set(sellers), sellers
        ),
        "sandbagging leaders": rates(
            sandbagging & set(leaders), planted.sandbagging & set(leaders), leaders
        ),
        "renegotiating leaders": rates(renegotiating, planted.renegotiating, leaders),
    }
    for name, (recall, false_flags) in measured.items():
        print(f"\n{name}: recall {recall:.0%}, false flags {false_flags:.0%}")
    for name, (recall, false_flags) in measured.items():
        assert recall >= 0.9, name
        assert false_flags <= 0.1, name
