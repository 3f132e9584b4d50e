"""Telling a correction from real change: re-importing a file under a corrected mapping (the
amount column was missed the first time) changes most of its deals in the same field, and
recording that as history would date every one of those changes today.

An import run as a correction (`--correction`) updates the deals and records no history. An
ordinary re-import whose rows mostly change one field is told, in its warnings (a dry run's
too, so a person reads it before anything is written), to run as a correction instead.
"""

from collections import Counter
from typing import Any

# A re-import suggests a correction when more than this share of the deals it meets again
# change the same field, and at least this many do (a few deals changing is a week's work).
MOST = 0.5
AT_LEAST = 10


SUGGESTION = "run it again as a correction so no change is dated today."


def suggestions(warnings: list[dict[str, str]]) -> list[dict[str, str]]:
    """The warnings of a run that suggest running it as a correction (the page offers it)."""
    return [w for w in warnings if str(w.get("reason", "")).endswith(SUGGESTION)]


class CorrectionHint:
    """Counts, over a whole file, the deals it re-imports and which fields each changes, and
    keeps the writer's warning about it current after every batch."""

    def __init__(self, warnings: list[dict[str, str]], *, correction: bool) -> None:
        self.warnings = warnings
        self.correction = correction
        self.changed: Counter[str] = Counter()
        self.shown: dict[str, dict[str, str]] = {}

    def count(self, changed_fields: list[set[str]]) -> None:
        """The fields each changed deal of a batch changes."""
        for fields in changed_fields:
            self.changed.update(fields)

    def update(self, met_again: int, column_of: dict[str, str], label_of: dict[str, Any]) -> None:
        """Show (or drop) the warning for each field, given the deals met again so far."""
        for field, count in self.changed.items():
            column = column_of[field]
            label = str(label_of[field]).lower()
            reason = None
            if self.correction:
                reason = (
                    f"Imported as a correction: {count} of {met_again} deals had their {label} "
                    "corrected, with no change recorded in their history."
                )
            elif count >= AT_LEAST and count > MOST * met_again:
                reason = (
                    f"{count} of {met_again} deals changed their {label}: if this import "
                    f"corrects an earlier one (a column was missed), {SUGGESTION}"
                )
            warning = self.shown.get(field)
            if reason is None:
                if warning is not None:
                    self.warnings.remove(warning)
                    del self.shown[field]
                continue
            if warning is None:
                warning = self.shown[field] = {"column": column, "reason": reason}
                self.warnings.append(warning)
            warning["reason"] = reason
