"""Reading the coaching pages' posted forms.

The services validate what a coaching step means; this only turns posted text into dates,
ratings and ids, collecting one message per bad field so the person sees every problem at once
and the page can show their typed text again.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.http import QueryDict


class Posted:
    def __init__(self, data: QueryDict) -> None:
        self.data = data
        self.errors: dict[str, list[str]] = {}

    def text(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def optional_text(self, name: str) -> str | None:
        """None when the field was not on the form at all (the service leaves that part as
        it was), the text otherwise."""
        return self.data.get(name)

    def flag(self, name: str) -> bool:
        return self.text(name).lower() in {"1", "on", "yes", "true"}

    def ids(self, name: str) -> list[int]:
        return [int(v) for v in self.data.getlist(name) if v.strip().isdigit()]

    def id(self, name: str) -> int | None:
        value = self.text(name)
        return int(value) if value.isdigit() else None

    def date(self, name: str, label: str) -> datetime.date | None:
        value = self.text(name)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"{label}: enter a date like 2026-11-23.")
            return None

    def rating(self, name: str) -> int | None:
        value = self.text(name)
        if not value:
            return None
        if not value.isdigit() or not 1 <= int(value) <= 5:
            self.fail(name, "Rate from 1 (weak) to 5 (strong).")
            return None
        return int(value)

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def split_refusal(
    problem: ValidationError, shown: Iterable[str]
) -> tuple[dict[str, list[str]], list[str]]:
    """A refusal's messages about the fields the form shows, to put beside them, and the rest
    (a closed item, a step that is the other person's), to put above the form."""
    if not hasattr(problem, "error_dict"):
        return {}, problem.messages
    fields = set(shown)
    beside = {name: found for name, found in problem.message_dict.items() if name in fields}
    above = [m for name, found in problem.message_dict.items() if name not in fields for m in found]
    return beside, above
