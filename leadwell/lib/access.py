"""How an app declares its access rules: relations, rules, and the two ways to write one.

Each app lists its rules in its own `rules.py` (a `RULES` tuple, beside its models), and
leadwell.policy collects them at start-up and decides. This module holds only the vocabulary,
so that an app can declare rules without importing the policy's decision code, and the policy
imports no app's models.

A rule names who may do an action, as relations between the viewer and the object (or, for an
action about no single object, the viewer alone), taken from today's org chart:

    self        the object is about the viewer
    line        the viewer is in that person's management line (direct or indirect manager)
    colleague   the viewer is a person in the organisation (peers are colleagues, no more)
    admin       the viewer is an administrator: manages the organisation, never by that
                alone reads confidential coaching content
    director    the viewer is a director (leads a team whose members lead teams)
    owner       the object belongs to the viewer's sign-in account (API tokens)
    leads       the viewer leads the team, or is in its leader's management line; for an
                office, the viewer leads a team in it or in an office above it
    member      the viewer is a member of the team
    party       the viewer is one of the two people in it (a 1:1: its leader or its report;
                nobody else, not even the management line)
    leader      the viewer is the leader in it (the leader of a 1:1)
    report      the viewer is the direct report in it (the report of a 1:1)
    author      the viewer wrote it (a private note)

A rule about an object says how to reach, from the object, the ids the relations need (a
query lookup such as `series__leader_id`, also read as attributes).

A rule about something that lives as long as a reporting line (a 1:1) may also give `until`, the
path to the day that line ends: from that day on, being its party, leader or report no longer
allows the action (its history stays readable through the rules that leave `until` out).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Model


class Relation(StrEnum):
    SELF = "self"
    LINE = "line"
    COLLEAGUE = "colleague"
    ADMIN = "admin"
    DIRECTOR = "director"
    OWNER = "owner"
    LEADS = "leads"
    MEMBER = "member"
    PARTY = "party"
    LEADER = "leader"
    REPORT = "report"
    AUTHOR = "author"


# What each relation means, in the words docs/access.md uses.
MEANING: dict[Relation, str] = {
    Relation.SELF: "the object is about the viewer",
    Relation.LINE: "the viewer is in that person's management line (direct or indirect manager)",
    Relation.COLLEAGUE: "the viewer is a person in the organisation (peers are colleagues)",
    Relation.ADMIN: "the viewer is an administrator (never by that alone reads coaching content)",
    Relation.DIRECTOR: "the viewer is a director: leads a team whose members lead teams",
    Relation.OWNER: "the object belongs to the viewer's sign-in account",
    Relation.LEADS: "the viewer leads the team (or an office's team), or is in its leader's line",
    Relation.MEMBER: "the viewer is a member of the team",
    Relation.PARTY: "the viewer is one of the two people in the 1:1",
    Relation.LEADER: "the viewer is the leader of the 1:1",
    Relation.REPORT: "the viewer is the direct report of the 1:1",
    Relation.AUTHOR: "the viewer wrote it",
}

# Relations that need nothing but the viewer: the only ones an action about no object may use.
WITHOUT_OBJECT = frozenset({Relation.COLLEAGUE, Relation.ADMIN, Relation.DIRECTOR})

# The path a rule must give for each relation that is about the object.
_NEEDS: dict[Relation, tuple[str, ...]] = {
    Relation.SELF: ("person",),
    Relation.LINE: ("person",),
    Relation.OWNER: ("owner",),
    Relation.LEADS: ("team", "office"),
    Relation.MEMBER: ("team",),
    Relation.PARTY: ("leader", "report"),
    Relation.LEADER: ("leader",),
    Relation.REPORT: ("report",),
    Relation.AUTHOR: ("author",),
}


@dataclass(frozen=True)
class Rule:
    """Who may do `action` on objects of `model` (or, with no model, an action about no single
    object, named `<app label>.<verb>`), in the words of `who`."""

    model: type[Model] | None
    action: str
    allowed: frozenset[Relation]
    who: str
    # Paths from the object to the id of the person it is about, or of the account owning it.
    person: str | None = None
    owner: str | None = None
    # Paths to the id of the team, or office, the object is about.
    team: str | None = None
    office: str | None = None
    # Paths to the ids of the leader and the report taking part in it, and of its author.
    leader: str | None = None
    report: str | None = None
    author: str | None = None
    # Path to the day the reporting line it belongs to ends (None: it has not ended): from then
    # on the party, leader and report relations no longer allow the action.
    until: str | None = None

    @property
    def key(self) -> tuple[type[Model], str] | str:
        return (self.model, self.action) if self.model is not None else self.action

    @property
    def label(self) -> str:
        """How logs and docs name it: `Meeting.answer`, or `crm.start_import`."""
        return f"{self.model.__name__}.{self.action}" if self.model is not None else self.action


def rule(
    model: type[Model],
    action: str,
    *allowed: Relation,
    who: str,
    person: str | None = None,
    owner: str | None = None,
    team: str | None = None,
    office: str | None = None,
    leader: str | None = None,
    report: str | None = None,
    author: str | None = None,
    until: str | None = None,
) -> Rule:
    """A rule about one object: who may do `action` on an object of `model`."""
    declared = Rule(
        model,
        action,
        frozenset(allowed),
        who,
        person=person,
        owner=owner,
        team=team,
        office=office,
        leader=leader,
        report=report,
        author=author,
        until=until,
    )
    if until and not (declared.leader or declared.report):
        raise ValueError(f"{declared.label}: 'until' ends the party relations; name them")
    for relation in allowed:
        paths = _NEEDS.get(relation, ())
        if paths and not any(getattr(declared, path) for path in paths):
            raise ValueError(
                f"{declared.label}: '{relation}' needs a path to the object's " + " or ".join(paths)
            )
    return _checked(declared)


def action(name: str, *allowed: Relation, who: str) -> Rule:
    """A rule about no single object (start an import, read the organisation's scorecard),
    named `<app label>.<verb>`: decided from the viewer alone."""
    if "." not in name:
        raise ValueError(f"{name}: an action about no object is named '<app label>.<verb>'")
    beyond = set(allowed) - WITHOUT_OBJECT
    if beyond:
        raise ValueError(f"{name}: {', '.join(sorted(beyond))} need an object")
    return _checked(Rule(None, name, frozenset(allowed), who))


def _checked(declared: Rule) -> Rule:
    if not declared.allowed:
        raise ValueError(f"{declared.label}: name at least one relation")
    if not declared.who.strip():
        raise ValueError(f"{declared.label}: say who, in words, for docs/access.md")
    return declared
