"""Vision and goals: the API, through the same selectors and services as the pages.

A vision is read by its owner and their management line once published (a draft by its owner
alone); a team's visions (the business unit's above its leader's) by the team's members and
those who lead it; anyone else gets 404. The rules are in leadwell/leadership/vision/rules.py.
"""

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from leadwell import policy
from leadwell.coaching.api.common import PersonBrief, call, me
from leadwell.leadership.vision import selectors, services
from leadwell.leadership.vision.models import Vision
from leadwell.leadership.vision.services import GoalText
from leadwell.lib.api_input import Day, Id, Input, Message
from leadwell.org.models import Team

router = Router(tags=["Vision and goals"])


class VisionTeam(Schema):
    id: int
    name: str


class VisionProgressOut(Schema):
    team: VisionTeam
    value: float | None = Field(description="The metric over the goal's window, to date")
    target: float
    share_of_target: float | None
    share_of_time: float = Field(description="The share of the goal's window gone by, 0 to 1")
    running: bool = Field(description="True while the target date is ahead: a value to date")


class VisionGoalVersionOut(Schema):
    number: int
    title: str
    detail: str
    metric: str = Field(description="A metric key from the catalog; empty: not measured")
    target: float | None
    starts_on: datetime.date | None
    target_date: datetime.date | None
    change_kind: str = Field(description="competition, market, technology, other; empty for 1")
    reason: str
    team_note: str
    written_at: datetime.datetime


class VisionGoalOut(Schema):
    id: int
    position: int
    serving: list[str] = Field(description="Metrics whose standards serve it, beyond its own")
    current: VisionGoalVersionOut
    history: list[VisionGoalVersionOut] = Field(description="Earlier versions, newest first")
    progress: list[VisionProgressOut] = Field(description="Per team led; empty if not yours")


class VisionOut(Schema):
    id: int
    owner: PersonBrief
    business_unit: bool
    value: str
    approach: str
    standing: str
    economy: str
    published_at: datetime.datetime | None = Field(description="None for a draft")
    goals: list[VisionGoalOut]


class Refused(Schema):
    """A refusal per field, as django-ninja's 422: `{"detail": [{"type", "loc", "msg"}]}`."""

    detail: list[dict]


class VisionIn(Input):
    value: str | None = None
    approach: str | None = None
    standing: str | None = None
    economy: str | None = None


class VisionGoalIn(Input):
    title: str
    detail: str = ""
    metric: str = Field("", description="A metric key from the catalog, or empty")
    target: float | None = None
    starts_on: Day | None = None
    target_date: Day | None = None


class VisionGoalChangeIn(VisionGoalIn):
    change_kind: str = Field(description="competition, market, technology or other")
    reason: str
    team_note: str = Field(description="How the team should see the change")


class VisionServingIn(Input):
    metrics: list[str]


def _version(v) -> dict:
    return {name: getattr(v, name) for name in VisionGoalVersionOut.model_fields}


def _out(read: selectors.VisionRead) -> dict:
    vision = read.vision
    return {
        "id": vision.pk,
        "owner": vision.owner,
        "business_unit": read.is_unit,
        **{name: getattr(vision, name) for name in ("value", "approach", "standing", "economy")},
        "published_at": vision.published_at,
        "goals": [
            {
                "id": g.goal.pk,
                "position": g.goal.position,
                "serving": g.goal.serving,
                "current": _version(g.current),
                "history": [_version(v) for v in g.earlier],
                "progress": [
                    {
                        "team": p.team,
                        "value": p.value,
                        "target": p.target,
                        "share_of_target": p.share,
                        "share_of_time": p.elapsed,
                        "running": p.running,
                    }
                    for p in g.progress
                ],
            }
            for g in read.goals
        ],
    }


def _text(payload: VisionGoalIn) -> GoalText:
    return GoalText(
        title=payload.title,
        detail=payload.detail,
        metric=payload.metric,
        target=payload.target,
        starts_on=payload.starts_on,
        target_date=payload.target_date,
    )


def _mine(request: HttpRequest) -> Vision:
    vision = selectors.own_vision(me(request))
    if vision is None:
        # Nothing of yours to publish or add to: as any object the caller cannot reach.
        raise Http404("You have no vision yet: write it first (PUT /leadership/vision).")
    return selectors.vision_for(request.user, vision.pk, "change")


def _read(request: HttpRequest, vision: Vision) -> dict:
    return _out(selectors.read_one(request.user, Vision.objects.get(pk=vision.pk)))


@router.get(
    "/leadership/vision",
    response={200: VisionOut, 404: Message},
    summary="Your own vision, draft or published (404 when you have none)",
)
def vision_mine(request: HttpRequest):
    vision = selectors.own_vision(me(request))
    if vision is None:
        return Status(404, {"detail": "You have no vision yet."})
    return _read(request, vision)


@router.put(
    "/leadership/vision",
    response={200: VisionOut, 404: Message},
    summary="Write your vision's answers (a leader or director: for the teams you lead)",
)
def vision_save(request: HttpRequest, payload: VisionIn):
    person = me(request)
    answers = {k: v for k, v in payload.model_dump().items() if v is not None}
    vision = call(services.vision_save, owner=person, by=person, **answers)
    return _read(request, vision)


@router.post(
    "/leadership/vision/publish",
    response={200: VisionOut, 404: Message, 422: Refused},
    summary="Publish your vision with its 3 to 5 goals: the goals are fixed from now on",
    description="422 naming each field to fix: an unanswered question, fewer than 3 goals.",
)
def vision_publish(request: HttpRequest):
    vision = _mine(request)
    call(services.vision_publish, vision=vision, by=me(request))
    return _read(request, vision)


@router.post(
    "/leadership/vision/goals",
    response={201: VisionOut, 404: Message},
    summary="Add a goal to your draft vision",
)
def goal_add(request: HttpRequest, payload: VisionGoalIn):
    vision = _mine(request)
    call(services.goal_draft_save, vision=vision, by=me(request), text=_text(payload))
    return Status(201, _read(request, vision))


@router.put(
    "/leadership/vision/goals/{goal_id}",
    response={200: VisionOut, 404: Message},
    summary="Rewrite a goal of your draft vision (a published goal is changed with its reason)",
)
def goal_edit(request: HttpRequest, goal_id: Id, payload: VisionGoalIn):
    goal = selectors.goal_for(request.user, goal_id, "change")
    call(
        services.goal_draft_save, vision=goal.vision, by=me(request), goal=goal, text=_text(payload)
    )
    return _read(request, goal.vision)


@router.post(
    "/leadership/vision/goals/{goal_id}/changes",
    response={201: VisionOut, 404: Message},
    summary="Change a published goal: a new version with what changed, why, and the team's note",
)
def goal_change(request: HttpRequest, goal_id: Id, payload: VisionGoalChangeIn):
    goal = selectors.goal_for(request.user, goal_id, "change")
    call(
        services.goal_change,
        goal=goal,
        by=me(request),
        text=_text(payload),
        change_kind=payload.change_kind,
        reason=payload.reason,
        team_note=payload.team_note,
    )
    return Status(201, _read(request, goal.vision))


@router.put(
    "/leadership/vision/goals/{goal_id}/serving",
    response={200: VisionOut, 404: Message},
    summary="The metrics whose team standards serve the goal, beyond its own",
)
def goal_serving(request: HttpRequest, goal_id: Id, payload: VisionServingIn):
    goal = selectors.goal_for(request.user, goal_id, "change")
    call(services.goal_serving_set, goal=goal, by=me(request), metrics=payload.metrics)
    return _read(request, goal.vision)


@router.get(
    "/leadership/visions/{vision_id}",
    response={200: VisionOut, 404: Message},
    summary="One vision: its owner's, or a leader's read by their line (published only)",
)
def vision_detail(request: HttpRequest, vision_id: Id):
    return _read(request, selectors.vision_for(request.user, vision_id))


@router.get(
    "/leadership/leaders-visions",
    response=list[VisionOut],
    summary="The published visions of the leaders below you (a director)",
)
def leaders_visions(request: HttpRequest):
    return [_out(lv.read) for lv in selectors.leaders_visions(request.user) if lv.read]


@router.get(
    "/leadership/teams/{team_id}/vision",
    response={200: list[VisionOut], 404: Message},
    summary="What a team reads: the business unit's vision, then its leader's (published)",
    description="For the team's members, its leader and the line above; 404 for anyone else.",
)
def team_vision(request: HttpRequest, team_id: Id):
    team = policy.get_or_404(request.user, "view_vision", Team, pk=team_id)
    return [_out(r) for r in selectors.team_visions(request.user, team)]
