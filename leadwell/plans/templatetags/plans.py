from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def amount(value: Decimal | None) -> str:
    """An amount as the plan shows it: separators, no needless decimals; nothing for None."""
    if value is None:
        return ""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


@register.filter
def plain(value: Decimal | None) -> str:
    """An amount as an input holds it: no separators."""
    if value is None:
        return ""
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


@register.simple_tag
def typed_value(typed: dict, field: str, fallback: Decimal | None) -> str:
    """What the input shows: what was typed when the form came back, else the amount."""
    if typed:
        return typed.get(field, "")
    return plain(fallback)


@register.filter
def errors_for(errors: dict, field: str) -> list[str]:
    return errors.get(field, [])
