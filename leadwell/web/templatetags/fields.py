"""A refused field's attributes, so every form marks it the same way as the targets form."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def invalid(field_id: str, errors, described_by: str = "") -> str:
    """aria-invalid and an aria-describedby naming the field's message (web/_field_error.html),
    after any help text the field is already described by."""
    described = [described_by] if described_by else []
    if errors:
        described.append(f"{field_id}-error")
        return format_html(' aria-invalid="true" aria-describedby="{}"', " ".join(described))
    if described:
        return format_html(' aria-describedby="{}"', described_by)
    return ""
