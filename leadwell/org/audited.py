"""What the audit trail records of the org chart (collected by leadwell.audit)."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.lib.dates import long_day
from leadwell.org.models import Membership, Office, Person, Team


def _day(day) -> str:
    return long_day(day) if day else "open-ended"


def _membership(m: Membership, action: str) -> str:
    term = "leader" if m.role == Membership.Role.LEADER else "member"
    if action == "created":
        verb = "leads" if term == "leader" else "is a member of"
        return f"{m.person} {verb} {m.team} from {_day(m.valid_from)}"
    if action == "removed":
        return f"{m.person}'s term as {term} of {m.team} from {_day(m.valid_from)} was removed"
    if m.valid_until:
        return f"{m.person}'s last day as {term} of {m.team} is {_day(m.last_day)}"
    return f"{m.person}'s term as {term} of {m.team} now runs from {_day(m.valid_from)}"


def _person(p: Person, action: str) -> str:
    if action == "created":
        return f"{p.name} was added to the org chart"
    if action == "removed":
        return f"{p.name} was removed from the org chart"
    return f"{p.name}'s details changed" if p.is_active else f"{p.name} is deactivated"


AUDITED = (
    tracked(
        Membership,
        kind=Kind.REPORTING_LINE,
        fields=("person_id", "team_id", "role", "valid_from", "valid_until"),
        subject="person_id",
        team="team_id",
        describe=_membership,
    ),
    tracked(
        Person,
        kind=Kind.PERSON,
        fields=("name", "email", "title", "is_active", "user_id"),
        subject="pk",
        describe=_person,
    ),
    tracked(
        Team,
        kind=Kind.TEAM,
        fields=("name", "office_id"),
        team="pk",
        describe=lambda t, action: f"Team {t.name} {action}",
    ),
    tracked(
        Office,
        kind=Kind.OFFICE,
        fields=("name", "kind", "parent_id"),
        describe=lambda o, action: f"{o.get_kind_display()} {o.name} {action}",
    ),
)
