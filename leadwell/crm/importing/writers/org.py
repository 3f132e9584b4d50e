"""Writer for people: the org chart from a CRM's user list or a sheet (name, manager, office)."""

import datetime

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Writer
from leadwell.org import selectors, services
from leadwell.org.models import Membership, Office, Person, Team

# A person's first reporting line starts here, so CRM history imported later (which may go
# back years) is attributed to their team; later changes start on the day of the import.
SINCE_ALWAYS = datetime.date(2000, 1, 1)


class PeopleWriter(Writer):
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
