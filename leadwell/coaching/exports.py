"""A seller's coaching history as one document the seller can keep: goals, every coaching item
with its measured results, the development plan, and the shared side of their weekly 1:1s.

The caller has already asked the policy for `view_coaching` on the seller (the seller and
their management line). Inside, the 1:1s follow their own rule: only the two people in a 1:1
read it, so a director exporting a seller's history gets the seller's coaching and plan but
not the 1:1s between the seller and their leader. Private notes are never read here at all,
not even the requester's own: a document travels, and a private note must not.

A fixed number of queries however long the history is.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils.text import slugify

from leadwell import policy
from leadwell.coaching import measure
from leadwell.coaching.models import (
    ActionItem,
    Assignment,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    OneOnOneSeries,
    PersonalGoal,
    PlanComment,
    PlanReview,
    TalkingPoint,
)
from leadwell.coaching.models.one_on_ones import MONDAY_QUESTION
from leadwell.identity.models import User
from leadwell.lib.periods import period_of
from leadwell.metrics import catalog
from leadwell.metrics.formatting import format_value
from leadwell.org.models import Person


@dataclass
class Measured:
    """An evaluation's before/after, formatted in the unit of the metric that showed the gap."""

    evaluation: Evaluation
    metric_name: str
    before: str
    after: str
    before_window: tuple[datetime.date, datetime.date] | None
    after_window: tuple[datetime.date, datetime.date] | None
    effect: str  # "better", "worse", "no change" or "" when either side has no figure


@dataclass
class AssignmentRecord:
    assignment: Assignment
    evaluation: Measured | None


@dataclass
class ItemRecord:
    item: CoachingItem
    metric_name: str
    period_name: str
    value_at_open: str
    target_at_open: str
    assignments: list[AssignmentRecord]
    events: list[tuple[str, CoachingEvent]]


@dataclass
class MeetingRecord:
    meeting: Meeting
    raised: list[TalkingPoint]  # points raised for this meeting, discussed then or later
    discussed_later: list[TalkingPoint]  # carried over from earlier and discussed here
    actions: list[ActionItem]  # raised in this meeting


@dataclass
class SeriesRecord:
    series: OneOnOneSeries
    meetings: list[MeetingRecord]
    open_actions: list[ActionItem]


@dataclass
class History:
    person: Person
    requested_by: Person | None
    generated_on: datetime.date
    goals: list[PersonalGoal]
    items: list[ItemRecord]
    plan: DevelopmentPlan | None
    series: list[SeriesRecord]
    monday_question: str = MONDAY_QUESTION
    open_items: int = field(init=False)

    def __post_init__(self) -> None:
        self.open_items = sum(1 for r in self.items if r.item.status == CoachingItem.Status.OPEN)


def filename(person: Person, today: datetime.date) -> str:
    return f"coaching-history-{slugify(person.name) or person.pk}-{today.isoformat()}.html"


def coaching_history(
    person: Person, *, viewer: User | AnonymousUser | None, today: datetime.date
) -> History:
    """Everything in the seller's coaching history the viewer may export (see the module)."""
    goals = list(PersonalGoal.objects.filter(person=person))
    items = (
        CoachingItem.objects.filter(person=person)
        .select_related("opened_by", "goal")
        .prefetch_related(
            "skills",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related(
                    "owner", "skill", "evaluation", "evaluation__evaluated_by"
                ).order_by("started_on", "id"),
            ),
            Prefetch("events", queryset=CoachingEvent.objects.select_related("by")),
        )
        .order_by("-opened_at", "-id")
    )
    plan = (
        DevelopmentPlan.objects.filter(person=person)
        .prefetch_related(
            "skills_to_develop",
            "actions",
            Prefetch("reviews", queryset=PlanReview.objects.select_related("by")),
            Prefetch("comments", queryset=PlanComment.objects.select_related("author")),
        )
        .first()
    )
    return History(
        person=person,
        requested_by=policy.viewer_for(viewer).person,
        generated_on=today,
        goals=goals,
        items=[_item_record(item) for item in items],
        plan=plan,
        series=_series(person, viewer),
    )


def _shown(value: float | None, metric: catalog.Metric | None) -> str:
    if metric is None:
        return "" if value is None else f"{value:g}"
    return format_value(value, metric.unit)


def _item_record(item: CoachingItem) -> ItemRecord:
    metric = catalog.BY_KEY.get(item.metric)
    period_name = ""
    if item.period_start and item.period_kind:
        period_name = period_of(item.period_start, item.period_kind).short_label
    assignments = []
    for assignment in item.assignments.all():
        try:
            evaluation: Evaluation | None = assignment.evaluation
        except Evaluation.DoesNotExist:
            evaluation = None
        measured = _measured(evaluation) if evaluation is not None else None
        assignments.append(AssignmentRecord(assignment, measured))
    return ItemRecord(
        item=item,
        metric_name=metric.name if metric else item.metric,
        period_name=period_name,
        value_at_open=_shown(item.value_at_open, metric),
        target_at_open=_shown(item.target_at_open, metric)
        if item.target_at_open is not None
        else "",
        assignments=assignments,
        events=[(e.label, e) for e in item.events.all()],
    )


def _measured(evaluation: Evaluation) -> Measured:
    metric = catalog.BY_KEY.get(evaluation.metric)
    before, after = evaluation.before_value, evaluation.after_value
    effect = ""
    if metric is not None and before is not None and after is not None:
        moved = measure.improved(metric, before, after)
        effect = "no change" if moved is None else ("better" if moved else "worse")
    before_window = after_window = None
    if evaluation.before_from and evaluation.before_last:
        before_window = (evaluation.before_from, evaluation.before_last)
    if evaluation.after_from and evaluation.after_last:
        after_window = (evaluation.after_from, evaluation.after_last)
    return Measured(
        evaluation=evaluation,
        metric_name=metric.name if metric else evaluation.metric,
        before=_shown(before, metric),
        after=_shown(after, metric),
        before_window=before_window,
        after_window=after_window,
        effect=effect,
    )


def _series(person: Person, viewer: User | AnonymousUser | None) -> list[SeriesRecord]:
    """The seller's 1:1s with their managers that the viewer takes part in: shared notes, the
    answers to the standing question, talking points and action items. Never private notes."""
    visible = policy.visible(viewer, "view", OneOnOneSeries.objects.filter(report=person))
    series_list = visible.select_related("leader", "report").prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("-scheduled_on", "-id")),
        Prefetch(
            "points",
            queryset=TalkingPoint.objects.select_related("added_by", "raised_for", "discussed_in"),
        ),
        Prefetch("actions", queryset=ActionItem.objects.select_related("owner", "done_in")),
    )
    records = []
    for series in series_list:
        raised: dict[int, list[TalkingPoint]] = {}
        discussed_later: dict[int, list[TalkingPoint]] = {}
        for point in series.points.all():
            raised.setdefault(point.raised_for_id, []).append(point)
            if point.discussed_in_id and point.discussed_in_id != point.raised_for_id:
                discussed_later.setdefault(point.discussed_in_id, []).append(point)
        actions: dict[int, list[ActionItem]] = {}
        for action in series.actions.all():
            actions.setdefault(action.raised_in_id, []).append(action)
        meetings = [
            MeetingRecord(
                meeting,
                raised.get(meeting.pk, []),
                discussed_later.get(meeting.pk, []),
                actions.get(meeting.pk, []),
            )
            for meeting in series.meetings.all()
            if meeting.status != Meeting.Status.PLANNED
            or meeting.answer
            or meeting.shared_notes
            or meeting.pk in raised
            or meeting.pk in actions
        ]
        open_actions = [a for a in series.actions.all() if a.done_on is None]
        records.append(SeriesRecord(series, meetings, open_actions))
    return records
