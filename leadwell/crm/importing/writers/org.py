"""Writer for people: the org chart from a CRM's user list or a sheet (name, manager, office)."""

import datetime

from django.db import transaction

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Writer
from leadwell.org import selectors, services
from leadwell.org.models import Membership, Office, Person, Team

# A person's first reporting line starts here, so CRM history imported later (which may go
# back years) is attributed to their team; later changes start on the day of the import.
SINCE_ALWAYS = datetime.date(2000, 1, 1)

JOINED, LED = "joined", "led"


class RowRefused(Exception):
    """Undoes what a row of the people file wrote so far (see PeopleWriter.write)."""

    def __init__(self, error: RowError) -> None:
        self.error = error


class PeopleWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The line of the file that put each person on their team, and that gave each team
        # its leader: a refused cycle names them.
        self.joined_on: dict[int, int] = {}
        self.led_on: dict[int, int] = {}

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        for row in rows:
            try:
                # One savepoint per row: a row refused after it wrote (it closed a cycle)
                # leaves nothing behind, even when bad rows are skipped.
                with transaction.atomic():
                    counted, marks = self._write_row(row)
            except RowRefused as refused:
                errors.append(refused.error)
                self._people = None  # it may know people the undone row created
                continue
            for key in counted:
                self.counts[key] += 1
            for mark, pk in marks:
                self._lines_of(mark)[pk] = row.line
        return errors

    def _lines_of(self, mark: str) -> dict[int, int]:
        return self.joined_on if mark == JOINED else self.led_on

    def _write_row(self, row: Row) -> tuple[list[str], set[tuple[str, int]]]:
        """Write one row; return the counts it adds and the reporting lines it set, as
        (JOINED, person id) and (LED, team id)."""
        v = row.values
        person, state = self._person(v["name"], v.get("email"), v.get("title"))
        if person is None:
            raise RowRefused(
                self.error(row, "name", "several people have this name: add their e-mail")
            )
        counted: list[str] = []
        marks: set[tuple[str, int]] = set()
        if v.get("manager"):
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
                marks.add((LED, team.pk))
            if self._changing(row, "manager", self._join, person, team):
                marks.add((JOINED, person.pk))
            # Every reporting line this row set ends at the manager: a new cycle passes there.
            self._refuse_cycle(row, "manager", manager, marks)
        elif v.get("team"):
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

    def _refuse_cycle(
        self, row: Row, field_name: str, start: Person, marks: set[tuple[str, int]]
    ) -> None:
        if not marks:
            return
        cycle = self._cycle_through(start)
        if cycle is None:
            return
        lines: set[int] = set()
        already = False
        for person, team in cycle:
            # A person reports to a leader because they joined the team, or else because the
            # leader took it on: the line of the file that did it, if one did.
            for mark, pk in ((JOINED, person.pk), (LED, team.pk)):
                if (mark, pk) in marks:
                    lines.add(row.line)
                    break
                if pk in self._lines_of(mark):
                    lines.add(self._lines_of(mark)[pk])
                    break
            else:
                already = True
        names = " → ".join([p.name for p, _ in cycle] + [start.name])
        where = _lines(sorted(lines)) + (
            " and reporting lines already in Leadwell" if already else ""
        )
        raise RowRefused(
            self.error(
                row, field_name, f"manager cycle: {names} (each reports to the next; {where})"
            )
        )

    def _cycle_through(self, start: Person) -> list[tuple[Person, Team]] | None:
        """The reporting lines from `start` up and back to `start`, each as (person, the team
        they report through), or None when the line up from `start` ends."""
        steps: list[tuple[Person, Team]] = []
        seen = {start.pk}
        current = start
        while True:
            team = selectors.team_of(current, self.today)
            leader = selectors.leader_of(team, self.today) if team else None
            if team is None or leader is None or leader.pk == current.pk:
                return None
            steps.append((current, team))
            if leader.pk == start.pk:
                return steps
            if leader.pk in seen:  # a loop further up, which this row did not make
                return None
            seen.add(leader.pk)
            current = leader

    def _person(self, name: str, email: str | None, title: str | None) -> tuple[Person | None, str]:
        found = self.people.find(email) if email else None
        if found is None:
            found = self.people.find(name)
        if found is not None and found < 0:
            return None, "ambiguous"
        if found is None:
            person = Person.objects.create(name=name, email=email or None, title=title or "")
            self.people.add(person.pk, person.name, person.email)
            return person, "created"
        person = Person.objects.get(pk=found)
        changes = {}
        if email and person.email != email.lower():
            changes["email"] = email.lower()
        if title and person.title != title:
            changes["title"] = title
        if changes:
            Person.objects.filter(pk=person.pk).update(**changes)
            return person, "updated"
        return person, "unchanged"

    def _team(self, name: str, office_name: str | None) -> Team:
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
        if selectors.team_of(person, self.today) == team:
            return False
        services.person_join_team(person=person, team=team, on=self._start(person))
        return True

    def _lead(self, person: Person, team: Team) -> bool:
        if selectors.leader_of(team, self.today) == person:
            return False
        first = not Membership.objects.filter(team=team, role=Membership.Role.LEADER).exists()
        services.person_lead_team(
            person=person, team=team, on=SINCE_ALWAYS if first else self.today
        )
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
