"""Showing a metric's value the way its unit reads: $1,234, 31.2%, 3.1x, 42 days."""

from typing import TYPE_CHECKING

from leadwell.lib.currency import reporting_currency
from leadwell.metrics.catalog import Unit

if TYPE_CHECKING:
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
