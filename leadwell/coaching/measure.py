"""Re-measuring the metric that showed a gap: the same number of whole months before and since an
assignment started, read from the monthly summary parts (never from raw CRM rows).

A window's value is the metric's own catalog formula over the window's parts: flows (won amount,
activities, created pipeline, ...) are summed over the months, positions at a moment (open
pipeline, the standing book) are taken from the window's last month, and per-week rates use the
window's days. The few parts that cannot be combined across months (the median cycle, distinct
accounts and segments, the largest account) are not summed: a metric built on them is measured as
the average of its monthly figures instead, and says so (`Window.averaged`); so is a forecast
metric when the forecasts were submitted per quarter (the average of the quarters' figures).
"""

import datetime
import re
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics.models import Figure, Parts, Scope

# How each part combines across the months of a window.
LAST = {"open_amount", "open_count", "weighted_amount", "standing_amount", "horizon_amount"}
HIGHEST = {"forecast_people"}
FORECAST = {"forecast_commit", "forecast_people"}
NOT_COMBINABLE = {"median_cycle_days", "accounts_won", "segments_won", "top_account_amount"}


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


def months_between(first: Period, last: Period) -> list[Period]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = current.next()
    return months


def windows(started_on: datetime.date, on: datetime.date) -> tuple[list[Period], list[Period]]:
    """The months before and since `started_on`, as many of each, measured on day `on`."""
    first = period_of(started_on, PeriodKind.MONTH)
    last = period_of(max(on, started_on), PeriodKind.MONTH)
    after = months_between(first, last)
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
    before, after = windows(started_on, on)
    return Measurement(
        metric,
        _window(person_id, metric, before, on),
        _window(person_id, metric, after, on),
    )


def _window(person_id: int, metric: catalog.Metric, months: list[Period], on: datetime.date):
    start, until = months[0].start, months[-1].end
    # The summaries hold what is known today; a month still running counts its days so far, so
    # per-week rates are not diluted (nor inflated when an evaluation is dated in the past).
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    running = until > max(tomorrow, on + datetime.timedelta(days=1))
    days = (min(until, tomorrow) - start).days
    parts_used = _parts_in(metric.formula)
    if parts_used & NOT_COMBINABLE:
        value = _average_of_figures(person_id, metric, months)
        return Window(start, until, len(months), value, averaged=True, running=running)
    rows = list(
        Parts.objects.filter(
            scope_kind=Scope.PERSON,
            scope_id=person_id,
            period_kind=PeriodKind.MONTH.value,
            period_start__in=[m.start for m in months],
        )
        .order_by("period_start")
        .values()
    )
    if not rows:
        return Window(start, until, len(months), None, running=running)
    if parts_used & FORECAST and not any(row["forecast_people"] for row in rows):
        # Forecasts are mostly submitted per quarter: measure the quarters the window touches.
        quarters = sorted({period_of(m.start, PeriodKind.QUARTER) for m in months})
        value = _average_of_figures(person_id, metric, quarters)
        return Window(start, until, len(months), value, averaged=True, running=running)
    if "quota" in parts_used:
        rows = _with_monthly_quotas(person_id, months, rows)
    combined = _combine(rows, months[-1].start)
    value = _evaluate(metric.formula, combined, days / 7 if days > 0 else None)
    return Window(start, until, len(months), value, running=running)


def _with_monthly_quotas(person_id: int, months: list[Period], rows: list) -> list:
    """Quotas are mostly set per quarter or year, so a month without its own quota takes an
    even share of its quarter's (a third), else of its year's (a twelfth)."""
    longer = {
        (kind, period_of(m.start, kind).start)
        for m in months
        for kind in (PeriodKind.QUARTER, PeriodKind.YEAR)
    }
    quotas = {
        (kind, start): quota
        for kind, start, quota in Parts.objects.filter(
            scope_kind=Scope.PERSON,
            scope_id=person_id,
            period_kind__in=[PeriodKind.QUARTER.value, PeriodKind.YEAR.value],
            period_start__in={start for _, start in longer},
            quota__isnull=False,
        ).values_list("period_kind", "period_start", "quota")
    }
    by_month = {row["period_start"]: row for row in rows}
    filled = []
    for month in months:
        row = dict(by_month.get(month.start) or dict.fromkeys(catalog.PART_KEYS))
        row["period_start"] = month.start
        if row["quota"] is None:
            quarter = quotas.get(
                (PeriodKind.QUARTER.value, period_of(month.start, "quarter").start)
            )
            year = quotas.get((PeriodKind.YEAR.value, period_of(month.start, "year").start))
            row["quota"] = quarter / 3 if quarter is not None else (year / 12 if year else None)
        filled.append(row)
    return filled


def _parts_in(formula: str) -> set[str]:
    return set(re.findall(r"\b([a-z_]+)\b", formula)) & set(catalog.PART_KEYS)


def _combine(rows: list, last_month: datetime.date) -> dict[str, float | None]:
    combined: dict[str, float | None] = {}
    for key in catalog.PART_KEYS:
        values = [row[key] for row in rows if row[key] is not None]
        if key in LAST:
            last = [row[key] for row in rows if row["period_start"] == last_month]
            combined[key] = last[0] if last else None
        elif key in HIGHEST:
            combined[key] = max(values) if values else None
        else:
            combined[key] = sum(values) if values else None
    return combined


def _evaluate(formula: str, parts: dict[str, float | None], weeks: float | None) -> float | None:
    """The catalog formula, evaluated by the database exactly as the summaries evaluate it."""
    names = [*catalog.PART_KEYS, "weeks"]
    values = [*(parts[k] for k in catalog.PART_KEYS), weeks]
    missing_zero = {p.key for p in catalog.PARTS if p.missing_is_zero}

    def bind(match: re.Match) -> str:
        name = match[1]
        if name in missing_zero:
            return f"COALESCE(x.{name}, 0)"
        return f"x.{name}" if name in names else name

    columns = ", ".join(f"CAST(%s AS DOUBLE PRECISION) AS {name}" for name in names)
    expression = re.sub(r"\b([a-z_]+)\b", bind, formula)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression} FROM (SELECT {columns}) x", values)  # noqa: S608
        (value,) = cursor.fetchone()
    return None if value is None else float(value)


def _average_of_figures(person_id: int, metric: catalog.Metric, periods: list[Period]):
    values = list(
        Figure.objects.filter(
            scope_kind=Scope.PERSON,
            scope_id=person_id,
            period_kind=periods[0].kind.value,
            period_start__in=[p.start for p in periods],
            metric=metric.key,
        ).values_list("value", flat=True)
    )
    return sum(values) / len(values) if values else None
