"""Issue 15, proof and accuracy: on a generated organisation of 24 teams, each of the twelve
balance signals finds at least nine in ten of the leaders planted to show it and flags at most
one in ten of the others, and the position reads the pressure passers as drifting toward
pressure and the excuse carriers toward excuses. `pytest -s` prints the figures."""

import datetime
import time
from dataclasses import dataclass

import pytest

from leadwell.balance import measure
from leadwell.balance.selectors import measure_leader
from leadwell.metrics.compute import recompute

from .generated import Generated, Kind, generate

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
SEED = 15
# A signal the generated organisation shows honestly but the rule does not yet catch at nine
# in ten, and why (its recall is printed, and the test is marked failing-as-expected while it
# stays short; its false flags are held to the bar all the same).
SHORT_OF_THE_BAR: dict[str, str] = {}


@dataclass
class Found:
    """Of the leaders a figure should catch, how many it caught; of the others, how many it
    flagged."""

    caught: int
    planted: int
    flagged: int
    others: int

    @property
    def recall(self) -> float:
        return self.caught / self.planted

    @property
    def false_flags(self) -> float:
        return self.flagged / self.others


def found(flagged: set[int], planted: set[int], everyone: set[int]) -> Found:
    others = everyone - planted
    return Found(len(flagged & planted), len(planted), len(flagged & others), len(others))


def accuracy(made: Generated, today: datetime.date) -> dict[str, Found]:
    """Each signal's and the position's catch over the generated organisation's leaders."""
    balances = {leader.pk: measure_leader(leader, today) for leader in made.leaders}
    everyone = set(balances)
    planted = {
        measure.Drift.PRESSURE: made.of(Kind.PRESSURE),
        measure.Drift.EXCUSE: made.of(Kind.EXCUSE),
    }
    measured: dict[str, Found] = {}
    for signal in measure.SIGNALS:
        fired = {
            pk
            for pk, balance in balances.items()
            if next(m for m in balance.measured if m.signal == signal).reading.fires
        }
        measured[signal.key] = found(fired, planted[signal.drift], everyone)
    for lean, drift in [
        (measure.Lean.PRESSURE, measure.Drift.PRESSURE),
        (measure.Lean.EXCUSE, measure.Drift.EXCUSE),
    ]:
        reads = {pk for pk, balance in balances.items() if balance.position.lean == lean}
        measured[f"position reads {lean}"] = found(reads, planted[drift], everyone)
    return measured


def test_each_signal_and_the_position_find_the_planted_leaders_and_spare_the_others():
    started = time.monotonic()
    made = generate(TODAY, seed=SEED)
    recompute(today=TODAY)
    generated = time.monotonic()
    measured = accuracy(made, TODAY)
    print(
        f"\n{len(made.leaders)} leaders, {len(made.of(Kind.PRESSURE))} pressure passers and "
        f"{len(made.of(Kind.EXCUSE))} excuse carriers among them; generated in "
        f"{generated - started:.1f} s, measured in {time.monotonic() - generated:.1f} s"
    )
    for name, figures in measured.items():
        print(
            f"{name:28} recall {figures.recall:4.0%} ({figures.caught} of {figures.planted})"
            f"   false flags {figures.false_flags:4.0%} ({figures.flagged} of {figures.others})"
        )
    for name, figures in measured.items():
        assert figures.false_flags <= 0.1, name
        if name not in SHORT_OF_THE_BAR:
            assert figures.recall >= 0.9, name
    short = [name for name in SHORT_OF_THE_BAR if measured[name].recall < 0.9]
    if short:
        pytest.xfail("; ".join(f"{name}: {SHORT_OF_THE_BAR[name]}" for name in short))
