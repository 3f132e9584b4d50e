"""The pivot to leadership: the API, with the same reads and workflows as the pages, through the
same selectors and services. A self-assessment is the person's and their line's (its answers the
person's alone while a draft); a challenge is its leader's and their line's; anyone else gets
404. The rules are in leadwell/leadership/pivot/rules.py."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from leadwell import policy
from leadwell.coaching.api.common import PersonBrief, call, me, unprocessable
from leadwell.leadership.pivot import objective, selectors, services
from leadwell.leadership.pivot.models import PivotAssessment, PivotChallenge
from leadwell.leadership.pivot.standards import BY_NUMBER, RATING_WORDS
from leadwell.lib.api_input import Day, Filters, Id, Input, Message, PeriodName
from leadwell.lib.periods import Period
from leadwell.org.models import Person

router = Router(tags=["The pivot to leadership"])

PERSON_AND_LINE = "For the person and their management line; 404 for anyone else."


# -- Schemas --------------------------------------------------------------------------------------


class PivotChallengeOut(Schema):
    id: int
    issuer: PersonBrief
    quarter: str = Field(description="The quarter, as FY2026-Q3")
    message: str
    issued_on: datetime.date


class PivotChallengeIn(Input):
    quarter: PeriodName = Field("", description="This quarter (default) or the next")
    message: str = ""


class PivotResponseOut(Schema):
    text: str
    by: PersonBrief | None
    responded_on: datetime.date
    plan_action_id: int | None = Field(description="The action it became in the plan, if any")


class PivotAnswerOut(Schema):
    id: int
    standard: int
    standard_title: str
    rating: int | None = Field(description="1 to 5; None while a draft leaves it unrated")
    rating_words: str
    example: str
    response: PivotResponseOut | None


class PivotSignalOut(Schema):
    metric: str
    name: str
    value: float | None
    own_past_median: float | None = Field(description="Median of the previous four quarters")
    past_quarters: int
    team_median: float | None
    team_count: int


class PivotAssessmentBrief(Schema):
    id: int
    person: PersonBrief
    quarter: str
    status: str = Field(description="draft or submitted")
    submitted_on: datetime.date | None


class PivotAssessmentOut(PivotAssessmentBrief):
    challenge: PivotChallengeOut
    practised: str | None = Field(description="None when the viewer may not read the answers yet")
    answers: list[PivotAnswerOut] = Field(description="Empty for the line while it is a draft")
    signals: list[PivotSignalOut]


class PivotAssessmentStart(Input):
    quarter: PeriodName = Field("", description="The quarter (default: this one)")


class PivotAnswerIn(Input):
    standard: int = Field(description="1 to 7")
    rating: int | None = None
    example: str | None = None


class PivotAssessmentChange(Input):
    answers: list[PivotAnswerIn] = []
    practised: str | None = None
    submit: bool = Field(False, description="Submit it: every standard rated with an example")


class PivotResponseIn(Input):
    text: str
    add_to_plan: bool = False
    due_on: Day | None = None


class PivotRowOut(Schema):
    person: PersonBrief
    assessment_id: int | None
    status: str = Field(description="Not started, Draft or Submitted")


class PivotScoreOut(Schema):
    standard: int
    title: str
    mean: float
    count: int


class PivotTeamQuarterOut(Schema):
    leader: PersonBrief
    quarter: str
    challenge: PivotChallengeOut | None
    answered: int
    people: list[PivotRowOut]
    scores: list[PivotScoreOut] = Field(description="Mean rating per standard, strongest first")
    strongest: list[PivotScoreOut]
    weakest: list[PivotScoreOut]


class PivotRollUpOut(Schema):
    quarter: str
    teams: list[PivotTeamQuarterOut]
    own: PivotTeamQuarterOut | None = Field(description="The leaders' own, to you")


class PivotQuarterQuery(Filters):
    quarter: PeriodName = Field("", description="The quarter, as FY2026-Q3 (default: this one)")


# -- Shaping --------------------------------------------------------------------------------------


def _quarter(text: str) -> Period:
    try:
        return selectors.quarter_from(text)
    except ValueError as problem:
        raise unprocessable("quarter", str(problem)) from None


def _challenge(challenge: PivotChallenge) -> dict:
    return {
        "id": challenge.pk,
        "issuer": challenge.issuer,
        "quarter": challenge.quarter.name,
        "message": challenge.message,
        "issued_on": challenge.issued_on,
    }


def _brief(assessment: PivotAssessment) -> dict:
    return {
        "id": assessment.pk,
        "person": assessment.person,
        "quarter": assessment.quarter.name,
        "status": assessment.status,
        "submitted_on": assessment.submitted_on,
    }


def _assessment(request: HttpRequest, assessment: PivotAssessment) -> dict:
    shows = selectors.shows_answers(request.user, assessment)
    answers = []
    for answer in selectors.answers_of(assessment) if shows else []:
        response = selectors.response_of(answer)
        answers.append(
            {
                "id": answer.pk,
                "standard": answer.standard,
                "standard_title": BY_NUMBER[answer.standard].title,
                "rating": answer.rating,
                "rating_words": RATING_WORDS.get(answer.rating or 0, ""),
                "example": answer.example,
                "response": response,
            }
        )
    reader = policy.viewer_for(request.user).person
    signals = objective.signals_for(
        assessment.person_id,
        assessment.quarter,
        selectors.team_ids_for(assessment),
        # The person reads a median of their colleagues' figures only over enough of them.
        fewest_colleagues=objective.FEWEST_COLLEAGUES if reader == assessment.person else 0,
    )
    return {
        **_brief(assessment),
        "challenge": _challenge(assessment.challenge),
        "practised": assessment.practised if shows else None,
        "answers": answers,
        "signals": [
            {
                "metric": s.key,
                "name": s.name,
                "value": s.value,
                "own_past_median": s.own_past,
                "past_quarters": s.past_quarters,
                "team_median": s.team_median,
                "team_count": s.team_count,
            }
            for s in signals
        ],
    }


def _score(score: selectors.Score) -> dict:
    return {
        "standard": score.standard.number,
        "title": score.standard.title,
        "mean": score.mean,
        "count": score.count,
    }


def _team(team: selectors.TeamQuarter) -> dict:
    return {
        "leader": team.leader,
        "quarter": team.quarter.name,
        "challenge": _challenge(team.challenge) if team.challenge else None,
        "answered": team.answered,
        "people": [
            {
                "person": row.person,
                "assessment_id": row.assessment.pk if row.assessment else None,
                "status": row.status,
            }
            for row in team.rows
        ],
        "scores": [_score(s) for s in team.ranked],
        "strongest": [_score(s) for s in team.strongest],
        "weakest": [_score(s) for s in team.weakest],
    }


# -- Challenges -----------------------------------------------------------------------------------


@router.post(
    "/pivot/challenges",
    response={201: PivotChallengeOut, 404: Message},
    summary="Issue the quarter's pivot challenge to the people reporting to you",
    description="Once a quarter, for this quarter or the next (422 otherwise).",
)
def challenge_issue(request: HttpRequest, payload: PivotChallengeIn):
    challenge = call(
        services.challenge_issue,
        issuer=me(request),
        quarter=_quarter(payload.quarter),
        message=payload.message,
    )
    return Status(201, _challenge(challenge))


@router.get(
    "/pivot/challenges/{challenge_id}",
    response={200: PivotChallengeOut, 404: Message},
    summary="One challenge",
    description="For the leader who issued it and their line; 404 for anyone else.",
)
def challenge_detail(request: HttpRequest, challenge_id: Id):
    return _challenge(selectors.challenge_for(request.user, challenge_id))


# -- Self-assessments -----------------------------------------------------------------------------


@router.get(
    "/pivot/assessments",
    response=list[PivotAssessmentBrief],
    summary="The self-assessments you may read: yours and your line's, newest quarter first",
)
def assessment_list(request: HttpRequest):
    return [_brief(a) for a in selectors.visible_assessments(request.user)]


@router.post(
    "/pivot/assessments",
    response={201: PivotAssessmentOut, 404: Message},
    summary="Start your self-assessment of a quarter (or find the one you started)",
    description="422 while your manager has not issued the quarter's challenge.",
)
def assessment_start(request: HttpRequest, payload: PivotAssessmentStart):
    assessment = call(
        services.assessment_start, person=me(request), quarter=_quarter(payload.quarter)
    )
    return Status(201, _assessment(request, selectors.assessment_for(request.user, assessment.pk)))


@router.get(
    "/pivot/assessments/{assessment_id}",
    response={200: PivotAssessmentOut, 404: Message},
    summary="One self-assessment, with the CRM's signals for the quarter",
    description=PERSON_AND_LINE,
)
def assessment_detail(request: HttpRequest, assessment_id: Id):
    return _assessment(request, selectors.assessment_for(request.user, assessment_id))


@router.patch(
    "/pivot/assessments/{assessment_id}",
    response={200: PivotAssessmentOut, 404: Message},
    summary="Write your answers, and submit them with submit true",
    description="Standards and parts left out stay as they are. A refused submit keeps the draft.",
)
def assessment_save(request: HttpRequest, assessment_id: Id, payload: PivotAssessmentChange):
    assessment = selectors.assessment_for(request.user, assessment_id, "answer")
    ratings = {a.standard: a.rating for a in payload.answers if "rating" in a.model_fields_set}
    examples = {a.standard: a.example or "" for a in payload.answers if a.example is not None}
    call(
        services.assessment_save,
        assessment=assessment,
        by=me(request),
        ratings=ratings,
        examples=examples,
        practised=payload.practised,
        submit=payload.submit,
    )
    return _assessment(request, selectors.assessment_for(request.user, assessment_id))


@router.put(
    "/pivot/answers/{answer_id}/response",
    response={200: PivotAnswerOut, 404: Message},
    summary="Respond to one answer (the person's manager); add_to_plan makes it a plan action",
)
def response_write(request: HttpRequest, answer_id: Id, payload: PivotResponseIn):
    answer = selectors.answer_for(request.user, answer_id, "respond")
    call(services.response_write, answer=answer, by=me(request), **payload.model_dump())
    answer = selectors.answer_for(request.user, answer_id)
    return {
        "id": answer.pk,
        "standard": answer.standard,
        "standard_title": BY_NUMBER[answer.standard].title,
        "rating": answer.rating,
        "rating_words": RATING_WORDS.get(answer.rating or 0, ""),
        "example": answer.example,
        "response": selectors.response_of(answer),
    }


# -- A leader's quarter and the roll-up -----------------------------------------------------------


@router.get(
    "/pivot/leaders/{person_id}/quarter",
    response={200: PivotTeamQuarterOut, 404: Message},
    summary="A leader's quarter: who answered their challenge and the team's standards",
    description="For the leader and their line; 404 for anyone else. ?quarter=FY2026-Q3",
)
def team_quarter(request: HttpRequest, person_id: Id, when: Query[PivotQuarterQuery]):
    leader = policy.get_or_404(request.user, "view_pivot_team", Person.objects.all(), pk=person_id)
    return _team(selectors.team_quarter(leader, _quarter(when.quarter)))


@router.get(
    "/pivot/roll-up",
    response=PivotRollUpOut,
    summary="Your roll-up: each leader's team in your line, and your leaders' own answers",
)
def roll_up(request: HttpRequest, when: Query[PivotQuarterQuery]):
    person, period = me(request), _quarter(when.quarter)
    teams = selectors.teams_quarter(selectors.leaders_in_line(person, period), period)
    own = selectors.team_quarter(person, period) if selectors.leads_anyone(person) else None
    return {
        "quarter": period.name,
        "teams": [_team(t) for t in teams],
        "own": _team(own) if own else None,
    }
