"""The access policy: the one place that answers "may viewer V do action A on object O".

Every page, API endpoint, export and report asks here; nothing else decides access. The rules
are not written here: each app declares its own in `<app>/rules.py` (a `RULES` tuple built with
leadwell.lib.access, which also explains the relations), and the policy collects them from the
installed apps at start-up and decides. The policy imports no app's models beyond the org chart
(org is below every other app), so a new app adds rules without editing this module.

An object the viewer may not see is reported as not found (404), so its existence does not
leak; every refusal is logged with ids only. docs/access.md lists every rule, generated from
the declarations (`leadwell manage access_doc`).
"""

import logging
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string, module_has_submodule

from leadwell.lib.access import MEANING, Relation, Rule
from leadwell.org import selectors
from leadwell.org.models import Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from leadwell.identity.models import User

    Asker = User | AnonymousUser | Person | None
else:
    Asker = Any

log = logging.getLogger("leadwell.security")

M = TypeVar("M", bound=Model)
R = Relation

# -- Collecting the apps' rules ------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    rule: Rule
    app: str  # the label of the app whose rules.py declares it


def collect(app_configs: Iterable[AppConfig] | None = None) -> dict[Any, Declared]:
    """Every rule declared in the apps' `rules.py` modules, in the order of INSTALLED_APPS and
    of each module's RULES. The same (model, action), or action, declared twice fails loudly,
    as does an action about no object not named after the app declaring it."""
    found: dict[Any, Declared] = {}
    for config in apps.get_app_configs() if app_configs is None else app_configs:
        if not module_has_submodule(config.module, "rules"):
            continue
        declared: Sequence[Rule] = import_string(f"{config.name}.rules.RULES")
        for one in declared:
            if not isinstance(one, Rule):
                raise ImproperlyConfigured(f"{config.name}.rules.RULES holds {one!r}, not a Rule")
            if one.model is None and not one.action.startswith(f"{config.label}."):
                raise ImproperlyConfigured(
                    f"{config.name}.rules: name '{one.action}' '{config.label}.<verb>'"
                )
            if one.key in found:
                raise ImproperlyConfigured(
                    f"Access rule {one.label} is declared twice: by {found[one.key].app} "
                    f"and by {config.label}"
                )
            found[one.key] = Declared(one, config.label)
    return found


@cache
def declared() -> dict[Any, Declared]:
    """The collected rules of the installed apps (collected once, at start-up)."""
    return collect()


def _rule_for(model: type[Model], action: str) -> Rule:
    try:
        return declared()[(model, action)].rule
    except KeyError:
        # Failing closed would hide a programming error as a 404; fail loudly instead.
        raise LookupError(f"No access rule for {model.__name__}.{action}") from None


def _action_rule(action: str) -> Rule:
    try:
        return declared()[action].rule
    except KeyError:
        raise LookupError(f"No access rule for the action {action}") from None


# -- Who is asking -------------------------------------------------------------------------------


@dataclass
class Viewer:
    """Who is asking, with the org-chart facts the rules need, computed once per request."""

    user: "User | None"
    person: Person | None
    is_admin: bool

    @property
    def is_someone(self) -> bool:
        return self.user is not None or self.person is not None

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

    def own_relations(self, wanted: frozenset[Relation]) -> set[Relation]:
        """What the viewer is whatever the object (the relations an action about no object
        is decided on), of those `wanted`: the role is only worked out when asked for."""
        found: set[Relation] = set()
        if not self.is_someone:
            return found
        if self.is_admin:
            found.add(R.ADMIN)
        if self.person is not None:
            found.add(R.COLLEAGUE)
            if R.DIRECTOR in wanted and self.role == selectors.Role.DIRECTOR:
                found.add(R.DIRECTOR)
        return found & wanted

    def relations_to(self, rule: Rule, obj: Model) -> set[Relation]:
        if not self.is_someone:
            return set()
        found = self.own_relations(rule.allowed)
        me = self.person.pk if self.person is not None else None
        if rule.person and me is not None:
            subject_id = _attr(obj, rule.person)
            if subject_id == me:
                found.add(R.SELF)
            elif subject_id in self.ids_below:
                found.add(R.LINE)
        if rule.owner and self.user is not None and _attr(obj, rule.owner) == self.user.pk:
            found.add(R.OWNER)
        if rule.team and me is not None:
            team_id = _attr(obj, rule.team)
            if team_id in self.teams_led:
                found.add(R.LEADS)
            if team_id in self.team_ids:
                found.add(R.MEMBER)
        if rule.office and me is not None and _attr(obj, rule.office) in self.offices_led:
            found.add(R.LEADS)
        if me is not None:
            if _line_holds(rule, obj):
                if rule.leader and _attr(obj, rule.leader) == me:
                    found |= {R.LEADER, R.PARTY}
                if rule.report and _attr(obj, rule.report) == me:
                    found |= {R.REPORT, R.PARTY}
            if rule.author and _attr(obj, rule.author) == me:
                found.add(R.AUTHOR)
        return found


def _attr(obj: Model, path: str) -> Any:
    return operator.attrgetter(path.replace("__", "."))(obj)


def _line_holds(rule: Rule, obj: Model) -> bool:
    """Whether the reporting line the object belongs to still holds today (always, for a rule
    without `until`): the party relations end with it."""
    if not rule.until:
        return True
    ends = _attr(obj, rule.until)
    return ends is None or ends > timezone.localdate()


def _line_holds_q(rule: Rule) -> Q:
    if not rule.until:
        return Q()
    return Q(**{f"{rule.until}__isnull": True}) | Q(**{f"{rule.until}__gt": timezone.localdate()})


def viewer_for(asker: Asker) -> Viewer:
    """The viewer behind a request's user, or behind a person acting in a service."""
    if isinstance(asker, Person):
        return _viewer_of_person(asker)
    if asker is None or not getattr(asker, "is_authenticated", False) or not asker.is_active:
        return Viewer(user=None, person=None, is_admin=False)
    cached = getattr(asker, "_leadwell_viewer", None)
    if cached is None:
        person = selectors.person_of(asker)
        cached = Viewer(user=asker, person=person, is_admin=asker.is_administrator)
        asker._leadwell_viewer = cached  # type: ignore[union-attr,attr-defined]
        if person is not None:
            person._leadwell_viewer = cached  # type: ignore[attr-defined]
    return cached


def _viewer_of_person(person: Person) -> Viewer:
    """A person acts as themself, with their account's administrator flag if they have one."""
    cached = getattr(person, "_leadwell_viewer", None)
    if cached is None:
        user = person.user if person.user_id else None
        active = person.is_active and (user is None or user.is_active)
        cached = Viewer(
            user=user if active else None,
            person=person if active else None,
            is_admin=bool(active and user is not None and user.is_administrator),
        )
        person._leadwell_viewer = cached  # type: ignore[attr-defined]
    return cached


# -- Deciding ------------------------------------------------------------------------------------


def can(asker: Asker, action: str, obj: Model) -> bool:
    """May the viewer do `action` on `obj`? A question only: nothing is logged."""
    viewer = viewer_for(asker)
    rule = _rule_for(type(obj), action)
    return bool(viewer.relations_to(rule, obj) & rule.allowed)


def may(asker: Asker, action: str, *, quiet: bool = False) -> bool:
    """May the viewer do `action`, an action about no single object (`crm.start_import`,
    `metrics.view_organisation`)? A refusal is logged like any other, unless `quiet`: for
    deciding what to show (a link, where to go), which refuses nothing."""
    rule = _action_rule(action)
    viewer = viewer_for(asker)
    allowed = bool(viewer.own_relations(rule.allowed))
    if not allowed and not quiet:
        _log_refusal(asker, rule.label, None)
    return allowed


def visible(asker: Asker, action: str, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow a queryset to the objects the viewer may do `action` on (for lists and counts)."""
    viewer = viewer_for(asker)
    rule = _rule_for(queryset.model, action)
    if not viewer.is_someone:
        return queryset.none()
    if viewer.own_relations(rule.allowed):
        return queryset  # allowed whatever the object: an administrator, any colleague
    condition = Q(pk__in=[])
    me = viewer.person.pk if viewer.person is not None else None
    if rule.person and me is not None:
        if R.SELF in rule.allowed:
            condition |= Q(**{rule.person: me})
        if R.LINE in rule.allowed:
            condition |= Q(**{f"{rule.person}__in": viewer.ids_below})
    if rule.owner and R.OWNER in rule.allowed and viewer.user is not None:
        condition |= Q(**{rule.owner: viewer.user.pk})
    if rule.team and R.LEADS in rule.allowed:
        condition |= Q(**{f"{rule.team}__in": viewer.teams_led})
    if rule.team and R.MEMBER in rule.allowed:
        condition |= Q(**{f"{rule.team}__in": viewer.team_ids})
    if rule.office and R.LEADS in rule.allowed:
        condition |= Q(**{f"{rule.office}__in": viewer.offices_led})
    if me is not None:
        if rule.leader and rule.allowed & {R.PARTY, R.LEADER}:
            condition |= Q(**{rule.leader: me}) & _line_holds_q(rule)
        if rule.report and rule.allowed & {R.PARTY, R.REPORT}:
            condition |= Q(**{rule.report: me}) & _line_holds_q(rule)
        if rule.author and R.AUTHOR in rule.allowed:
            condition |= Q(**{rule.author: me})
    return queryset.filter(condition)


def person_or_404(asker: Asker) -> Person:
    """The person the viewer is in the org chart; an account without one (an administrator
    only) finds no person-centred page: 404, like any object it may not see."""
    person = viewer_for(asker).person
    if person is None:
        raise Http404("No person found")
    return person


def get_or_404(asker: Asker, action: str, queryset: QuerySet[M] | type[M], **lookup: Any) -> M:
    """Fetch one object and check the viewer may do `action` on it, in one call.

    Missing and refused both answer 404; a refusal is logged (ids only, never content).
    """
    qs = queryset if isinstance(queryset, QuerySet) else queryset._default_manager.all()
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404(f"No {qs.model._meta.verbose_name} found")
    if not can(asker, action, obj):
        refuse(asker, action, obj)
        raise Http404(f"No {qs.model._meta.verbose_name} found")
    return obj


def refuse(asker: Asker, action: str, obj: Model) -> None:
    _log_refusal(asker, f"{type(obj).__name__}.{action}", obj.pk)


def _log_refusal(asker: Asker, label: str, object_id: Any) -> None:
    user_id = asker.user_id if isinstance(asker, Person) else getattr(asker, "pk", None)
    log.warning("access refused: user=%s action=%s object_id=%s", user_id, label, object_id)


def require(asker: Asker, action: str, obj: Model) -> None:
    """Raise 404 unless the viewer may do `action` on an object already in hand."""
    if not can(asker, action, obj):
        refuse(asker, action, obj)
        raise Http404("Not found")


def require_may(asker: Asker, action: str) -> None:
    """Raise 404 (logged) unless the viewer may do `action`, an action about no object."""
    if not may(asker, action):
        raise Http404("Not found")


# -- What the policy knows -----------------------------------------------------------------------


def kinds() -> Iterable[tuple[type[Model], str]]:
    """Every (object kind, action) the policy knows: the access matrix tests walk these."""
    return [key for key in declared() if isinstance(key, tuple)]


def actions() -> Iterable[str]:
    """Every action about no single object the policy knows."""
    return [key for key in declared() if isinstance(key, str)]


def access_table() -> str:
    """docs/access.md: every declared rule (kind, action, who), generated from the rules."""
    lines = [
        "# Who may do what",
        "",
        "Generated from the rules each app declares in `leadwell/<app>/rules.py` by",
        "`leadwell manage access_doc`; a test fails when this file and the rules differ.",
        'The README\'s "Who may see what" tells the same story for people. An object the',
        "viewer may not see answers 404, and each refusal is logged with ids only.",
        "",
        "## Relations",
        "",
        "| relation | meaning |",
        "|---|---|",
        *(f"| {relation} | {MEANING[relation]} |" for relation in Relation),
        "",
        "## Rules",
        "",
        "| app | kind | action | allowed | who |",
        "|---|---|---|---|---|",
    ]
    for found in declared().values():
        rule = found.rule
        kind = rule.model.__name__ if rule.model is not None else "(no object)"
        allowed = ", ".join(r.value for r in Relation if r in rule.allowed)
        who = rule.who + (", while the reporting line holds" if rule.until else "")
        lines.append(f"| {found.app} | {kind} | `{rule.action}` | {allowed} | {who} |")
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "rules"):
            notes = getattr(import_string(f"{config.name}.rules"), "NOTES", "")
            if notes.strip():
                lines += ["", notes.strip()]
    return "\n".join(lines) + "\n"
