"""Reading coaching: a seller's coaching overview, a team's, a 1:1's agenda, and what is overdue.

Access is decided by the callers through leadwell.policy (`view_coaching` on the seller) before
they ask, except for 1:1s: pages and the API fetch a series, a meeting, its points, actions and
the viewer's own private note through the `*_for` functions here, which take the viewer and
fetch-and-check in one call (404 for anyone the rules leave out). Each function runs a fixed
number of queries however many sellers, items or points it returns.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from leadwell import policy
from leadwell.coaching.models import (
    ActionItem,
    Assignment,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    OneOnOneSeries,
    PlanReview,
    PrivateNote,
    TalkingPoint,
)
from leadwell.coaching.models.one_on_ones import MONDAY_QUESTION
from leadwell.lib.periods import Period
from leadwell.metrics.pace import Pace
from leadwell.metrics.selectors import Line, person_card, person_cards
from leadwell.org import selectors as org
from leadwell.org.models import Person


@dataclass
class Overview:
    """Where a seller's coaching stands: gaps not yet taken up, items being worked, assignments
    waiting for the leader's evaluation, and closed items with their measured effect."""

    person: Person
    period: Period
    # Every gap on the seller's scorecard, and those of them no open item works on yet.
    gaps: list[Line] = field(default_factory=list)
    open_gaps: list[Line] = field(default_factory=list)
    open_items: list[CoachingItem] = field(default_factory=list)
    waiting: list[Assignment] = field(default_factory=list)
    closed: list[tuple[CoachingItem, Evaluation | None]] = field(default_factory=list)


def overviews(people: Sequence[Person], period: Period, today: datetime.date) -> list[Overview]:
    ids = [p.pk for p in people]
    cards = {c.scope_id: c for c in person_cards(people, period)}
    found = {p.pk: Overview(p, period) for p in people}
    items = (
        CoachingItem.objects.filter(person_id__in=ids)
        .select_related("goal", "person")
        .prefetch_related(
            "skills",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("evaluation").order_by("due_on", "id"),
            ),
            Prefetch("evaluations", queryset=Evaluation.objects.order_by("evaluated_on", "id")),
        )
        .order_by("-opened_at", "-id")
    )
    taken_up: dict[int, set[str]] = defaultdict(set)
    for item in items:
        overview = found[item.person_id]
        if item.status == CoachingItem.Status.OPEN:
            overview.open_items.append(item)
            taken_up[item.person_id].add(item.metric)
            for assignment in item.assignments.all():
                if waiting(assignment, today):
                    overview.waiting.append(assignment)
        else:
            evaluations = list(item.evaluations.all())
            overview.closed.append((item, evaluations[-1] if evaluations else None))
    for person_id, overview in found.items():
        card = cards.get(person_id)
        if card is not None:
            overview.gaps = card.gaps
            overview.open_gaps = without_item(card.gaps, taken_up[person_id])
        overview.waiting.sort(key=lambda a: (a.due_on, a.pk))
    return [found[p.pk] for p in people]


def waiting(assignment: Assignment, today: datetime.date) -> bool:
    """Waiting for the leader's evaluation: done, or due by today, and not evaluated yet (the
    evaluation must be select_related: no query either way)."""
    if assignment.is_evaluated or assignment.status == Assignment.Status.DROPPED:
        return False
    return assignment.status == Assignment.Status.DONE or assignment.due_on <= today


def stage(item: CoachingItem, today: datetime.date) -> str:
    """Where an item stands, in the words the pages use (assignments and skills prefetched)."""
    if item.status == CoachingItem.Status.CLOSED:
        return "Closed"
    live = [
        a
        for a in item.assignments.all()
        if a.status != Assignment.Status.DROPPED and not a.is_evaluated
    ]
    if any(waiting(a, today) for a in live):
        return "Waiting for evaluation"
    if live:
        return "Assigned"
    return "Ready for an assignment" if item.skills.all() else "Diagnosing"


def overview(person: Person, period: Period, today: datetime.date) -> Overview:
    return overviews([person], period, today)[0]


def open_item_metrics(person_ids: Sequence[int]) -> dict[int, set[str]]:
    """{person id: the metrics their open coaching items work on}, in one query."""
    taken_up: dict[int, set[str]] = defaultdict(set)
    rows = CoachingItem.objects.open().filter(person_id__in=person_ids)
    for person_id, metric in rows.values_list("person_id", "metric"):
        taken_up[person_id].add(metric)
    return taken_up


def coached_between(
    person_ids: Sequence[int], start: datetime.date, end: datetime.date
) -> set[int]:
    """Of these people, those with a coaching item open at some time from `start` to the day
    before `end`, in one query."""
    rows = CoachingItem.objects.filter(person_id__in=person_ids, opened_at__date__lt=end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__date__gte=start)
    )
    return set(rows.values_list("person_id", flat=True))


def without_item(gaps: Sequence[Line], taken_up: set[str]) -> list[Line]:
    """The gaps no open coaching item works on yet. The coaching pages and the leader's home
    both count through here, so "without a coaching item" means one thing everywhere: an item
    takes up its metric's gap whatever period it was opened in."""
    return [line for line in gaps if line.metric.key not in taken_up]


def item_detail(item_id: int) -> CoachingItem | None:
    """One item with its diagnosis, assignments, evaluations and history (access is the caller's
    to check on the returned item)."""
    return (
        CoachingItem.objects.filter(pk=item_id)
        .select_related("person", "goal", "opened_by")
        .prefetch_related(
            "skills",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related(
                    "owner", "skill", "evaluation", "evaluation__evaluated_by"
                ),
            ),
            Prefetch("events", queryset=CoachingEvent.objects.select_related("by")),
        )
        .first()
    )


# -- 1:1s -----------------------------------------------------------------------------------------


def series_for(viewer: policy.Asker, series_id: int, action: str = "view") -> OneOnOneSeries:
    """A 1:1 series, if the viewer may do `action` on it (404 otherwise, the refusal logged)."""
    series = OneOnOneSeries.objects.select_related("leader", "report")
    return policy.get_or_404(viewer, action, series, pk=series_id)


def meeting_for(viewer: policy.Asker, meeting_id: int, action: str = "view") -> Meeting:
    """A 1:1 meeting, if the viewer may do `action` on it (404 otherwise, the refusal logged).
    A meeting planned for a day after its reporting line ended never took place: it is not
    part of the 1:1's history, and is not found."""
    meetings = Meeting.objects.select_related("series__leader", "series__report")
    meeting = policy.get_or_404(viewer, action, meetings, pk=meeting_id)
    ends = meeting.series.ended_on
    if ends is not None and meeting.scheduled_on >= ends and meeting.series.has_ended():
        raise Http404("No meeting found")
    return meeting


def meetings_of(series: OneOnOneSeries) -> QuerySet[Meeting]:
    """A 1:1's meetings up to the end of its reporting line (the series fetched for the viewer
    through series_for)."""
    return (
        series.meetings.filter(series.before_end()) if series.has_ended() else series.meetings.all()
    )


@dataclass
class LeftOpen:
    """What was still open when a 1:1's reporting line ended."""

    points: list[TalkingPoint]
    actions: list[ActionItem]


def left_open(series: OneOnOneSeries) -> LeftOpen:
    """Talking points never discussed and actions never done in a 1:1 that ended."""
    points = TalkingPoint.objects.filter(series=series, discussed_in__isnull=True)
    actions = ActionItem.objects.filter(series=series, done_on__isnull=True)
    return LeftOpen(
        list(points.select_related("added_by", "raised_for")),
        list(actions.select_related("owner")),
    )


def point_for(viewer: policy.Asker, point_id: int) -> TalkingPoint:
    """A talking point of a 1:1 the viewer is in (whether it belongs to the meeting at hand is
    the service's to check, and to say)."""
    points = TalkingPoint.objects.select_related("series", "raised_for", "added_by")
    return policy.get_or_404(viewer, "view", points, pk=point_id)


def action_item_for(viewer: policy.Asker, action_id: int) -> ActionItem:
    """An action item of a 1:1 the viewer is in."""
    actions = ActionItem.objects.select_related("series", "owner")
    return policy.get_or_404(viewer, "view", actions, pk=action_id)


def own_private_note(viewer: policy.Asker, meeting: Meeting) -> PrivateNote | None:
    """The viewer's own private note on a meeting: the only one the policy ever lets them read."""
    return policy.visible(viewer, "view", PrivateNote.objects.filter(meeting=meeting)).first()


@dataclass
class Agenda:
    meeting: Meeting
    question: str
    carried_over: list[TalkingPoint]
    new_points: list[TalkingPoint]
    discussed: list[TalkingPoint]
    open_actions: list[ActionItem]
    done_actions: list[ActionItem]
    open_assignments: list[Assignment]  # the seller's, on open items, by due date
    items_to_evaluate: list[Assignment]
    # The seller's open items with no live assignment yet (none, or only dropped or evaluated
    # ones), oldest first, each with its stage: diagnosing, or ready for an assignment.
    items_to_assign: list[tuple[CoachingItem, str]] = field(default_factory=list)


def agenda(meeting: Meeting, today: datetime.date, viewer: policy.Asker) -> Agenda:
    """Everything on a meeting's agenda, carried over from earlier meetings where undone.

    The seller's assignments on it are coaching, not 1:1 content: they pass the coaching rules
    for the viewer (a leader no longer in the seller's line sees none), and a 1:1 whose
    reporting line ended shows none at all, since they would be from after its end."""
    series = meeting.series
    day = meeting.scheduled_on
    points = (
        TalkingPoint.objects.filter(series=series, raised_for__scheduled_on__lte=day)
        .filter(Q(discussed_in__isnull=True) | Q(discussed_in=meeting))
        .select_related("added_by", "raised_for")
    )
    carried, new, discussed = [], [], []
    for point in points:
        if point.discussed_in_id == meeting.pk:
            discussed.append(point)
        elif point.raised_for_id == meeting.pk:
            new.append(point)
        else:
            carried.append(point)
    actions = (
        ActionItem.objects.filter(series=series, raised_in__scheduled_on__lte=day)
        .filter(Q(done_in__isnull=True, done_on__isnull=True) | Q(done_in=meeting))
        .select_related("owner")
    )
    open_actions = [a for a in actions if a.done_on is None]
    done_actions = [a for a in actions if a.done_on is not None]
    assignments: list[Assignment] = []
    if not series.has_ended(today):
        open_ones = (
            Assignment.objects.filter(item__person_id=series.report_id, item__status="open")
            .filter(evaluation__isnull=True)
            .exclude(status=Assignment.Status.DROPPED)
        )
        assignments = list(
            policy.visible(viewer, "view", open_ones)
            .select_related("item", "owner", "evaluation")
            .order_by("due_on", "id")
        )
    still_open = [a for a in assignments if a.status == Assignment.Status.OPEN]
    to_evaluate = [a for a in assignments if waiting(a, max(today, day))]
    to_assign = (
        [] if series.has_ended(today) else items_waiting_for_assignment(viewer, series.report)
    )
    return Agenda(
        meeting,
        MONDAY_QUESTION,
        carried,
        new,
        discussed,
        open_actions,
        done_actions,
        still_open,
        to_evaluate,
        to_assign,
    )


def items_waiting_for_assignment(
    viewer: policy.Asker, person: Person
) -> list[tuple[CoachingItem, str]]:
    """The person's open coaching items that wait for a developmental assignment: none agreed
    yet, or only dropped or already evaluated ones. Coaching rules apply to the viewer; each
    item comes with its stage: whether its root cause is diagnosed yet (one query)."""
    live = Assignment.objects.filter(item=OuterRef("pk"), evaluation__isnull=True).exclude(
        status=Assignment.Status.DROPPED
    )
    diagnosed = CoachingItem.skills.through.objects.filter(coachingitem_id=OuterRef("pk"))
    items = (
        CoachingItem.objects.open()
        .filter(person=person)
        .exclude(Exists(live))
        .annotate(diagnosed=Exists(diagnosed))
        .order_by("opened_at", "id")
    )
    return [
        (item, "Ready for an assignment" if item.diagnosed else "Diagnosing")
        for item in policy.visible(viewer, "view", items)
    ]


# The main lines of a seller's scorecard shown on their 1:1's agenda.
SNAPSHOT_METRICS = [
    "bookings",
    "quota_attainment",
    "win_rate",
    "avg_deal_size",
    "pipeline_coverage",
    "activities_per_week",
]


@dataclass
class Snapshot:
    """A compact view of a seller's scorecard for one period: the main lines with their value,
    target and gap."""

    person: Person
    period: Period
    lines: list[Line]
    # Set while the period runs: the lines are to date, bookings and attainment judged at pace.
    pace: Pace | None = None

    @property
    def heading(self) -> str:
        return self.pace.label if self.pace is not None else self.period.label


def scorecard_snapshot(viewer: policy.Asker, person: Person, period: Period) -> Snapshot | None:
    """The main lines of the person's scorecard for the period, or None when the viewer may not
    view that scorecard (the seller and their management line may: metrics' rules)."""
    if not policy.can(viewer, "view_scorecard", person):
        return None
    card = person_card(person, period, with_trend=False)
    return Snapshot(person, period, [card.line(key) for key in SNAPSHOT_METRICS], card.pace)


@dataclass
class LateOneOnOne:
    series: OneOnOneSeries
    last_held: datetime.date | None
    missed: list[datetime.date]  # planned meetings whose day has passed, and ones marked missed


def late_one_on_ones(leader: Person, today: datetime.date) -> list[LateOneOnOne]:
    """The leader's 1:1s that are behind: last week's slot passed without a held meeting, or a
    meeting left planned after its day (or marked missed) in the last four weeks."""
    series_list = list(
        OneOnOneSeries.objects.filter(leader=leader)
        .current(today)
        .select_related("report")
        .annotate(
            last_held=Max("meetings__scheduled_on", filter=Q(meetings__status=Meeting.Status.HELD))
        )
    )
    recent = today - datetime.timedelta(days=28)
    missed_by_series: dict[int, list[datetime.date]] = defaultdict(list)
    for series_id, day in (
        Meeting.objects.filter(series__in=series_list, scheduled_on__gte=recent)
        .filter(
            Q(status=Meeting.Status.MISSED)
            | Q(status=Meeting.Status.PLANNED, scheduled_on__lt=today)
        )
        .order_by("scheduled_on")
        .values_list("series_id", "scheduled_on")
    ):
        missed_by_series[series_id].append(day)
    late = []
    for series in series_list:
        slot = series.meeting_day_on_or_before(today - datetime.timedelta(days=1))
        last_held = series.last_held  # type: ignore[attr-defined]
        overdue = slot >= series.started_on and (
            last_held is None or last_held <= slot - datetime.timedelta(days=7)
        )
        missed = [d for d in missed_by_series[series.pk] if last_held is None or d > last_held]
        if overdue or missed:
            late.append(LateOneOnOne(series, last_held, missed))
    return late


# -- Development plans ---------------------------------------------------------------------------


@dataclass
class PlanStatus:
    person: Person
    plan: DevelopmentPlan | None
    last_review: datetime.date | None
    review_due_on: datetime.date | None

    def overdue(self, today: datetime.date) -> bool:
        return self.review_due_on is not None and self.review_due_on < today


def plan_statuses(people: Sequence[Person]) -> list[PlanStatus]:
    """Each person's plan and when its next monthly review is due (None without a plan)."""
    plans = {
        p.person_id: p
        for p in DevelopmentPlan.objects.filter(person__in=people).annotate(
            last_review=Max("reviews__reviewed_on")
        )
    }
    statuses = []
    for person in people:
        plan = plans.get(person.pk)
        last = plan.last_review if plan else None  # type: ignore[attr-defined]
        statuses.append(PlanStatus(person, plan, last, plan.review_due_on(last) if plan else None))
    return statuses


def overdue_plan_reviews(leader: Person, today: datetime.date) -> list[PlanStatus]:
    """The leader's direct reports whose plan's monthly review is overdue."""
    reports = list(org.direct_reports(leader).order_by("name"))
    return [s for s in plan_statuses(reports) if s.overdue(today)]


def reports_without_plan(leader: Person) -> list[Person]:
    """The leader's direct reports who have no development plan yet."""
    return list(org.direct_reports(leader).filter(plan__isnull=True).order_by("name"))


def next_one_on_one(report: Person, today: datetime.date) -> Meeting | None:
    """The report's next planned 1:1 with their manager, from today on (none planned: None)."""
    current = OneOnOneSeries.objects.filter(report=report).current(today)
    return (
        Meeting.objects.filter(
            series__in=current,
            status=Meeting.Status.PLANNED,
            scheduled_on__gte=today,
        )
        .filter(Q(series__ended_on__isnull=True) | Q(scheduled_on__lt=F("series__ended_on")))
        .select_related("series__leader")
        .order_by("scheduled_on")
        .first()
    )


def latest_reviews(plan: DevelopmentPlan) -> list[PlanReview]:
    return list(plan.reviews.select_related("by"))
