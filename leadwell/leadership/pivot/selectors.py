"""Reading the pivot to leadership: a self-assessment with its answers and responses, a leader's
quarter (who answered their challenge, the team's strongest and weakest standards) and a
director's roll-up of their leaders' teams.

Pages and the API fetch an object through the `*_for` functions, which take the viewer and
fetch-and-check through the policy in one call (404 for anyone the rules leave out). The answers
of a draft are the person's alone: their line sees that a draft exists, not what it says.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.leadership.pivot.models import (
    PivotAnswer,
    PivotAssessment,
    PivotChallenge,
    PivotResponse,
)
from leadwell.leadership.pivot.standards import BY_NUMBER, Standard
from leadwell.lib.periods import Period, PeriodKind, parse_period, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Membership, Person

# Standards shown as the team's strongest and weakest: the top and bottom of the means.
SHOWN_AT_EACH_END = 2


def quarter_from(text: str | None, today: datetime.date | None = None) -> Period:
    """The quarter a page or call asks for (?quarter=FY2026-Q3), else the current one. Anything
    that names no quarter (a month, a year, a typo) raises ValueError with the accepted forms."""
    raw = (text or "").strip()
    if not raw:
        return period_of(today or timezone.localdate(), PeriodKind.QUARTER)
    period = parse_period(raw)
    if period.kind != PeriodKind.QUARTER:
        raise ValueError(f"not a quarter: {raw!r} (use FY2026-Q3 or 2026-Q3)")
    return period


def on_day(quarter: Period, today: datetime.date | None = None) -> datetime.date:
    """The day the org chart is read on for a quarter: today while it runs, else its last day
    (a quarter ahead: today)."""
    today = today or timezone.localdate()
    last = quarter.end - datetime.timedelta(days=1)
    return min(today, last) if quarter.start <= today else today


def _assessments() -> QuerySet[PivotAssessment]:
    return PivotAssessment.objects.select_related("person", "challenge__issuer")


def assessment_for(
    viewer: policy.Asker, assessment_id: int, action: str = "view"
) -> PivotAssessment:
    return policy.get_or_404(viewer, action, _assessments(), pk=assessment_id)


def answer_for(viewer: policy.Asker, answer_id: int, action: str = "view") -> PivotAnswer:
    """One answer, when the viewer may do `action` on its self-assessment (respond, answer) or
    read it (view)."""
    answers = PivotAnswer.objects.select_related(
        "assessment__person", "assessment__challenge__issuer"
    )
    answer = policy.get_or_404(viewer, "view", answers, pk=answer_id)
    if action != "view":
        policy.require(viewer, action, answer.assessment)
    elif not shows_answers(viewer, answer.assessment):
        policy.refuse(viewer, "view", answer)
        raise Http404("No pivot answer found")
    return answer


def challenge_for(viewer: policy.Asker, challenge_id: int) -> PivotChallenge:
    return policy.get_or_404(
        viewer, "view", PivotChallenge.objects.select_related("issuer"), pk=challenge_id
    )


def shows_answers(viewer: policy.Asker, assessment: PivotAssessment) -> bool:
    """Whether the viewer (already allowed to see the self-assessment) reads its answers: the
    person always, their line once it is submitted."""
    me = policy.viewer_for(viewer).person
    return assessment.is_submitted or (me is not None and me.pk == assessment.person_id)


def answers_of(assessment: PivotAssessment) -> list[PivotAnswer]:
    """The answers in the standards' order, each with its response and the plan action it
    became (three queries whatever the count)."""
    return list(
        assessment.answers.order_by("standard").prefetch_related(
            Prefetch(
                "response",
                queryset=PivotResponse.objects.select_related("by", "plan_action"),
            )
        )
    )


def response_of(answer: PivotAnswer) -> PivotResponse | None:
    try:
        return answer.response
    except PivotResponse.DoesNotExist:
        return None


def visible_assessments(viewer: policy.Asker) -> QuerySet[PivotAssessment]:
    return policy.visible(viewer, "view", _assessments()).order_by(
        "-quarter_start", "person__name", "id"
    )


def challenge_of(issuer: Person, quarter: Period) -> PivotChallenge | None:
    return PivotChallenge.objects.filter(issuer=issuer, quarter_start=quarter.start).first()


def my_assessment(person: Person, quarter: Period) -> PivotAssessment | None:
    return _assessments().filter(person=person, quarter_start=quarter.start).first()


def my_challenge(person: Person, quarter: Period, today: datetime.date | None = None):
    """The challenge the person answers this quarter: their manager's (None: not issued, or
    nobody above them)."""
    manager = org.manager_of(person, on_day(quarter, today))
    return challenge_of(manager, quarter) if manager is not None else None


def team_ids_for(assessment: PivotAssessment, today: datetime.date | None = None) -> list[int]:
    """The people challenged with the person: the challenge's issuer's direct reports."""
    day = on_day(assessment.quarter, today)
    reports = _reports_by_leader([assessment.challenge.issuer_id], day)
    return sorted(reports.get(assessment.challenge.issuer_id, set()) | {assessment.person_id})


# -- A leader's quarter and a director's roll-up --------------------------------------------------


@dataclass
class Row:
    """One person challenged, and where their self-assessment stands."""

    person: Person
    assessment: PivotAssessment | None

    @property
    def status(self) -> str:
        if self.assessment is None:
            return "Not started"
        if self.assessment.is_submitted:
            return "Submitted"
        return "Draft"

    @property
    def submitted(self) -> bool:
        return self.assessment is not None and self.assessment.is_submitted


@dataclass(frozen=True)
class Score:
    """The team's mean rating on one standard, over the submitted self-assessments."""

    standard: Standard
    mean: float
    count: int


@dataclass
class TeamQuarter:
    leader: Person
    quarter: Period
    challenge: PivotChallenge | None
    rows: list[Row]
    scores: list[Score] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for row in self.rows if row.submitted)

    @property
    def ranked(self) -> list[Score]:
        """Strongest first; ties in the standards' order."""
        return sorted(self.scores, key=lambda s: (-s.mean, s.standard.number))

    @property
    def strongest(self) -> list[Score]:
        return self.ranked[:SHOWN_AT_EACH_END] if len(self.scores) > 1 else []

    @property
    def weakest(self) -> list[Score]:
        if len(self.scores) <= SHOWN_AT_EACH_END:
            return self.ranked[-1:] if len(self.scores) > 1 else []
        return list(reversed(self.ranked[-SHOWN_AT_EACH_END:]))


def _reports_by_leader(leader_ids: list[int], day: datetime.date) -> dict[int, set[int]]:
    """{leader id: the ids of the people on the teams they lead on `day`}, in two queries."""
    teams: dict[int, set[int]] = defaultdict(set)
    for person_id, team_id in (
        Membership.objects.on(day)
        .leaders()
        .filter(person_id__in=leader_ids)
        .values_list("person_id", "team_id")
    ):
        teams[team_id].add(person_id)
    found: dict[int, set[int]] = defaultdict(set)
    for person_id, team_id in (
        Membership.objects.on(day)
        .members()
        .filter(team_id__in=teams)
        .values_list("person_id", "team_id")
    ):
        for leader_id in teams[team_id]:
            if person_id != leader_id:
                found[leader_id].add(person_id)
    return found


def teams_quarter(
    leaders: list[Person], quarter: Period, today: datetime.date | None = None
) -> list[TeamQuarter]:
    """Each leader's quarter: their challenge, each person reporting to them with their
    self-assessment, and the team's mean rating per standard. A fixed number of queries
    however many leaders and people."""
    today = today or timezone.localdate()
    day = on_day(quarter, today)
    ids = [leader.pk for leader in leaders]
    reports = _reports_by_leader(ids, day)
    if day != today:
        # A finished quarter shows only the people still in each leader's line today: one who
        # moved to another line took their answers with them (their ratings are theirs and
        # their line's, and a mean over few people gives them away).
        for leading in reports:
            reports[leading] &= set(org.ids_below(leading, today))
    everyone = {pk for people in reports.values() for pk in people}
    people = {p.pk: p for p in Person.objects.filter(pk__in=everyone)}
    challenges = {
        c.issuer_id: c
        for c in PivotChallenge.objects.filter(issuer_id__in=ids, quarter_start=quarter.start)
    }
    assessments = {
        a.person_id: a
        for a in PivotAssessment.objects.filter(person_id__in=everyone, quarter_start=quarter.start)
    }
    submitted = [a.pk for a in assessments.values() if a.is_submitted]
    means: dict[int, dict[int, tuple[float, int]]] = defaultdict(dict)
    person_of = {a.pk: a.person_id for a in assessments.values()}
    leader_of = {pk: lid for lid, members in reports.items() for pk in members}
    by_assessment = PivotAnswer.objects.filter(
        assessment_id__in=submitted, rating__isnull=False
    ).values_list("assessment_id", "standard", "rating")
    ratings: dict[tuple[int, int], list[int]] = defaultdict(list)
    for assessment_id, standard, rating in by_assessment:
        leader_id = leader_of.get(person_of[assessment_id])
        if leader_id is not None and rating is not None:
            ratings[(leader_id, standard)].append(rating)
    for (leader_id, standard), values in ratings.items():
        means[leader_id][standard] = (sum(values) / len(values), len(values))
    found = []
    for leader in leaders:
        rows = sorted(
            (Row(people[pk], assessments.get(pk)) for pk in reports.get(leader.pk, set())),
            key=lambda row: (row.person.name, row.person.pk),
        )
        scores = [
            Score(BY_NUMBER[number], mean, count)
            for number, (mean, count) in sorted(means[leader.pk].items())
        ]
        found.append(TeamQuarter(leader, quarter, challenges.get(leader.pk), rows, scores))
    return found


def team_quarter(leader: Person, quarter: Period, today: datetime.date | None = None):
    return teams_quarter([leader], quarter, today)[0]


def leaders_in_line(viewer: Person, quarter: Period, today: datetime.date | None = None):
    """The leaders below the viewer (direct and indirect) who lead a team: the roll-up's rows."""
    day = on_day(quarter, today)
    # Below the viewer today (a leader who moved to another line left this roll-up), leading a
    # team in the quarter.
    below = org.ids_below(viewer.pk, today or timezone.localdate())
    leading = Membership.objects.on(day).leaders().values("person_id")
    return list(Person.objects.filter(pk__in=below).filter(pk__in=leading).order_by("name"))


def standard_means_overall(teams: list[TeamQuarter]) -> list[Score]:
    """The standards' means over several teams together, weighted by answers."""
    totals: dict[int, tuple[float, int]] = {}
    for team in teams:
        for score in team.scores:
            total, count = totals.get(score.standard.number, (0.0, 0))
            totals[score.standard.number] = (total + score.mean * score.count, count + score.count)
    return [
        Score(BY_NUMBER[number], total / count, count)
        for number, (total, count) in sorted(totals.items())
        if count
    ]


def leads_anyone(person: Person, today: datetime.date | None = None) -> bool:
    return org.direct_reports(person, today).exists()
