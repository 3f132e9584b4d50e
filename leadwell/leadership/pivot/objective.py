"""The objective signals shown beside a self-assessment: what the CRM data says about the fifth
standard (works two to three quarters ahead, widens the number and kind of customers).

Each is the metrics app's own figure for the person and the quarter, read from the stored
summaries through leadwell.metrics' selectors, never computed again here: the pipeline horizon
(the share of open pipeline closing two or more quarters out), new customers (accounts first
won in the quarter) and the segments sold into (distinct segments won in; the catalog has no
"segments new to the person", see docs/decisions.md). Each is set against the person's own past
(the median of their previous four quarters with a figure) and their team's median this quarter
(the people challenged with them, themself included).
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from leadwell.lib.periods import Period
from leadwell.metrics import catalog
from leadwell.metrics import selectors as metrics
from leadwell.metrics.catalog import Metric, Unit
from leadwell.metrics.formatting import format_value
from leadwell.metrics.models import Scope

SIGNALS = ("pipeline_horizon", "new_accounts", "segments_sold_into")
PAST_QUARTERS = 4
# A seller reading their own signals sees the team's median only over at least this many
# colleagues' figures: with one or two, the median (and the person's own figure) would give a
# peer's figure away, and a peer's figures are theirs and their line's.
FEWEST_COLLEAGUES = 3


@dataclass(frozen=True)
class Signal:
    metric: Metric
    value: float | None
    # The median of the person's previous quarters with a figure, and how many there were.
    own_past: float | None
    past_quarters: int
    # The median of the team's figures this quarter, and how many people had one.
    team_median: float | None
    team_count: int
    # True when the median is left out to keep too few colleagues' figures private.
    median_withheld: bool = False

    @property
    def key(self) -> str:
        return self.metric.key

    @property
    def name(self) -> str:
        return self.metric.name

    def shown(self, value: float | None) -> str:
        # A median of counts may fall between two (2.5 new customers): shown as it is, so it
        # never reads level with a figure it is above or below.
        if value is not None and self.metric.unit == Unit.COUNT and value != int(value):
            return f"{value:,.1f}"
        return format_value(value, self.metric.unit)

    @property
    def value_shown(self) -> str:
        return self.shown(self.value)

    @property
    def own_past_shown(self) -> str:
        return self.shown(self.own_past)

    @property
    def team_median_shown(self) -> str:
        return self.shown(self.team_median)

    @property
    def against_own_past(self) -> str:
        return _compare(self.value, self.own_past)

    @property
    def against_team(self) -> str:
        return _compare(self.value, self.team_median)


def _compare(value: float | None, other: float | None) -> str:
    """Above, below or level with: every signal here reads better higher."""
    if value is None or other is None:
        return ""
    if abs(value - other) < 1e-9:
        return "level"
    return "above" if value > other else "below"


def _median(values: Iterable[float | None]) -> tuple[float | None, int]:
    present = [v for v in values if v is not None]
    return (statistics.median(present) if present else None), len(present)


def signals_for(
    person_id: int, quarter: Period, team_ids: Iterable[int], *, fewest_colleagues: int = 0
) -> list[Signal]:
    """The person's signals in `quarter`, against their own past and the team's median, from
    the stored figures in one query. The median is withheld unless `fewest_colleagues` other
    people have a figure (FEWEST_COLLEAGUES for the person themself; their line reads every
    colleague's figures anyway)."""
    quarters = metrics.recent_periods(quarter, PAST_QUARTERS + 1)
    team = set(team_ids) | {person_id}
    found = metrics.figures(Scope.PERSON.value, team, quarters)
    signals = []
    for key in SIGNALS:
        metric = catalog.get(key)
        own_past, past_count = _median(
            found.get((person_id, q.start), {}).get(key) for q in quarters[:-1]
        )
        team_median, team_count = _median(
            found.get((pk, quarter.start), {}).get(key) for pk in team
        )
        colleagues = sum(
            1
            for pk in team - {person_id}
            if found.get((pk, quarter.start), {}).get(key) is not None
        )
        withheld = team_median is not None and colleagues < fewest_colleagues
        signals.append(
            Signal(
                metric=metric,
                value=found.get((person_id, quarter.start), {}).get(key),
                own_past=own_past,
                past_quarters=past_count,
                team_median=None if withheld else team_median,
                team_count=0 if withheld else team_count,
                median_withheld=withheld,
            )
        )
    return signals
