"""API for the two libraries (skills, assignments) and a seller's personal goals."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from leadwell import policy
from leadwell.coaching import services
from leadwell.coaching.api.common import call
from leadwell.coaching.models import AssignmentTemplate, PersonalGoal, Skill
from leadwell.lib.api_input import Filters, Id, Input, Pages
from leadwell.org.models import Person

router = Router(tags=["Coaching"])

CONFIDENTIAL = (
    "For the seller and their management line; anyone else (peers, administrators) gets 404."
)


class SkillOut(Schema):
    id: int
    name: str
    kind: str = Field(description="skill or behaviour")
    description: str
    metrics: list[str] = Field(
        description="Metric keys whose gaps this skill often explains (suggested first)"
    )


class TemplateOut(Schema):
    id: int
    title: str
    description: str
    days: int = Field(description="How long it usually takes: the default due date is this far")
    skill_ids: list[int] = Field(description="The skills it develops (see GET /skills/)")

    @staticmethod
    def resolve_skill_ids(template: AssignmentTemplate) -> list[int]:
        return [skill.pk for skill in template.skills.all()]


class TemplateFilter(Filters):
    skill_id: Id | None = Field(None, description="Only assignments that develop this skill")


class GoalOut(Schema):
    id: int
    person_id: int
    area: str = Field(description="career, income, skills or life")
    title: str
    detail: str
    horizon: str = Field(description="quarter, year, three_years or five_years")
    status: str = Field(description="active, achieved or dropped")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class GoalIn(Input):
    area: str = Field(description="career, income, skills or life")
    title: str
    detail: str = ""
    horizon: str = Field("year", description="quarter, year, three_years or five_years")
    status: str = Field("active", description="active, achieved or dropped")


class GoalPatch(Input):
    area: str | None = None
    title: str | None = None
    detail: str | None = None
    horizon: str | None = None
    status: str | None = None


# -- Libraries ------------------------------------------------------------------------------------


@router.get(
    "/skills/",
    response=list[SkillOut],
    summary="The skills library: the skills and behaviours a gap can be rooted in",
    description="The organisation's library, for everyone. Retired skills are left out.",
)
def skill_list(request: HttpRequest):
    return policy.visible(request.user, "view", Skill.objects.filter(is_active=True))


@router.get(
    "/assignment-templates/",
    response=list[TemplateOut],
    summary="The assignment library: developmental assignments and the skills they develop",
    description="The organisation's library, for everyone. Retired assignments are left out.",
)
def template_list(request: HttpRequest, filters: Query[TemplateFilter]):
    templates = AssignmentTemplate.objects.filter(is_active=True).prefetch_related("skills")
    if filters.skill_id is not None:
        templates = templates.filter(skills=filters.skill_id)
    return policy.visible(request.user, "view", templates)


# -- Personal goals -------------------------------------------------------------------------------


@router.get(
    "/people/{person_id}/goals",
    response=list[GoalOut],
    summary="A seller's personal goals: career, income, skills and life ambitions",
    description=CONFIDENTIAL + " Active goals first.",
)
@paginate(Pages, page_size=50)
def goal_list(request: HttpRequest, person_id: Id):
    person = policy.get_or_404(request.user, "view_coaching", Person, pk=person_id)
    return PersonalGoal.objects.filter(person=person)


@router.post(
    "/people/{person_id}/goals",
    response={201: GoalOut},
    summary="Write a personal goal (the seller, for themselves)",
    description="Only the seller writes their own goals; their line reads them. Anyone else "
    "gets 404; 422 with a message per field when the goal makes no sense.",
)
def goal_add(request: HttpRequest, person_id: Id, payload: GoalIn):
    person = policy.get_or_404(request.user, "write_goals", Person, pk=person_id)
    goal = call(services.goal_save, person=person, **payload.model_dump())
    return Status(201, goal)


def _goal_change(request: HttpRequest, goal_id: int, changes: dict) -> PersonalGoal:
    goal = policy.get_or_404(
        request.user, "change", PersonalGoal.objects.select_related("person"), pk=goal_id
    )
    current = {
        "area": goal.area,
        "title": goal.title,
        "detail": goal.detail,
        "horizon": goal.horizon,
        "status": goal.status,
    }
    return call(services.goal_save, person=goal.person, goal=goal, **(current | changes))


@router.put(
    "/goals/{goal_id}",
    response=GoalOut,
    summary="Rewrite a personal goal (the seller)",
    description="Only the seller changes their goals; anyone else gets 404.",
)
def goal_replace(request: HttpRequest, goal_id: Id, payload: GoalIn):
    return _goal_change(request, goal_id, payload.model_dump())


@router.patch(
    "/goals/{goal_id}",
    response=GoalOut,
    summary="Change part of a personal goal, e.g. mark it achieved (the seller)",
    description="Send only what changes. Only the seller changes their goals; anyone else gets "
    "404.",
)
def goal_update(request: HttpRequest, goal_id: Id, payload: GoalPatch):
    return _goal_change(request, goal_id, payload.model_dump(exclude_unset=True, exclude_none=True))
