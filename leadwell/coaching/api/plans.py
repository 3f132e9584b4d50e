"""API for professional development plans: written by the seller's management line, read and
commented on by the seller, reviewed monthly. Anyone else, administrators included, gets 404."""

import datetime

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from leadwell import policy
from leadwell.coaching import services
from leadwell.coaching.api.common import PersonBrief, SkillBrief, call, me, skills_by_id
from leadwell.coaching.models import DevelopmentPlan, PlanAction, PlanComment, PlanReview
from leadwell.lib.api_input import Day, Id, Input
from leadwell.org.models import Person

router = Router(tags=["Development plans"])

CONFIDENTIAL = (
    "For the seller and their management line; anyone else (peers, administrators) gets 404."
)
LINE_ONLY = "For the seller's management line; anyone else gets 404."


# -- Schemas --------------------------------------------------------------------------------------


class PlanActionOut(Schema):
    id: int
    text: str
    due_on: datetime.date | None
    done_on: datetime.date | None


class PlanReviewOut(Schema):
    id: int
    reviewed_on: datetime.date
    progress: str
    next_steps: str
    by: PersonBrief | None


class PlanCommentOut(Schema):
    id: int
    author: PersonBrief
    text: str
    created_at: datetime.datetime


class PlanOut(Schema):
    id: int
    person: PersonBrief
    strengths: str
    skills_to_develop: list[SkillBrief]
    development_notes: str
    aspiration: str = Field(description="The advancement the seller aspires to")
    readiness: str = Field(
        description="not_assessed, ready_now, one_to_two_years or three_plus_years"
    )
    readiness_label: str
    started_on: datetime.date
    updated_at: datetime.datetime
    last_review: datetime.date | None
    review_due_on: datetime.date = Field(description="The next monthly review is due by then")
    review_overdue: bool
    actions: list[PlanActionOut]
    reviews: list[PlanReviewOut] = Field(description="Monthly reviews, newest first")
    comments: list[PlanCommentOut] = Field(description="Comments, oldest first")

    @staticmethod
    def resolve_readiness_label(plan: DevelopmentPlan) -> str:
        return plan.get_readiness_display()

    @staticmethod
    def resolve_last_review(plan: DevelopmentPlan) -> datetime.date | None:
        reviews = list(plan.reviews.all())
        return reviews[0].reviewed_on if reviews else None

    @staticmethod
    def resolve_review_due_on(plan: DevelopmentPlan) -> datetime.date:
        return plan.review_due_on(PlanOut.resolve_last_review(plan))

    @staticmethod
    def resolve_review_overdue(plan: DevelopmentPlan) -> bool:
        return PlanOut.resolve_review_due_on(plan) < timezone.localdate()


class PlanIn(Input):
    """Each part left out (or null) stays as it was, so writing one never wipes another."""

    strengths: str | None = None
    skill_ids: list[Id] | None = Field(None, description="Skills to develop (see GET /skills/)")
    development_notes: str | None = None
    aspiration: str | None = Field(None, description="The advancement the seller aspires to")
    readiness: str | None = Field(
        None,
        description="not_assessed (a new plan's default), ready_now, one_to_two_years or "
        "three_plus_years",
    )


class PlanActionIn(Input):
    text: str
    due_on: Day | None = None


class PlanActionDoneIn(Input):
    done: bool = Field(True, description="false: not done after all")


class PlanReviewIn(Input):
    progress: str = Field(description="The progress made since the last review")
    next_steps: str = ""
    reviewed_on: Day | None = Field(None, description="Default: today")


class PlanCommentIn(Input):
    text: str


# -- Helpers --------------------------------------------------------------------------------------


def _plans():
    return DevelopmentPlan.objects.select_related("person").prefetch_related(
        "skills_to_develop",
        "actions",
        Prefetch("reviews", queryset=PlanReview.objects.select_related("by")),
        Prefetch("comments", queryset=PlanComment.objects.select_related("author")),
    )


def _plan(request: HttpRequest, action: str, person_id: Id) -> DevelopmentPlan:
    """The person's plan when the asker may do `action` on it; 404 for no plan and refusal."""
    return policy.get_or_404(request.user, action, DevelopmentPlan, person_id=person_id)


# -- Endpoints ------------------------------------------------------------------------------------


@router.get(
    "/people/{person_id}/plan",
    response=PlanOut,
    summary="A direct report's development plan, with its actions, reviews and comments",
    description=CONFIDENTIAL + " 404 too while the seller has no plan.",
)
def plan_detail(request: HttpRequest, person_id: Id):
    person = policy.get_or_404(request.user, "view_coaching", Person, pk=person_id)
    plan = _plans().filter(person=person).first()
    if plan is None:
        raise Http404("No development plan found")
    return plan


@router.put(
    "/people/{person_id}/plan",
    response=PlanOut,
    summary="Write a direct report's development plan (created on first write)",
    description=LINE_ONLY + " Send the parts that change; the others stay as they were. 422 "
    "with a message per field for bad input.",
)
def plan_write(request: HttpRequest, person_id: Id, payload: PlanIn):
    person = policy.get_or_404(request.user, "manage_plan", Person, pk=person_id)
    skills = skills_by_id(payload.skill_ids) if payload.skill_ids is not None else None
    plan = call(
        services.plan_save,
        person=person,
        strengths=payload.strengths,
        skills_to_develop=skills,
        development_notes=payload.development_notes,
        aspiration=payload.aspiration,
        readiness=payload.readiness,
    )
    return _plans().get(pk=plan.pk)


@router.post(
    "/people/{person_id}/plan/actions",
    response={201: PlanActionOut},
    summary="Add an action with a date to a development plan",
    description=LINE_ONLY + " 404 too while the seller has no plan.",
)
def plan_action_add(request: HttpRequest, person_id: Id, payload: PlanActionIn):
    plan = _plan(request, "change", person_id)
    action = call(services.plan_action_add, plan=plan, text=payload.text, due_on=payload.due_on)
    return Status(201, action)


@router.post(
    "/plan-actions/{action_id}/done",
    response=PlanActionOut,
    summary="Mark a development plan's action done (or not done after all)",
    description=LINE_ONLY,
)
def plan_action_done(request: HttpRequest, action_id: Id, payload: PlanActionDoneIn):
    action = policy.get_or_404(
        request.user, "view", PlanAction.objects.select_related("plan"), pk=action_id
    )
    policy.require(request.user, "change", action.plan)
    return call(services.plan_action_set_done, action=action, done=payload.done)


@router.post(
    "/people/{person_id}/plan/reviews",
    response={201: PlanReviewOut},
    summary="Record the monthly review: the date, the progress made, the next steps",
    description=LINE_ONLY + " 404 too while the seller has no plan; 422 for bad input.",
)
def plan_review_add(request: HttpRequest, person_id: Id, payload: PlanReviewIn):
    plan = _plan(request, "change", person_id)
    review = call(
        services.plan_review_add,
        plan=plan,
        by=me(request),
        progress=payload.progress,
        next_steps=payload.next_steps,
        reviewed_on=payload.reviewed_on,
    )
    return Status(201, review)


@router.post(
    "/people/{person_id}/plan/comments",
    response={201: PlanCommentOut},
    summary="Comment on a development plan (the seller or their management line)",
    description=CONFIDENTIAL + " 404 too while the seller has no plan.",
)
def plan_comment_add(request: HttpRequest, person_id: Id, payload: PlanCommentIn):
    plan = _plan(request, "comment", person_id)
    comment = call(services.plan_comment_add, plan=plan, by=me(request), text=payload.text)
    return Status(201, comment)
