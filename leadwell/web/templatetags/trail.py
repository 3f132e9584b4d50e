"""How the audit trail's recorded values read on its page."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    """`valid_from` reads "valid from", `team_id` "team"."""
    return name.removesuffix("_id").replace("_", " ")


@register.filter
def shown_value(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value in (None, ""):
        return "none"
    return str(value)
