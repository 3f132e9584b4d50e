"""Professional development plans: written by the management line, read and commented on by
the seller, reviewed monthly."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from leadwell.coaching.models import (
    DevelopmentPlan,
    PlanAction,
    PlanComment,
    PlanReview,
    Skill,
)
from leadwell.org.models import Person


def plan_save(
    *,
    person: Person,
    strengths: str | None = None,
    skills_to_develop: list[Skill] | None = None,
    development_notes: str | None = None,
    aspiration: str | None = None,
    readiness: str | None = None,
) -> DevelopmentPlan:
    """Write a direct report's plan (created on first save). A part given as None stays as it
    was, so a change to one part never wipes another."""
    if readiness is not None and readiness not in DevelopmentPlan.Readiness.values:
        raise ValidationError({"readiness": ["Choose a readiness."]})
    plan, _ = DevelopmentPlan.objects.get_or_create(person=person)
    if strengths is not None:
        plan.strengths = strengths.strip()
    if development_notes is not None:
        plan.development_notes = development_notes.strip()
    if aspiration is not None:
        plan.aspiration = aspiration.strip()
    if readiness is not None:
        plan.readiness = readiness
    plan.updated_at = timezone.now()
    plan.save()
    if skills_to_develop is not None:
        plan.skills_to_develop.set(skills_to_develop)
    return plan


def plan_action_add(
    *, plan: DevelopmentPlan, text: str, due_on: datetime.date | None = None
) -> PlanAction:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["Enter the action."]})
    return PlanAction.objects.create(plan=plan, text=text[:300], due_on=due_on)


def plan_action_set_done(*, action: PlanAction, done: bool) -> PlanAction:
    action.done_on = timezone.localdate() if done else None
    action.save(update_fields=["done_on"])
    return action


def plan_review_add(
    *,
    plan: DevelopmentPlan,
    by: Person,
    progress: str,
    next_steps: str = "",
    reviewed_on: datetime.date | None = None,
) -> PlanReview:
    """Record the monthly review: the date, the progress made and the next steps."""
    reviewed_on = reviewed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not (progress or "").strip():
        errors["progress"] = ["Write the progress made since the last review."]
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = ["A review cannot be dated in the future."]
    if errors:
        raise ValidationError(errors)
    return PlanReview.objects.create(
        plan=plan,
        by=by,
        reviewed_on=reviewed_on,
        progress=progress.strip(),
        next_steps=(next_steps or "").strip(),
    )


def plan_comment_add(*, plan: DevelopmentPlan, by: Person, text: str) -> PlanComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["Enter a comment."]})
    return PlanComment.objects.create(plan=plan, author=by, text=text)
