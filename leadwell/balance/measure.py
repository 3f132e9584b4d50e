"""The balance of authority, as rules over plain numbers: the two ways a leader drifts, each
read from signals measured quarter by quarter, and where the leader stands between them.

Each signal has a value per quarter (the last eight finished quarters, then the one running),
a *window* figure over the last four finished quarters (with the running quarter too when the
signal counts events, such as an ask accepted, which are no less true for the quarter being
unfinished), and a threshold the window figure is held against. The thresholds and why they
sit where they do are in docs/decisions.md, "The balance dashboard". Pure functions, so the
rules are tested by hand and by the accuracy test alike.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from leadwell.metrics.catalog import Unit
from leadwell.signals.bias import MARGIN, RENEGOTIATED_QUARTERS

WINDOW = 4  # finished quarters judged: the last year
QUARTERS = 2 * WINDOW  # shown: the judged year and the year before it, to read a trend


class Drift(StrEnum):
    PRESSURE = "pressure"
    EXCUSE = "excuse"


class Kind(StrEnum):
    COUNT = "count"  # events per quarter, added up over the window
    SHARE = "share"  # a part of a whole per quarter: the window's parts over its wholes
    LEVEL = "level"  # a measured level per quarter: the window's mean


@dataclass(frozen=True)
class Quarter:
    """One quarter's value of a signal: `part` of `whole` for a share, else `part` alone
    (None: nothing to measure that quarter)."""

    part: float | None
    whole: float | None = None

    @property
    def value(self) -> float | None:
        if self.part is None:
            return None
        if self.whole is None:
            return self.part
        return self.part / self.whole if self.whole else None


NONE = Quarter(None)


@dataclass(frozen=True)
class Reading:
    """A signal read over the quarters: its window figure, the same over the year before (the
    trend), whether it crosses the threshold, and that in words."""

    value: float | None
    before: float | None
    fires: bool
    evidence: str  # what was measured, in the words the page shows


@dataclass(frozen=True)
class Signal:
    key: str
    drift: Drift
    label: str
    kind: Kind
    unit: Unit  # how the page writes the values
    counts_running: bool  # whether the running quarter's events count in the window
    threshold: str  # the rule, in words
    reads: str  # where the figures come from
    # The span the evidence covers, when not the window (the signals app's rules read theirs).
    span: str = ""

    @property
    def span_words(self) -> str:
        if self.span:
            return self.span
        running = " and this one so far" if self.counts_running else ""
        return f"Last {WINDOW} quarters{running}"


def _window(kind: Kind, quarters: Sequence[Quarter]) -> tuple[float | None, float, float]:
    """(the window figure, the sum of the parts, the sum of the wholes)."""
    parts = [q.part for q in quarters if q.part is not None]
    wholes = [q.whole for q in quarters if q.whole is not None]
    part, whole = float(sum(parts)), float(sum(wholes))
    if kind is Kind.COUNT:
        return (part if parts else None), part, whole
    if kind is Kind.SHARE:
        return (part / whole if whole else None), part, whole
    values = [v for v in (q.value for q in quarters) if v is not None]
    return (sum(values) / len(values) if values else None), part, whole


def _percent(value: float | None) -> str:
    return "no figure" if value is None else f"{value:.0%}"


# -- The rules, one per signal ---------------------------------------------------------------

UNASSESSED_ASKS_FROM = 2
PASSED_ON_SHARE, PASSED_ON_ASKS = 0.75, 2
PULLED_IN_SHARE, PULLED_IN_DEALS = 0.20, 3
CONDITIONED_FROM = 2
# A customer counts from this index: the conditioned band starts at 55, but the index is full
# only after pull-ins in four quarters of eight, so a year of drift leaves a leader's key
# customers near 50 (docs/decisions.md, "The balance dashboard").
CONDITIONED_INDEX_FROM = 50
QUARTER_END_SHARE = 0.40
COVERAGE_FALL = 0.20
DISCOUNT_FROM = 0.08
ESCALATED_SHARE, ESCALATED_TRIAGED = 0.5, 4
WITHOUT_ACTIONS_FROM = 2
GAPS_SHARE, GAPS_FROM = 0.5, 4


def _unassessed(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    value, _, _ = _window(Kind.COUNT, window)
    count = int(value or 0)
    return Reading(
        value,
        _window(Kind.COUNT, before)[0],
        count >= UNASSESSED_ASKS_FROM,
        f"{count} extra ask{'s' if count != 1 else ''} accepted without an assessment",
    )


def _passed_on(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    value, part, whole = _window(Kind.SHARE, window)
    fires = whole >= PASSED_ON_ASKS and value is not None and value >= PASSED_ON_SHARE
    said = f"{part:.0f} of {whole:.0f} decided asks passed to the sellers in full"
    return Reading(value, _window(Kind.SHARE, before)[0], fires, said)


def _pulled_in(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    value, part, whole = _window(Kind.SHARE, window)
    fires = part >= PULLED_IN_DEALS and value is not None and value >= PULLED_IN_SHARE
    said = f"{part:.0f} deals pulled in against {whole:.0f} won ({_percent(value)})"
    return Reading(value, _window(Kind.SHARE, before)[0], fires, said)


def _conditioned(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    # A count of customers at each quarter's end, not events: the latest quarter is the level,
    # and it is rising when above the same quarter a year before.
    known = [q.part for q in window if q.part is not None]
    earlier = [q.part for q in before if q.part is not None]
    latest = known[-1] if known else None
    year_before = earlier[-1] if earlier else None
    # The rise is the signal: a leader may inherit conditioned customers, so without a figure
    # a year before there is no rise to read.
    rising = latest is not None and year_before is not None and latest > year_before
    fires = latest is not None and latest >= CONDITIONED_FROM and rising
    said = (
        "no customers measured"
        if latest is None
        else f"{latest:.0f} customers conditioned, or nearly, at the last quarter's end"
        + ("" if year_before is None else f", {year_before:.0f} a year before")
    )
    return Reading(latest, year_before, fires, said)


def _quarter_end(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    value, _, _ = _window(Kind.LEVEL, window)
    earlier, _, _ = _window(Kind.LEVEL, before)
    rising = earlier is not None and value is not None and value > earlier
    fires = value is not None and value >= QUARTER_END_SHARE and rising
    said = f"{_percent(value)} of bookings closed in a quarter's last two weeks" + (
        "" if earlier is None else f", {_percent(earlier)} the year before"
    )
    return Reading(value, earlier, fires, said)


def _coverage(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    value, _, _ = _window(Kind.LEVEL, window)
    earlier, _, _ = _window(Kind.LEVEL, before)
    fires = value is not None and earlier is not None and value <= earlier * (1 - COVERAGE_FALL)
    if value is None:
        said = "no quota for the next quarters to measure coverage against"
    else:
        said = f"next quarter's coverage {value:.1f}x at a quarter's end" + (
            "" if earlier is None else f", {earlier:.1f}x the year before"
        )
    return Reading(value, earlier, fires, said)


def _discount(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    value, _, _ = _window(Kind.LEVEL, window)
    fires = value is not None and value >= DISCOUNT_FROM
    said = f"{_percent(value)} given away on average on deals won in a quarter's last two weeks"
    return Reading(value, _window(Kind.LEVEL, before)[0], fires, said)


def _renegotiations(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    # Per quarter: the requests to lower that quarter's plan. Whether they are a habit is the
    # signals app's rule (three quarters of one fiscal year asked lower), passed as `decided`
    # so that this page and the forecast signals page never disagree.
    value, _, _ = _window(Kind.COUNT, window)
    asked = int(value or 0)
    return Reading(
        value,
        _window(Kind.COUNT, before)[0],
        decided,
        f"{asked} request{'s' if asked != 1 else ''} to lower a quarter's plan",
    )


def _escalated(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    value, part, whole = _window(Kind.SHARE, window)
    # Most obstacles are the team's to solve: escalating half of them is no drift yet.
    fires = whole >= ESCALATED_TRIAGED and value is not None and value > ESCALATED_SHARE
    said = f"{part:.0f} of {whole:.0f} triaged challenges escalated rather than worked in the team"
    return Reading(value, _window(Kind.SHARE, before)[0], fires, said)


def _without_actions(
    window: Sequence[Quarter], before: Sequence[Quarter], decided: bool
) -> Reading:
    value, part, whole = _window(Kind.SHARE, window)
    fires = part >= WITHOUT_ACTIONS_FROM and value is not None and value >= 0.5
    said = f"{part:.0f} of {whole:.0f} escalations carried up with no action taken in the team"
    return Reading(value, _window(Kind.SHARE, before)[0], fires, said)


def _gaps(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    value, part, whole = _window(Kind.SHARE, window)
    fires = whole >= GAPS_FROM and value is not None and value >= GAPS_SHARE
    said = (
        f"{part:.0f} of {whole:.0f} times a seller had a gap in a quarter, no coaching item "
        "was open"
    )
    return Reading(value, _window(Kind.SHARE, before)[0], fires, said)


def _bias(window: Sequence[Quarter], before: Sequence[Quarter], decided: bool) -> Reading:
    # Judged by the signals app's sign test over the eight quarters (bias.consistently_low),
    # passed as `decided`, so that the rule is written once.
    value, _, _ = _window(Kind.LEVEL, window)
    # A bias is the call against the bookings: below zero the call was under them. Said in
    # words, as "-7% against the bookings" reads like a fall in bookings.
    if value is None:
        said = "no call to hold against the bookings"
    elif _percent(abs(value)) == "0%":
        said = "calls on the bookings on average"
    else:
        side = "under" if value < 0 else "over"
        said = f"calls {_percent(abs(value))} {side} the bookings on average"
    return Reading(value, _window(Kind.LEVEL, before)[0], decided, said)


SIGNALS: list[Signal] = [
    Signal(
        "unassessed_asks",
        Drift.PRESSURE,
        "Extra asks accepted without an assessment",
        Kind.COUNT,
        Unit.COUNT,
        True,
        f"{UNASSESSED_ASKS_FROM} or more in the last four quarters and this one",
        "the extra asks the leader received and accepted, in full or in part, with no "
        "pull-forward assessment made first",
    ),
    Signal(
        "asks_passed_on",
        Drift.PRESSURE,
        "Asks passed to the sellers",
        Kind.SHARE,
        Unit.PERCENT,
        True,
        f"{PASSED_ON_SHARE:.0%} or more of {PASSED_ON_ASKS} or more decided asks accepted in full",
        "the decided extra asks accepted in full, their deals asked of the sellers",
    ),
    Signal(
        "pulled_in",
        Drift.PRESSURE,
        "Deals pulled into the quarter",
        Kind.SHARE,
        Unit.PERCENT,
        False,
        f"{PULLED_IN_SHARE:.0%} or more of the deals won (at least {PULLED_IN_DEALS})",
        "deals whose close date was moved into the quarter from a later one (the pulled-in "
        "deals figure), against the deals won",
    ),
    Signal(
        "conditioned_customers",
        Drift.PRESSURE,
        "Conditioned customers, or nearly",
        Kind.LEVEL,
        Unit.COUNT,
        False,
        f"{CONDITIONED_FROM} or more, and more than a year before",
        f"the team's customers whose conditioning index was {CONDITIONED_INDEX_FROM} or more "
        "at each quarter's end (conditioned from 55)",
    ),
    Signal(
        "quarter_end_share",
        Drift.PRESSURE,
        "Bookings in a quarter's last two weeks",
        Kind.LEVEL,
        Unit.PERCENT,
        False,
        f"{QUARTER_END_SHARE:.0%} or more, and above the year before",
        "the share of the team's bookings closed in a quarter's last two weeks",
    ),
    Signal(
        "next_quarter_coverage",
        Drift.PRESSURE,
        "Next quarter's coverage at a quarter's end",
        Kind.LEVEL,
        Unit.MULTIPLE,
        False,
        f"down {COVERAGE_FALL:.0%} or more on the year before",
        "the open pipeline the next quarter held on each quarter's last day, against its quota",
    ),
    Signal(
        "quarter_end_discount",
        Drift.PRESSURE,
        "Discounts at quarter end",
        Kind.LEVEL,
        Unit.PERCENT,
        False,
        f"{DISCOUNT_FROM:.0%} or more on average",
        "the deals won in a quarter's last two weeks: the amount at close against the highest "
        "amount the deal held before",
    ),
    Signal(
        "renegotiations",
        Drift.EXCUSE,
        "Plan renegotiations",
        Kind.COUNT,
        Unit.COUNT,
        True,
        f"the plan asked lower for {RENEGOTIATED_QUARTERS} or more quarters of one fiscal year",
        "the leader's requests to lower a committed quarter's plan, from the plan log",
        span="This fiscal year and the last",
    ),
    Signal(
        "forecast_bias",
        Drift.EXCUSE,
        "Forecast calls low",
        Kind.LEVEL,
        Unit.PERCENT,
        False,
        f"consistently low: most quarters called more than {MARGIN:.0%} under, by a sign test",
        "the team's call against its bookings, quarter by quarter (as on the forecast signals "
        "page)",
        span=f"Last {QUARTERS} quarters",
    ),
    Signal(
        "escalated_share",
        Drift.EXCUSE,
        "Challenges escalated rather than solved in the team",
        Kind.SHARE,
        Unit.PERCENT,
        True,
        f"more than {ESCALATED_SHARE:.0%} of {ESCALATED_TRIAGED} or more triaged",
        "the team's challenges triaged in the quarter they were raised: escalated, or kept "
        "in the team",
    ),
    Signal(
        "escalated_without_actions",
        Drift.EXCUSE,
        "Escalations without actions",
        Kind.SHARE,
        Unit.PERCENT,
        True,
        f"{WITHOUT_ACTIONS_FROM} or more, half the escalations or more",
        "the escalated challenges with no action taken in the team beside the ask",
    ),
    Signal(
        "gaps_without_item",
        Drift.EXCUSE,
        "Gaps without a coaching item",
        Kind.SHARE,
        Unit.PERCENT,
        False,
        f"{GAPS_SHARE:.0%} or more of the sellers with a gap, over {GAPS_FROM} or more",
        "the sellers with a gap on the quarter's scorecard, and of them those with no coaching "
        "item open in the quarter or the month after it",
    ),
]
_RULES = {
    "unassessed_asks": _unassessed,
    "asks_passed_on": _passed_on,
    "pulled_in": _pulled_in,
    "conditioned_customers": _conditioned,
    "quarter_end_share": _quarter_end,
    "next_quarter_coverage": _coverage,
    "quarter_end_discount": _discount,
    "renegotiations": _renegotiations,
    "forecast_bias": _bias,
    "escalated_share": _escalated,
    "escalated_without_actions": _without_actions,
    "gaps_without_item": _gaps,
}


def signal(key: str) -> Signal:
    return next(s for s in SIGNALS if s.key == key)


def read(
    signal: Signal, quarters: Sequence[Quarter], decided: bool = False, said: str | None = None
) -> Reading:
    """The signal over `quarters`: the QUARTERS finished ones, oldest first, then the running
    one. `decided` and `said` are the verdict and its evidence for the signals whose rule lives
    in the signals app."""
    finished, running = quarters[:-1], quarters[-1]
    window = list(finished[-WINDOW:]) + ([running] if signal.counts_running else [])
    before = list(finished[-2 * WINDOW : -WINDOW])
    reading = _RULES[signal.key](window, before, decided)
    return reading if said is None else replace(reading, evidence=said)


# -- Where the leader stands ------------------------------------------------------------------

DRIFTING_FROM = 2  # signals of one direction: one alone is a quarter's accident


class Lean(StrEnum):
    BALANCED = "balanced"
    PRESSURE = "pressure"
    EXCUSE = "excuse"
    BOTH = "both"
    UNMEASURED = "unmeasured"


HEADLINES = {
    Lean.BALANCED: "In balance",
    Lean.PRESSURE: "Drifting toward passing the pressure on",
    Lean.EXCUSE: "Drifting toward carrying the team's obstacles up as excuses",
    Lean.BOTH: "Pulled both ways",
    Lean.UNMEASURED: "Nothing to measure yet",
}
BETTER_WAY = {
    Drift.PRESSURE: "Assess every extra ask before deciding and show the director its cost: the "
    "discounts, the customers who learn to wait for the quarter-end ask, and next quarter's "
    "coverage. Accept what the pipeline can give without burning it, and say no to the rest "
    "with the numbers.",
    Drift.EXCUSE: "Commit to the plan and call the quarter straight. Turn the team's obstacles "
    "into options and actions in the team, with a coaching item for every gap; carry to the "
    "director only what is bigger than the team, with the ask and its business case.",
}


@dataclass(frozen=True)
class Position:
    """How many signals of each direction fire, and what that says."""

    pressure: int
    pressure_measured: int
    excuse: int
    excuse_measured: int

    @property
    def lean(self) -> Lean:
        if not self.pressure_measured and not self.excuse_measured:
            return Lean.UNMEASURED
        toward_pressure = self.pressure >= DRIFTING_FROM
        toward_excuse = self.excuse >= DRIFTING_FROM
        if toward_pressure and toward_excuse:
            return Lean.BOTH
        if toward_pressure:
            return Lean.PRESSURE
        if toward_excuse:
            return Lean.EXCUSE
        return Lean.BALANCED

    @property
    def headline(self) -> str:
        return HEADLINES[self.lean]

    @property
    def offset(self) -> float:
        """Where the marker sits on the line from the excuse carrier (-1) to the pressure
        passer (+1): the share of each side's measured signals that fire, one against the
        other."""
        pressure = self.pressure / self.pressure_measured if self.pressure_measured else 0.0
        excuse = self.excuse / self.excuse_measured if self.excuse_measured else 0.0
        return pressure - excuse

    @property
    def marker_percent(self) -> int:
        """The marker's place across the line, 0 (excuse) to 100 (pressure)."""
        return round(50 + 50 * self.offset)


def position(measured: Sequence[tuple[Signal, Reading, bool]]) -> Position:
    """From each signal's reading and whether it had anything to read (a signal with no
    figure counts in neither direction)."""
    fired = {drift: 0 for drift in Drift}
    counted = {drift: 0 for drift in Drift}
    for signal, reading, has_figures in measured:
        if has_figures:
            counted[signal.drift] += 1
            fired[signal.drift] += reading.fires
    return Position(
        fired[Drift.PRESSURE], counted[Drift.PRESSURE], fired[Drift.EXCUSE], counted[Drift.EXCUSE]
    )
