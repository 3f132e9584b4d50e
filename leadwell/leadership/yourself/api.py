"""Leading yourself: the API. The same reads and workflows as the pages, through the same
selectors and services: a person's page, their aspirations (coaching's personal goals of area
career, in one, three or five years) with actions, and their line's feedback. Private to the
person and their management line; anyone else gets 404. The rules are in
leadwell/leadership/yourself/rules.py."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from leadwell import policy
from leadwell.coaching.api.common import PersonBrief, call, me, unprocessable
from leadwell.coaching.models import PersonalGoal
from leadwell.leadership.yourself import selectors, services
from leadwell.leadership.yourself.models import AspirationAction
from leadwell.lib.api_input import Day, Id, Input, Message

router = Router(tags=["Leading yourself"])

PRIVATE = "For the person and their management line; 404 for anyone else."
HORIZONS = "year, three_years or five_years"


# -- Schemas --------------------------------------------------------------------------------------


class AspirationActionOut(Schema):
    id: int
    goal_id: int
    text: str
    due_on: datetime.date
    done_on: datetime.date | None


class AspirationOut(Schema):
    id: int
    person_id: int
    horizon: str = Field(description=HORIZONS)
    title: str
    detail: str
    status: str = Field(description="active, achieved or dropped")
    actions: list[AspirationActionOut]

    @staticmethod
    def resolve_actions(goal: PersonalGoal) -> list:
        return getattr(goal, "actions", None) or list(goal.aspiration_actions.all())


class OtherGoalOut(Schema):
    id: int
    area: str
    horizon: str
    title: str
    status: str


class AspirationFeedbackOut(Schema):
    id: int
    person_id: int
    author: PersonBrief | None = Field(description="Empty once its author has left")
    goal_id: int | None = Field(description="The aspiration it is about; empty: all of them")
    text: str
    written_on: datetime.date


class OwnPageOut(Schema):
    person: PersonBrief
    why: str = Field(description="Why I do what I do")
    motivation: str = Field(description="What motivates me")
    energy: str = Field(description="What gives me energy")
    impact: str = Field(description="The impact I want to have")
    strengths: str
    asks_of_manager: str = Field(description="What I ask of my manager to support me")
    updated_at: datetime.datetime | None
    aspirations: list[AspirationOut] = Field(description="Career goals in 1, 3 or 5 years")
    other_goals: list[OtherGoalOut] = Field(description="The person's other personal goals")
    feedback: list[AspirationFeedbackOut] = Field(description="Newest first")
    feedback_given_this_month: bool
    feedback_overdue: list[str] = Field(description="The months ended with no feedback")


class LeadingYourselfPersonOut(Schema):
    person: PersonBrief
    aspirations: int = Field(description="Active aspirations")
    feedback_given_this_month: bool
    feedback_overdue: list[str]


class OwnPageIn(Input):
    why: str | None = None
    motivation: str | None = None
    energy: str | None = None
    impact: str | None = None
    strengths: str | None = None
    asks_of_manager: str | None = None


class AspirationIn(Input):
    horizon: str = Field(description=HORIZONS)
    title: str
    detail: str = ""


class AspirationPatch(Input):
    horizon: str | None = Field(None, description=HORIZONS)
    title: str | None = None
    detail: str | None = None
    status: str | None = Field(None, description="active, achieved or dropped")


class AspirationActionIn(Input):
    text: str
    due_on: Day


class AspirationActionPatch(Input):
    text: str | None = None
    due_on: Day | None = None


class AspirationActionDone(Input):
    done: bool = True


class AspirationFeedbackIn(Input):
    text: str
    goal_id: Id | None = Field(None, description="One of the person's aspirations, or none")


# -- The page -------------------------------------------------------------------------------------


def _page_out(request: HttpRequest, person_id: int) -> dict:
    person = selectors.person_for(request.user, person_id)
    data = selectors.page_of(request.user, person, timezone.localdate())
    page = data.page
    return {
        "person": person,
        **{name: getattr(page, name) if page else "" for name in services.PAGE_FIELDS},
        "updated_at": page.updated_at if page else None,
        "aspirations": data.aspirations,
        "other_goals": data.other_goals,
        "feedback": data.feedback,
        "feedback_given_this_month": data.status.given_this_month,
        "feedback_overdue": [p.name for p in data.status.overdue],
    }


@router.get(
    "/leadership/yourself/people",
    response=list[LeadingYourselfPersonOut],
    summary="The people you lead (directly or below), with their aspirations and feedback",
    description="Overdue feedback first. Empty for someone who leads nobody.",
)
def people_in_line(request: HttpRequest):
    return [
        {
            "person": one.person,
            "aspirations": one.aspirations,
            "feedback_given_this_month": one.status.given_this_month,
            "feedback_overdue": [p.name for p in one.status.overdue],
        }
        for one in selectors.people_in_line(request.user, timezone.localdate())
    ]


@router.get(
    "/leadership/yourself/people/{person_id}",
    response={200: OwnPageOut, 404: Message},
    summary="A person's leading-yourself page: purpose, strengths, asks, aspirations, feedback",
    description=PRIVATE,
)
def page_detail(request: HttpRequest, person_id: Id):
    return _page_out(request, person_id)


@router.patch(
    "/leadership/yourself/people/{person_id}/page",
    response={200: OwnPageOut, 404: Message},
    summary="Write your purpose, strengths and asks (yourself only)",
    description="Fields left out stay as they are. Only the person writes their page; anyone "
    "else gets 404.",
)
def page_write(request: HttpRequest, person_id: Id, payload: OwnPageIn):
    person = selectors.person_for(request.user, person_id, "write_yourself")
    call(services.own_page_write, person=person, by=me(request), **payload.model_dump())
    return _page_out(request, person_id)


# -- Aspirations and their actions ----------------------------------------------------------------


def _aspiration(request: HttpRequest, goal_id: int) -> PersonalGoal:
    goal = selectors.aspiration_for(request.user, goal_id)
    goal.actions = list(  # type: ignore[attr-defined]
        policy.visible(request.user, "view", goal.aspiration_actions.all())
    )
    return goal


@router.post(
    "/leadership/yourself/people/{person_id}/aspirations",
    response={201: AspirationOut, 404: Message},
    summary="Write a career aspiration in one, three or five years (yourself only)",
    description="It is a personal goal of area career: the coaching goals API and page show "
    "the same goal. 422 with a message per field when it makes no sense.",
)
def aspiration_add(request: HttpRequest, person_id: Id, payload: AspirationIn):
    person = selectors.person_for(request.user, person_id, "write_yourself")
    goal = call(services.aspiration_save, person=person, by=me(request), **payload.model_dump())
    return Status(201, _aspiration(request, goal.pk))


@router.get(
    "/leadership/yourself/aspirations/{goal_id}",
    response={200: AspirationOut, 404: Message},
    summary="One aspiration with its actions",
    description=PRIVATE,
)
def aspiration_detail(request: HttpRequest, goal_id: Id):
    return _aspiration(request, goal_id)


@router.patch(
    "/leadership/yourself/aspirations/{goal_id}",
    response={200: AspirationOut, 404: Message},
    summary="Change an aspiration, e.g. mark it achieved (yourself only)",
    description="Send only what changes.",
)
def aspiration_change(request: HttpRequest, goal_id: Id, payload: AspirationPatch):
    goal = selectors.aspiration_for(request.user, goal_id, "change")
    current = {f: getattr(goal, f) for f in ("horizon", "title", "detail", "status")}
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    call(
        services.aspiration_save,
        person=goal.person,
        by=me(request),
        goal=goal,
        **(current | changes),
    )
    return _aspiration(request, goal_id)


@router.post(
    "/leadership/yourself/aspirations/{goal_id}/actions",
    response={201: AspirationActionOut, 404: Message},
    summary="Add an action towards an aspiration, with the day it is due (yourself only)",
)
def action_add(request: HttpRequest, goal_id: Id, payload: AspirationActionIn):
    goal = selectors.aspiration_for(request.user, goal_id, "change")
    action = call(
        services.aspiration_action_add,
        goal=goal,
        by=me(request),
        text=payload.text,
        due_on=payload.due_on,
    )
    return Status(201, action)


@router.patch(
    "/leadership/yourself/aspiration-actions/{action_id}",
    response={200: AspirationActionOut, 404: Message},
    summary="Rewrite an action or move its day (yourself only)",
)
def action_change(request: HttpRequest, action_id: Id, payload: AspirationActionPatch):
    action = selectors.action_for(request.user, action_id, "change")
    return call(
        services.aspiration_action_change,
        action=action,
        by=me(request),
        text=payload.text,
        due_on=payload.due_on,
    )


@router.post(
    "/leadership/yourself/aspiration-actions/{action_id}/done",
    response={200: AspirationActionOut, 404: Message},
    summary="Mark an action done, or open again with done false (yourself only)",
)
def action_done(request: HttpRequest, action_id: Id, payload: AspirationActionDone):
    action = selectors.action_for(request.user, action_id, "change")
    call(services.aspiration_action_done, action=action, by=me(request), done=payload.done)
    return AspirationAction.objects.get(pk=action.pk)


# -- Feedback -------------------------------------------------------------------------------------


@router.get(
    "/leadership/yourself/people/{person_id}/feedback",
    response={200: list[AspirationFeedbackOut], 404: Message},
    summary="The feedback on a person's aspirations, newest first",
    description=PRIVATE,
)
def feedback_list(request: HttpRequest, person_id: Id):
    person = selectors.person_for(request.user, person_id)
    return selectors.page_of(request.user, person, timezone.localdate()).feedback


@router.post(
    "/leadership/yourself/people/{person_id}/feedback",
    response={201: AspirationFeedbackOut, 404: Message},
    summary="Give feedback on a person's aspirations (their manager, or a manager above)",
    description="Recorded with your name and today's date, and shown to the person. Anyone "
    "outside their management line gets 404.",
)
def feedback_give(request: HttpRequest, person_id: Id, payload: AspirationFeedbackIn):
    person = selectors.person_for(request.user, person_id, "give_aspiration_feedback")
    goal = None
    if payload.goal_id is not None:
        goal = selectors.aspirations().filter(pk=payload.goal_id, person=person).first()
        if goal is None:
            raise unprocessable("goal_id", f"Choose one of {person.name}'s aspirations.")
    feedback = call(
        services.aspiration_feedback_give,
        person=person,
        by=me(request),
        text=payload.text,
        goal=goal,
    )
    return Status(201, feedback)
