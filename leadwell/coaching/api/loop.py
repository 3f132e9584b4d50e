"""API for the coaching loop: an item per gap, its diagnosis, developmental assignments and their
evaluation with the metric measured before and after. Confidential to the seller and their
management line, as on the pages: anyone else, administrators included, gets 404."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from leadwell import policy
from leadwell.coaching import measure, selectors, services
from leadwell.coaching.api.common import (
    PersonBrief,
    SkillBrief,
    call,
    evaluation_of,
    me,
    skills_by_id,
    unprocessable,
)
from leadwell.coaching.models import (
    Assignment,
    AssignmentTemplate,
    CoachingItem,
    Evaluation,
    PersonalGoal,
    Skill,
)
from leadwell.lib.api_input import Day, Filters, Id, Input, Pages, PeriodName
from leadwell.lib.periods import parse_period as read_period
from leadwell.lib.periods import period_of
from leadwell.metrics import catalog
from leadwell.org import selectors as org
from leadwell.org.models import Person

router = Router(tags=["Coaching"])

CONFIDENTIAL = (
    "For the seller and their management line; anyone else (peers, administrators) gets 404."
)
RATING = "A skill rating from 1 (weak) to 5 (strong)"


# -- Schemas --------------------------------------------------------------------------------------


class WindowOut(Schema):
    start: datetime.date
    until: datetime.date = Field(description="The first day after the window")
    value: float | None = Field(description="The metric over the window; null without figures")


class EvaluationOut(Schema):
    id: int
    assignment_id: int
    evaluated_by: PersonBrief | None
    evaluated_on: datetime.date
    was_done: bool
    outcome: str = Field(description="closed (gap closed), continue or new_cause")
    note: str
    metric: str | None = Field(description="The metric that showed the gap; null for by hand")
    before: WindowOut | None = Field(
        description="The metric over as many whole months before the assignment started as "
        "have run since (kept as it stood when evaluated)"
    )
    after: WindowOut | None = Field(description="The metric since the assignment started")

    @staticmethod
    def resolve_metric(evaluation: Evaluation) -> str | None:
        return evaluation.metric or None

    @staticmethod
    def resolve_before(evaluation: Evaluation) -> dict[str, Any] | None:
        if evaluation.before_from is None:
            return None
        return {
            "start": evaluation.before_from,
            "until": evaluation.after_from,
            "value": evaluation.before_value,
        }

    @staticmethod
    def resolve_after(evaluation: Evaluation) -> dict[str, Any] | None:
        if evaluation.after_from is None:
            return None
        return {
            "start": evaluation.after_from,
            "until": evaluation.after_until,
            "value": evaluation.after_value,
        }


class AssignmentOut(Schema):
    id: int
    item_id: int
    template_id: int | None = Field(description="The library assignment it came from, if any")
    title: str
    description: str
    skill: SkillBrief | None
    owner: PersonBrief
    started_on: datetime.date
    due_on: datetime.date
    status: str = Field(description="open, done or dropped")
    overdue: bool
    done_on: datetime.date | None
    done_note: str
    seller_rating_before: int | None = Field(description=RATING)
    seller_rating_after: int | None = Field(description=RATING)
    leader_rating_before: int | None = Field(description=RATING)
    leader_rating_after: int | None = Field(description=RATING)
    evaluation: EvaluationOut | None

    @staticmethod
    def resolve_overdue(assignment: Assignment) -> bool:
        return assignment.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_evaluation(assignment: Assignment) -> Evaluation | None:
        return evaluation_of(assignment)


class ItemBrief(Schema):
    id: int
    title: str
    person: PersonBrief
    metric: str | None
    status: str

    @staticmethod
    def resolve_metric(item: CoachingItem) -> str | None:
        return item.metric or None


class AssignmentDetail(AssignmentOut):
    item: ItemBrief


class ItemOut(Schema):
    id: int
    person: PersonBrief
    title: str
    metric: str | None = Field(description="The metric of the gap; null for an item by hand")
    metric_name: str | None
    period: str | None = Field(description="The period the gap was found in, e.g. FY2025-Q2")
    period_label: str | None = Field(
        description='The period as people read it, e.g. "Q2 FY2025 (Apr 1 - Jun 30, 2025)"'
    )
    period_start: datetime.date | None
    value_at_open: float | None = Field(description="The metric's value when the item opened")
    target_at_open: float | None = Field(description="Its target when the item opened")
    status: str = Field(description="open or closed")
    opened_at: datetime.datetime
    opened_by: PersonBrief | None
    closed_at: datetime.datetime | None
    skills: list[SkillBrief] = Field(description="The root cause, as agreed in the diagnosis")
    goal_id: int | None = Field(description="The seller's personal goal it is linked to")

    @staticmethod
    def resolve_metric(item: CoachingItem) -> str | None:
        return item.metric or None

    @staticmethod
    def resolve_metric_name(item: CoachingItem) -> str | None:
        try:
            return catalog.get(item.metric).name if item.metric else None
        except LookupError:
            return item.metric

    @staticmethod
    def resolve_period(item: CoachingItem) -> str | None:
        if item.period_start is None or not item.period_kind:
            return None
        return period_of(item.period_start, item.period_kind).name

    @staticmethod
    def resolve_period_label(item: CoachingItem) -> str | None:
        if item.period_start is None or not item.period_kind:
            return None
        return period_of(item.period_start, item.period_kind).label


class GoalBrief(Schema):
    id: int
    title: str


class EventOut(Schema):
    at: datetime.datetime
    by: PersonBrief | None
    kind: str = Field(description="opened, diagnosed, note, assigned, done, evaluated, closed, …")
    text: str


class ItemDetail(ItemOut):
    evidence: str
    seller_view: str = Field(description="The seller's own view of the gap and its cause")
    goal: GoalBrief | None
    assignments: list[AssignmentOut]
    evaluations: list[EvaluationOut] = Field(description="Every evaluation, oldest first")
    events: list[EventOut] = Field(description="The item's history, oldest first")

    @staticmethod
    def resolve_evaluations(item: CoachingItem) -> list[Evaluation]:
        found = [e for a in item.assignments.all() if (e := evaluation_of(a)) is not None]
        return sorted(found, key=lambda e: (e.evaluated_on, e.pk))


class ItemFilter(Filters):
    status: Literal["open", "closed"] | None = Field(None, description="Only open or closed")


class ItemOpenIn(Input):
    metric: str = Field("", description="The metric of the gap (see GET /metrics/)")
    period: PeriodName | None = Field(
        None, description="With a metric: the period the gap was found in, e.g. 2025-Q2"
    )
    title: str = Field(
        "", description="What the coaching is about: required without a metric, else optional"
    )


class DiagnosisIn(Input):
    skill_ids: list[Id] | None = Field(
        None, description="The root cause: skills from GET /skills/ (replaces the earlier ones)"
    )
    evidence: str | None = None
    seller_view: str | None = Field(None, description="The seller's own view")
    goal_id: Id | None = Field(
        None, description="Link one of the seller's personal goals; null unlinks"
    )


class NoteIn(Input):
    text: str


class AssignmentIn(Input):
    template_id: Id | None = Field(None, description="From the library (title etc. default)")
    title: str = Field("", description="Required without a template")
    description: str = ""
    skill_id: Id | None = Field(None, description="The skill it develops")
    owner_id: Id | None = Field(
        None, description="The seller (default) or someone in the seller's management line"
    )
    started_on: Day | None = Field(None, description="Default: today")
    due_on: Day | None = Field(
        None, description="Default: the template's usual days after the start (28 by hand)"
    )
    leader_rating_before: int | None = Field(None, description=RATING)


class AssignmentDoneIn(Input):
    note: str = ""
    seller_rating_after: int | None = Field(None, description=RATING)


class RatingsIn(Input):
    before: int | None = Field(None, description=RATING)
    after: int | None = Field(None, description=RATING)


class EvaluationIn(Input):
    was_done: bool
    outcome: str = Field(
        description="closed: the gap is closed (the item closes); continue: the item stays "
        "open for another assignment; new_cause: back to diagnosis"
    )
    note: str = ""
    leader_rating_after: int | None = Field(None, description=RATING)


class MeasureOn(Filters):
    on: Day | None = Field(None, description="Measure as on this day (default today)")


class MeasuredWindow(WindowOut):
    months: int
    averaged: bool = Field(description="The average of monthly figures (medians, distinct counts)")
    running: bool = Field(description="The window's last month has not ended yet")


class MeasurementOut(Schema):
    assignment_id: int
    metric: str
    metric_name: str
    unit: str
    on: datetime.date = Field(description="The day measured on")
    measured_from: datetime.date = Field(
        description="One whole month after the assignment started: the first day it is measured"
    )
    pending: bool = Field(
        description="Not measured yet (before measured_from): both windows are empty, no values"
    )
    before: MeasuredWindow
    after: MeasuredWindow
    change: float | None = Field(description="after minus before; null when either is missing")
    improved: bool | None = Field(description="Whether after is better; null when unchanged")


# -- Helpers --------------------------------------------------------------------------------------


def _item(request: HttpRequest, action: str, item_id: int) -> CoachingItem:
    return policy.get_or_404(request.user, action, CoachingItem, pk=item_id)


def _detail(item: CoachingItem) -> CoachingItem | None:
    return selectors.item_detail(item.pk)


def _assignments():
    return Assignment.objects.select_related(
        "item__person", "owner", "skill", "evaluation__evaluated_by"
    )


def _assignment(request: HttpRequest, action: str, assignment_id: int) -> Assignment:
    return policy.get_or_404(request.user, action, _assignments(), pk=assignment_id)


def _owner(item: CoachingItem, owner_id: int | None) -> Person | None:
    if owner_id is None:
        return None
    if owner_id == item.person_id:
        return item.person
    for manager in org.management_line(item.person):
        if manager.pk == owner_id:
            return manager
    raise unprocessable(
        "owner_id", "The owner must be the seller or someone in the seller's management line."
    )


# -- Coaching items -------------------------------------------------------------------------------


@router.get(
    "/people/{person_id}/coaching-items",
    response=list[ItemOut],
    summary="A seller's coaching items, newest first",
    description=CONFIDENTIAL,
)
@paginate(Pages, page_size=25)
def item_list(request: HttpRequest, person_id: Id, filters: Query[ItemFilter]):
    person = policy.get_or_404(request.user, "view_coaching", Person, pk=person_id)
    items = CoachingItem.objects.filter(person=person)
    if filters.status:
        items = items.filter(status=filters.status)
    return items.select_related("person", "opened_by").prefetch_related("skills")


@router.post(
    "/people/{person_id}/coaching-items",
    response={201: ItemDetail, 200: ItemDetail},
    summary="Open a coaching item from a gap, or by hand (the seller's management line)",
    description="From a gap: send `metric` and `period`; the metric's value and target in the "
    "period are kept on the item. A gap that already has an open item answers that item "
    "(200) instead of opening a second one. By hand: send a `title` only. Anyone but the "
    "seller's management line gets 404; 422 with a message per field for bad input.",
)
def item_open(request: HttpRequest, person_id: Id, payload: ItemOpenIn):
    person = policy.get_or_404(request.user, "open_coaching", Person, pk=person_id)
    metric = payload.metric.strip()
    period = None
    if metric and payload.period:
        try:
            period = read_period(payload.period)
        except ValueError as problem:
            raise unprocessable("period", str(problem)) from None
    already = (
        CoachingItem.objects.open().filter(person=person, metric=metric).first() if metric else None
    )
    item = call(
        services.item_open,
        person=person,
        by=me(request),
        metric=metric,
        period=period,
        title=payload.title,
    )
    return Status(200 if already and already.pk == item.pk else 201, _detail(item))


@router.get(
    "/coaching-items/{item_id}",
    response=ItemDetail,
    summary="One coaching item: the gap, diagnosis, assignments, evaluations and history",
    description=CONFIDENTIAL + " Evaluations carry the metric measured before and since "
    "each assignment started, as it stood when evaluated.",
)
def item_detail(request: HttpRequest, item_id: Id):
    found = selectors.item_detail(item_id)
    if found is None:
        raise Http404("No coaching item found")
    policy.require(request.user, "view", found)
    return found


@router.post(
    "/coaching-items/{item_id}/diagnosis",
    response=ItemDetail,
    summary="Write the diagnosis together: root-cause skills, evidence, the seller's view",
    description="Seller and management line both write; leave out what does not change. "
    "Anyone else gets 404; 422 for a skill or goal that cannot be used.",
)
def item_diagnose(request: HttpRequest, item_id: Id, payload: DiagnosisIn):
    item = _item(request, "discuss", item_id)
    skills: list[Skill] | None = None
    if payload.skill_ids is not None:
        skills = skills_by_id(payload.skill_ids)
    goal: PersonalGoal | None = None
    if payload.goal_id is not None:
        goal = PersonalGoal.objects.filter(pk=payload.goal_id, person_id=item.person_id).first()
        if goal is None:
            raise unprocessable("goal_id", "Link a goal of the seller this item is about.")
    call(
        services.item_diagnose,
        item=item,
        by=me(request),
        skills=skills,
        evidence=payload.evidence,
        seller_view=payload.seller_view,
        goal=goal,
        clear_goal="goal_id" in payload.model_fields_set and payload.goal_id is None,
    )
    return _detail(item)


@router.post(
    "/coaching-items/{item_id}/notes",
    response={201: EventOut},
    summary="Add a note to a coaching item's history (seller or management line)",
    description=CONFIDENTIAL,
)
def item_note(request: HttpRequest, item_id: Id, payload: NoteIn):
    item = _item(request, "discuss", item_id)
    event = call(services.item_note, item=item, by=me(request), text=payload.text)
    return Status(201, event)


# -- Assignments ----------------------------------------------------------------------------------


@router.post(
    "/coaching-items/{item_id}/assignments",
    response={201: AssignmentOut},
    summary="Agree a developmental assignment, from the library or by hand (management line)",
    description="The seller owns it unless `owner_id` names someone in the seller's management "
    "line. Anyone but the management line gets 404; 422 with a message per field.",
)
def assignment_add(request: HttpRequest, item_id: Id, payload: AssignmentIn):
    item = policy.get_or_404(
        request.user, "manage", CoachingItem.objects.select_related("person"), pk=item_id
    )
    template = None
    if payload.template_id is not None:
        template = AssignmentTemplate.objects.filter(pk=payload.template_id).first()
        if template is None:
            raise unprocessable("template_id", "No such assignment in the assignment library.")
    skill = skills_by_id([payload.skill_id], "skill_id")[0] if payload.skill_id else None
    assignment = call(
        services.assignment_add,
        item=item,
        by=me(request),
        template=template,
        title=payload.title,
        description=payload.description,
        skill=skill,
        owner=_owner(item, payload.owner_id),
        started_on=payload.started_on,
        due_on=payload.due_on,
        leader_rating_before=payload.leader_rating_before,
    )
    return Status(201, _assignments().get(pk=assignment.pk))


@router.get(
    "/assignments/{assignment_id}",
    response=AssignmentDetail,
    summary="One developmental assignment, with its evaluation once evaluated",
    description=CONFIDENTIAL,
)
def assignment_detail(request: HttpRequest, assignment_id: Id):
    return _assignment(request, "view", assignment_id)


@router.post(
    "/assignments/{assignment_id}/done",
    response=AssignmentDetail,
    summary="Mark an assignment done, with a note and the seller's own rating after",
    description=CONFIDENTIAL + " 422 when it is not open.",
)
def assignment_complete(request: HttpRequest, assignment_id: Id, payload: AssignmentDoneIn):
    assignment = _assignment(request, "complete", assignment_id)
    return call(
        services.assignment_complete,
        assignment=assignment,
        by=me(request),
        note=payload.note,
        seller_rating_after=payload.seller_rating_after,
    )


@router.post(
    "/assignments/{assignment_id}/ratings",
    response=AssignmentDetail,
    summary="Rate the skill before and/or after: the seller's own, or the leader's",
    description="The seller's ratings when the seller sends them, else the leader's. "
    + CONFIDENTIAL,
)
def assignment_rate(request: HttpRequest, assignment_id: Id, payload: RatingsIn):
    assignment = _assignment(request, "complete", assignment_id)
    return call(
        services.assignment_rate,
        assignment=assignment,
        by=me(request),
        before=payload.before,
        after=payload.after,
    )


@router.post(
    "/assignments/{assignment_id}/evaluation",
    response={201: EvaluationOut},
    summary="Evaluate an assignment: done or not, the outcome, and the measured before/after",
    description="For the seller's management line; anyone else gets 404. The metric that "
    "showed the gap is measured over the month the assignment started and the whole months "
    "since that have passed, against as many before it, and kept on the evaluation (nothing is "
    "measured before one whole month has passed since it started). 422 once evaluated, for a "
    "closed item, or when the outcome goes against the figures without a note.",
)
def assignment_evaluate(request: HttpRequest, assignment_id: Id, payload: EvaluationIn):
    assignment = _assignment(request, "view", assignment_id)
    policy.require(request.user, "manage", assignment.item)
    evaluation = call(
        services.assignment_evaluate,
        assignment=assignment,
        by=me(request),
        was_done=payload.was_done,
        outcome=payload.outcome,
        note=payload.note,
        leader_rating_after=payload.leader_rating_after,
    )
    return Status(201, evaluation)


@router.get(
    "/assignments/{assignment_id}/measurement",
    response=MeasurementOut,
    summary="The live before/after of the metric that showed the gap, around an assignment",
    description=CONFIDENTIAL + " Measured from the monthly summaries on `on` (default today). "
    "422 for an item opened by hand: it has no metric to measure.",
)
def assignment_measurement(request: HttpRequest, assignment_id: Id, when: Query[MeasureOn]):
    assignment = _assignment(request, "view", assignment_id)
    item = assignment.item
    if not item.metric:
        raise unprocessable(None, "This coaching item was opened by hand: it has no metric.")
    day = when.on or timezone.localdate()
    found = measure.measure(item.person_id, item.metric, assignment.started_on, day)
    return {
        "assignment_id": assignment.pk,
        "metric": found.metric.key,
        "metric_name": found.metric.name,
        "unit": found.metric.unit.value,
        "on": day,
        "measured_from": found.measured_from,
        "pending": found.pending,
        "before": found.before,
        "after": found.after,
        "change": found.change,
        "improved": found.improved,
    }
