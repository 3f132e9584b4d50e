"""Days as people read them, in the reader's language: "Dec 6, 2026" in American English,
"6 Dec 2026" in British English. Pages follow the browser's language (LocaleMiddleware
activates it); the CLI and e-mail follow LANGUAGE_CODE. Files meant for machines (exports)
never come through here: they carry ISO 8601.
"""

import datetime

from django.conf import settings
from django.utils import dateformat, translation

_DASH = " \u2013 "

# One set of formats per language, so a day reads the same on every page.
_FORMATS = {
    "en-us": {
        "day": "M j, Y",
        "day_time": "M j, Y, g:i A",
        "weekday": "D, M j, Y",
        "range_same_year": ("M j", "M j, Y"),
    },
    "en-gb": {
        "day": "j M Y",
        "day_time": "j M Y, H:i",
        "weekday": "D j M Y",
        "range_same_year": ("j M", "j M Y"),
    },
}


def _formats() -> dict:
    language = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    # Only American English writes the month first; British, Australian, Irish, Indian, ...
    # English write the day first.
    return _FORMATS["en-us"] if language in ("en", "en-us") else _FORMATS["en-gb"]


def day(value: datetime.date) -> str:
    """ "Dec 6, 2026" or "6 Dec 2026"."""
    return dateformat.format(value, _formats()["day"])


def day_time(value: datetime.datetime) -> str:
    """ "Dec 6, 2026, 9:30 PM" or "6 Dec 2026, 21:30" (in the time zone it is given in)."""
    return dateformat.format(value, _formats()["day_time"])


def weekday(value: datetime.date) -> str:
    """ "Sun, Dec 6, 2026" or "Sun 6 Dec 2026": for meetings, whose weekday matters."""
    return dateformat.format(value, _formats()["weekday"])


def day_range(first: datetime.date, last: datetime.date) -> str:
    """Both days inclusive; the year is written once when they share it:
    "Oct 1 to Dec 31, 2026" or "1 Oct to 31 Dec 2026",
    with an en dash between them."""
    if first.year != last.year:
        return f"{day(first)}{_DASH}{day(last)}"
    start_format, end_format = _formats()["range_same_year"]
    return f"{dateformat.format(first, start_format)}{_DASH}{dateformat.format(last, end_format)}"


def month(value: datetime.date) -> str:
    """ "October 2026", the same in both languages."""
    return dateformat.format(value, "F Y")


def long_day(day: datetime.date) -> str:
    """Days in sentences recorded for good (the audit trail, notices): "6 December 2026"."""
    return f"{day.day} {day:%B %Y}"
