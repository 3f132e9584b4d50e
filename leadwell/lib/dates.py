"""Days as people read them in sentences: "6 December 2026" (no leading zero)."""

import datetime


def long_day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
