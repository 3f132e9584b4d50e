"""Every metric Leadwell knows, declared once: its stable identifier, its name and plain-language
definition (shown in the interface), its unit, which direction is better, how it is computed
from the summary parts, and how it rolls up from sellers to teams, offices and the organisation
(`Rollup`, shown on the metric catalog page).

The computation (`compute.py`) first sums raw CRM rows into *parts* per person and period (won
amount, lost count, ...), rolls the additive parts up to teams, offices and the organisation,
and then evaluates each metric's `formula` below, in SQL, over those parts. A metric's roll-up
is therefore always its formula over the group's summed parts (a team's win rate is the team's
won deals over the team's decided deals, never an average of win rates). Parts marked exact
(medians, distinct counts, shares of the largest account) are computed from raw rows for every
group directly.

Each part also declares how it combines across the months of a window (`Part.combine`), which
`windows.py` uses to measure a metric over any span of months; and `bind` is the one way a
formula's part names become SQL over a row of parts, for the summaries and for windows alike.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Unit(StrEnum):
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"  # stored as a fraction: 0.3 is 30%
    DAYS = "days"
    MULTIPLE = "multiple"  # 3.0 is 3x
    RATE = "rate"  # a count per week or per opportunity


# How each unit is named on the metric catalog page (money is in the reporting currency).
UNIT_WORDS = {
    Unit.MONEY: "Money, in the reporting currency",
    Unit.COUNT: "Count",
    Unit.PERCENT: "Percent",
    Unit.DAYS: "Days",
    Unit.MULTIPLE: "Multiple (3.0x is three times)",
    Unit.RATE: "Rate: a count per week, or per opportunity",
}


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    # Closest to zero is best (forecast bias: neither sandbagging nor over-calling).
    ZERO = "zero"


DIRECTION_WORDS = {
    Direction.HIGHER: "Higher is better",
    Direction.LOWER: "Lower is better",
    Direction.ZERO: "Closest to zero is better",
}


class Rollup(StrEnum):
    """How a metric rolls up from sellers to a team, an office and the organisation: what
    `compute.py` does with its formula's parts (tests/metrics/test_catalog.py checks each
    metric's declaration against its formula)."""

    # The formula is one additive part (or one per week): the group's figure is its sellers'
    # figures added up.
    SUM = "sum"
    # A ratio of additive parts: recomputed over the group's summed parts, never an average.
    RATIO = "ratio"
    # Built on an exact part (a median, distinct accounts or segments, the largest account):
    # computed again over all the group's won deals.
    RECOUNTED = "recounted"
    # The plan's quota: a team's own quota when one is set, else its members' quotas added up.
    OWN_OR_SUM = "own_or_sum"


ROLLUP_WORDS = {
    Rollup.SUM: "Added up: a team's, office's or the organisation's figure is the sum of its "
    "sellers' figures.",
    Rollup.RATIO: "Recomputed: the same ratio over the group's totals (the team's own "
    "numerator over its own denominator), never an average of the sellers' figures.",
    Rollup.RECOUNTED: "Counted again over all the group's won deals: a median across them all, "
    "and an account or segment that two sellers won counts once.",
    Rollup.OWN_OR_SUM: "A team's own quota when one is set, else its members' quotas added up; "
    "offices and the organisation add up the quotas below them.",
}


class Group(StrEnum):
    RESULTS = "Results"
    PIPELINE = "Pipeline"
    BEHAVIOUR = "Behaviour"
    FORECASTING = "Forecasting"
    BEYOND = "Leading beyond the quarter"


class Combine(StrEnum):
    """How a part of several months makes the part of the window they form."""

    SUM = "sum"  # a flow: what happened in each month adds up (won amount, calls, quota)
    LAST = "last"  # a position at a moment: the window's last month's (open pipeline)
    MAX = "max"  # the highest month's (whether anyone forecast: forecast_people)
    # Not combinable (a median, distinct counts, the largest account): a metric built on it is
    # measured as the average of its monthly figures instead.
    NONE = "none"


@dataclass(frozen=True)
class Part:
    """A number summed from raw rows, per person and period; `exact` parts are not additive and
    are computed from raw rows for teams, offices and the organisation too. A count or amount
    with no rows is zero; a plan (quota, forecast) with no rows is missing. `combine` says how
    the part adds up across the months of a window (see `Combine`). `submitted_per` names the
    longer period a part is mostly given for (forecasts per quarter): when no month of a window
    has it, a metric on it is measured as the average of that period kind's figures."""

    key: str
    exact: bool = False
    missing_is_zero: bool = True
    combine: Combine = Combine.SUM
    submitted_per: str | None = None


PARTS = [
    Part("won_amount"),
    Part("won_count"),
    Part("lost_amount"),
    Part("lost_count"),
    Part("open_amount", combine=Combine.LAST),
    Part("open_count", combine=Combine.LAST),
    Part("weighted_amount", combine=Combine.LAST),
    Part("rush_won_amount"),
    Part("created_amount"),
    Part("created_count"),
    Part("activities"),
    Part("calls"),
    Part("emails"),
    Part("meetings"),
    Part("demos"),
    Part("slipped_count"),
    Part("pulled_in_count"),
    Part("forecast_commit", missing_is_zero=False, submitted_per="quarter"),
    Part("forecast_people", missing_is_zero=False, combine=Combine.MAX, submitted_per="quarter"),
    # The bookings of the people who forecast the period (missing when nobody did): what a
    # forecast is compared with, so a team's accuracy is over the sellers who submitted only.
    Part("forecast_won", missing_is_zero=False, submitted_per="quarter"),
    Part("quota", missing_is_zero=False),
    Part("team_quota", exact=True, missing_is_zero=False),
    Part("standing_amount", missing_is_zero=False, combine=Combine.LAST),
    Part("horizon_amount", missing_is_zero=False, combine=Combine.LAST),
    Part("median_cycle_days", exact=True, missing_is_zero=False, combine=Combine.NONE),
    Part("accounts_won", exact=True, combine=Combine.NONE),
    # An account is first won in one month only, so new accounts add up across months.
    Part("new_accounts", exact=True),
    Part("segments_won", exact=True, combine=Combine.NONE),
    Part("top_account_amount", exact=True, missing_is_zero=False, combine=Combine.NONE),
]
PART_KEYS = [p.key for p in PARTS]
PARTS_BY_KEY = {p.key: p for p in PARTS}

# Lower-case words in a formula name parts (or `weeks`); SQL keywords are written in capitals.
NAME = re.compile(r"\b([a-z_][a-z0-9_]*)\b")


def names_in(formula: str) -> set[str]:
    """The lower-case names a formula uses: parts, and `weeks`."""
    return set(NAME.findall(formula))


def parts_in(formula: str) -> list[Part]:
    """The parts a formula is computed from, in catalog order."""
    names = names_in(formula)
    return [p for p in PARTS if p.key in names]


def bind(formula: str, *, row: str, weeks: str) -> str:
    """The formula as SQL over a row of parts: each part name becomes the column `row.part`
    (zero when missing, for the parts where a missing part counts as zero) and `weeks` becomes
    the SQL expression `weeks`. The summaries (`compute.py`), windows (`windows.py`) and the
    tests all bind formulas here."""

    def bound(match: re.Match) -> str:
        name = match[1]
        if name == "weeks":
            return weeks
        part = PARTS_BY_KEY.get(name)
        if part is None:
            return name
        return f"COALESCE({row}.{name}, 0)" if part.missing_is_zero else f"{row}.{name}"

    return NAME.sub(bound, formula)


def ratio(numerator: str, denominator: str) -> str:
    """SQL for numerator / denominator, NULL when the denominator is zero or missing."""
    return f"(1.0 * {numerator}) / NULLIF({denominator}, 0)"


QUOTA = "COALESCE(team_quota, quota)"
# Whether the scope forecast the period, and what a forecast metric reads as when it did not.
FORECAST = "forecast_people"
NO_FORECAST = "no forecast"
# What a forecast metric reads as while its period runs: a call is for the whole period, and
# held against the bookings to date it would read as a miss every week until the last.
UNTIL_THE_END = "judged when the period ends"
# What a look ahead reads as once its period has ended: nothing is left to come in it.
PERIOD_OVER = "period over"


@dataclass(frozen=True)
class Metric:
    key: str  # stable snake_case identifier used in the CLI, API and exports
    name: str
    definition: str
    unit: Unit
    direction: Direction
    group: Group
    formula: str  # SQL over the parts; NULL means "no figure"
    # Whether a leader can set a standard for it (the quota and the coverage a win rate calls
    # for come from the plan and the data, not from a target).
    targetable: bool = True
    # Only meaningful for some period kinds (forecasts are submitted for months and quarters).
    period_kinds: tuple[str, ...] = ("month", "quarter", "year")
    # How it rolls up from sellers to teams, offices and the organisation (see `Rollup`).
    rollup: Rollup = field(kw_only=True)

    @property
    def unit_words(self) -> str:
        return UNIT_WORDS[self.unit]

    @property
    def direction_words(self) -> str:
        return DIRECTION_WORDS[self.direction]

    @property
    def rollup_words(self) -> str:
        return ROLLUP_WORDS[self.rollup]

    # (part, reading): the metric is undefined when the scope has no `part` for the period,
    # and its missing value then reads as `reading` ("no forecast") wherever it is shown,
    # never as zero.
    undefined_without: tuple[str, str] | None = None
    # A look at what is still to come in the period (the pipeline left to close it): once the
    # period has ended its figure reads as `PERIOD_OVER`, never as a shortfall.
    looks_ahead: bool = False


METRICS: list[Metric] = [
    Metric(
        "bookings",
        "Bookings",
        "The amount of the deals won, counted in the period of their close date.",
        Unit.MONEY,
        Direction.HIGHER,
        Group.RESULTS,
        "won_amount",
        rollup=Rollup.SUM,
    ),
    Metric(
        "deals_won",
        "Deals won",
        "How many deals were won, counted in the period of their close date.",
        Unit.COUNT,
        Direction.HIGHER,
        Group.RESULTS,
        "won_count",
        rollup=Rollup.SUM,
    ),
    Metric(
        "deals_decided",
        "Deals decided",
        "How many deals were decided, won or lost, counted in the period of their close date.",
        Unit.COUNT,
        Direction.HIGHER,
        Group.RESULTS,
        "won_count + lost_count",
        # The volume the plan calls for follows from the bookings target, the win rate and the
        # deal size (gap analysis: the volume driver's reference), not from a target of its own.
        targetable=False,
        rollup=Rollup.SUM,
    ),
    Metric(
        "quota",
        "Quota",
        "The bookings target from the plan: the person's quota, or a team's own quota when "
        "one is set, else the sum of its members' quotas.",
        Unit.MONEY,
        Direction.HIGHER,
        Group.RESULTS,
        QUOTA,
        targetable=False,
        rollup=Rollup.OWN_OR_SUM,
    ),
    Metric(
        "quota_attainment",
        "Quota attainment",
        "Bookings as a share of quota.",
        Unit.PERCENT,
        Direction.HIGHER,
        Group.RESULTS,
        ratio("won_amount", QUOTA),
        rollup=Rollup.RATIO,
    ),
    Metric(
        "avg_deal_size",
        "Average deal size",
        "Bookings divided by the number of deals won.",
        Unit.MONEY,
        Direction.HIGHER,
        Group.RESULTS,
        ratio("won_amount", "won_count"),
        rollup=Rollup.RATIO,
    ),
    Metric(
        "win_rate",
        "Win rate",
        "Deals won as a share of the deals decided (won or lost) in the period, by count.",
        Unit.PERCENT,
        Direction.HIGHER,
        Group.RESULTS,
        ratio("won_count", "won_count + lost_count"),
        rollup=Rollup.RATIO,
    ),
    Metric(
        "win_rate_value",
        "Win rate by value",
        "The amount won as a share of the amount decided (won or lost) in the period.",
        Unit.PERCENT,
        Direction.HIGHER,
        Group.RESULTS,
        ratio("won_amount", "won_amount + lost_amount"),
        rollup=Rollup.RATIO,
    ),
    Metric(
        "sales_cycle_days",
        "Sales cycle",
        "The median number of days from creation to close of the deals won in the period "
        "(deals without a created date, or created after their close date, are left out).",
        Unit.DAYS,
        Direction.LOWER,
        Group.RESULTS,
        "median_cycle_days",
        rollup=Rollup.RECOUNTED,
    ),
    Metric(
        "pipeline_created",
        "Pipeline created",
        "The amount of the opportunities created in the period.",
        Unit.MONEY,
        Direction.HIGHER,
        Group.PIPELINE,
        "created_amount",
        rollup=Rollup.SUM,
    ),
    Metric(
        "open_pipeline",
        "Open pipeline",
        "The amount of the open opportunities whose close date falls in the period.",
        Unit.MONEY,
        Direction.HIGHER,
        Group.PIPELINE,
        "open_amount",
        rollup=Rollup.SUM,
    ),
    Metric(
        "weighted_pipeline",
        "Weighted pipeline",
        "Open pipeline closing in the period, each opportunity weighted by its probability.",
        Unit.MONEY,
        Direction.HIGHER,
        Group.PIPELINE,
        "weighted_amount",
        rollup=Rollup.SUM,
    ),
    Metric(
        "pipeline_coverage",
        "Pipeline coverage",
        "Open pipeline closing in the period divided by the quota still to book.",
        Unit.MULTIPLE,
        Direction.HIGHER,
        Group.PIPELINE,
        f"CASE WHEN {QUOTA} > won_amount THEN {ratio('open_amount', f'{QUOTA} - won_amount')} END",
        rollup=Rollup.RATIO,
        looks_ahead=True,
    ),
    Metric(
        "coverage_needed",
        "Coverage needed",
        "The coverage the win rate calls for: one divided by the win rate.",
        Unit.MULTIPLE,
        Direction.LOWER,
        Group.PIPELINE,
        ratio("won_count + lost_count", "won_count"),
        targetable=False,
        rollup=Rollup.RATIO,
    ),
    Metric(
        "slipped_deals",
        "Slipped deals",
        "Opportunities whose close date was moved out of the period to a later one.",
        Unit.COUNT,
        Direction.LOWER,
        Group.PIPELINE,
        "slipped_count",
        rollup=Rollup.SUM,
    ),
    Metric(
        "pulled_in_deals",
        "Pulled-in deals",
        "Opportunities whose close date was moved into the period from a later one.",
        Unit.COUNT,
        Direction.LOWER,
        Group.PIPELINE,
        "pulled_in_count",
        rollup=Rollup.SUM,
    ),
    Metric(
        "quarter_end_share",
        "Bookings in the last two weeks",
        "The share of bookings closed in the last two weeks of a quarter.",
        Unit.PERCENT,
        Direction.LOWER,
        Group.PIPELINE,
        ratio("rush_won_amount", "won_amount"),
        rollup=Rollup.RATIO,
    ),
    Metric(
        "activities_per_week",
        "Activities per week",
        "Calls, e-mails, meetings, demos and other activities done, per week of the period "
        "(per week so far in the current period).",
        Unit.RATE,
        Direction.HIGHER,
        Group.BEHAVIOUR,
        ratio("activities", "weeks"),
        rollup=Rollup.SUM,
    ),
    Metric(
        "calls_per_week",
        "Calls per week",
        "Calls done per week of the period.",
        Unit.RATE,
        Direction.HIGHER,
        Group.BEHAVIOUR,
        ratio("calls", "weeks"),
        rollup=Rollup.SUM,
    ),
    Metric(
        "emails_per_week",
        "E-mails per week",
        "E-mails sent per week of the period.",
        Unit.RATE,
        Direction.HIGHER,
        Group.BEHAVIOUR,
        ratio("emails", "weeks"),
        rollup=Rollup.SUM,
    ),
    Metric(
        "meetings_per_week",
        "Meetings per week",
        "Meetings held per week of the period.",
        Unit.RATE,
        Direction.HIGHER,
        Group.BEHAVIOUR,
        ratio("meetings", "weeks"),
        rollup=Rollup.SUM,
    ),
    Metric(
        "demos_per_week",
        "Demos per week",
        "Demos given per week of the period.",
        Unit.RATE,
        Direction.HIGHER,
        Group.BEHAVIOUR,
        ratio("demos", "weeks"),
        rollup=Rollup.SUM,
    ),
    Metric(
        "meetings_per_opportunity",
        "Meetings per opportunity",
        "Meetings held in the period per opportunity closing in it (won, lost or open).",
        Unit.RATE,
        Direction.HIGHER,
        Group.BEHAVIOUR,
        ratio("meetings", "won_count + lost_count + open_count"),
        rollup=Rollup.RATIO,
    ),
    Metric(
        "forecast_accuracy",
        "Forecast accuracy",
        "How close the commit forecast came to the bookings: one minus the miss as a share of "
        "bookings (100% is exact). The forecast that counts is the last one with a commit "
        "figure submitted for the period (the latest submission day wins, weekly snapshots "
        "included); a team's is over the sellers who submitted one. No forecast, no figure; "
        "judged once the period has ended.",
        Unit.PERCENT,
        Direction.HIGHER,
        Group.FORECASTING,
        "CASE WHEN forecast_people > 0 AND forecast_won > 0 THEN "
        "1.0 - ABS(forecast_commit - forecast_won) / forecast_won END",
        period_kinds=("month", "quarter"),
        rollup=Rollup.RATIO,
        undefined_without=(FORECAST, NO_FORECAST),
    ),
    Metric(
        "forecast_bias",
        "Forecast bias",
        "The commit forecast above (+) or below (-) the bookings, as a share of bookings; "
        "consistently below is sandbagging, consistently above is over-calling. The forecast "
        "that counts is the last one with a commit figure submitted for the period; a team's "
        "is over the sellers who submitted one. No forecast, no figure; judged once the period "
        "has ended.",
        Unit.PERCENT,
        Direction.ZERO,
        Group.FORECASTING,
        "CASE WHEN forecast_people > 0 AND forecast_won > 0 THEN "
        "(forecast_commit - forecast_won) / forecast_won END",
        period_kinds=("month", "quarter"),
        rollup=Rollup.RATIO,
        undefined_without=(FORECAST, NO_FORECAST),
    ),
    Metric(
        "pipeline_horizon",
        "Pipeline horizon",
        "Of the pipeline standing at the end of the period, the share (by amount) closing two "
        "or more quarters after the period's quarter.",
        Unit.PERCENT,
        Direction.HIGHER,
        Group.BEYOND,
        ratio("horizon_amount", "standing_amount"),
        period_kinds=("quarter",),
        rollup=Rollup.RATIO,
    ),
    Metric(
        "accounts_won",
        "Customers won",
        "Distinct accounts with a deal won in the period.",
        Unit.COUNT,
        Direction.HIGHER,
        Group.BEYOND,
        "accounts_won",
        rollup=Rollup.RECOUNTED,
    ),
    Metric(
        "new_accounts",
        "New customers",
        "Accounts whose first ever won deal closed in the period.",
        Unit.COUNT,
        Direction.HIGHER,
        Group.BEYOND,
        "new_accounts",
        rollup=Rollup.RECOUNTED,
    ),
    Metric(
        "segments_sold_into",
        "Segments sold into",
        "Distinct account segments with a deal won in the period.",
        Unit.COUNT,
        Direction.HIGHER,
        Group.BEYOND,
        "segments_won",
        rollup=Rollup.RECOUNTED,
    ),
    Metric(
        "top_account_share",
        "Top-account concentration",
        "The share of bookings that came from the single largest account.",
        Unit.PERCENT,
        Direction.LOWER,
        Group.BEYOND,
        ratio("top_account_amount", "won_amount"),
        rollup=Rollup.RECOUNTED,
    ),
]

BY_KEY: dict[str, Metric] = {m.key: m for m in METRICS}


def get(key: str) -> Metric:
    try:
        return BY_KEY[key]
    except KeyError:
        raise LookupError(f"unknown metric {key!r}; known: {', '.join(sorted(BY_KEY))}") from None


def is_better(metric: Metric, value: float, target: float) -> bool:
    """Whether a value meets its target (on target counts as meeting it)."""
    if metric.direction == Direction.HIGHER:
        return value >= target
    if metric.direction == Direction.LOWER:
        return value <= target
    return abs(value) <= abs(target)


def gap(metric: Metric, value: float | None, target: float | None) -> float | None:
    """How far a value falls short of its target, in the metric's unit (positive = short);
    None when it meets the target or either side is missing."""
    if value is None or target is None or is_better(metric, value, target):
        return None
    if metric.direction == Direction.HIGHER:
        return target - value
    if metric.direction == Direction.LOWER:
        return value - target
    return abs(value) - abs(target)
