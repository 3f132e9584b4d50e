from django import template
from django.urls import reverse

from leadwell.metrics.formatting import format_line_value, format_target, format_value
from leadwell.metrics.formatting import gap_words as format_gap_words
from leadwell.metrics.formatting import unit_label as label_of_unit

register = template.Library()


@register.filter
def metric_value(value, metric) -> str:
    """{{ line.value|metric_value:line.metric }}"""
    return format_value(value, metric.unit)


@register.filter
def metric_target(value, metric) -> str:
    """{{ line.target|metric_target:line.metric }}: a target, or the band a bias must stay
    within ("within ±20.0%")."""
    return format_target(value, metric)


@register.filter
def gap_words(line) -> str:
    """{{ line|gap_words }}: short by 5,000; 19 days too long; 5.0 pp too high."""
    return format_gap_words(line.metric, line.gap)


@register.filter
def line_value(line) -> str:
    """{{ line|line_value }}: a scorecard line's value, or what its missing value reads as
    ("no forecast")."""
    return format_line_value(line)


@register.filter
def unit_label(unit) -> str:
    """{{ metric.unit|unit_label }}: money as the reporting currency's code (USD)."""
    return label_of_unit(unit)


@register.filter
def in_unit(value, unit) -> str:
    """{{ driver.actual|in_unit:driver.unit }}"""
    return format_value(value, unit)


@register.filter
def money_change(value) -> str:
    """A signed amount of money: +1,234 or -1,234."""
    return format_value(value, "money", signed=True)


@register.filter
def catalog_url(metric) -> str:
    """{{ line.metric|catalog_url }}: the metric's entry on the metric catalog page."""
    return f"{reverse('metrics:catalog')}#{metric.key}"
