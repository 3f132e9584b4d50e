"""Writer for people: the org chart from a CRM's user list or a sheet (name, manager, office).

Like every writer it runs twice (writers/base.py): a check that writes nothing, answering from
what earlier rows of the file would have written, then the write. Both refuse a row that
would close a manager cycle, naming the lines of the file that make it.
"""

import contextlib
import datetime
from typing import Any

from django.db import transaction

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import STAND_IN_IDS, Writer
from leadwell.org import selectors, services
from leadwell.org.models import Membership, Office, Person, Team

# A person's first reporting line starts here, so CRM history imported later (which may go
# back years) is attributed to their team; later changes start on the day of the import.
SINCE_ALWAYS = datetime.date(2000, 1, 1)

JOINED, LED = "joined", "led"
# What a row's first pass counts when its reporting line waits for the end of the file.
WAITING = "waiting"


class RowRefused(Exception):
    """Undoes what a row of the people file wrote so far (see PeopleWriter.write)."""

    def __init__(self, error: RowError) -> None:
        self.error = error


class PeopleWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The line of the file that put each person on their team, and that gave each team
        # (by its key, see _team_key) its leader: a refused cycle names them.
        self.joined_on: dict[int, int] = {}
        self.led_on: dict[Any, int] = {}
        # While checking: what earlier rows would have written, by id (or a new team's name).
        self._new_people: dict[int, Person] = {}
        self._new_teams: dict[str, Team] = {}
        self._checked_team_of: dict[int, Any] = {}
        self._checked_leader_of: dict[Any, int | None] = {}
        # Rows whose manager, named by CRM id, was not known yet: (row, what the row did to
        # its person), written at the end of the file.
        self.deferred: list[tuple[Row, str]] = []

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        for row in rows:
            self._apply(row, errors)
        return errors

    def finish(self) -> list[RowError]:
        """The reporting lines of the rows whose manager (named by CRM id) came later in the
        file: every person of the file is known by now."""
        errors: list[RowError] = []
        deferred, self.deferred = self.deferred, []
        for row, first in deferred:
            self._apply(row, errors, first=first)
        return errors + super().finish()

    def _apply(self, row: Row, errors: list[RowError], *, first: str | None = None) -> None:
        """Write (or check) one row and count it. `first` is what the row's first pass did
        to its person when its manager had to wait for the end of the file."""
        checked = (dict(self._checked_team_of), dict(self._checked_leader_of))
        try:
            # One savepoint per row: a row refused after it wrote (it closed a cycle)
            # leaves nothing behind, even when bad rows are skipped. A check, which
            # must not open a transaction (it would take SQLite's write lock), forgets
            # what the row would have written instead.
            with transaction.atomic() if self.writing else contextlib.nullcontext():
                counted, marks = self._write_row(row, last=first is not None)
        except RowRefused as refused:
            errors.append(refused.error)
            self._checked_team_of, self._checked_leader_of = checked
            if self.writing:
                self._people = None  # it may know people the undone row created
            return
        if counted == [WAITING]:
            return
        if first is not None and first != "unchanged":
            counted[-1] = first
        for key in counted:
            self.counts[key] += 1
        for mark, key in marks:
            self._lines_of(mark)[key] = row.line

    def _lines_of(self, mark: str) -> dict[Any, int]:
        return self.joined_on if mark == JOINED else self.led_on

    def _write_row(self, row: Row, *, last: bool = False) -> tuple[list[str], set[tuple[str, Any]]]:
        """Write (or check) one row; return the counts it adds and the reporting lines it
        set, as (JOINED, person id) and (LED, team key)."""
        v = row.values
        name = v.get("name") or " ".join(n for n in (v.get("first_name"), v.get("last_name")) if n)
        if not name:
            raise RowRefused(self.error(row, "name", "Name is required (or first and last name)"))
        person, state = self._person(name, v.get("email"), v.get("title"), v.get("external_id"))
        if person is None:
            raise RowRefused(
                self.error(row, "name", "several people have this name: add their e-mail")
            )
        counted: list[str] = []
        marks: set[tuple[str, Any]] = set()
        manager: Person | None = None
        if v.get("manager_id") and not v.get("manager"):
            manager = self._manager_by_id(row, last=last)
            if manager is None and not last:
                # Their manager may come later in the file: this row's reporting line waits
                # for the end of it (see finish).
                self.deferred.append((row, state))
                return [WAITING], set()
        if v.get("manager") or manager is not None:
            manager_state = "unchanged"
            if manager is None:
                manager, manager_state = self._person(v["manager"], None, None)
            if manager is None:
                raise RowRefused(
                    self.error(row, "manager", "several people have this name: use their e-mail")
                )
            if manager.pk == person.pk:
                raise RowRefused(self.error(row, "manager", "a person cannot be their own manager"))
            if manager_state == "created":
                counted.append("created")
            team = self._team(v.get("team") or team_name_for(manager), v.get("office"))
            if self._changing(row, "manager", self._lead, manager, team):
                marks.add((LED, self._team_key(team)))
            if self._changing(row, "manager", self._join, person, team):
                marks.add((JOINED, person.pk))
            # Every reporting line this row set ends at the manager: a new cycle passes there.
            self._refuse_cycle(row, "manager", manager, marks)
        elif v.get("team") and not v.get("manager_id"):
            team = self._team(v["team"], v.get("office"))
            if self._changing(row, "team", self._join, person, team):
                marks.add((JOINED, person.pk))
            self._refuse_cycle(row, "team", person, marks)
        if state == "unchanged" and marks:
            state = "updated"
        counted.append(state)
        return counted, marks

    def _changing(self, row: Row, field_name: str, change, person: Person, team: Team) -> bool:
        try:
            return change(person, team)
        except ValueError as error:  # the org chart refuses it, e.g. a later change is recorded
            raise RowRefused(self.error(row, field_name, str(error))) from None

    # --- manager cycles ---------------------------------------------------------------------
    def _refuse_cycle(
        self, row: Row, field_name: str, start: Person, marks: set[tuple[str, Any]]
    ) -> None:
        if not marks:
            return
        cycle = self._cycle_through(start.pk)
        if cycle is None:
            return
        lines: set[int] = set()
        already = False
        for person_id, team_key in cycle:
            # A person reports to a leader because they joined the team, or else because the
            # leader took it on: the line of the file that did it, if one did.
            for mark, key in ((JOINED, person_id), (LED, team_key)):
                if (mark, key) in marks:
                    lines.add(row.line)
                    break
                if key in self._lines_of(mark):
                    lines.add(self._lines_of(mark)[key])
                    break
            else:
                already = True
        names = " → ".join([self._name(p) for p, _ in cycle] + [start.name])
        where = _lines(sorted(lines)) + (
            " and reporting lines already in Leadwell" if already else ""
        )
        raise RowRefused(
            self.error(
                row, field_name, f"manager cycle: {names} (each reports to the next; {where})"
            )
        )

    def _cycle_through(self, start_id: int) -> list[tuple[int, Any]] | None:
        """The reporting lines from `start` up and back to `start`, each as (person id, the
        key of the team they report through), or None when the line up from `start` ends."""
        steps: list[tuple[int, Any]] = []
        seen = {start_id}
        current = start_id
        while True:
            team_key = self._team_key_of(current)
            leader_id = self._leader_id_of(team_key)
            if team_key is None or leader_id is None or leader_id == current:
                return None
            steps.append((current, team_key))
            if leader_id == start_id:
                return steps
            if leader_id in seen:  # a loop further up, which this row did not make
                return None
            seen.add(leader_id)
            current = leader_id

    def _team_key_of(self, person_id: int) -> Any:
        if not self.writing and person_id in self._checked_team_of:
            return self._checked_team_of[person_id]
        if person_id >= STAND_IN_IDS:
            return None
        return self._team_key(selectors.team_of(Person(pk=person_id), self.today))

    def _leader_id_of(self, team_key: Any) -> int | None:
        if not self.writing and team_key in self._checked_leader_of:
            return self._checked_leader_of[team_key]
        if team_key is None or isinstance(team_key, tuple):
            return None
        leader = selectors.leader_of(Team(pk=team_key), self.today)
        return leader.pk if leader else None

    def _name(self, person_id: int) -> str:
        known = self._new_people.get(person_id)
        return known.name if known else Person.objects.get(pk=person_id).name

    def _manager_by_id(self, row: Row, *, last: bool) -> Person | None:
        """The manager a row names by CRM id; at the end of the file, an id nobody has is
        reported (once, with its rows) and the row keeps its person without a manager."""
        found = self.people.find_id(row.values["manager_id"])
        if found is None:
            if last:
                self.crm_ids.missing(row, "manager_id", row.values["manager_id"], "person")
            return None
        return self._new_people.get(found) or Person.objects.get(pk=found)

    # --- people and teams ---------------------------------------------------------------------
    def _person(
        self, name: str, email: str | None, title: str | None, external_id: str | None = None
    ) -> tuple[Person | None, str]:
        found = self.people.find_id(external_id) if external_id else None
        if found is None:
            found = self.people.find(email) if email else None
        if found is None:
            found = self.people.find(name)
        if found is not None and found > 0 and external_id:
            known = self._new_people.get(found) or Person.objects.get(pk=found)
            if known.external_id and known.external_id != external_id:
                found = None  # a namesake the CRM knows by another id: someone else
        if found is not None and found < 0:
            return None, "ambiguous"
        if found is None:
            person = Person(
                name=name, email=email or None, title=title or "", external_id=external_id
            )
            if self.writing:
                person.save()
            else:
                person.pk = next(self.people.stand_ins)
                self._new_people[person.pk] = person
            self.people.add(person.pk, person.name, person.email, person.external_id)
            return person, "created"
        person = self._new_people.get(found) or Person.objects.get(pk=found)
        changes = {}
        if email and person.email != email.lower():
            changes["email"] = email.lower()
        if title and person.title != title:
            changes["title"] = title
        if external_id and person.external_id != external_id:
            changes["external_id"] = external_id
            self.people.add(person.pk, person.name, person.email, external_id)
        if external_id and name != person.name:
            changes["name"] = name  # the CRM's id says who: a new name is a rename
            self.people.add(person.pk, name, person.email, external_id)
        if changes:
            if self.writing:
                Person.objects.filter(pk=person.pk).update(**changes)
            else:
                for name_, value in changes.items():
                    setattr(person, name_, value)
                self._new_people[person.pk] = person
            return person, "updated"
        return person, "unchanged"

    def _team(self, name: str, office_name: str | None) -> Team:
        if not self.writing:
            found = Team.objects.filter(name=name).first()
            return found or self._new_teams.setdefault(name, Team(name=name))
        office = None
        if office_name:
            office, _ = Office.objects.get_or_create(
                name=office_name, defaults={"kind": Office.Kind.OFFICE}
            )
        team, created = Team.objects.get_or_create(name=name, defaults={"office": office})
        if not created and office is not None and team.office_id != office.pk:
            team.office = office
            team.save(update_fields=["office"])
        return team

    def _start(self, person: Person) -> datetime.date:
        return self.today if Membership.objects.filter(person=person).exists() else SINCE_ALWAYS

    def _join(self, person: Person, team: Team) -> bool:
        if not self.writing:
            return self._check_join(person, team)
        if selectors.team_of(person, self.today) == team:
            return False
        services.person_join_team(person=person, team=team, on=self._start(person))
        return True

    def _lead(self, person: Person, team: Team) -> bool:
        if not self.writing:
            return self._check_lead(person, team)
        if selectors.leader_of(team, self.today) == person:
            return False
        first = not Membership.objects.filter(team=team, role=Membership.Role.LEADER).exists()
        services.person_lead_team(
            person=person, team=team, on=SINCE_ALWAYS if first else self.today
        )
        return True

    # --- checking: the same answers as _join and _lead, from what earlier rows would write ---
    @staticmethod
    def _team_key(team: Team | None) -> Any:
        if team is None:
            return None
        return team.pk if team.pk is not None else ("new", team.name)

    def _check_join(self, person: Person, team: Team) -> bool:
        if person.pk in self._checked_team_of:
            current = self._checked_team_of[person.pk]
        elif person.pk < STAND_IN_IDS:
            current = self._team_key(selectors.team_of(person, self.today))
        else:
            current = None
        wanted = self._team_key(team)
        if current == wanted:
            return False
        self._checked_team_of[person.pk] = wanted
        return True

    def _check_lead(self, person: Person, team: Team) -> bool:
        key = self._team_key(team)
        if key in self._checked_leader_of:
            current = self._checked_leader_of[key]
        elif team.pk is not None:
            leader = selectors.leader_of(team, self.today)
            current = leader.pk if leader else None
        else:
            current = None
        if current == person.pk:
            return False
        self._checked_leader_of[key] = person.pk
        return True


def team_name_for(manager: Person) -> str:
    """The name of the team a manager's reports join when the file names none."""
    suffix = "'s team"
    longest = int(Team._meta.get_field("name").max_length or 0) - len(suffix)
    return manager.name[:longest].rstrip() + suffix


def _lines(lines: list[int]) -> str:
    if len(lines) == 1:
        return f"line {lines[0]}"
    return f"lines {', '.join(map(str, lines[:-1]))} and {lines[-1]}"
