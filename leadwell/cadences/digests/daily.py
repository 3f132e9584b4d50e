"""Reminders: what of the person's is due or overdue today, in one e-mail a day at most. The
lines come from leadwell/cadences/reminders.py; this gives them their key and numbers."""

import datetime
import importlib

from leadwell.cadences.digests import Draft, Figure, absolute, day, noun, plural
from leadwell.cadences.models import Kind
from leadwell.org.models import Person


def owed(person: Person, today: datetime.date) -> list[dict]:
    """The person's reminder lines ({"text", "link", "section"}); empty when nothing is owed.
    Read when called: the reminders' rules are their own module, kept beside the calendar
    feed's, and are not needed to render the other kinds."""
    reminders = importlib.import_module("leadwell.cadences.reminders")
    return reminders.reminder_lines(person, today)


def key_for(today: datetime.date) -> str:
    return f"{Kind.REMINDERS}:{today.isoformat()}"


def draft(person: Person, today: datetime.date, lines: list[dict] | None = None) -> Draft | None:
    if lines is None:
        lines = owed(person, today)
    if not lines:
        return None
    made = Draft(
        key=key_for(today),
        subject=f"{plural(len(lines), 'thing')} due or overdue, {day(today)}",
        intro="What of yours is due or overdue in Leadwell today.",
        figures=[Figure(len(lines), noun(len(lines), "thing") + " due")],
    )
    for line in lines:
        link = line["link"]
        made.add(
            line.get("section") or "Due", line["text"], link if "://" in link else absolute(link)
        )
    return made
