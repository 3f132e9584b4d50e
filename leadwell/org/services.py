"""Workflows that change the org chart. Reporting lines are never edited in place: a change
ends the current membership the day the new one starts, so history stays as it was."""

import datetime

from django.db import transaction

from leadwell.org.models import Membership, Office, Person, Team


def office_create(
    *, name: str, kind: str = Office.Kind.OFFICE, parent: Office | None = None
) -> Office:
    return Office.objects.create(name=name, kind=kind, parent=parent)


def team_create(*, name: str, office: Office | None = None) -> Team:
    return Team.objects.create(name=name, office=office)


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
