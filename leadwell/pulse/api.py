"""API for the trust pulse: the same reads and workflows as the pages, through the same
selectors and services, under the same thresholds. No endpoint returns an answer: a seller's
answer is taken (204, nothing echoed), and results are groups of k answers or more. The rules
are in leadwell/pulse/rules.py."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError

from leadwell import policy
from leadwell.lib.api_input import Id, Input, Message
from leadwell.org.api import TeamRef
from leadwell.org.models import Team
from leadwell.pulse import selectors, services
from leadwell.pulse.models import Pulse, PulseRules, Response
from leadwell.pulse.selectors import Result, Score

router = Router(tags=["Trust pulse"])

READERS = "For the team's members, its leader and the leader's line; 404 for anyone else."
ADMINISTRATORS = "For administrators; 404 for anyone else."


def _call(service, **kwargs):
    """Run one service, answering 422 with its message per field when it refuses. The messages
    name the rule broken, never a value given."""
    try:
        return service(**kwargs)
    except DjangoValidationError as problem:
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["body", "payload", *([field] if field else [])],
                    "msg": message,
                }
                for field, messages in getattr(
                    problem, "message_dict", {None: problem.messages}
                ).items()
                for message in messages
            ]
        ) from None


class PulseBrief(Schema):
    id: int
    team: TeamRef
    opens_on: datetime.date
    closes_on: datetime.date = Field(description="The first day it takes no more answers")
    min_answers: int = Field(description="k: the answers a result needs, fixed when it opened")
    eligible: int = Field(description="The sellers asked")
    answered: int = Field(description="How many have answered (never who, never what)")
    closed: bool


class PulseScore(Schema):
    key: str = Field(description="care, help or trust")
    question: str
    mean: float
    distribution: list[int] = Field(description="How many answered 1, 2, 3, 4 and 5")


class PulseResult(Schema):
    group_id: str
    label: str = Field(description='Its span and size: "pooled over Sep-Nov 2026, 9 answers"')
    first_opened_on: datetime.date
    last_closed_on: datetime.date
    pulses: int = Field(description="The pulses pooled into it")
    answers: int
    eligible: int
    participation: float | None
    scores: list[PulseScore]


class PulseWaiting(Schema):
    answered_since_last_result: int = Field(
        description="Answers to the closed pulses since the last result, and to the open one"
    )
    closed_pulses_answers: int = Field(description="Of which to closed pulses")
    closed_pulses_people: int = Field(description="The people who gave those")
    open_pulse_answers: int = Field(
        description="Answers to the open pulse: they count at its close"
    )
    needed: int = Field(description="The answers, from as many people, a result needs")


class PulseComments(Schema):
    answers: int = Field(description="The answers pooled (ten or more)")
    comments: list[str] = Field(description="Verbatim, in a random order, nothing beside them")


class PulseResponseOut(Schema):
    id: int
    group_id: str
    leader: str
    heard: str
    actions: str
    shared_with_team: bool
    written_on: datetime.date


class TeamPulseOut(Schema):
    team: TeamRef
    results: list[PulseResult] = Field(description="Oldest first")
    waiting: PulseWaiting
    comments: list[PulseComments]
    open_pulse: PulseBrief | None
    pulses: list[PulseBrief] = Field(description="Newest first: dates and participation")
    responses: list[PulseResponseOut]


class PulseRollUp(Schema):
    teams: list[TeamRef]
    results: int
    answers: int
    scores: list[PulseScore]


class TeamParticipation(Schema):
    team: TeamRef
    pulses: list[PulseBrief]


class PulseRulesOut(Schema):
    min_answers: int = Field(description="k, from 3 to 10")
    monthly_on_day: int = Field(description="1 to 28; 0 for no schedule")
    days_open: int


class PulseAnswerIn(Input):
    care: int = Field(description="Do you believe your manager cares about you? 1 to 5")
    help: int = Field(description="Do you believe your manager can help you? 1 to 5")
    trust: int = Field(description="Do you believe you can trust your manager? 1 to 5")
    comment: str = Field("", description=selectors.COMMENT_QUESTION)


class PulseOpenIn(Input):
    team_id: Id
    days_open: int | None = Field(None, description="1 to 28 (default: the organisation's)")


class PulseResponseIn(Input):
    heard: str
    actions: str = ""
    share_with_team: bool = False


class PulseRulesIn(Input):
    min_answers: int
    monthly_on_day: int
    days_open: int


def _pulse(pulse: Pulse) -> dict:
    return {
        "id": pulse.pk,
        "team": pulse.team,
        **{
            f: getattr(pulse, f)
            for f in ("opens_on", "closes_on", "min_answers", "eligible", "answered", "closed")
        },
    }


def _scores(scores: list[Score]) -> list[dict]:
    return [
        {"key": s.key, "question": s.question, "mean": s.mean, "distribution": s.distribution}
        for s in scores
    ]


def _result(result: Result) -> dict:
    g = result.group
    return {
        "group_id": str(g.pk),
        "label": result.label,
        "first_opened_on": g.first_opened_on,
        "last_closed_on": g.last_closed_on,
        "pulses": result.pulses,
        "answers": g.answers_count,
        "eligible": g.eligible,
        "participation": result.participation,
        "scores": _scores(result.scores),
    }


def _response(response: Response) -> dict:
    return {
        "id": response.pk,
        "group_id": str(response.group_id),
        "leader": response.leader.name,
        "heard": response.heard,
        "actions": response.actions,
        "shared_with_team": response.shared_with_team,
        "written_on": response.written_on,
    }


def _readable_team(request: HttpRequest, team_id: int) -> Team:
    found = selectors.teams_to_read(request.user).filter(pk=team_id).first()
    if found is None:
        raise Http404("No such team pulse")
    return found


def _rules_out(found: PulseRules) -> dict:
    return {
        "min_answers": found.min_answers,
        "monthly_on_day": found.monthly_on_day,
        "days_open": found.days_open,
    }


@router.get(
    "/pulse/to-answer",
    response=list[PulseBrief],
    summary="The open pulses of your teams you have not answered",
)
def pulses_to_answer(request: HttpRequest):
    me = policy.person_or_404(request.user)
    return [_pulse(p) for p in selectors.open_pulses_to_answer(me, timezone.localdate())]


@router.post(
    "/pulse/{pulse_id}/answer",
    response={204: None, 404: Message},
    summary="Answer a pulse of your team, once",
    description="The answer is held, sealed, and shown only in a result of k answers or more. "
    "Nothing is returned, not even to you; a second answer is refused (422). For the team's "
    "sellers; 404 for anyone else.",
)
def pulse_answer(request: HttpRequest, pulse_id: Id, payload: PulseAnswerIn):
    pulse = selectors.pulse_for(request.user, pulse_id, "answer")
    _call(
        services.pulse_answer,
        by=policy.person_or_404(request.user),
        pulse=pulse,
        care=payload.care,
        help=payload.help,
        trust=payload.trust,
        comment=payload.comment,
    )
    return Status(204, None)


@router.post(
    "/pulse",
    response={201: PulseBrief, 404: Message},
    summary="Open a pulse for a team you lead (or a team in your line)",
)
def pulse_open(request: HttpRequest, payload: PulseOpenIn):
    team = policy.get_or_404(request.user, "open", Team, pk=payload.team_id)
    pulse = _call(
        services.pulse_open,
        by=policy.person_or_404(request.user),
        team=team,
        days_open=payload.days_open,
    )
    return Status(201, _pulse(pulse))


@router.get(
    "/pulse/teams/{team_id}",
    response={200: TeamPulseOut, 404: Message},
    summary="A team's pulse: its results, what waits, comments once allowed, responses",
    description=READERS + " Responses: the leader's line reads them all, the team those shared.",
)
def team_pulse(request: HttpRequest, team_id: Id):
    found = selectors.team_pulse(request.user, _readable_team(request, team_id))
    return {
        "team": found.team,
        "results": [_result(r) for r in found.results],
        "waiting": {
            "answered_since_last_result": found.waiting.held,
            "closed_pulses_answers": found.waiting.answers,
            "closed_pulses_people": found.waiting.people,
            "open_pulse_answers": found.waiting.open_answers,
            "needed": found.waiting.needed,
        },
        "comments": [{"answers": c.answers, "comments": c.comments} for c in found.comments],
        "open_pulse": _pulse(found.open_pulse) if found.open_pulse else None,
        "pulses": [_pulse(p) for p in found.pulses],
        "responses": [_response(r) for r in found.responses],
    }


@router.post(
    "/pulse/teams/{team_id}/response",
    response={201: PulseResponseOut, 404: Message},
    summary="Respond to the team's latest result: what you heard, what you will do, shared or not",
    description="For the leader the team's latest result is about; 404 for anyone who reads no "
    "result of the team; 422 while the team has no result, or when it is about another leader.",
)
def response_write(request: HttpRequest, team_id: Id, payload: PulseResponseIn):
    team = policy.get_or_404(request.user, "open", Team, pk=team_id)
    latest = selectors.team_pulse(request.user, team).latest
    if latest is None:
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["path", "team_id"],
                    "msg": f"{team.name} has no result to respond to yet.",
                }
            ]
        )
    group = selectors.group_for(request.user, str(latest.group.pk), "respond")
    response = _call(
        services.response_write,
        by=policy.person_or_404(request.user),
        group=group,
        heard=payload.heard,
        actions=payload.actions,
        share=payload.share_with_team,
    )
    return Status(201, _response(response))


@router.get(
    "/pulse/roll-up",
    response=PulseRollUp,
    summary="The teams you lead or are in the line of, together: every result shown of them",
)
def roll_up(request: HttpRequest):
    teams = [
        t for t in selectors.teams_to_read(request.user) if policy.can(request.user, "open", t)
    ]
    found = selectors.roll_up(request.user, teams)
    if found is None:
        return {"teams": teams, "results": 0, "answers": 0, "scores": []}
    return {
        "teams": found.teams,
        "results": found.groups,
        "answers": found.answers,
        "scores": _scores(found.scores),
    }


@router.get(
    "/pulse/participation",
    response={200: list[TeamParticipation], 404: Message},
    summary="Each team's pulses and how many answered them: never a score",
    description=ADMINISTRATORS,
)
def participation(request: HttpRequest):
    policy.require(request.user, "change", selectors.rules())
    return [
        {"team": team, "pulses": [_pulse(p) for p in pulses]}
        for team, pulses in selectors.participation_by_team()
    ]


@router.get(
    "/pulse/rules",
    response={200: PulseRulesOut, 404: Message},
    summary="The organisation's pulse rules",
    description=ADMINISTRATORS,
)
def rules_read(request: HttpRequest):
    found = selectors.rules()
    policy.require(request.user, "change", found)
    return _rules_out(found)


@router.put(
    "/pulse/rules",
    response={200: PulseRulesOut, 404: Message},
    summary="Set the organisation's pulse rules (a pulse keeps the k it opened with)",
    description=ADMINISTRATORS,
)
def rules_change(request: HttpRequest, payload: PulseRulesIn):
    policy.require(request.user, "change", selectors.rules())
    found = _call(
        services.rules_change,
        by=policy.person_or_404(request.user),
        min_answers=payload.min_answers,
        monthly_on_day=payload.monthly_on_day,
        days_open=payload.days_open,
    )
    return _rules_out(found)
