"""What the audit trail records of development plans and the coaching libraries (collected by
leadwell.audit). A plan is confidential: the trail records that it, or its actions and reviews,
changed and which fields, never what they say."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.coaching.models import (
    AssignmentTemplate,
    DevelopmentPlan,
    PlanAction,
    PlanComment,
    PlanReview,
    Skill,
)


def _plan_part(part: str):
    def describe(obj, action: str) -> str:
        plan = obj if isinstance(obj, DevelopmentPlan) else obj.plan
        return f"{plan.person}'s development plan: {part} {action}"

    return describe


AUDITED = (
    tracked(
        DevelopmentPlan,
        kind=Kind.PLAN,
        fields=("strengths", "development_notes", "aspiration", "readiness", "started_on"),
        subject="person_id",
        confidential=True,
        describe=_plan_part("the plan"),
    ),
    tracked(
        PlanAction,
        kind=Kind.PLAN,
        fields=("text", "due_on", "done_on"),
        subject="plan__person_id",
        confidential=True,
        describe=_plan_part("an action"),
    ),
    tracked(
        PlanReview,
        kind=Kind.PLAN,
        fields=("reviewed_on", "progress", "next_steps", "by_id"),
        subject="plan__person_id",
        confidential=True,
        describe=_plan_part("a monthly review"),
    ),
    tracked(
        PlanComment,
        kind=Kind.PLAN,
        fields=("text", "author_id"),
        subject="plan__person_id",
        confidential=True,
        describe=_plan_part("a comment"),
    ),
    tracked(
        Skill,
        kind=Kind.SETTING,
        fields=("name", "kind", "description", "metrics", "is_active"),
        describe=lambda s, action: f"Skills library: {s.name} {action}",
    ),
    tracked(
        AssignmentTemplate,
        kind=Kind.SETTING,
        fields=("title", "description", "days", "is_active"),
        describe=lambda t, action: f"Assignment library: {t.title} {action}",
    ),
)
