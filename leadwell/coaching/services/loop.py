"""Personal goals and the coaching loop: open -> diagnose -> assign -> done -> evaluate."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leadwell.coaching import measure
from leadwell.coaching.models import (
    Assignment,
    AssignmentTemplate,
    CoachingEvent,
    CoachingItem,
    Evaluation,
    PersonalGoal,
    Skill,
)
from leadwell.lib.dates import long_day
from leadwell.lib.periods import Period
from leadwell.metrics import catalog
from leadwell.metrics.formatting import format_target, format_value
from leadwell.metrics.selectors import person_card
from leadwell.org.models import Person

RATINGS = range(1, 6)


def _required(errors: dict[str, list[str]], field: str, value: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, []).append(f"Enter {label}.")
    return text


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def goal_save(
    *,
    person: Person,
    area: str,
    title: str,
    horizon: str = PersonalGoal.Horizon.YEAR,
    detail: str = "",
    status: str = PersonalGoal.Status.ACTIVE,
    goal: PersonalGoal | None = None,
) -> PersonalGoal:
    """Write a seller's own goal (new, or `goal` changed). Only the seller writes their goals."""
    errors: dict[str, list[str]] = {}
    title = _required(errors, "title", title, "the goal")
    if area not in PersonalGoal.Area.values:
        errors.setdefault("area", []).append("Choose career, income, skills or life.")
    if horizon not in PersonalGoal.Horizon.values:
        errors.setdefault("horizon", []).append("Choose a horizon.")
    if status not in PersonalGoal.Status.values:
        errors.setdefault("status", []).append("Choose active, achieved or dropped.")
    if goal is not None and goal.person_id != person.pk:
        errors.setdefault("goal", []).append("That goal belongs to someone else.")
    _raise(errors)
    goal = goal or PersonalGoal(person=person)
    goal.area, goal.title, goal.detail = area, title[:200], detail.strip()
    goal.horizon, goal.status, goal.updated_at = horizon, status, timezone.now()
    goal.save()
    return goal


def _event(item: CoachingItem, by: Person | None, kind: str, text: str = "") -> None:
    CoachingEvent.objects.create(item=item, by=by, kind=kind, text=text)


@transaction.atomic
def item_open(
    *,
    person: Person,
    by: Person,
    metric: str = "",
    period: Period | None = None,
    title: str = "",
) -> CoachingItem:
    """Open a coaching item from a gap (`metric` and `period`: its value and target at the time
    are kept on the item) or by hand (`title` only). A gap that already has an open item
    answers that item instead of opening a second one."""
    errors: dict[str, list[str]] = {}
    value = target = None
    if metric:
        try:
            found = catalog.get(metric)
        except LookupError as problem:
            errors.setdefault("metric", []).append(str(problem.args[0]))
            _raise(errors)
        if period is None:
            raise ValidationError({"period": ["Say which period the gap was found in."]})
        if period.kind.value not in found.period_kinds:
            kinds = ", ".join(found.period_kinds)
            raise ValidationError({"period": [f"{found.name} is measured by {kinds} only."]})
        existing = CoachingItem.objects.open().filter(person=person, metric=metric).first()
        if existing is not None:
            return existing
        line = person_card(person, period, with_trend=False).line(metric)
        value, target = line.value, line.target
        title = title.strip() or _gap_title(found, value, target, period)
    else:
        title = _required(errors, "title", title, "what the coaching is about")
    _raise(errors)
    try:
        with transaction.atomic():
            item = CoachingItem.objects.create(
                person=person,
                opened_by=by,
                title=title[:200],
                metric=metric,
                period_kind=period.kind.value if metric and period else "",
                period_start=period.start if metric and period else None,
                value_at_open=value,
                target_at_open=target,
            )
    except IntegrityError:
        # Opened at the same moment by the seller's other manager: answer theirs.
        return CoachingItem.objects.open().get(person=person, metric=metric)
    _event(item, by, "opened", title)
    return item


def _gap_title(metric: catalog.Metric, value, target, period: Period) -> str:
    shown = format_value(value, metric.unit) if value is not None else "no figure"
    if target is None:
        return f"{metric.name} in {period.short_label}: {shown}"
    against = format_target(target, metric)
    joined = ", allowed" if metric.direction == catalog.Direction.ZERO else " against"
    return f"{metric.name} in {period.short_label}: {shown}{joined} {against}"


def item_diagnose(
    *,
    item: CoachingItem,
    by: Person,
    skills: list[Skill] | None = None,
    evidence: str | None = None,
    seller_view: str | None = None,
    goal: PersonalGoal | None = None,
    clear_goal: bool = False,
) -> CoachingItem:
    """Write the diagnosis: root-cause skills, evidence, the seller's view, a linked personal goal.
    Seller and leader both write; None leaves a part as it was."""
    if item.status == CoachingItem.Status.CLOSED:
        raise ValidationError({"item": ["This coaching item is closed."]})
    if goal is not None and goal.person_id != item.person_id:
        raise ValidationError({"goal": ["Link a goal of the seller this item is about."]})
    changed = []
    with transaction.atomic():
        if skills is not None:
            item.skills.set(skills)
            names = ", ".join(s.name for s in skills) or "none"
            changed.append(f"root cause: {names}")
        if evidence is not None and evidence.strip() != item.evidence:
            item.evidence = evidence.strip()
            changed.append("evidence")
        if seller_view is not None and seller_view.strip() != item.seller_view:
            item.seller_view = seller_view.strip()
            changed.append("seller's view")
        if goal is not None or clear_goal:
            item.goal = goal
            changed.append(f"linked to goal: {goal.title}" if goal else "goal unlinked")
        item.save()
        if changed:
            _event(item, by, "diagnosed", "; ".join(changed))
    return item


def item_note(*, item: CoachingItem, by: Person, text: str) -> CoachingEvent:
    errors: dict[str, list[str]] = {}
    text = _required(errors, "text", text, "a note")
    _raise(errors)
    return CoachingEvent.objects.create(item=item, by=by, kind="note", text=text)


def assignment_add(
    *,
    item: CoachingItem,
    by: Person,
    template: AssignmentTemplate | None = None,
    title: str = "",
    description: str = "",
    skill: Skill | None = None,
    owner: Person | None = None,
    started_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    leader_rating_before: int | None = None,
) -> Assignment:
    """Agree a developmental assignment: from the library (`template`) or written by hand. The
    seller owns it unless said otherwise; it is due the template's usual number of days after
    it starts (28 for one written by hand) unless a due date is given."""
    errors: dict[str, list[str]] = {}
    if item.status == CoachingItem.Status.CLOSED:
        errors.setdefault("item", []).append("This coaching item is closed.")
    if template is not None:
        title = title.strip() or template.title
        description = description.strip() or template.description
        if skill is None:
            skill = template.skills.filter(coaching_items=item).first() or template.skills.first()
    title = _required(errors, "title", title, "the assignment")
    started_on = started_on or timezone.localdate()
    days = template.days if template is not None else 28
    due_on = due_on or started_on + datetime.timedelta(days=days)
    if due_on <= started_on:
        errors.setdefault("due_on", []).append("The due date must be after the start.")
    _check_rating(errors, "leader_rating_before", leader_rating_before)
    _raise(errors)
    assignment = Assignment.objects.create(
        item=item,
        template=template,
        skill=skill,
        title=title[:200],
        description=description.strip(),
        owner=owner or item.person,
        started_on=started_on,
        due_on=due_on,
        leader_rating_before=leader_rating_before,
    )
    _event(item, by, "assigned", f"{assignment.title} (due {long_day(due_on)})")
    return assignment


def _check_rating(errors: dict[str, list[str]], field: str, rating: int | None) -> None:
    if rating is not None and rating not in RATINGS:
        errors.setdefault(field, []).append("Rate from 1 (weak) to 5 (strong).")


def assignment_rate(
    *, assignment: Assignment, by: Person, before: int | None = None, after: int | None = None
) -> Assignment:
    """Record a skill rating before and/or after: the seller's own when `by` is the seller,
    else the leader's."""
    errors: dict[str, list[str]] = {}
    _check_rating(errors, "before", before)
    _check_rating(errors, "after", after)
    _raise(errors)
    side = "seller" if by.pk == assignment.item.person_id else "leader"
    if before is not None:
        setattr(assignment, f"{side}_rating_before", before)
    if after is not None:
        setattr(assignment, f"{side}_rating_after", after)
    assignment.save()
    return assignment


def assignment_complete(
    *,
    assignment: Assignment,
    by: Person,
    note: str = "",
    seller_rating_after: int | None = None,
) -> Assignment:
    """The seller marks an assignment done, with a note (and their own rating after)."""
    errors: dict[str, list[str]] = {}
    if assignment.status != Assignment.Status.OPEN or assignment.is_evaluated:
        errors.setdefault("assignment", []).append("This assignment is not open.")
    if assignment.item.status == CoachingItem.Status.CLOSED:
        errors.setdefault("item", []).append("This coaching item is closed.")
    _check_rating(errors, "seller_rating_after", seller_rating_after)
    _raise(errors)
    with transaction.atomic():
        assignment.status = Assignment.Status.DONE
        assignment.done_on = timezone.localdate()
        assignment.done_note = note.strip()
        if seller_rating_after is not None:
            assignment.seller_rating_after = seller_rating_after
        assignment.save()
        note = f": {assignment.done_note}" if assignment.done_note else ""
        _event(assignment.item, by, "done", assignment.title + note)
    return assignment


@transaction.atomic
def assignment_evaluate(
    *,
    assignment: Assignment,
    by: Person,
    was_done: bool,
    outcome: str,
    note: str = "",
    leader_rating_after: int | None = None,
    on: datetime.date | None = None,
) -> Evaluation:
    """Evaluate an assignment: done or not, the leader's rating after, and the metric that
    showed the gap measured over the months before and since the assignment started (kept on
    the evaluation as it stood). The outcome decides the item's next step:

    - closed: the gap is closed; the item closes and any other open assignment is dropped;
    - continue: the item stays open for another assignment;
    - new_cause: the root cause was wrong; the item goes back to diagnosis (its skills are
      cleared, the old ones stay in its history).

    Until one whole month has passed since the assignment started it is not measured: the
    evaluation is kept without figures. When the figures and the outcome disagree (the metric
    improved yet the root cause was wrong, or it did not improve yet the gap is closed) the
    leader's note must say why.
    """
    errors: dict[str, list[str]] = {}
    item = assignment.item
    on = on or timezone.localdate()
    found = (
        measure.measure(item.person_id, item.metric, assignment.started_on, on)
        if item.metric
        else None
    )
    if found is not None and not found.pending and not note.strip():
        disagreement = _disagreement(found, outcome)
        if disagreement:
            errors.setdefault("note", []).append(disagreement)
    if assignment.is_evaluated:
        errors.setdefault("assignment", []).append("This assignment has been evaluated.")
    elif assignment.status == Assignment.Status.DROPPED:
        errors.setdefault("assignment", []).append("This assignment was dropped.")
    if item.status == CoachingItem.Status.CLOSED:
        errors.setdefault("item", []).append("This coaching item is closed.")
    if outcome not in Evaluation.Outcome.values:
        errors.setdefault("outcome", []).append("Choose gap closed, continue or new root cause.")
    _check_rating(errors, "leader_rating_after", leader_rating_after)
    _raise(errors)
    evaluation = Evaluation(
        assignment=assignment,
        item=item,
        evaluated_by=by,
        evaluated_on=on,
        was_done=was_done,
        outcome=outcome,
        note=note.strip(),
    )
    if found is not None and not found.pending:
        evaluation.metric = item.metric
        evaluation.before_from, evaluation.before_value = found.before.start, found.before.value
        evaluation.after_from, evaluation.after_until = found.after.start, found.after.until
        evaluation.after_value = found.after.value
    evaluation.save()
    if leader_rating_after is not None:
        assignment.leader_rating_after = leader_rating_after
    if assignment.status == Assignment.Status.OPEN:
        # Evaluated before the seller marked it: it ends here either way, as the leader found.
        assignment.status = Assignment.Status.DONE if was_done else Assignment.Status.DROPPED
        assignment.done_on = on if was_done else None
    assignment.save(update_fields=["leader_rating_after", "status", "done_on"])
    label = Evaluation.Outcome(outcome).label
    _event(item, by, "evaluated", f"{assignment.title}: {label}. {evaluation.note}".strip())
    if outcome == Evaluation.Outcome.CLOSED:
        item.assignments.filter(status=Assignment.Status.OPEN).exclude(pk=assignment.pk).update(
            status=Assignment.Status.DROPPED
        )
        item.status, item.closed_at = CoachingItem.Status.CLOSED, timezone.now()
        item.save(update_fields=["status", "closed_at"])
        _event(item, by, "closed", "Gap closed.")
    elif outcome == Evaluation.Outcome.NEW_CAUSE:
        old = ", ".join(s.name for s in item.skills.all()) or "none"
        item.skills.clear()
        _event(item, by, "rediagnose", f"Earlier root cause: {old}")
    return evaluation


def _disagreement(found: measure.Measurement, outcome: str) -> str:
    """Why the outcome contradicts the figures, or "" when it does not: an improvement judged a
    wrong root cause, or no improvement judged a closed gap ("continue" fits either)."""
    name = found.metric.name
    if found.improved is True and outcome == Evaluation.Outcome.NEW_CAUSE:
        return (
            f"{name} improved since the assignment started, yet the outcome is "
            f"“{Evaluation.Outcome.NEW_CAUSE.label}”: say in the note why."
        )
    if found.improved is False and outcome == Evaluation.Outcome.CLOSED:
        return (
            f"{name} did not improve since the assignment started, yet the outcome is "
            f"“{Evaluation.Outcome.CLOSED.label}”: say in the note why."
        )
    return ""
