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


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[Relation]
    # Attribute (and query lookup) leading from the object to the id of the person it is
    # about, or of the sign-in account that owns it.
    person: str | None = None
    owner: str | None = None


def _rule(*allowed: Relation, person: str | None = None, owner: str | None = None) -> Rule:
    return Rule(frozenset(allowed), person=person, owner=owner)


R = Relation

RULES: dict[tuple[type[Model], str], Rule] = {
    # The directory card: name, title, team, e-mail.
    (Person, "view"): _rule(R.COLLEAGUE, R.ADMIN, person="pk"),
    # The person page: reporting line, reports, and (later) results and goals.
    (Person, "view_page"): _rule(R.SELF, R.LINE, R.ADMIN, person="pk"),
    # Confidential coaching: gaps, coaching items, 1:1 notes, development plans.
    (Person, "view_coaching"): _rule(R.SELF, R.LINE, person="pk"),
    (Person, "change"): _rule(R.ADMIN, person="pk"),
    (Team, "view"): _rule(R.COLLEAGUE, R.ADMIN),
    (Team, "change"): _rule(R.ADMIN),
    (Office, "view"): _rule(R.COLLEAGUE, R.ADMIN),
    (Office, "change"): _rule(R.ADMIN),
    # CRM data: a seller's deals and activities are theirs and their management line's.
    (Opportunity, "view"): _rule(R.SELF, R.LINE, R.ADMIN, person="owner_id"),
    (Activity, "view"): _rule(R.SELF, R.LINE, R.ADMIN, person="owner_id"),
    (Account, "view"): _rule(R.COLLEAGUE, R.ADMIN),
    # Imports bring in everyone's data: administrators run and read them.
    (ImportRun, "view"): _rule(R.ADMIN),
    (ImportRun, "start"): _rule(R.ADMIN),
    (ApiToken, "view"): _rule(R.OWNER, owner="user_id"),
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
    return queryset.filter(condition)


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
