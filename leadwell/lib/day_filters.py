"""Template filters for days, built into every template (settings.TEMPLATES "builtins").

`{{ d|day }}`, `{{ d|day_time }}` and `{{ d|weekday }}` write a <time> element: the text in
the reader's language (leadwell/lib/dates.py), the machine-readable ISO 8601 in `datetime`.
Where no element may go (a <title>), add `|striptags`. Nothing (None) writes nothing, so
`|default:"…"` still works.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from leadwell.lib import dates

register = template.Library()


def _time(value: datetime.date | None, words: Callable[[Any], str]) -> SafeString | str:
    if not isinstance(value, datetime.date):
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), words(value))


def _as_day(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


@register.filter(expects_localtime=True)
def day(value: datetime.date | None) -> SafeString | str:
    return _time(value, lambda v: dates.day(_as_day(v)))


@register.filter(expects_localtime=True)
def day_time(value: datetime.datetime | None) -> SafeString | str:
    return _time(value, dates.day_time)


@register.filter(expects_localtime=True)
def weekday(value: datetime.date | None) -> SafeString | str:
    return _time(value, lambda v: dates.weekday(_as_day(v)))
