"""The daily reminder: what the person must do that is due today or overdue, at most one a day
with everything in it. Its lines come from the person's rhythm (rhythm.owed_by): the name of
what is due, when, and a link; never anything written in it.

The outbox makes the notification and the e-mail from `reminder_of`; nothing here sends.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from leadwell.cadences import rhythm
from leadwell.cadences.models import Kind
from leadwell.lib import dates
from leadwell.org.models import Person

DUE_TODAY = "Due today"
OVERDUE = "Overdue"


def _when(event: rhythm.Event, today: datetime.date) -> str:
    if event.end_day is not None:
        last = event.end_day - datetime.timedelta(days=1)
        return "closes today" if last == today else f"open until {dates.day(last)}"
    if event.day == today:
        return "due today"
    late = (today - event.day).days
    return f"due {dates.day(event.day)}, {late} day{'s' if late != 1 else ''} ago"


def _section(event: rhythm.Event, today: datetime.date) -> str:
    # A window still open (a pulse, a self-assessment) is to be done now, not late.
    return DUE_TODAY if event.day == today or event.end_day is not None else OVERDUE


def reminder_lines(person: Person, today: datetime.date) -> list[dict]:
    """What the person owes today, overdue first, then due today; an empty list means no
    reminder today. Each line: {"text", "link" (a path), "section"}."""
    owed = rhythm.owed_by(person, today)
    lines = [
        {
            "text": f"{event.title}: {_when(event, today)}",
            "link": event.link,
            "section": _section(event, today),
        }
        for event in sorted(owed, key=lambda e: (e.day, e.title))
    ]
    return [line for line in lines if line["section"] == OVERDUE] + [
        line for line in lines if line["section"] == DUE_TODAY
    ]


@dataclass(frozen=True)
class Reminder:
    """One day's reminder, as the outbox keeps it (a Notification) and mails it."""

    kind: Kind
    key: str  # one reminder a person a day, however often the worker composes it
    subject: str
    lines: list[dict]

    @property
    def text(self) -> str:
        """The plain-text body: each section's lines with their absolute links."""
        parts = []
        for section in (OVERDUE, DUE_TODAY):
            shown = [line for line in self.lines if line["section"] == section]
            if shown:
                parts.append(section)
                parts += [
                    f"- {line['text']}\n  {settings.SITE_URL}{line['link']}" for line in shown
                ]
                parts.append("")
        return "\n".join(parts).rstrip() + "\n"


def reminder_of(person: Person, today: datetime.date) -> Reminder | None:
    """The person's reminder for `today` (their today, in their time zone); None when nothing
    is due or overdue."""
    lines = reminder_lines(person, today)
    if not lines:
        return None
    overdue = sum(1 for line in lines if line["section"] == OVERDUE)
    due = len(lines) - overdue
    counts = [f"{n} {label}" for n, label in ((overdue, "overdue"), (due, "due today")) if n]
    return Reminder(
        kind=Kind.REMINDERS,
        key=f"{Kind.REMINDERS.value}:{today.isoformat()}",
        subject=f"Leadwell reminder: {' and '.join(counts)}",
        lines=lines,
    )
