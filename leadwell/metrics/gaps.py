"""Gap analysis for a seller and a period: every metric below target with the size of its gap,
the bookings gap split into its drivers, and the likely root causes of each gap.

The bookings split (docs/decisions.md, "How the bookings gap is split into drivers"):
bookings = deals decided (won or lost) x win rate x average deal size, and the target =
N* x W* x S*, where W* and S* are the references (the seller's targets where set, else the
seller's team for the same period) and N* = target / (W* x S*) is the volume that reaches the
target at them. So

    ln(B / T) = ln(N / N*) + ln(W / W*) + ln(S / S*)

exactly. Cycle time is carried out of the volume term: a longer cycle than the reference means
fewer deals reach a decision in the period, so ln(C* / C) is reported as its own driver and the
rest of ln(N / N*) as volume. Each term times the logarithmic mean of B and T, (B - T) / ln(B / T),
is that driver's part of the gap in money (LMDI), and the parts add up to B - T.

Without wins the logs are undefined, and the whole gap goes to the first factor that is zero:
to volume when nothing was decided, to win rate when deals were decided but none won (the limit
of the log split as that factor falls to zero). N is the catalog's `deals_decided`, measured, never
derived from the win rate.
"""

import datetime
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

    @property
    def volume(self) -> Driver | None:
        return next((d for d in self.drivers if d.key == "volume"), None)

    @property
    def whole_gap_on(self) -> Driver | None:
        """With no bookings the log split is undefined: the driver carrying the whole gap
        (win rate when deals were decided and none won, volume when none was decided)."""
        if not self.drivers or (self.bookings.value or 0.0) > 0:
            return None
        return next((d for d in self.drivers if d.amount), None)

    @property
    def whole_gap_note(self) -> str | None:
        """Why the whole gap is on one driver, when nothing was won; None otherwise."""
        whole, period = self.whole_gap_on, self.card.period.short_label
        if whole is None:
            return None
        if whole.key == "volume":
            return f"No deal was won or lost in {period}: the whole gap is on volume."
        if whole.key == "win_rate":
            decided = int(self.volume.actual or 0) if self.volume else 0
            deals = "1 deal was" if decided == 1 else f"{decided:,} deals were"
            return f"{deals} decided in {period} and none was won: the whole gap is on win rate."
        return f"The deals won in {period} came to nothing: the whole gap is on deal size."


# The unit each driver's actual and reference values are in.
DRIVER_UNITS = {
    "volume": catalog.Unit.COUNT,  # opportunities decided (won or lost) in the period
    "win_rate": catalog.Unit.PERCENT,
    "deal_size": catalog.Unit.MONEY,
    "cycle_time": catalog.Unit.DAYS,
}
DRIVER_NAMES = {
    "volume": "Volume of deals decided",
    "win_rate": "Win rate",
    "deal_size": "Average deal size",
    "cycle_time": "Sales cycle time",
}


def analyse(person: Person, period: Period, *, today: datetime.date | None = None) -> Analysis:
    """The seller's gaps in the period. In a period in progress on `today` (default: today) the
    bookings target is the pace target (`selectors.PACED`): the card decides it, and the gap,
    its drivers, the gap count and coaching all read it from there."""
    card = person_card(person, period, with_trend=False, today=today)
    causes = _causes([line.metric.key for line in card.gaps])
    gaps = [Gap(line, causes.get(line.metric.key, [])) for line in card.gaps]
    gaps.sort(key=lambda g: -(g.relative or 0.0))
    team_id = team_in_period([person.pk], period).get(person.pk)
    team_card = None
    if team_id is not None:
        team = Team.objects.get(pk=team_id)
        team_card = group_cards(Scope.TEAM, [team], period, today=today)[0]
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
    """The bookings gap (bookings minus target) split into its four drivers, whose amounts add
    up to it exactly; no drivers when there is no bookings target or no reference win rate and
    deal size to compare with. The method is the module's docstring; see `split`."""
    bookings = card.line("bookings")
    actual, target = bookings.value, bookings.target
    if actual is None or not target:
        return [], ""
    ref_rate = _reference(card, team, "win_rate")
    ref_size = _reference(card, team, "avg_deal_size")
    if not ref_rate or not ref_size:
        return [], ""
    actuals = {
        "volume": card.value("deals_decided") or 0.0,
        "win_rate": card.value("win_rate"),
        "deal_size": card.value("avg_deal_size"),
        "cycle_time": card.value("sales_cycle_days"),
    }
    references = {
        # The reference volume is what reaches the target at the reference rate and size.
        "volume": target / (ref_rate * ref_size),
        "win_rate": ref_rate,
        "deal_size": ref_size,
        "cycle_time": _reference(card, team, "sales_cycle_days"),
    }
    amounts = split(actual, target, actuals, references)
    drivers = [
        Driver(key, DRIVER_NAMES[key], actuals[key], references[key], amounts[key])
        for key in DRIVER_NAMES
    ]
    source = "targets and the team's figures" if team else "targets"
    return drivers, source


def split(
    actual: float,
    target: float,
    actuals: dict[str, float | None],
    references: dict[str, float | None],
) -> dict[str, float]:
    """Each driver's part of `actual - target`, in money; the parts add up to it exactly.

    With wins, each driver's log ratio (actual over reference; reference over actual for the
    cycle, where shorter is better) weighted by the logarithmic mean of bookings and target
    (LMDI). Without wins a log ratio is undefined, and the gap goes whole to the first factor
    of decided deals x win rate x deal size that is zero: the limit of the log split as that
    factor falls to zero, where its log ratio outgrows all the others."""
    gap = actual - target
    amounts = dict.fromkeys(DRIVER_NAMES, 0.0)
    decided, rate, size = actuals["volume"], actuals["win_rate"], actuals["deal_size"]
    if actual <= 0 or not decided or not rate or not size:
        if not decided:
            amounts["volume"] = gap  # nothing reached a decision
        elif not rate:
            amounts["win_rate"] = gap  # deals were decided, none was won
        else:
            amounts["deal_size"] = gap  # deals were won, for nothing
        return amounts
    terms = {
        key: math.log(actuals[key] / references[key])  # type: ignore[operator]
        for key in ("volume", "win_rate", "deal_size")
    }
    cycle, ref_cycle = actuals["cycle_time"], references["cycle_time"]
    if cycle and ref_cycle:
        terms["cycle_time"] = math.log(ref_cycle / cycle)
        terms["volume"] -= terms["cycle_time"]
    weight = _log_mean(actual, target)
    amounts.update({key: weight * term for key, term in terms.items()})
    # The terms add up to ln(actual / target), so the amounts to the gap up to rounding: put the
    # rounding on the largest part, so that they add up to the gap as it is shown.
    largest = max(amounts, key=lambda key: abs(amounts[key]))
    amounts[largest] += gap - sum(amounts.values())
    return amounts


def _log_mean(a: float, b: float) -> float:
    """The logarithmic mean of two positive numbers: (a - b) / ln(a / b), and a when a = b."""
    if math.isclose(a, b, rel_tol=1e-12):
        return a
    return (a - b) / math.log(a / b)
