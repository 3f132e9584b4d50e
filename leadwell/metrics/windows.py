"""Measuring a metric over any span of whole months, for a person, team, office or the
organisation, from the monthly summaries (never from raw CRM rows).

A span's value is the metric's own catalog formula over the span's parts, each part combined
across the months by the rule the catalog declares on it (`catalog.Combine`): flows (won
amount, activities, created pipeline, quota, ...) are summed, positions at a moment (open
pipeline, the standing book) are the span's last month's, and whether anyone forecast is the
highest month's. Per-week rates use the span's days (a month still running today counts its
days so far).

Two rules keep a span honest where the parts do not add up:

- A metric built on a part that cannot be combined across months (the median cycle, distinct
  accounts and segments, the largest account) is the average of its monthly figures, and says
  so (`Measurement.averaged`); so is a metric on a part mostly submitted for a longer period
  (forecasts, per quarter) when no month of the span has it: the average of the figures of the
  quarters the span touches.
- Quotas are mostly set per quarter or year, so a month without its own quota takes an even
  share of its quarter's (a third), else of its year's (a twelfth), for the span only; the
  monthly summaries keep showing no quota for such a month.

Coaching measures the metric that showed a gap before and after an assignment with this;
upward reports, pulse trends and balance signals measure their windows the same way.
"""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics.catalog import Combine, Metric
from leadwell.metrics.figures import figure_rows
from leadwell.metrics.models import ORG_ID, Parts, Scope
from leadwell.org.models import Office, Person, Team

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Whose:
    """The scope a span is measured for: a person, a team, an office or the organisation."""

    kind: Scope
    id: int

    @classmethod
    def of(cls, who: Person | Team | Office | None) -> "Whose":
        """The scope of a person, team or office; None is the whole organisation."""
        if who is None:
            return cls(Scope.ORG, ORG_ID)
        if isinstance(who, Person):
            return cls(Scope.PERSON, who.pk)
        if isinstance(who, Team):
            return cls(Scope.TEAM, who.pk)
        return cls(Scope.OFFICE, who.pk)

    @classmethod
    def person(cls, person_id: int) -> "Whose":
        return cls(Scope.PERSON, person_id)


@dataclass(frozen=True)
class Span:
    """Whole months from `first` to `last`, both included."""

    first: Period
    last: Period

    def __post_init__(self) -> None:
        if self.first.kind != PeriodKind.MONTH or self.last.kind != PeriodKind.MONTH:
            raise ValueError("a span runs from a month to a month")
        if self.last < self.first:
            raise ValueError(f"a span cannot end ({self.last}) before it starts ({self.first})")

    @classmethod
    def of(cls, months: list[Period]) -> "Span":
        return cls(months[0], months[-1])

    @property
    def start(self) -> datetime.date:
        return self.first.start

    @property
    def until(self) -> datetime.date:
        """The first day after the span."""
        return self.last.end

    @property
    def months(self) -> list[Period]:
        months, current = [], self.first
        while current <= self.last:
            months.append(current)
            current = current.next()
        return months


class How(StrEnum):
    """How a span's value was made."""

    COMBINED = "combined"  # the formula over the span's parts, each combined by its rule
    MONTHS_AVERAGED = "average of the monthly figures"
    QUARTERS_AVERAGED = "average of the quarterly figures"


@dataclass(frozen=True)
class Measurement:
    metric: Metric
    whose: Whose
    span: Span
    value: float | None
    how: How
    # The periods that went into the value: months with summary parts (combined), or the
    # monthly or quarterly figures averaged.
    counted: int
    running: bool = False  # the span's last month has not ended yet
    # The span's parts, each combined by its rule, that the value was computed from (empty when
    # the value is an average of figures).
    parts: dict[str, float | None] = field(default_factory=dict)

    @property
    def averaged(self) -> bool:
        return self.how != How.COMBINED

    @property
    def months(self) -> int:
        return len(self.span.months)


def measure(
    *,
    scope: Whose,
    metric: Metric | str,
    months: Span,
    on: datetime.date | None = None,
) -> Measurement:
    """`metric` over the whole months of `months` for `scope`, as the summaries hold it today;
    `on` is the day the measurement is for (default today), which only decides whether the
    span's last month is still running."""
    metric = catalog.get(metric) if isinstance(metric, str) else metric
    today = timezone.localdate()
    # The summaries hold what is known today; a month still running counts its days so far, so
    # per-week rates are not diluted (nor inflated when a measurement is dated in the past).
    tomorrow = today + ONE_DAY
    running = months.until > max(tomorrow, (on or today) + ONE_DAY)
    days = (min(months.until, tomorrow) - months.start).days

    def measured(value: float | None, how: How, counted: int, combined=None) -> Measurement:
        return Measurement(metric, scope, months, value, how, counted, running, combined or {})

    parts = catalog.parts_in(metric.formula)
    if any(part.combine == Combine.NONE for part in parts):
        value, counted = _average_of_figures(scope, metric, months.months)
        return measured(value, How.MONTHS_AVERAGED, counted)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Parts.objects.filter(
            scope_kind=scope.kind,
            scope_id=scope.id,
            period_kind=PeriodKind.MONTH.value,
            period_start__in=[m.start for m in months.months],
        )
        .order_by("period_start")
        .values()
    ]
    if not rows:
        return measured(None, How.COMBINED, 0)
    submitted = [part for part in parts if part.submitted_per]
    if submitted and not any(row[part.key] for row in rows for part in submitted):
        # Mostly submitted per quarter: measure the quarters the span touches.
        kind = PeriodKind(submitted[0].submitted_per or PeriodKind.QUARTER)
        periods = sorted({period_of(m.start, kind) for m in months.months})
        value, counted = _average_of_figures(scope, metric, periods)
        return measured(value, How.QUARTERS_AVERAGED, counted)
    counted = len(rows)
    spread = [key for key in SPREAD if key in {part.key for part in parts}]
    if spread:
        rows = _with_monthly_shares(scope, months.months, rows, spread)
    combined = _combine(rows, months.last.start)
    value = evaluate(metric, combined, weeks=days / 7 if days > 0 else None)
    return measured(value, How.COMBINED, counted, combined)


# The plan's parts: a month without its own takes a share of its quarter's, else its year's.
SPREAD = ["quota", "team_quota"]


def _with_monthly_shares(
    scope: Whose, months: list[Period], rows: list[dict], keys: list[str]
) -> list[dict]:
    """Each month of the span, with a month's missing quota taken as an even share of its
    quarter's (a third), else of its year's (a twelfth). One query."""
    longer = {
        (kind, period_of(m.start, kind).start)
        for m in months
        for kind in (PeriodKind.QUARTER, PeriodKind.YEAR)
    }
    anything = Q()
    for key in keys:
        anything |= Q(**{f"{key}__isnull": False})
    plans = {
        (row["period_kind"], row["period_start"]): row
        for row in Parts.objects.filter(
            anything,
            scope_kind=scope.kind,
            scope_id=scope.id,
            period_kind__in=[PeriodKind.QUARTER.value, PeriodKind.YEAR.value],
            period_start__in={start for _, start in longer},
        ).values("period_kind", "period_start", *keys)
    }
    by_month = {row["period_start"]: row for row in rows}
    filled = []
    for month in months:
        row = dict(by_month.get(month.start) or dict.fromkeys(catalog.PART_KEYS))
        row["period_start"] = month.start
        quarter = plans.get((PeriodKind.QUARTER.value, period_of(month.start, "quarter").start))
        year = plans.get((PeriodKind.YEAR.value, period_of(month.start, "year").start))
        for key in keys:
            if row[key] is not None:
                continue
            in_quarter = quarter[key] if quarter else None
            in_year = year[key] if year else None
            if in_quarter is not None:
                row[key] = in_quarter / 3
            else:
                row[key] = in_year / 12 if in_year else None
        filled.append(row)
    return filled


def _combine(rows: list[dict], last_month: datetime.date) -> dict[str, float | None]:
    """Each part of the span from its months', by the part's rule."""
    combined: dict[str, float | None] = {}
    for part in catalog.PARTS:
        key = part.key
        values = [row[key] for row in rows if row[key] is not None]
        if part.combine == Combine.LAST:
            last = [row[key] for row in rows if row["period_start"] == last_month]
            combined[key] = last[0] if last else None
        elif part.combine == Combine.MAX:
            combined[key] = max(values) if values else None
        elif part.combine == Combine.SUM:
            combined[key] = sum(values) if values else None
        else:
            combined[key] = None  # not combinable: never read (such metrics are averaged)
    return combined


def evaluate(
    metric: Metric, parts: dict[str, float | None], *, weeks: float | None
) -> float | None:
    """The metric's formula over one row of parts, evaluated by the database exactly as the
    summaries evaluate it (the same binding, `catalog.bind`)."""
    names = [*catalog.PART_KEYS, "weeks"]
    values = [*(parts.get(key) for key in catalog.PART_KEYS), weeks]
    columns = ", ".join(f"CAST(%s AS DOUBLE PRECISION) AS {name}" for name in names)
    expression = catalog.bind(metric.formula, row="x", weeks="x.weeks")
    with connection.cursor() as cursor:
        # The formula is the catalog's own constant; the values are parameters.
        cursor.execute(f"SELECT {expression} FROM (SELECT {columns}) x", values)  # noqa: S608
        (value,) = cursor.fetchone()
    return None if value is None else float(value)


def _average_of_figures(
    scope: Whose, metric: Metric, periods: list[Period]
) -> tuple[float | None, int]:
    rows = figure_rows(
        scope.kind,
        periods[0].kind.value,
        scope_ids=[scope.id],
        period_starts=[p.start for p in periods],
        metrics=[metric.key],
    )
    values = [row.values[metric.key] for row in rows if metric.key in row.values]
    return (sum(values) / len(values) if values else None), len(values)


def adds_up_over_months(metric: Metric | str) -> bool:
    """Whether `measure` combines the metric's parts over any span of whole months, so a figure
    for a goal's window means what its target means. Not so for a metric measured per quarter
    only, or one whose months' figures do not add up (distinct customers recounted, a median):
    `measure` averages those months, which no target over the span is set in."""
    metric = catalog.get(metric) if isinstance(metric, str) else metric
    if PeriodKind.MONTH.value not in metric.period_kinds:
        return False
    return not any(part.combine == Combine.NONE for part in catalog.parts_in(metric.formula))
