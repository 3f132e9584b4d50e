"""Workflows that change the org chart. Reporting lines are never edited in place: a change
ends the current membership the day the new one starts, so history stays as it was.

The reorganising workflows of the administrators' pages (person_move, team_leader_change,
team_office_change, and office_create and team_create with their checks) refuse nonsense with
a ValidationError keyed by the form's fields; their `*_problems` twins say what would be
refused without changing anything, so a page checks before it asks for confirmation.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leadwell.lib import dates
from leadwell.org import selectors
from leadwell.org.models import Membership, Office, Person, Team

Problems = dict[str, list[str]]


def office_create(
    *, name: str, kind: str = Office.Kind.OFFICE, parent: Office | None = None
) -> Office:
    _refuse(office_problems(name=name, kind=kind))
    return Office.objects.create(name=" ".join(name.split()), kind=kind, parent=parent)


def office_problems(*, name: str, kind: str = Office.Kind.OFFICE) -> Problems:
    problems: Problems = {}
    name = " ".join(name.split())
    if not name:
        problems["name"] = ["Give the office a name."]
    elif same := Office.objects.filter(name__iexact=name).first():
        problems["name"] = [f"There is already an office called {same.name}."]
    if kind not in Office.Kind.values:
        problems["kind"] = ["Choose a business unit, a region or a regional office."]
    return problems


@transaction.atomic
def team_create(
    *,
    name: str,
    office: Office | None = None,
    leader: Person | None = None,
    on: datetime.date | None = None,
) -> Team:
    """A new team, and its leader from `on` when one is given."""
    _refuse(team_problems(name=name, leader=leader, on=on))
    team = Team.objects.create(name=" ".join(name.split()), office=office)
    if leader is not None and on is not None:
        _start(person=leader, team=team, role=Membership.Role.LEADER, on=on)
    return team


def team_problems(
    *, name: str, leader: Person | None = None, on: datetime.date | None = None
) -> Problems:
    problems: Problems = {}
    name = " ".join(name.split())
    if not name:
        problems["name"] = ["Give the team a name."]
    elif same := Team.objects.filter(name__iexact=name).first():
        problems["name"] = [f"There is already a team called {same.name}."]
    if leader is not None and on is None:
        problems["on"] = ["Say from which day the leader leads the team."]
    if leader is not None and not leader.is_active:
        problems["leader"] = [f"{leader.name} has left."]
    return problems


def person_create(*, name: str, email: str | None = None, title: str = "") -> Person:
    if not " ".join(name.split()):
        raise ValueError("A person needs a name")
    return Person.objects.create(name=name, email=email or None, title=title)


@transaction.atomic
def person_deactivate(*, person: Person) -> Person:
    """A person who left: they no longer sign in or appear as active, and everything recorded
    about them stays (people are never deleted, so no confidential record goes with them)."""
    person.is_active = False
    person.save(update_fields=["is_active"])
    if person.user is not None and person.user.is_active:
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
    return person


@transaction.atomic
def person_join_team(*, person: Person, team: Team, on: datetime.date) -> Membership:
    """Make `person` a member of `team` from `on`, ending their membership of another team."""
    return _start(person=person, team=team, role=Membership.Role.MEMBER, on=on)


@transaction.atomic
def person_lead_team(*, person: Person, team: Team, on: datetime.date) -> Membership:
    """Make `person` the leader of `team` from `on`, ending the previous leader's term.

    A leader may lead several teams at once, so their other teams are left as they are.
    """
    return _start(person=person, team=team, role=Membership.Role.LEADER, on=on)


def _start(*, person: Person, team: Team, role: str, on: datetime.date) -> Membership:
    # A person is a member of one team at a time; a team has one leader at a time.
    current = Membership.objects.select_for_update().on(on).filter(role=role)
    current = (
        current.filter(person=person)
        if role == Membership.Role.MEMBER
        else current.filter(team=team)
    )
    later = Membership.objects.filter(role=role, valid_from__gt=on)
    later = (
        later.filter(person=person) if role == Membership.Role.MEMBER else later.filter(team=team)
    )
    if later.exists():
        raise ValueError(
            "A later change to this reporting line is already recorded; change it first"
        )
    for membership in current:
        if membership.team_id == team.pk and membership.person_id == person.pk:
            return membership
        if membership.valid_from == on:
            membership.delete()
        else:
            membership.valid_until = on
            membership.save(update_fields=["valid_until"])
    return Membership.objects.create(person=person, team=team, role=role, valid_from=on)


# -- Reorganising from the administrators' pages ------------------------------------------------


@transaction.atomic
def person_move(*, person: Person, team: Team, on: datetime.date) -> Membership:
    """Move `person` into `team` from `on`: their membership of their current team ends the day
    before (so their results up to then stay with it) and the new one starts on `on`. Who made
    the move and how is recorded in the audit trail from the request (org/audited.py)."""
    _refuse(move_problems(person=person, team=team, on=on))
    return _start(person=person, team=team, role=Membership.Role.MEMBER, on=on)


def move_problems(*, person: Person, team: Team, on: datetime.date) -> Problems:
    """Why moving `person` into `team` from `on` would be refused, by field (empty: it would
    not). A membership recorded to start after `on` is refused rather than overwritten: it is
    somebody's planned move, and the administrator changes it first, knowingly."""
    if not person.is_active:
        return {"team": [f"{person.name} has left: a person who left is not moved."]}
    problems: Problems = {}
    current = Membership.objects.on(on).members().filter(person=person).first()
    later = (
        Membership.objects.members().filter(person=person, valid_from__gt=on).select_related("team")
    )
    if current is not None and current.team_id == team.pk:
        problems["team"] = [f"{person.name} is already on {team.name} on that day."]
    elif Membership.objects.on(on).leaders().filter(person=person, team=team).exists():
        problems["team"] = [
            f"{person.name} leads {team.name} on that day: a leader is not a member of the "
            "team they lead."
        ]
    elif _would_report_to_someone_below(person, team, on):
        problems["team"] = [
            f"{team.name}'s leader reports to {person.name}: {person.name} cannot report to "
            "someone below them."
        ]
    first = later.order_by("valid_from").first()
    if first is not None and first.valid_from > timezone.localdate():
        problems["on"] = [
            f"A move of {person.name} to {first.team.name} from {dates.day(first.valid_from)} is "
            "already recorded. Choose a day from then on, or change that move first."
        ]
    elif first is not None:
        # Before the latest membership began: the past as recorded is not rewritten here.
        problems["on"] = [
            f"{person.name} joined {first.team.name} on {dates.day(first.valid_from)}: "
            "choose that day or later."
        ]
    return problems


def _would_report_to_someone_below(person: Person, team: Team, on: datetime.date) -> bool:
    leader = selectors.leader_of(team, on)
    return leader is not None and leader.pk in selectors.ids_below(person.pk, on)


@transaction.atomic
def team_leader_change(*, team: Team, leader: Person, on: datetime.date) -> Membership:
    """Make `leader` the leader of `team` from `on`; the previous leader's term ends the day
    before. The team's members report to the new leader from `on`."""
    _refuse(leader_problems(team=team, leader=leader, on=on))
    return _start(person=leader, team=team, role=Membership.Role.LEADER, on=on)


def leader_problems(*, team: Team, leader: Person, on: datetime.date) -> Problems:
    if not leader.is_active:
        return {"leader": [f"{leader.name} has left."]}
    problems: Problems = {}
    current = Membership.objects.on(on).leaders().filter(team=team).first()
    members = set(
        Membership.objects.on(on).members().filter(team=team).values_list("person_id", flat=True)
    )
    if current is not None and current.person_id == leader.pk:
        problems["leader"] = [f"{leader.name} already leads {team.name} on that day."]
    elif leader.pk in members:
        problems["leader"] = [
            f"{leader.name} is a member of {team.name} on that day: a leader does not lead "
            "their own team as a member. Move them to another team first."
        ]
    elif members & {p.pk for p in selectors.management_line(leader, on)}:
        problems["leader"] = [
            f"{leader.name} reports to a member of {team.name}: they cannot lead their own manager."
        ]
    later = (
        Membership.objects.leaders().filter(team=team, valid_from__gt=on).select_related("person")
    )
    first = later.order_by("valid_from").first()
    if first is not None and first.valid_from > timezone.localdate():
        problems["on"] = [
            f"{first.person.name} is already recorded to lead {team.name} from "
            f"{dates.day(first.valid_from)}. Choose a day from then on, or change that first."
        ]
    elif first is not None:
        problems["on"] = [
            f"{first.person.name}'s term as leader started on {dates.day(first.valid_from)}: "
            "choose that day or later."
        ]
    return problems


def team_office_change(*, team: Team, office: Office | None) -> Team:
    """Put `team` under `office`. A team's office is not dated (docs/decisions.md, "A team's
    office is not dated"): the office scorecards count the team under its new office for every
    period, past ones included."""
    _refuse(team_office_problems(team=team, office=office))
    team.office = office
    team.save(update_fields=["office"])
    return team


def team_office_problems(*, team: Team, office: Office | None) -> Problems:
    if office is not None and office.pk == team.office_id:
        return {"office": [f"{team.name} is already in {office.name}."]}
    if office is None and team.office_id is None:
        return {"office": [f"{team.name} is in no office already."]}
    return {}


def _refuse(problems: Problems) -> None:
    if problems:
        raise ValidationError(problems)
