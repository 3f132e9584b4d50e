"""The seller each row belongs to, when the file does not simply name one.

An owner may be named by their CRM id (Salesforce's `OwnerId`). An owner cell may also name
nobody: a blank, `Unassigned`, `No owner`, `Inactive User`. Those are never created as sellers
(not even with --create-people): with a default owner for the file (`--default-owner`) the rows
go to that person and a warning says how many; without one each spelling is one error, with its
rows. A file with no owner column at all (one person's pipeline) goes to the default owner too.
"""

import functools
import re
from typing import TYPE_CHECKING, Any

from leadwell.crm.importing.reading import FileProblem
from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import AMBIGUOUS, person_key
from leadwell.crm.importing.writers.grouped import Grouped
from leadwell.org.models import Person

if TYPE_CHECKING:
    from leadwell.crm.importing.writers.base import Writer

# Owner cells that say nobody owns the row, compared without case, spaces or punctuation.
PLACEHOLDER_OWNERS = {
    "",
    "unassigned",
    "notassigned",
    "noowner",
    "none",
    "nobody",
    "inactiveuser",
    "inactive",
    "na",
    "tbd",
    "unknown",
}
BLANK = "(blank)"


@functools.lru_cache(maxsize=4096)  # a file repeats its owners' names on every row
def is_placeholder_owner(value: Any) -> bool:
    return re.sub(r"[^a-z0-9]", "", str(value or "").casefold()) in PLACEHOLDER_OWNERS


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


class Owners:
    def __init__(self, writer: "Writer") -> None:
        self.writer = writer
        # Owner cells that name nobody, by spelling (writers/grouped.py).
        self.placeholders: Grouped[str] = Grouped()
        self.default: int | None = None

    def of(self, row: Row, errors: list[RowError]) -> int | None:
        """The row's seller, by their CRM id, e-mail or name; None (the row refused) when
        the row has none and the file no default owner."""
        writer = self.writer
        if row.values.get("owner_id"):
            return writer.crm_ids.person(row, "owner_id")
        value = row.values.get("owner")
        if not is_placeholder_owner(value):
            return writer.person(row, "owner", errors)
        shown = " ".join(str(value).split()) if value else BLANK
        self.placeholders.add(person_key(shown), row.line, name=shown)
        if writer.options.default_owner:
            return self.default_owner()
        writer.counts["rejected"] += 1
        return None

    def default_owner(self) -> int:
        """The person `--default-owner` names (by CRM id, e-mail or name)."""
        if self.default is None:
            writer = self.writer
            value = writer.options.default_owner.strip()
            found = writer.people.find_id(value) or writer.people.find(value)
            if found == AMBIGUOUS:
                raise FileProblem(
                    f"The default owner {value!r} names several people: give their e-mail"
                )
            if found is None and writer.options.create_people and not is_placeholder_owner(value):
                found = writer.people.create(value)
                writer.counts["people_created"] += 1
            if found is None:
                raise FileProblem(
                    f"The default owner {value!r} is not in the org chart: give the name, "
                    "e-mail or CRM id of a person in it (or add --create-people)"
                )
            self.default = found
        return self.default

    def finish(self) -> list[RowError]:
        """Each owner spelling that names nobody, once: a warning when its rows went to the
        default owner, else an error."""
        if not self.placeholders:
            return []
        writer = self.writer
        column = writer.plan.column_name("owner")
        found = list(self.placeholders)
        if writer.options.default_owner:
            names = Person.objects.filter(pk=self.default_owner()).values_list("name", flat=True)
            given = next(iter(names), writer.options.default_owner)
            if not {"owner", "owner_id"} & set(writer.plan.columns):
                rows = _rows(sum(group.rows for group in found))
                reason = f"the file has no owner column: its {rows} went to {given}"
                writer.warnings.append({"column": column, "reason": reason})
                return []
            writer.warnings.extend(
                {
                    "column": column,
                    "reason": f"{_rows(group.rows)} with owner {group.about['name']!r} went to "
                    f"the default owner, {given}",
                }
                for group in found
            )
            return []
        return [
            RowError(
                group.line,
                column,
                "" if group.about["name"] == BLANK else group.about["name"],
                f"no owner ({_rows(group.rows)} with {group.about['name']}): name who owns them "
                "with --default-owner (on the page: Owner of rows without one), or fill the "
                "owner in the file",
            )
            for group in found
        ]
