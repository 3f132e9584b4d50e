"""Reading visions and goals: one vision with each goal's version in force, its history and its
progress; what a team reads (its leader's vision, under the business unit's); each leader's
vision as their director reads it; and which goal each team standard serves.

Pages and the API fetch through these functions, which take the viewer and ask the policy
(404, or nothing listed, for anyone the rules leave out).

A goal's progress is read from the metrics summaries through `leadwell.metrics.windows`, never
from CRM rows: the goal's metric over the whole months from the month it starts to the month of
its target date (or this month, while it runs), for each team its owner leads (a director's own
team holds the whole unit). A goal in progress is measured "to date", beside the share of its
window gone by: behind is not failed. Progress is shown only to a viewer who may read that
team's totals (`Team.view_totals`): a seller reads the business unit's goals, not its figures.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from leadwell import policy
from leadwell.leadership.vision.models import Goal, GoalVersion, Vision
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics.formatting import format_value
from leadwell.metrics.windows import Span, Whose, measure
from leadwell.org import selectors as org
from leadwell.org.models import Membership, Person, Team


def vision_for(viewer: policy.Asker, vision_id: int, action: str = "view") -> Vision:
    """One vision the viewer may read (or change): a draft is its owner's alone."""
    vision = policy.get_or_404(viewer, action, Vision.objects.select_related("owner"), pk=vision_id)
    if not vision.is_published:
        policy.require(viewer, "view_draft", vision)
    return vision


def goal_for(viewer: policy.Asker, goal_id: int, action: str = "view") -> Goal:
    """One goal, checked on its vision (a draft's goals are its owner's alone)."""
    goal = policy.get_or_404(viewer, "view", Goal.objects.select_related("vision"), pk=goal_id)
    vision_for(viewer, goal.vision_id, action)
    return goal


def own_vision(person: Person) -> Vision | None:
    return Vision.objects.filter(owner=person).select_related("owner").first()


# -- Progress ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A goal's metric to date, for one team its owner leads."""

    team: Team
    metric: catalog.Metric
    value: float | None
    target: float
    first_day: datetime.date
    target_date: datetime.date
    elapsed: float  # the share of the window gone by, 0 to 1
    running: bool  # the window has not ended: the value is "to date"
    started: bool  # the window has begun

    @property
    def shown(self) -> str:
        return format_value(self.value, self.metric.unit)

    @property
    def target_shown(self) -> str:
        return format_value(self.target, self.metric.unit)

    @property
    def share(self) -> float | None:
        """The value as a share of the target, for a metric where more is better (None when
        unmeasured, a zero target, or a metric to keep low, whose share would mislead)."""
        if self.value is None or not self.target:
            return None
        if self.metric.direction != catalog.Direction.HIGHER:
            return None
        return self.value / self.target

    @property
    def reached(self) -> bool:
        return self.value is not None and catalog.is_better(self.metric, self.value, self.target)


def progress_of(
    version: GoalVersion, teams: Iterable[Team], *, today: datetime.date | None = None
) -> list[Progress]:
    """The goal version's metric over its window, to date, for each team."""
    if not (version.metric and version.target is not None and version.target_date):
        return []
    today = today or timezone.localdate()
    first_day = version.starts_on or version.written_at.date()
    last_day = min(version.target_date, today)
    metric = catalog.get(version.metric)
    length = max((version.target_date - first_day).days, 1)
    elapsed = min(max((today - first_day).days / length, 0.0), 1.0)
    found = []
    for team in teams:
        value = None
        if last_day >= first_day:
            months = (period_of(first_day, PeriodKind.MONTH), period_of(last_day, PeriodKind.MONTH))
            span = Span(*months)
            value = measure(scope=Whose.of(team), metric=metric, months=span, on=today).value
        found.append(
            Progress(
                team=team,
                metric=metric,
                value=value,
                target=version.target,
                first_day=first_day,
                target_date=version.target_date,
                elapsed=elapsed,
                running=today < version.target_date,
                started=today >= first_day,
            )
        )
    return found


# -- One vision, read --------------------------------------------------------------------------


@dataclass
class GoalRead:
    goal: Goal
    current: GoalVersion
    # Earlier versions, newest first: the goal's history.
    earlier: list[GoalVersion]
    progress: list[Progress] = field(default_factory=list)

    @property
    def versions(self) -> list[GoalVersion]:
        return [self.current, *self.earlier]

    @property
    def serves(self) -> list[str]:
        """The metrics whose standards serve it: its own, then those ticked."""
        keys = [self.current.metric] if self.current.metric else []
        return keys + [key for key in self.goal.serving if key not in keys]


@dataclass
class VisionRead:
    vision: Vision
    goals: list[GoalRead]
    teams: list[Team]  # the teams its owner leads today
    may_change: bool = False
    # A director's: the business unit's vision, above their leaders' (read once, as the pages
    # ask it several times).
    is_unit: bool = False

    @property
    def owner(self) -> Person:
        return self.vision.owner


def _with_goals(visions: Iterable[Vision]) -> list[Vision]:
    versions = GoalVersion.objects.select_related("written_by").order_by("-number")
    goals = Goal.objects.prefetch_related(Prefetch("versions", queryset=versions))
    return list(
        Vision.objects.filter(pk__in=[v.pk for v in visions])
        .select_related("owner")
        .prefetch_related(Prefetch("goals", queryset=goals))
    )


def read(
    viewer: policy.Asker, visions: Iterable[Vision], *, today: datetime.date | None = None
) -> list[VisionRead]:
    """Each vision with its goals, their history and, where the viewer may read the team's
    totals, their progress (in the order given)."""
    order = [v.pk for v in visions]
    loaded = {v.pk: v for v in _with_goals(visions)}
    found = []
    for pk in order:
        vision = loaded[pk]
        teams = list(org.teams_led_by(vision.owner).order_by("name"))
        measured = [t for t in teams if policy.can(viewer, "view_totals", t)]
        goals = []
        for goal in vision.goals.all():
            current, *earlier = list(goal.versions.all())
            progress = progress_of(current, measured, today=today)
            goals.append(GoalRead(goal, current, earlier, progress))
        found.append(
            VisionRead(
                vision,
                goals,
                teams,
                may_change=policy.can(viewer, "change", vision),
                is_unit=org.role_of(vision.owner) == org.Role.DIRECTOR,
            )
        )
    return found


def read_one(viewer: policy.Asker, vision: Vision) -> VisionRead:
    return read(viewer, [vision])[0]


# -- What a team reads ------------------------------------------------------------------------


def for_team(team: Team) -> list[Vision]:
    """The published visions a team reads, the highest first: its leader's line above (the
    business unit's), then its leader's."""
    leader = org.leader_of(team)
    if leader is None:
        return []
    owners = [*reversed(org.management_line(leader)), leader]
    visions = {
        v.owner_id: v for v in Vision.objects.filter(owner__in=owners, published_at__isnull=False)
    }
    return [visions[p.pk] for p in owners if p.pk in visions]


def team_visions(viewer: policy.Asker, team: Team) -> list[VisionRead]:
    """What the viewer reads of the team's visions: nothing unless the rules let them."""
    if not policy.can(viewer, "view_vision", team):
        return []
    return read(viewer, for_team(team))


def visions_above(viewer: policy.Asker, vision: Vision) -> list[VisionRead]:
    """The published visions of the owner's line above (the business unit's), highest first,
    shown above the owner's wherever it is shown. The viewer reads the owner's vision already;
    the line above's is read through the team the owner leads."""
    teams = list(org.teams_led_by(vision.owner))
    if not any(policy.can(viewer, "view_vision", t) for t in teams) and not policy.can(
        viewer, "view", vision
    ):
        return []
    above = list(reversed(org.management_line(vision.owner)))
    published = {
        v.owner_id: v for v in Vision.objects.filter(owner__in=above, published_at__isnull=False)
    }
    return read(viewer, [published[p.pk] for p in above if p.pk in published])


# -- A director's leaders --------------------------------------------------------------------


@dataclass
class LeaderVision:
    leader: Person
    teams: list[Team]
    read: VisionRead | None  # None: nothing published yet


def has_leaders_below(person: Person) -> bool:
    """Whether someone below the person leads a team: a director, or the line above one."""
    return org.teams_led_by_any_ids(list(org.ids_below(person.pk))).exists()


def leaders_visions(viewer: policy.Asker) -> list[LeaderVision]:
    """Each person below the viewer who leads a team, with their published vision."""
    me = policy.person_or_404(viewer)
    below = org.ids_below(me.pk)
    teams = {t.pk: t for t in org.teams_led_by_any_ids(list(below)).order_by("name")}
    by_leader: dict[int, list[Team]] = {}
    # Each team's leader in one query (not one per team).
    for leader_id, team_id in (
        Membership.objects.on(timezone.localdate())
        .leaders()
        .filter(team_id__in=teams, person_id__in=below)
        .values_list("person_id", "team_id")
    ):
        by_leader.setdefault(leader_id, []).append(teams[team_id])
    for led in by_leader.values():
        led.sort(key=lambda team: team.name)
    people = Person.objects.filter(pk__in=by_leader).order_by("name")
    visions = policy.visible(
        viewer, "view", Vision.objects.filter(owner__in=people, published_at__isnull=False)
    )
    reads = {r.vision.owner_id: r for r in read(viewer, visions)}
    return [LeaderVision(p, by_leader[p.pk], reads.get(p.pk)) for p in people]


# -- The standards page ------------------------------------------------------------------------


def goals_served(team: Team) -> dict[str, list[str]]:
    """For each metric, the titles of the goals (in force) its team standard serves: the goals
    of the visions the team reads that name the metric, their own or ticked."""
    found: dict[str, list[str]] = {}
    leader = org.leader_of(team)
    for vision in _with_goals(for_team(team)):
        # The line above's goals say so: the team's own leader's need no label.
        whose = "" if leader is not None and vision.owner_id == leader.pk else " (business unit)"
        for goal in vision.goals.all():
            current = next(iter(goal.versions.all()))
            keys = ([current.metric] if current.metric else []) + list(goal.serving)
            for key in dict.fromkeys(keys):
                label = current.title + whose
                if label not in found.setdefault(key, []):
                    found[key].append(label)
    return found
