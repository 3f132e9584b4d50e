"""Gap analysis for a seller and a period: every metric below target with the size of its gap,
the bookings gap split into its drivers, and the likely root causes of each gap.

The bookings split: bookings = decided deals x win rate x average deal size, so

    ln(B / B*) = ln(N / N*) + ln(W / W*) + ln(S / S*)

exactly, where the starred values are the references: the seller's targets where set, else
the seller's team for the same period. Cycle time is carried out of the volume term: a longer
cycle than the reference means fewer deals reach a decision in the period, so ln(C* / C) is
reported as its own driver and the rest of ln(N / N*) as volume. Each driver's share of the
gap in money is its term's share of ln(B / B*), so the drivers add up to the gap.
"""

import math
from dataclasses import dataclass, field

from leadwell.lib.periods import Period
from leadwell.metrics import catalog
from leadwell.metrics.models import Diagnosis, Scope
from leadwell.metrics.selectors import Card, Line, group_cards, person_card, team_in_period
from leadwell.org.models import Person, Team


@dataclass
class Cause:
    cause: str
    explanation: str


@dataclass
class Gap:
    line: Line
    causes: list[Cause] = field(default_factory=list)

    @property
    def metric(self) -> catalog.Metric:
        return self.line.metric

    @property
    def size(self) -> float:
        return self.line.gap or 0.0

    @property
    def relative(self) -> float | None:
        """The gap as a share of the target (for ordering gaps of different units)."""
        if not self.line.target:
            return None
        return abs(self.size / self.line.target)


@dataclass
class Driver:
    key: str  # volume, win_rate, deal_size, cycle_time
    name: str
    actual: float | None
    reference: float | None
    amount: float  # this driver's part of bookings - target, in money (negative = short)

    @property
    def unit(self) -> catalog.Unit:
        return DRIVER_UNITS[self.key]


@dataclass
class Analysis:
    card: Card
    gaps: list[Gap]
    drivers: list[Driver]
    reference_source: str  # what the drivers are compared with
    bookings_gap: float | None

    @property
    def bookings(self) -> Line:
        return self.card.line("bookings")

    @property
    def shortfall(self) -> float | None:
        """How much bookings fall short of target (None when on target or no target)."""
        if self.bookings_gap is None or self.bookings_gap >= 0:
            return None
        return -self.bookings_gap

    @property
    def main_driver(self) -> Driver | None:
        short = [d for d in self.drivers if d.amount < 0]
        return min(short, key=lambda d: d.amount) if short else None


# The unit each driver's actual and reference values are in.
DRIVER_UNITS = {
    "volume": catalog.Unit.COUNT,  # opportunities decided (won or lost) in the period
    "win_rate": catalog.Unit.PERCENT,
    "deal_size": catalog.Unit.MONEY,
    "cycle_time": catalog.Unit.DAYS,
}
DRIVER_NAMES = {
    "volume": "Volume of opportunities decided",
    "win_rate": "Win rate",
    "deal_size": "Average deal size",
    "cycle_time": "Sales cycle time",
}


def analyse(person: Person, period: Period) -> Analysis:
    card = person_card(person, period, with_trend=False)
    causes = _causes([line.metric.key for line in card.gaps])
    gaps = [Gap(line, causes.get(line.metric.key, [])) for line in card.gaps]
    gaps.sort(key=lambda g: -(g.relative or 0.0))
    team_id = team_in_period([person.pk], period).get(person.pk)
    team_card = None
    if team_id is not None:
        team_card = group_cards(Scope.TEAM, [Team.objects.get(pk=team_id)], period)[0]
    drivers, source = bookings_drivers(card, team_card)
    bookings = card.line("bookings")
    gap = (
        bookings.value - bookings.target
        if bookings.value is not None and bookings.target is not None
        else None
    )
    return Analysis(card, gaps, drivers, source, gap)


def _causes(metrics: list[str]) -> dict[str, list[Cause]]:
    found: dict[str, list[Cause]] = {}
    for diagnosis in Diagnosis.objects.filter(metric__in=metrics):
        found.setdefault(diagnosis.metric, []).append(Cause(diagnosis.cause, diagnosis.explanation))
    return found


def _reference(card: Card, team: Card | None, key: str) -> float | None:
    """The seller's target for a metric, else the team's actual figure per seller."""
    line = card.line(key)
    if line.target is not None:
        return line.target
    if team is not None:
        return team.value(key)
    return None


def bookings_drivers(card: Card, team: Card | None) -> tuple[list[Driver], str]:
    bookings = card.line("bookings")
    actual, target = bookings.value, bookings.target
    if actual is None or not target:
        return [], ""
    win_rate, deal_size = card.value("win_rate"), card.value("avg_deal_size")
    cycle = card.value("sales_cycle_days")
    ref_rate = _reference(card, team, "win_rate")
    ref_size = _reference(card, team, "avg_deal_size")
    ref_cycle = _reference(card, team, "sales_cycle_days")
    if not ref_rate or not ref_size:
        return [], ""
    decided = (card.value("deals_won") or 0) / win_rate if win_rate else None
    # The reference volume is what reaches the target at the reference rate and size.
    ref_decided = target / (ref_rate * ref_size)
    source = "targets and the team's figures" if team else "targets"
    gap = actual - target
    if actual <= 0 or not win_rate or not deal_size or not decided:
        # No wins: the log split is undefined. Say which driver is missing entirely.
        key = "volume" if not decided else "win_rate"
        drivers = [
            Driver(key, DRIVER_NAMES[key], decided if key == "volume" else win_rate, None, gap)
        ]
        return drivers, source
    terms = {
        "volume": math.log(decided / ref_decided),
        "win_rate": math.log(win_rate / ref_rate),
        "deal_size": math.log(deal_size / ref_size),
    }
    if cycle and ref_cycle:
        terms["cycle_time"] = math.log(ref_cycle / cycle)
        terms["volume"] -= terms["cycle_time"]
    total = math.log(actual / target)
    references = {
        "volume": (decided, ref_decided),
        "win_rate": (win_rate, ref_rate),
        "deal_size": (deal_size, ref_size),
        "cycle_time": (cycle, ref_cycle),
    }
    drivers = [
        Driver(
            key,
            DRIVER_NAMES[key],
            references[key][0],
            references[key][1],
            gap * term / total if total else 0.0,
        )
        for key, term in terms.items()
    ]
    return drivers, source
