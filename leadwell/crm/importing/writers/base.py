"""What every writer shares: the writer itself, the people index, and the keyed upsert.

A writer receives batches of parsed rows, resolves references (owners, accounts, stages,
opportunities), upserts records by their key and returns the rows it refused. Everything it
needs besides the current batch is bounded by the size of the organisation (people, stages),
never by the size of the file.

A writer made with `writing=False` *checks*: it reads what a write would read, refuses the
same rows for the same reasons and counts what a write would create, update or leave, but
writes nothing to the database's own tables (temporary tables, which take no write lock, keep
what a long file needs to remember). The engine checks a whole file that way before it
starts the write transaction, so a refused import or a dry run never takes the write lock.
"""

import itertools
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet

from leadwell.crm.importing.bulk import conflict
from leadwell.crm.importing.parsing import text
from leadwell.crm.importing.rows import ImportOptions, Plan, Row, RowError
from leadwell.crm.importing.writers.grouped import Grouped
from leadwell.crm.models import ImportRun
from leadwell.org.models import Person

if TYPE_CHECKING:
    from leadwell.crm.importing.writers.ids import CrmIds
    from leadwell.crm.importing.writers.owners import Owners

AMBIGUOUS = -1
# While checking, a record the import would create gets a stand-in id from here: above any id
# a database hands out, so it never equals a real one.
STAND_IN_IDS = 1 << 62


def stand_in_ids() -> Iterator[int]:
    return itertools.count(STAND_IN_IDS)


def person_key(value: str) -> str:
    return " ".join(str(value).split()).casefold()


class PeopleIndex:
    """Finds people by e-mail or by name, case and spacing insensitive."""

    def __init__(self, *, writing: bool = True) -> None:
        self.writing = writing
        self.stand_ins = stand_in_ids()
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.by_external_id: dict[str, int] = {}
        # Each spelling met in the file, resolved once (bounded by the people it names).
        self.seen: dict[str, int | None] = {}
        for pk, name, email, external_id in Person.objects.values_list(
            "pk", "name", "email", "external_id"
        ):
            self.add(pk, name, email, external_id)

    def add(self, pk: int, name: str, email: str | None, external_id: str | None = None) -> None:
        self.seen.clear()
        if external_id:
            self.by_external_id[external_id] = pk
        if email:
            self.by_email[email.lower()] = pk
        key = person_key(name)
        self.by_name[key] = AMBIGUOUS if key in self.by_name and self.by_name[key] != pk else pk

    def find_id(self, external_id: str) -> int | None:
        """The person the CRM knew by this id."""
        return self.by_external_id.get(external_id.strip())

    def find(self, value: str) -> int | None:
        found = self.seen.get(value)
        if found is None:
            found = self.seen[value] = self._find(value)
        return found

    def _find(self, value: str) -> int | None:
        value = value.strip()
        if "@" in value:
            return self.by_email.get(value.lower())
        return self.by_name.get(person_key(value))

    def create(self, value: str) -> int:
        """The id of a new person for `value` (a stand-in id when only checking)."""
        value = " ".join(value.split())
        if not self.writing:
            pk = next(self.stand_ins)
            self.add(pk, value, value.lower() if "@" in value else None)
            return pk
        if "@" in value:
            local = value.split("@", 1)[0]
            name = " ".join(
                part.capitalize() for part in local.replace("_", ".").split(".") if part
            )
            person = Person.objects.create(name=name or value, email=value.lower())
        else:
            person = Person.objects.create(name=value)
        self.add(person.pk, person.name, person.email)
        return person.pk


class Writer(ABC):
    # The table of where the records this writer rewrote were before (the `import_written`
    # signal's `previous`, see leadwell/crm/signals.py); None when it keeps none.
    previous: str | None = None

    def __init__(
        self, plan: Plan, run: ImportRun, options: ImportOptions, *, writing: bool = True
    ) -> None:
        self.plan = plan
        self.run = run
        self.options = options
        self.writing = writing
        # While checking: the keys earlier batches met and their values, which a write would
        # find in the database (marked with `last_import`). Used by `upsert`, the small kinds.
        self.checked: dict[Hashable, dict[str, Any]] = {}
        # The line that first wrote each key (small kinds): a conflicting row is told it.
        self.key_lines: dict[Hashable, int] = {}
        self.counts: Counter[str] = Counter()
        self._people: PeopleIndex | None = None
        # Owner cells that name nobody the org chart knows, by person (writers/grouped.py).
        self._unknown: Grouped[str] = Grouped()
        # What the rows taught about the file as a whole, as {column, reason} (the summary's
        # warnings): said once per kind of finding, never once per row.
        self.warnings: list[dict[str, Any]] = []
        self.today = (run.started_at or run.created_at).date()

    # The owners of rows (a default owner, owners that name nobody) and the records rows name
    # by CRM id: made when a writer first needs them, reported once at the end of the file.
    @cached_property
    def owners(self) -> "Owners":
        from leadwell.crm.importing.writers.owners import Owners

        return Owners(self)

    @cached_property
    def crm_ids(self) -> "CrmIds":
        from leadwell.crm.importing.writers.ids import CrmIds

        return CrmIds(self)

    def _found_at_end(self) -> list[RowError]:
        """Each owner cell that names nobody, and each unknown CRM id, once."""
        made = self.__dict__
        owners = self.owners.finish() if "owners" in made else []
        return owners + (self.crm_ids.finish() if "crm_ids" in made else [])

    @abstractmethod
    def write(self, rows: list[Row]) -> list[RowError]:
        """Write one batch; return the rows refused."""

    def finish(self) -> list[RowError]:
        """Errors known only at the end: each unknown owner, once."""
        return self._found_at_end() + [
            RowError(
                group.line,
                group.about["column"],
                group.about["name"],
                f"unknown person ({group.rows} row{'s' if group.rows != 1 else ''}): add them "
                "to the org chart, import people first, or use --create-people",
                group.rows,
            )
            for group in self._unknown
        ]

    # --- shared helpers ---------------------------------------------------------------
    def conflict(self, row: Row, reason: str) -> RowError:
        """A row refused because of its key (a repeat of another row with other values)."""
        return self.error(row, "external_id", reason)

    def error(self, row: Row, field_name: str, reason: str) -> RowError:
        self.counts["rejected"] += 1
        return RowError(
            row.line, self.plan.column_name(field_name), text(row.values.get(field_name)), reason
        )

    @property
    def people(self) -> PeopleIndex:
        if self._people is None:
            self._people = PeopleIndex(writing=self.writing)
        return self._people

    def person(self, row: Row, field_name: str, errors: list[RowError]) -> int | None:
        """The id of the person a cell names; None (and the row refused) when unknown."""
        value = row.values.get(field_name)
        if not value:
            return None
        found = self.people.find(value)
        if found == AMBIGUOUS:
            errors.append(
                self.error(row, field_name, "several people have this name: use their e-mail")
            )
            return None
        if found is None and self.options.create_people:
            found = self.people.create(value)
            self.counts["people_created"] += 1
        if found is None:
            self.counts["rejected"] += 1
            self._unknown_row(value, row.line, self.plan.column_name(field_name))
        return found

    # The field naming whose a row is (opportunities, activities, quotas, forecasts).
    owner_field = "owner"

    def note_owners(self, rows: list[tuple[int, Any]]) -> None:
        """Count the unknown owners of rows refused for another reason (a bad cell, an
        unknown stage), as (line, owner cell): an unknown person is counted over all their
        rows, so adding them to the org chart is known to bring back that many."""
        if self.options.create_people or self.owner_field not in self.plan.columns:
            return
        column = self.plan.column_name(self.owner_field)
        for line, value in rows:
            name = text(value)
            if name and self.people.find(name) is None:
                self._unknown_row(name, line, column)

    def _unknown_row(self, value: str, line: int, column: str) -> None:
        # The same unknown person however the file spells them, shown as first spelled.
        self._unknown.add(person_key(value), line, name=" ".join(value.split()), column=column)

    def unknown_owners(self) -> list[dict[str, Any]]:
        return [
            {"name": group.about["name"], "first_line": group.line, "rows": group.rows}
            for group in self._unknown
        ]


Item = tuple[Row, Hashable, dict[str, Any]]


def upsert(
    writer: Writer,
    candidates: QuerySet[Any],
    key_of: Callable[[Any], Hashable],
    items: list[Item],
    *,
    on_change: Callable[[Any, dict[str, Any], dict[str, Any]], None] | None = None,
    on_create: Callable[[dict[str, Any]], None] | None = None,
    key_field: str = "external_id",
    placeholders: set[Any] | None = None,
) -> list[RowError]:
    """Create, update or leave each item's record, matched by key against `candidates`.

    A key met twice in one file is a duplicate when the values agree (skipped) and an error
    when they differ; `last_import` marks the records this file has already written.
    `placeholders` are keys of records this import created by reference (an account named
    as a parent before its own row): their own row fills them in and counts as created.
    A checking writer counts and refuses alike, and writes nothing.
    """
    model: Any = candidates.model
    run = writer.run
    existing = {key_of(obj): obj for obj in candidates}
    seen: dict[Hashable, dict[str, Any]] = {}
    new: list[Model] = []
    changed: list[Model] = []
    confirmed: list[int] = []
    errors: list[RowError] = []
    fields = list(items[0][2]) if items else []
    for row, key, data in items:
        earlier = seen.get(key)
        obj = existing.get(key)
        if earlier is None and obj is not None and obj.last_import_id == run.pk:
            earlier = {f: getattr(obj, f) for f in fields}
        if earlier is None and not writer.writing:
            earlier = writer.checked.get(key)
        if earlier is not None:
            if earlier == data:
                writer.counts["skipped"] += 1
            else:
                errors.append(writer.error(row, key_field, conflict(writer.key_lines.get(key))))
            continue
        seen[key] = data
        writer.key_lines.setdefault(key, row.line)
        if not writer.writing:
            writer.checked[key] = data
        if obj is None:
            if placeholders:  # only while checking: placeholders are not in the database yet
                placeholders.discard(key)
            new.append(model(**data, last_import=run))
            writer.counts["created"] += 1
            if on_create is not None:
                on_create(data)
            continue
        current = {f: getattr(obj, f) for f in fields}
        if placeholders and key in placeholders:
            placeholders.discard(key)
            for name, value in data.items():
                setattr(obj, name, value)
            obj.last_import = run
            changed.append(obj)
            writer.counts["created"] += 1
            continue
        if current == data:
            confirmed.append(obj.pk)
            writer.counts["unchanged"] += 1
            continue
        if on_change is not None:
            on_change(obj, current, data)
        for name, value in data.items():
            setattr(obj, name, value)
        obj.last_import = run
        changed.append(obj)
        writer.counts["updated"] += 1
    if not writer.writing:
        return errors
    if new:
        model.objects.bulk_create(new, batch_size=500)
    if changed:
        extra = ["last_import"] + (["updated_at"] if hasattr(model, "updated_at") else [])
        model.objects.bulk_update(changed, fields + extra, batch_size=500)
    if confirmed:
        model.objects.filter(pk__in=confirmed).update(last_import=run)
    return errors
