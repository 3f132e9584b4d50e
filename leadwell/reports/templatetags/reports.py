import datetime

from django import template

from leadwell.metrics import catalog

register = template.Library()


@register.filter
def get_item(values: dict, key: str):
    """{{ seller.values|get_item:m.key }}: a snapshot's values are keyed by metric."""
    return values.get(key) if values else None


@register.filter
def metric_name(key: str) -> str:
    try:
        return catalog.get(key).name
    except LookupError:
        return key


@register.filter
def is_overdue(report, today) -> bool:
    return report.is_overdue(today)


@register.filter
def metric_unit(key: str) -> str:
    try:
        return catalog.get(key).unit.value
    except LookupError:
        return "count"


@register.filter
def iso_day(text: str) -> datetime.date | None:
    """A day the snapshot keeps as text, back to a date for the |day filter."""
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
