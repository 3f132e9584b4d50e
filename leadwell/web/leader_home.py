"""A leader's home: one line per direct report saying who needs the leader this week, and why.

Each line gathers what the other apps know about the seller: attainment to date against pace
(metrics), open gaps and how many have no open coaching item, assignments waiting for the
leader's evaluation, the next 1:1 (late or missed marked), the development plan's next review
(coaching) and the seller's wins this period. Every figure and link is there only when the
policy lets the viewer see it. A fixed number of queries however many reports there are.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Min, Q

from leadwell import policy
from leadwell.coaching import selectors as coaching
from leadwell.coaching.models import Assignment, CoachingItem, Meeting, OneOnOneSeries
from leadwell.lib.periods import Period
from leadwell.metrics import selectors as metrics
from leadwell.metrics.models import Scope
from leadwell.metrics.selectors import Line
from leadwell.org import selectors as org
from leadwell.org.models import Person

# How the lines are ordered, as the page says it.
ORDER = (
    "Most behind pace first, then the most gaps without a coaching item; "
    "sellers with no attainment figure last."
)


@dataclass
class ReportLine:
    """Where one direct report stands, as far as the viewer may see it."""

    person: Person
    # Scorecard (None when the viewer may not see it).
    may_view_scorecard: bool = False
    attainment: Line | None = None
    bookings: Line | None = None
    gaps: list[Line] = field(default_factory=list)
    deals_won: int = 0
    # Coaching (empty when the viewer may not see it).
    may_view_coaching: bool = False
    gaps_without_item: list[Line] = field(default_factory=list)
    waiting: int = 0
    plan: coaching.PlanStatus | None = None
    review_overdue: bool = False
    # The viewer's 1:1 with the report: the series, its next planned meeting and whether late.
    series: OneOnOneSeries | None = None
    next_meeting: datetime.date | None = None
    late: coaching.LateOneOnOne | None = None

    @property
    def behind(self) -> float | None:
        """Attainment as a share of what pace expects by today (of the full target when the
        period is over); None without an attainment figure and target."""
        line = self.attainment
        if line is None or line.value is None or not line.target:
            return None
        return line.value / line.target

    def sort_key(self) -> tuple:
        behind = self.behind
        return (behind is None, behind or 0.0, -len(self.gaps_without_item), self.person.name)


@dataclass
class LeaderHome:
    period: Period
    note: str
    lines: list[ReportLine]
    today: datetime.date
    order: str = ORDER

    @property
    def in_progress(self) -> bool:
        return self.period.contains(self.today)


def leader_home(viewer: policy.Asker, leader: Person, today: datetime.date) -> LeaderHome:
    """The lines of the leader's direct reports, the one needing help most first."""
    reports = list(org.direct_reports(leader).order_by("name"))
    ids = [p.pk for p in reports]
    period, note = metrics.default_period(Scope.PERSON, ids or None, today=today)
    if not reports:
        return LeaderHome(period, note, [], today)
    lines = {p.pk: ReportLine(p) for p in reports}

    scorecard_ids = [p.pk for p in reports if policy.can(viewer, "view_scorecard", p)]
    coaching_ids = [p.pk for p in reports if policy.can(viewer, "view_coaching", p)]
    scored = [lines[pk].person for pk in scorecard_ids]
    for card in metrics.person_cards(scored, period, today=today) if scored else []:
        line = lines[card.scope_id]
        line.may_view_scorecard = True
        line.attainment = card.line("quota_attainment")
        line.bookings = card.line("bookings")
        line.gaps = card.gaps
        line.deals_won = int(card.value("deals_won") or 0)

    if coaching_ids:
        taken_up = coaching.open_item_metrics(coaching_ids)
        waiting = Counter(
            Assignment.objects.filter(
                item__person_id__in=coaching_ids,
                item__status=CoachingItem.Status.OPEN,
                evaluation__isnull=True,
            )
            .exclude(status=Assignment.Status.DROPPED)
            .filter(Q(status=Assignment.Status.DONE) | Q(due_on__lte=today))
            .values_list("item__person_id", flat=True)
        )
        statuses = coaching.plan_statuses([lines[pk].person for pk in coaching_ids])
        for pk, status in zip(coaching_ids, statuses, strict=True):
            line = lines[pk]
            line.may_view_coaching = True
            line.gaps_without_item = coaching.without_item(line.gaps, taken_up[pk])
            line.waiting = waiting[pk]
            line.plan = status
            line.review_overdue = status.overdue(today)

    series_list = (
        OneOnOneSeries.objects.filter(leader=leader, report_id__in=ids)
        .current(today)
        .annotate(
            next_planned=Min(
                "meetings__scheduled_on",
                filter=Q(
                    meetings__status=Meeting.Status.PLANNED, meetings__scheduled_on__gte=today
                ),
            )
        )
    )
    for series in policy.visible(viewer, "view", series_list):
        line = lines[series.report_id]
        line.series = series
        line.next_meeting = series.next_planned  # type: ignore[attr-defined]
    if any(line.series is not None for line in lines.values()):
        for late in coaching.late_one_on_ones(leader, today):
            if late.series.report_id in lines and lines[late.series.report_id].series:
                lines[late.series.report_id].late = late

    ordered = sorted(lines.values(), key=ReportLine.sort_key)
    return LeaderHome(period, note, ordered, today)
