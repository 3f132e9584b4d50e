"""The access policy: the one place that answers "may viewer V do action A on object O".

Every page, API endpoint, export and report asks here; nothing else decides access. Rules
are written as the relations between the viewer and the person an object is about, taken
from today's org chart:

    self      the object is about the viewer
    line      the viewer is in that person's management line (direct or indirect manager)
    colleague the viewer is a person in the organisation (peers are colleagues, no more)
    admin     the viewer is an administrator: manages the organisation, never by that
              alone reads confidential coaching content
    owner     the object belongs to the viewer's sign-in account (API tokens)
    leads     the viewer leads the team, or is in its leader's management line; for an
              office, the viewer leads a team in it or in an office above it
    member    the viewer is a member of the team
    party     the viewer takes part in the object: one of the two people in a 1:1, or the
              author of a private note (nobody else, not even the management line)

An object the viewer may not see is reported as not found (404), so its existence does not
leak. The README's "Who may see what" table states these rules for people.
"""

import logging
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from leadwell.coaching.models import (
    ActionItem,
    Assignment,
    AssignmentTemplate,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    OneOnOneSeries,
    PersonalGoal,
    PlanAction,
    PlanComment,
    PlanReview,
    PrivateNote,
    Skill,
    TalkingPoint,
)
from leadwell.crm.models import Account, Activity, ImportRun, Opportunity
from leadwell.identity.models import ApiToken, User
from leadwell.org import selectors
from leadwell.org.models import Office, Person, Team

log = logging.getLogger("leadwell.security")

M = TypeVar("M", bound=Model)


class Relation(StrEnum):
    SELF = "self"
    LINE = "line"
    COLLEAGUE = "colleague"
    ADMIN = "admin"
    OWNER = "owner"
    LEADS = "leads"
    MEMBER = "member"
    PARTY = "party"


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[Relation]
    # Attribute (and query lookup) leading from the object to the id of the person it is
    # about, or of the sign-in account that owns it.
    person: str | None = None
    owner: str | None = None
    # Attribute leading to the id of the team, or office, the object is about.
    team: str | None = None
    office: str | None = None
    # Attributes leading to the ids of the people taking part in the object.
    parties: tuple[str, ...] = ()


def _rule(
    *allowed: Relation,
    person: str | None = None,
    owner: str | None = None,
    team: str | None = None,
    office: str | None = None,
    parties: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        frozenset(allowed), person=person, owner=owner, team=team, office=office, parties=parties
    )


R = Relation

RULES: dict[tuple[type[Model], str], Rule] = {
    # The directory card: name, title, team, e-mail.
    (Person, "view"): _rule(R.COLLEAGUE, R.ADMIN, person="pk"),
    # The person page: reporting line, reports, and (later) results and goals.
    (Person, "view_page"): _rule(R.SELF, R.LINE, R.ADMIN, person="pk"),
    # Confidential coaching: gaps, coaching items, 1:1 notes, development plans.
    (Person, "view_coaching"): _rule(R.SELF, R.LINE, person="pk"),
    (Person, "change"): _rule(R.ADMIN, person="pk"),
    # A seller's scorecard and gaps are private to the seller and their management line;
    # the line agrees the seller's personal targets.
    (Person, "view_scorecard"): _rule(R.SELF, R.LINE, person="pk"),
    (Person, "set_targets"): _rule(R.LINE, person="pk"),
    (Team, "view"): _rule(R.COLLEAGUE, R.ADMIN),
    (Team, "change"): _rule(R.ADMIN),
    # The team scorecard with each seller's line: the leader and the line above.
    (Team, "view_scorecard"): _rule(R.LEADS, team="pk"),
    # Team totals and recognition of wins: also the team's members.
    (Team, "view_totals"): _rule(R.LEADS, R.MEMBER, team="pk"),
    (Team, "set_standards"): _rule(R.LEADS, team="pk"),
    (Office, "view"): _rule(R.COLLEAGUE, R.ADMIN),
    (Office, "change"): _rule(R.ADMIN),
    (Office, "view_scorecard"): _rule(R.LEADS, office="pk"),
    # CRM data: a seller's deals and activities are theirs and their management line's.
    (Opportunity, "view"): _rule(R.SELF, R.LINE, R.ADMIN, person="owner_id"),
    (Activity, "view"): _rule(R.SELF, R.LINE, R.ADMIN, person="owner_id"),
    (Account, "view"): _rule(R.COLLEAGUE, R.ADMIN),
    # Imports bring in everyone's data: administrators run and read them.
    (ImportRun, "view"): _rule(R.ADMIN),
    (ImportRun, "start"): _rule(R.ADMIN),
    (ApiToken, "view"): _rule(R.OWNER, owner="user_id"),
    # -- Coaching: private to the seller and their management line; never to peers, and never
    # to administrators as administrators. The libraries are the organisation's, not anyone's.
    (Skill, "view"): _rule(R.COLLEAGUE, R.ADMIN),
    (AssignmentTemplate, "view"): _rule(R.COLLEAGUE, R.ADMIN),
    (Person, "open_coaching"): _rule(R.LINE, person="pk"),
    (Person, "write_goals"): _rule(R.SELF, person="pk"),
    (Person, "manage_plan"): _rule(R.LINE, person="pk"),
    (PersonalGoal, "view"): _rule(R.SELF, R.LINE, person="person_id"),
    (PersonalGoal, "change"): _rule(R.SELF, person="person_id"),
    (CoachingItem, "view"): _rule(R.SELF, R.LINE, person="person_id"),
    # Diagnosing together: evidence, the seller's own view, notes.
    (CoachingItem, "discuss"): _rule(R.SELF, R.LINE, person="person_id"),
    # Agreeing assignments, evaluating, closing: the management line.
    (CoachingItem, "manage"): _rule(R.LINE, person="person_id"),
    (CoachingEvent, "view"): _rule(R.SELF, R.LINE, person="item__person_id"),
    (Assignment, "view"): _rule(R.SELF, R.LINE, person="item__person_id"),
    (Assignment, "complete"): _rule(R.SELF, R.LINE, person="item__person_id"),
    (Evaluation, "view"): _rule(R.SELF, R.LINE, person="item__person_id"),
    (DevelopmentPlan, "view"): _rule(R.SELF, R.LINE, person="person_id"),
    (DevelopmentPlan, "change"): _rule(R.LINE, person="person_id"),
    (DevelopmentPlan, "comment"): _rule(R.SELF, R.LINE, person="person_id"),
    (PlanAction, "view"): _rule(R.SELF, R.LINE, person="plan__person_id"),
    (PlanReview, "view"): _rule(R.SELF, R.LINE, person="plan__person_id"),
    (PlanComment, "view"): _rule(R.SELF, R.LINE, person="plan__person_id"),
    # A 1:1 is between its two people only: a director does not read the leader's 1:1s.
    (OneOnOneSeries, "view"): _rule(R.PARTY, parties=("leader_id", "report_id")),
    (Meeting, "view"): _rule(R.PARTY, parties=("series__leader_id", "series__report_id")),
    (Meeting, "change"): _rule(R.PARTY, parties=("series__leader_id", "series__report_id")),
    (TalkingPoint, "view"): _rule(R.PARTY, parties=("series__leader_id", "series__report_id")),
    (ActionItem, "view"): _rule(R.PARTY, parties=("series__leader_id", "series__report_id")),
    (PrivateNote, "view"): _rule(R.PARTY, parties=("author_id",)),
    (ApiToken, "revoke"): _rule(R.OWNER, owner="user_id"),
}


@dataclass
class Viewer:
    """Who is asking, with the org-chart facts the rules need, computed once per request."""

    user: User | None
    person: Person | None
    is_admin: bool

    @cached_property
    def ids_below(self) -> frozenset[int]:
        if self.person is None:
            return frozenset()
        return selectors.ids_below(self.person.pk)

    @cached_property
    def role(self) -> selectors.Role | None:
        return selectors.role_of(self.person) if self.person else None

    @cached_property
    def teams_led(self) -> frozenset[int]:
        """Teams the viewer leads or whose leader is in the viewer's line of reports."""
        if self.person is None:
            return frozenset()
        leaders = [self.person.pk, *self.ids_below]
        return frozenset(selectors.teams_led_by_any_ids(leaders).values_list("pk", flat=True))

    @cached_property
    def team_ids(self) -> frozenset[int]:
        if self.person is None:
            return frozenset()
        return frozenset(selectors.team_ids_of(self.person))

    @cached_property
    def offices_led(self) -> frozenset[int]:
        """Offices holding a team the viewer leads, and every office below them."""
        if self.person is None:
            return frozenset()
        return selectors.offices_below(selectors.offices_of_teams_led_by(self.person))

    def relations_to(self, rule: Rule, obj: Model) -> set[Relation]:
        found: set[Relation] = set()
        if self.user is None:
            return found
        if self.is_admin:
            found.add(R.ADMIN)
        if self.person is not None:
            found.add(R.COLLEAGUE)
        if rule.person and self.person is not None:
            subject_id = _attr(obj, rule.person)
            if subject_id == self.person.pk:
                found.add(R.SELF)
            elif subject_id in self.ids_below:
                found.add(R.LINE)
        if rule.owner and _attr(obj, rule.owner) == self.user.pk:
            found.add(R.OWNER)
        if rule.team and self.person is not None:
            team_id = _attr(obj, rule.team)
            if team_id in self.teams_led:
                found.add(R.LEADS)
            if team_id in self.team_ids:
                found.add(R.MEMBER)
        if rule.office and self.person is not None and _attr(obj, rule.office) in self.offices_led:
            found.add(R.LEADS)
        if self.person is not None and any(
            _attr(obj, path) == self.person.pk for path in rule.parties
        ):
            found.add(R.PARTY)
        return found


def _attr(obj: Model, path: str) -> Any:
    return operator.attrgetter(path.replace("__", "."))(obj)


def viewer_for(user: User | AnonymousUser | None) -> Viewer:
    if not isinstance(user, User) or not user.is_active:
        return Viewer(user=None, person=None, is_admin=False)
    cached = getattr(user, "_leadwell_viewer", None)
    if cached is None:
        person = Person.objects.filter(user=user, is_active=True).first()
        cached = Viewer(user=user, person=person, is_admin=user.is_administrator)
        user._leadwell_viewer = cached  # type: ignore[attr-defined]
    return cached


def _rule_for(model: type[Model], action: str) -> Rule:
    try:
        return RULES[(model, action)]
    except KeyError:
        # Failing closed would hide a programming error as a 404; fail loudly instead.
        raise LookupError(f"No access rule for {model.__name__}.{action}") from None


def can(user: User | AnonymousUser | None, action: str, obj: Model) -> bool:
    viewer = viewer_for(user)
    rule = _rule_for(type(obj), action)
    return bool(viewer.relations_to(rule, obj) & rule.allowed)


def visible(user: User | AnonymousUser | None, action: str, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow a queryset to the objects the viewer may do `action` on (for lists and counts)."""
    viewer = viewer_for(user)
    rule = _rule_for(queryset.model, action)
    if viewer.user is None:
        return queryset.none()
    if (R.ADMIN in rule.allowed and viewer.is_admin) or (
        R.COLLEAGUE in rule.allowed and viewer.person
    ):
        return queryset
    condition = Q(pk__in=[])
    if rule.person and viewer.person is not None:
        if R.SELF in rule.allowed:
            condition |= Q(**{rule.person: viewer.person.pk})
        if R.LINE in rule.allowed:
            condition |= Q(**{f"{rule.person}__in": viewer.ids_below})
    if rule.owner and R.OWNER in rule.allowed:
        condition |= Q(**{rule.owner: viewer.user.pk})
    if rule.team and R.LEADS in rule.allowed:
        condition |= Q(**{f"{rule.team}__in": viewer.teams_led})
    if rule.team and R.MEMBER in rule.allowed:
        condition |= Q(**{f"{rule.team}__in": viewer.team_ids})
    if rule.office and R.LEADS in rule.allowed:
        condition |= Q(**{f"{rule.office}__in": viewer.offices_led})
    if R.PARTY in rule.allowed and viewer.person is not None:
        for path in rule.parties:
            condition |= Q(**{path: viewer.person.pk})
    return queryset.filter(condition)


def person_or_404(user: User | AnonymousUser | None) -> Person:
    """The person the viewer is in the org chart; an account without one (an administrator
    only) finds no person-centred page: 404, like any object it may not see."""
    person = viewer_for(user).person
    if person is None:
        raise Http404("No person found")
    return person


def can_view_organisation(user: User | AnonymousUser | None) -> bool:
    """The whole organisation's scorecard: directors (who lead leaders)."""
    return viewer_for(user).role == selectors.Role.DIRECTOR


def get_or_404(
    user: User | AnonymousUser | None, action: str, queryset: QuerySet[M] | type[M], **lookup: Any
) -> M:
    """Fetch one object and check the viewer may do `action` on it, in one call.

    Missing and refused both answer 404; a refusal is logged (ids only, never content).
    """
    qs = queryset if isinstance(queryset, QuerySet) else queryset._default_manager.all()
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404(f"No {qs.model._meta.verbose_name} found")
    if not can(user, action, obj):
        refuse(user, action, obj)
        raise Http404(f"No {qs.model._meta.verbose_name} found")
    return obj


def refuse(user: User | AnonymousUser | None, action: str, obj: Model) -> None:
    log.warning(
        "access refused: user=%s action=%s.%s object_id=%s",
        getattr(user, "pk", None),
        type(obj).__name__,
        action,
        obj.pk,
    )


def require(user: User | AnonymousUser | None, action: str, obj: Model) -> None:
    """Raise 404 unless the viewer may do `action` on an object already in hand."""
    if not can(user, action, obj):
        refuse(user, action, obj)
        raise Http404("Not found")


def is_admin(user: User | AnonymousUser | None) -> bool:
    return viewer_for(user).is_admin


def kinds() -> Iterable[tuple[type[Model], str]]:
    """Every (object kind, action) the policy knows: the access matrix tests walk these."""
    return RULES.keys()
