"""The span an upward report covers: a week, a month or a quarter, by the leader's cadence."""

import datetime
from dataclasses import dataclass

from leadwell.lib import dates
from leadwell.lib.periods import Period, PeriodKind, period_of


@dataclass(frozen=True)
class ReportPeriod:
    """The span a report covers. Weeks are no period of the summaries (they count months):
    a weekly report shows the month it falls in, to date."""

    kind: str  # "week", "month" or "quarter"
    start: datetime.date
    end: datetime.date  # the first day after it

    @property
    def figures_period(self) -> Period:
        kind = PeriodKind.QUARTER if self.kind == "quarter" else PeriodKind.MONTH
        return period_of(self.start, kind)

    @property
    def label(self) -> str:
        if self.kind == "week":
            last = self.end - datetime.timedelta(days=1)
            return f"Week of {dates.day_range(self.start, last)}"
        return self.figures_period.label

    def next(self) -> "ReportPeriod":
        return period_for(self.kind, self.end)

    def previous(self) -> "ReportPeriod":
        return period_for(self.kind, self.start - datetime.timedelta(days=1))


CADENCE_KIND = {"weekly": "week", "monthly": "month", "quarterly": "quarter"}


def period_for(kind: str, day: datetime.date) -> ReportPeriod:
    """The report period of `kind` ("week", "month", "quarter") that holds `day`."""
    if kind == "week":
        start = day - datetime.timedelta(days=day.weekday())
        return ReportPeriod(kind, start, start + datetime.timedelta(days=7))
    if kind not in ("month", "quarter"):
        raise ValueError(f"not a report period: {kind!r}")
    period = period_of(day, PeriodKind(kind))
    return ReportPeriod(kind, period.start, period.end)
