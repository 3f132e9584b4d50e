"""What the coaching API's routers share: who is asking, the 422 answer, and small schemas."""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import ValidationError

from leadwell import policy
from leadwell.coaching.models import Assignment, Evaluation, Skill
from leadwell.org.models import Person

T = TypeVar("T")

# The services name the objects they take; the API names the ids the caller sent. Errors about
# the object acted on as a whole (a closed item, someone else's 1:1) belong to no one field.
_FIELDS: dict[str, str | None] = {
    "goal": "goal_id",
    "owner": "owner_id",
    "report": "report_id",
    "skills": "skill_ids",
    "template": "template_id",
    "skill": "skill_id",
    "team": "team_id",
    "item": None,
    "assignment": None,
    "by": None,
    "answer": None,
    "point": None,
    "action": None,
    NON_FIELD_ERRORS: None,
}


def _loc(field: str | None) -> list[str]:
    return ["body", "payload"] + ([field] if field else [])


def invalid(problem: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 422 answer, shaped like django-ninja's own."""
    if not hasattr(problem, "error_dict"):
        return ValidationError(
            [{"type": "value_error", "loc": _loc(None), "msg": m} for m in problem.messages]
        )
    return ValidationError(
        [
            {"type": "value_error", "loc": _loc(_FIELDS.get(field, field)), "msg": message}
            for field, messages in problem.message_dict.items()
            for message in messages
        ]
    )


def unprocessable(field: str | None, message: str) -> ValidationError:
    """A 422 for input the API checks itself (an id that names nothing usable)."""
    return ValidationError([{"type": "value_error", "loc": _loc(field), "msg": message}])


def call(service: Callable[..., T], **kwargs: Any) -> T:
    """Run one service, answering 422 with a message per field when it refuses the input."""
    try:
        return service(**kwargs)
    except DjangoValidationError as problem:
        raise invalid(problem) from None


def me(request: HttpRequest) -> Person:
    """The person asking (404 for an account without one, as the policy refuses)."""
    return policy.person_or_404(request.user)


def skills_by_id(ids: list[int], field: str = "skill_ids") -> list[Skill]:
    found = {s.pk: s for s in Skill.objects.filter(pk__in=ids)}
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise unprocessable(field, f"No skill with id {', '.join(unknown)} in the skills library.")
    return [found[i] for i in dict.fromkeys(ids)]


def evaluation_of(assignment: Assignment) -> Evaluation | None:
    """The assignment's evaluation, read from what select_related fetched (None when absent)."""
    try:
        return assignment.evaluation
    except Evaluation.DoesNotExist:
        return None


# -- Schemas shared by the routers ----------------------------------------------------------------


class PersonBrief(Schema):
    id: int
    name: str


class SkillBrief(Schema):
    id: int
    name: str


class AssignmentBrief(Schema):
    """An assignment as the 1:1 agenda lists it."""

    id: int
    item_id: int
    item_title: str
    title: str
    owner: PersonBrief
    started_on: datetime.date
    due_on: datetime.date
    status: str = Field(description="open, done or dropped")
    done_on: datetime.date | None

    @staticmethod
    def resolve_item_title(assignment: Assignment) -> str:
        return assignment.item.title
