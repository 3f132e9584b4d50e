"""The workflows of a vision and its goals, used by pages, API and demo alike.

Who may do each step is declared in leadwell/leadership/vision/rules.py and decided by
leadwell.policy. Callers fetch what they write through the selectors (404 for anyone the rules
leave out); each step here asks the policy again about the person acting (`by`) and refuses
with the reason (a ValidationError: a message beside the field on the page, 422 in the API).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from leadwell import policy
from leadwell.leadership.vision.models import (
    FEWEST_GOALS,
    MOST_GOALS,
    QUESTIONS,
    ChangeKind,
    Goal,
    GoalVersion,
    Vision,
)
from leadwell.metrics import catalog, windows
from leadwell.org import selectors as org
from leadwell.org.models import Person

MAX_ANSWER = 4000
MAX_DETAIL = 2000


@dataclass(frozen=True)
class GoalText:
    """What a goal says: the fields a version fixes."""

    title: str
    detail: str = ""
    metric: str = ""
    target: float | None = None
    starts_on: datetime.date | None = None
    target_date: datetime.date | None = None


def _may_change(by: Person, vision: Vision) -> None:
    if not policy.can(by, "change", vision):
        raise ValidationError({"by": ["Only its owner writes a vision."]})


def _clean_goal(text: GoalText, *, today: datetime.date) -> GoalText:
    """The goal as it will be kept, or every problem by field."""
    errors: dict[str, list[str]] = {}
    title = (text.title or "").strip()
    if not title:
        errors["title"] = ["Name the goal, in the team's words."]
    elif len(title) > 200:
        errors["title"] = ["Keep the title under 200 characters."]
    detail = (text.detail or "").strip()
    if len(detail) > MAX_DETAIL:
        errors["detail"] = [f"Keep it under {MAX_DETAIL} characters."]
    metric = (text.metric or "").strip()
    starts_on = text.starts_on
    if metric:
        if metric not in catalog.BY_KEY:
            errors["metric"] = ["Choose a metric from the catalog, or none."]
        elif not windows.adds_up_over_months(metric):
            name = catalog.get(metric).name
            errors["metric"] = [
                f"{name} cannot be measured over a goal's months (it is not a sum of its "
                "months); choose another metric, or keep it as a team standard."
            ]
        if text.target is None:
            errors["target"] = ["A goal linked to a metric needs a target."]
        if text.target_date is None:
            errors["target_date"] = ["A goal linked to a metric needs a target date."]
        starts_on = starts_on or today
        if text.target_date is not None and text.target_date <= starts_on:
            errors["target_date"] = ["The target date comes after the day the goal starts."]
    elif text.target is not None:
        errors["metric"] = ["Choose the metric the target is for."]
    if errors:
        raise ValidationError(errors)
    return GoalText(title, detail, metric, text.target, starts_on, text.target_date)


# -- The vision ---------------------------------------------------------------------------------


@transaction.atomic
def vision_save(*, owner: Person, by: Person, **answers: str) -> Vision:
    """Write the owner's vision: its four answers (`value`, `approach`, `standing`, `economy`).
    Started as a draft; after publishing the answers may still be reworded (audited), the
    goals not without `goal_change`."""
    if by.pk != owner.pk:
        raise ValidationError({"by": ["Only its owner writes a vision."]})
    if not org.teams_led_by(owner).exists():
        raise ValidationError({"by": ["You lead no team: a vision is for the teams you lead."]})
    unknown = set(answers) - {field for field, _ in QUESTIONS}
    if unknown:
        raise ValidationError({"by": [f"Unknown answers: {', '.join(sorted(unknown))}."]})
    vision = Vision.objects.select_for_update().filter(owner=owner).first() or Vision(owner=owner)
    if vision.pk:
        _may_change(by, vision)
    errors: dict[str, list[str]] = {}
    for field, text in answers.items():
        text = (text or "").strip()
        if len(text) > MAX_ANSWER:
            errors[field] = [f"Keep it under {MAX_ANSWER} characters."]
        elif vision.is_published and not text:
            errors[field] = ["A published vision answers every question."]
        setattr(vision, field, text)
    if errors:
        raise ValidationError(errors)
    vision.save()
    return vision


@transaction.atomic
def vision_publish(*, vision: Vision, by: Person, at: datetime.datetime | None = None) -> Vision:
    """Publish the vision and its goals: the team reads them from now on, and each goal is
    fixed (changed only by `goal_change`, with its reason)."""
    _may_change(by, vision)
    vision = Vision.objects.select_for_update().get(pk=vision.pk)
    if vision.is_published:
        raise ValidationError({"by": ["Your vision is published already."]})
    errors: dict[str, list[str]] = {
        field: ["Answer this question before publishing."]
        for field, _ in QUESTIONS
        if not getattr(vision, field).strip()
    }
    count = vision.goals.count()
    if not FEWEST_GOALS <= count <= MOST_GOALS:
        errors["goals"] = [
            f"Set {FEWEST_GOALS} to {MOST_GOALS} high-level goals before publishing "
            f"(you have {count})."
        ]
    if errors:
        raise ValidationError(errors)
    vision.published_at = at or timezone.now()
    vision.save(update_fields=["published_at", "updated_at"])
    return vision


# -- Goals ----------------------------------------------------------------------------------------


@transaction.atomic
def goal_draft_save(
    *, vision: Vision, by: Person, text: GoalText, goal: Goal | None = None
) -> Goal:
    """Add a goal to the draft vision, or rewrite one of its goals: before publishing, goals
    are written freely (one version each)."""
    _may_change(by, vision)
    if Vision.objects.filter(pk=vision.pk, published_at__isnull=False).exists():
        raise ValidationError(
            {"goal": ["The vision is published: a goal changes only with its reason."]}
        )
    now = timezone.now()
    cleaned = _clean_goal(text, today=timezone.localdate(now))
    fields = {name: getattr(cleaned, name) for name in GoalVersion.FIXED}
    if goal is None:
        if vision.goals.count() >= MOST_GOALS:
            raise ValidationError({"goal": [f"A vision has at most {MOST_GOALS} goals."]})
        last = vision.goals.aggregate(last=Max("position"))["last"] or 0
        goal = Goal.objects.create(vision=vision, position=last + 1)
        GoalVersion.objects.create(goal=goal, number=1, written_by=by, written_at=now, **fields)
        return goal
    if goal.vision_id != vision.pk:
        raise ValidationError({"goal": ["That goal is not in this vision."]})
    draft = goal.versions.select_for_update().get(number=1)
    for name, value in {**fields, "written_by": by, "written_at": now}.items():
        setattr(draft, name, value)
    draft.save()
    return goal


@transaction.atomic
def goal_remove(*, goal: Goal, by: Person) -> None:
    """Drop a goal from the draft vision (a published goal is changed, never dropped)."""
    _may_change(by, goal.vision)
    if Vision.objects.filter(pk=goal.vision_id, published_at__isnull=False).exists():
        raise ValidationError(
            {"goal": ["A published goal is changed with its reason, not dropped."]}
        )
    goal.delete()


@transaction.atomic
def goal_change(
    *,
    goal: Goal,
    by: Person,
    text: GoalText,
    change_kind: str,
    reason: str,
    team_note: str,
    at: datetime.datetime | None = None,
) -> GoalVersion:
    """Change a published goal: a new version, in force from now, saying what kind of change
    forced it, why, and how the team should see it. Earlier versions stay as its history."""
    _may_change(by, goal.vision)
    if not Vision.objects.filter(pk=goal.vision_id, published_at__isnull=False).exists():
        raise ValidationError({"goal": ["The vision is a draft: edit the goal freely."]})
    now = at or timezone.now()
    # Every goal is created with its first version.
    current = goal.versions.select_for_update().order_by("-number")[0]
    if text.starts_on is None and text.metric:
        text = GoalText(**{**text.__dict__, "starts_on": current.starts_on})
    errors: dict[str, list[str]] = {}
    cleaned = text
    try:
        cleaned = _clean_goal(text, today=timezone.localdate(now))
    except ValidationError as problem:
        errors = dict(problem.message_dict)
    if change_kind not in ChangeKind.values:
        errors["change_kind"] = ["Say what changed: competition, the market, technology, other."]
    if not (reason or "").strip():
        errors["reason"] = ["Give the reason the goal must change."]
    if not (team_note or "").strip():
        errors["team_note"] = ["Tell the team how to see the change."]
    if errors:
        raise ValidationError(errors)
    fields = {name: getattr(cleaned, name) for name in GoalVersion.FIXED}
    if all(getattr(current, name) == value for name, value in fields.items()):
        raise ValidationError({"title": ["Nothing in the goal changed: change what must change."]})
    return GoalVersion.objects.create(
        goal=goal,
        number=current.number + 1,
        change_kind=change_kind,
        reason=reason.strip(),
        team_note=team_note.strip(),
        written_by=by,
        written_at=now,
        **fields,
    )


@transaction.atomic
def goal_serving_set(*, goal: Goal, by: Person, metrics: list[str]) -> Goal:
    """Tick the metrics whose team standards serve the goal (beyond its own linked metric):
    the standards page shows "serves" beside each. Not part of the goal: re-ticked any time."""
    _may_change(by, goal.vision)
    unknown = [key for key in metrics if key not in catalog.BY_KEY]
    if unknown:
        raise ValidationError({"serving": [f"Not in the catalog: {', '.join(unknown)}."]})
    goal.serving = sorted(set(metrics))
    goal.save(update_fields=["serving"])
    return goal
