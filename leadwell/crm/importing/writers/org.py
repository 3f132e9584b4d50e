"""Writer for people: the org chart from a CRM's user list or a sheet (name, manager, office)."""

import datetime
from typing import Any

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import STAND_IN_IDS, Writer
from leadwell.org import selectors, services
from leadwell.org.models import Membership, Office, Person, Team

# A person's first reporting line starts here, so CRM history imported later (which may go
# back years) is attributed to their team; later changes start on the day of the import.
SINCE_ALWAYS = datetime.date(2000, 1, 1)


class PeopleWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # While checking: what earlier rows would have written, by id (or a new team's name).
        self._new_people: dict[int, Person] = {}
        self._new_teams: dict[str, Team] = {}
        self._checked_team_of: dict[int, Any] = {}
        self._checked_leader_of: dict[Any, int | None] = {}

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        for row in rows:
            v = row.values
            person, state = self._person(v["name"], v.get("email"), v.get("title"))
            if person is None:
                errors.append(
                    self.error(row, "name", "several people have this name: add their e-mail")
                )
                continue
            moved = False
            if v.get("manager"):
                manager, manager_state = self._person(v["manager"], None, None)
                if manager is None:
                    errors.append(
                        self.error(
                            row, "manager", "several people have this name: use their e-mail"
                        )
                    )
                    continue
                if manager_state == "created":
                    self.counts["created"] += 1
                team = self._team(v.get("team") or f"{manager.name}'s team", v.get("office"))
                moved |= self._lead(manager, team)
                moved |= self._join(person, team)
            elif v.get("team"):
                moved |= self._join(person, self._team(v["team"], v.get("office")))
            if state == "unchanged" and moved:
                state = "updated"
            self.counts[state] += 1
        return errors

    def _person(self, name: str, email: str | None, title: str | None) -> tuple[Person | None, str]:
        found = self.people.find(email) if email else None
        if found is None:
            found = self.people.find(name)
        if found is not None and found < 0:
            return None, "ambiguous"
        if found is None:
            if self.writing:
                person = Person.objects.create(name=name, email=email or None, title=title or "")
            else:
                pk = next(self.people.stand_ins)
                person = Person(pk=pk, name=name, email=email or None, title=title or "")
                self._new_people[pk] = person
            self.people.add(person.pk, person.name, person.email)
            return person, "created"
        person = self._new_people.get(found) or Person.objects.get(pk=found)
        changes = {}
        if email and person.email != email.lower():
            changes["email"] = email.lower()
        if title and person.title != title:
            changes["title"] = title
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
