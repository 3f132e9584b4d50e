"""Showing a metric's value the way its unit reads: $1,234, 31.2%, 3.1x, 42 days."""

from typing import TYPE_CHECKING

from leadwell.lib.currency import reporting_currency
from leadwell.metrics.catalog import Direction, Unit

if TYPE_CHECKING:
    from leadwell.metrics.catalog import Metric
    from leadwell.metrics.selectors import Line


def unit_label(unit: Unit | str, currency: str | None = None) -> str:
    """A unit as people read it beside a figure: money as the reporting currency's code (USD),
    every other unit by its name (percent, days)."""
    unit = Unit(unit)
    if unit == Unit.MONEY:
        return currency or reporting_currency()
    return unit.value


def format_line_value(line: "Line") -> str:
    """A scorecard line's value, or what its missing value reads as ("no forecast")."""
    if line.value is None and line.undefined:
        return line.undefined
    return format_value(line.value, line.metric.unit)


def format_value(value: float | None, unit: Unit | str, *, signed: bool = False) -> str:
    if value is None:
        return "—"
    sign = "+" if signed and value > 0 else ""
    unit = Unit(unit)
    if unit == Unit.MONEY:
        return f"{sign}{value:,.0f}"
    if unit == Unit.PERCENT:
        return f"{sign}{value * 100:.1f}%"
    if unit == Unit.MULTIPLE:
        return f"{sign}{value:.1f}x"
    if unit == Unit.DAYS:
        return f"{sign}{value:.0f} days"
    if unit == Unit.RATE:
        return f"{sign}{value:.1f}"
    return f"{sign}{value:,.0f}"


def format_target(target: float | None, metric: "Metric") -> str:
    """A target as it is meant: for a metric where closest to zero is best (forecast bias) the
    band allowed either side of zero, "within ±20.0%", never a figure to reach."""
    if target is not None and metric.direction == Direction.ZERO:
        return f"within ±{format_value(abs(target), metric.unit)}"
    return format_value(target, metric.unit)


def format_difference(value: float, unit: Unit | str) -> str:
    """A difference between two figures in the metric's unit: of percentages, in percentage
    points (30% against 25% is 5.0 pp, not 5.0%)."""
    if Unit(unit) == Unit.PERCENT:
        return f"{value * 100:.1f} pp"
    return format_value(value, unit)


def gap_words(metric: "Metric", gap: float) -> str:
    """A gap as a sales manager says it, by which way is better: short by 5,000 (more is
    better), 19 days too long or 3.0 pp too high (less is better), 13.9 pp off (closest to
    zero is best)."""
    size = format_difference(gap, metric.unit)
    if metric.direction == Direction.LOWER:
        return f"{size} too {'long' if Unit(metric.unit) == Unit.DAYS else 'high'}"
    if metric.direction == Direction.ZERO:
        return f"{size} off"
    return f"short by {size}"
