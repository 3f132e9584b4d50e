"""Re-measuring the metric that showed a gap: the same number of whole months before and since an
assignment started, each window measured by `leadwell.metrics.windows` from the monthly summary
parts (never from raw CRM rows).

The window since the start is the month the assignment started in and the months after it that
have fully passed on the day measured (a month still running is never counted), and an
assignment is measured only once one whole month has passed since it started (`measured_from`:
the same day of the next month, or that month's last day); until then there is nothing to
compare (`Measurement.pending`). The window before is as many whole months just before the month
it started in.

A window's value is the metric's own catalog formula over the window's parts, each part combined
across the months by its catalog rule (flows summed, positions from the window's last month,
per-week rates over the window's days); a metric on parts that cannot be combined (the median
cycle, distinct accounts and segments, the largest account) is the average of its monthly
figures instead, and says so (`Window.averaged`), as is a forecast metric when the forecasts
were submitted per quarter (the average of the quarters' figures). See `metrics/windows.py`.
"""

import datetime
from dataclasses import dataclass

from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics.windows import Span, Whose
from leadwell.metrics.windows import measure as measure_span


@dataclass(frozen=True)
class Window:
    start: datetime.date
    until: datetime.date  # the first day after the window
    months: int
    value: float | None
    averaged: bool = False  # the average of monthly figures (see the module's docstring)
    running: bool = False  # the window's last month has not ended yet


@dataclass(frozen=True)
class Measurement:
    metric: catalog.Metric
    before: Window
    after: Window
    measured_from: datetime.date | None = None  # the first day the assignment is measured
    pending: bool = False  # not a whole month since it started: no window has a value yet

    @property
    def change(self) -> float | None:
        if self.before.value is None or self.after.value is None:
            return None
        return self.after.value - self.before.value

    @property
    def improved(self) -> bool | None:
        return improved(self.metric, self.before.value, self.after.value)


def improved(metric: catalog.Metric, before: float | None, after: float | None) -> bool | None:
    """Whether the metric moved the better way (None: not measured, or no change)."""
    if before is None or after is None or before == after:
        return None
    return catalog.is_better(metric, after, before)


def measured_from(started_on: datetime.date) -> datetime.date:
    """One whole month after `started_on`: the same day of the next month (its last day when
    the next month is shorter), the first day an assignment started then is measured."""
    following = period_of(started_on, PeriodKind.MONTH).end
    last_day = (period_of(following, PeriodKind.MONTH).end - datetime.timedelta(days=1)).day
    return following.replace(day=min(started_on.day, last_day))


def windows(started_on: datetime.date, on: datetime.date) -> tuple[list[Period], list[Period]]:
    """The months before and since `started_on`, as many of each, measured on day `on`: since
    is the month it started in up to the last month that has fully passed by `on`; both are
    empty until one whole month has passed since it started (see `measured_from`)."""
    if on < measured_from(started_on):
        return [], []
    first = period_of(started_on, PeriodKind.MONTH)
    last = period_of(
        period_of(on, PeriodKind.MONTH).start - datetime.timedelta(days=1), PeriodKind.MONTH
    )
    after = Span(first, last).months
    before_start = first.start
    before: list[Period] = []
    for _ in after:
        before_start = period_of(before_start - datetime.timedelta(days=1), PeriodKind.MONTH).start
        before.insert(0, period_of(before_start, PeriodKind.MONTH))
    return before, after


def measure(
    person_id: int, metric_key: str, started_on: datetime.date, on: datetime.date
) -> Measurement:
    metric = catalog.get(metric_key)
    from_day = measured_from(started_on)
    before, after = windows(started_on, on)
    if not after:
        # Not a whole month yet: an empty window at the month it started, nothing measured.
        start = period_of(started_on, PeriodKind.MONTH).start
        empty = Window(start, start, 0, None)
        return Measurement(metric, empty, empty, measured_from=from_day, pending=True)
    return Measurement(
        metric,
        _window(person_id, metric, before, on),
        _window(person_id, metric, after, on),
        measured_from=from_day,
    )


def _window(person_id: int, metric: catalog.Metric, months: list[Period], on: datetime.date):
    found = measure_span(
        scope=Whose.person(person_id), metric=metric, months=Span.of(months), on=on
    )
    return Window(
        found.span.start,
        found.span.until,
        found.months,
        found.value,
        averaged=found.averaged,
        running=found.running,
    )
