"""Reading the trust pulse under its thresholds.

The only sets of answers anything shows are result groups (k answers or more from k people or
more, of a team's consecutive closed pulses, never overlapping) and unions of whole groups (a
director's roll-up; the comments of consecutive groups pooled until COMMENTS_FROM answers).
The difference of two unions of disjoint groups is itself a union of groups, so no
subtraction of one shown figure from another isolates fewer answers than a group: that is the
no-differencing rule, and `tests/pulse/test_anonymity.py` tries the attacks it stops.
"""

import datetime
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team
from leadwell.pulse.models import (
    COMMENTS_FROM,
    Answer,
    Participation,
    Pulse,
    PulseRules,
    Response,
    ResultGroup,
)

QUESTIONS = [
    ("care", "Do you believe your manager cares about you?"),
    ("help", "Do you believe your manager can help you?"),
    ("trust", "Do you believe you can trust your manager?"),
]
COMMENT_QUESTION = "What could your manager do to earn more of your trust?"


def rules() -> PulseRules:
    """The organisation's pulse rules as they stand, written by nobody until an administrator
    sets them (reading a page writes nothing): the defaults until then."""
    return PulseRules.objects.filter(pk=1).first() or PulseRules(pk=1)


def pulse_for(viewer: policy.Asker, pulse_id: int, action: str = "view") -> Pulse:
    return policy.get_or_404(
        viewer, action, Pulse.objects.select_related("team", "leader"), pk=pulse_id
    )


def group_for(viewer: policy.Asker, group_id: str, action: str = "view") -> ResultGroup:
    try:
        return policy.get_or_404(
            viewer, action, ResultGroup.objects.select_related("team"), pk=group_id
        )
    except (ValueError, TypeError, ValidationError, ResultGroup.DoesNotExist) as error:
        raise Http404("No such result") from error


def open_pulses_to_answer(person: Person, today: datetime.date) -> list[Pulse]:
    """The open pulses of the person's teams they have not answered (their home shows them)."""
    team_ids = org.team_ids_of(person, today)
    pulses = (
        Pulse.objects.filter(team_id__in=team_ids, closed=False, opens_on__lte=today)
        .filter(closes_on__gt=today)
        .exclude(participations__person=person)
        .select_related("team")
    )
    return [
        p
        for p in pulses
        if policy.can(person, "answer", p) and org.leader_of(p.team, today) != person
    ]


def pulses_due_to_close(today: datetime.date) -> QuerySet[Pulse]:
    """Pulses whose window has ended and that are not closed yet (the upkeep closes them)."""
    return Pulse.objects.filter(closed=False, closes_on__lte=today)


def last_shared_response(viewer: policy.Asker, pulse: Pulse) -> Response | None:
    """What the leader heard in the team's last result and the actions they took, when they
    shared it: the team reads it beside the next pulse, to answer knowing what was done."""
    shared = Response.objects.filter(
        group__team_id=pulse.team_id, shared_with_team=True, written_on__lte=pulse.closes_on
    ).select_related("leader")
    return policy.visible(viewer, "view_shared", shared).order_by("-written_on", "-id").first()


def has_answered(person: Person, pulse: Pulse) -> bool:
    return Participation.objects.filter(pulse=pulse, person=person).exists()


def open_pulse_of(team: Team, today: datetime.date) -> Pulse | None:
    """The team's pulse taking answers today, if any (a team has one open at a time)."""
    return (
        Pulse.objects.filter(team=team, closed=False, opens_on__lte=today, closes_on__gt=today)
        .order_by("-opens_on")
        .first()
    )


def leads_now(person: Person, team: Team, today: datetime.date) -> bool:
    return org.leader_of(team, today) == person


def leader_of(pulse: Pulse, today: datetime.date) -> Person | None:
    """The leader the pulse asks about: its team's leader when it opened, else today's."""
    return pulse.leader or org.leader_of(pulse.team, today)


@dataclass
class Score:
    key: str
    question: str
    mean: float
    # How many answered 1, 2, 3, 4 and 5.
    distribution: list[int]

    @property
    def shares(self) -> list[float]:
        total = sum(self.distribution)
        return [n / total for n in self.distribution] if total else [0.0] * 5

    @property
    def segments(self) -> list[tuple[int, int, float, float]]:
        """(score, how many, start, width) of the distribution as one bar 100 wide, the
        scores that nobody gave left out."""
        found, start = [], 0.0
        for score, (count, share) in enumerate(zip(self.distribution, self.shares, strict=True), 1):
            if count:
                found.append((score, count, round(start, 2), round(share * 100, 2)))
                start += share * 100
        return found


def scores_of(answers: Sequence[Answer]) -> list[Score]:
    found = []
    for key, question in QUESTIONS:
        values = [getattr(a, key) for a in answers]
        found.append(
            Score(
                key,
                question,
                sum(values) / len(values) if values else 0.0,
                [values.count(n) for n in range(1, 6)],
            )
        )
    return found


@dataclass
class Result:
    """A group's result: scores for k answers or more; never an answer."""

    group: ResultGroup
    scores: list[Score]
    pulses: int

    @property
    def label(self) -> str:
        first, last = self.group.first_opened_on, self.group.last_closed_on
        span = first.strftime("%b %Y")
        if (first.year, first.month) != (last.year, last.month):
            same_year = first.year == last.year
            span = f"{first.strftime('%b' if same_year else '%b %Y')}-{last.strftime('%b %Y')}"
        pooled = "pooled over " if self.pulses > 1 else ""
        return f"{pooled}{span}, {self.group.answers_count} answers"

    @property
    def participation(self) -> float | None:
        g = self.group
        return g.answers_count / g.eligible if g.eligible else None


@dataclass
class Comments:
    """Comments of consecutive groups pooled until COMMENTS_FROM answers: verbatim, in a
    random order, with no date, score or group of their own."""

    groups: list[ResultGroup]
    comments: list[str]

    @property
    def answers(self) -> int:
        return sum(g.answers_count for g in self.groups)


def _results(groups: Sequence[ResultGroup]) -> list[Result]:
    answers: dict = {g.pk: [] for g in groups}
    for answer in Answer.objects.filter(group__in=groups):
        answers[answer.group_id].append(answer)
    pulses: dict = {g.pk: 0 for g in groups}
    for group_id in Pulse.objects.filter(group__in=groups).values_list("group_id", flat=True):
        pulses[group_id] += 1
    return [Result(g, scores_of(answers[g.pk]), pulses[g.pk]) for g in groups]


def comment_pools(team: Team) -> list[list[ResultGroup]]:
    """The team's groups about each leader, oldest first, pooled until they hold
    COMMENTS_FROM answers; a last pool short of it is no pool yet. Made from all the team's
    groups, whoever reads, so that a pool is the same for everyone and never changes once
    made: two readers, or one reader before and after a reorganisation, never see two pools
    whose difference is a single group's comments."""
    groups = ResultGroup.objects.filter(team=team).order_by("last_closed_on", "first_opened_on")
    by_leader: dict[int | None, list[ResultGroup]] = {}
    for group in groups:
        by_leader.setdefault(group.leader_id, []).append(group)
    pools: list[list[ResultGroup]] = []
    for about in by_leader.values():
        current: list[ResultGroup] = []
        for group in about:
            current.append(group)
            if sum(g.answers_count for g in current) >= COMMENTS_FROM:
                pools.append(current)
                current = []
    return sorted(pools, key=lambda pool: pool[-1].last_closed_on)


def _comments(team: Team, readable: Sequence[ResultGroup]) -> list[Comments]:
    """The team's comment pools whose every group the reader reads."""
    shown = {g.pk for g in readable}
    found = []
    for pool in comment_pools(team):
        if any(g.pk not in shown for g in pool):
            continue
        texts = list(
            Answer.objects.filter(group__in=pool)
            .exclude(comment="")
            .values_list("comment", flat=True)
        )
        # Random order each time the page is read: the ids are random already, and no order of
        # the comments may follow the order of the pulses or of anything else.
        random.SystemRandom().shuffle(texts)
        found.append(Comments(pool, texts))
    return found


@dataclass
class Waiting:
    """Answers given since the last result, not shown until they reach k: those to closed
    pulses (from how many people), and those to the pulse still open, which count once it
    closes. Only pulses about the team's present leader wait: answers about a former one
    never join them."""

    pulses: list[Pulse]  # closed, not yet in a result
    answers: int
    people: int
    needed: int
    open_answers: int

    @property
    def held(self) -> int:
        return self.answers + self.open_answers


@dataclass
class TeamPulse:
    team: Team
    results: list[Result]  # oldest first
    comments: list[Comments]  # oldest first
    waiting: Waiting
    open_pulse: Pulse | None
    pulses: list[Pulse]  # every pulse, newest first: dates and participation
    responses: list[Response] = field(default_factory=list)

    @property
    def latest(self) -> Result | None:
        return self.results[-1] if self.results else None


def team_pulse(viewer: policy.Asker, team: Team, today: datetime.date | None = None) -> TeamPulse:
    """The team's pulse as the viewer may read it: results for the team and its leader's line,
    responses for the leader's line or, once shared, the team."""
    today = today or timezone.localdate()
    groups = list(
        policy.visible(viewer, "view", ResultGroup.objects.filter(team=team)).order_by(
            "last_closed_on", "first_opened_on"
        )
    )
    pulses = list(Pulse.objects.filter(team=team).order_by("-opens_on", "-id"))
    open_pulse = next((p for p in pulses if p.is_open(today)), None)
    about = pulses[0].leader_id if pulses else None
    waiting = [p for p in pulses if p.closed and p.group_id is None and p.leader_id == about]
    people = (
        Participation.objects.filter(pulse__in=waiting).values("person_id").distinct().count()
        if waiting
        else 0
    )
    needed = max([p.min_answers for p in waiting + ([open_pulse] if open_pulse else [])], default=0)
    led_by_viewer = policy.visible(viewer, "view", Response.objects.filter(group__team=team))
    shared = policy.visible(
        viewer, "view_shared", Response.objects.filter(group__team=team, shared_with_team=True)
    )
    responses = list((led_by_viewer | shared).distinct().select_related("leader", "group"))
    return TeamPulse(
        team=team,
        results=_results(groups),
        comments=_comments(team, groups),
        waiting=Waiting(
            pulses=waiting,
            answers=sum(p.answered for p in waiting),
            people=people,
            needed=needed,
            open_answers=open_pulse.answered if open_pulse else 0,
        ),
        open_pulse=open_pulse,
        pulses=pulses,
        responses=responses,
    )


def teams_to_read(viewer: policy.Asker, today: datetime.date | None = None) -> QuerySet[Team]:
    """The teams whose pulse the viewer reads: the teams they lead or are in the line of, and
    their own team."""
    today = today or timezone.localdate()
    me = policy.person_or_404(viewer)
    led = org.teams_led_by(me, today)
    below = org.teams_led_by_any_ids(list(org.ids_below(me.pk, today)), today)
    own = Team.objects.filter(pk__in=org.team_ids_of(me, today))
    return (led | below | own).distinct().order_by("name")


@dataclass
class RollUp:
    """A director's leaders' teams together: the union of their shown groups, never of
    anything not shown on its own."""

    teams: list[Team]
    groups: int
    answers: int
    scores: list[Score]


def roll_up(viewer: policy.Asker, teams: Iterable[Team]) -> RollUp | None:
    """The viewer's teams' results together, leaving out the results about the viewer (a
    director's own team is their leaders, answering about the director: another question)."""
    teams = list(teams)
    me = policy.person_or_404(viewer)
    groups = policy.visible(
        viewer, "view", ResultGroup.objects.filter(team__in=teams).exclude(leader=me)
    )
    answers = list(Answer.objects.filter(group__in=groups))
    if not answers:
        return None
    return RollUp(teams, groups.count(), len(answers), scores_of(answers))


def participation_by_team(today: datetime.date | None = None) -> list[tuple[Team, list[Pulse]]]:
    """Every team's pulses with their participation: all an administrator reads."""
    teams: dict[int, tuple[Team, list[Pulse]]] = {}
    for pulse in Pulse.objects.select_related("team").order_by("team__name", "-opens_on"):
        teams.setdefault(pulse.team_id, (pulse.team, []))[1].append(pulse)
    return list(teams.values())
