"""The conditioning index finds the customers planted as conditioned in a generated
organisation of 20 teams, and leaves the clean ones alone (one pulled in once included)."""

import datetime
import time

import pytest

from leadwell.conditioning.measure import Band
from leadwell.conditioning.selectors import conditioning_of

from .generate import generate

TODAY = datetime.date(2026, 12, 7)


@pytest.mark.django_db
def test_the_conditioned_band_finds_nine_in_ten_planted_customers_and_few_clean_ones():
    started = time.monotonic()
    made = generate(TODAY)
    found = conditioning_of(sorted(made.conditioned | made.clean), today=TODAY)
    flagged = {a for a, c in found.items() if c.band == Band.CONDITIONED}
    recall = len(flagged & made.conditioned) / len(made.conditioned)
    false_flags = len(flagged & made.clean) / len(made.clean)
    print(
        f"\nconditioning: {len(made.conditioned)} planted, {len(made.clean)} clean; "
        f"recall {recall:.0%}, false flags {false_flags:.1%}, "
        f"{time.monotonic() - started:.1f} s"
    )
    assert recall >= 0.90
    assert false_flags <= 0.10
    once = sorted(found[a].index for a in made.once_pulled_in)
    print(f"pulled in once: index {once[0]} to {once[-1]}")
    assert all(found[a].band != Band.CONDITIONED for a in made.once_pulled_in)
