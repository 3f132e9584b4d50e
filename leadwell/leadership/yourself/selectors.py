"""Leading yourself: the reads. A person's page with their aspirations grouped by horizon and
each one's actions, their other personal goals, their line's feedback and whether this month's
is overdue; and, for a manager, the pages of the people in their line.

Pages and the API fetch through these functions, which take the viewer and fetch-and-check
through the policy in one call (404 for anyone the rules leave out), in a constant number of
queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from leadwell import policy
from leadwell.coaching.models import PersonalGoal
from leadwell.leadership.yourself.models import (
    ASPIRATION_HORIZONS,
    HORIZON_HEADINGS,
    AspirationAction,
    AspirationFeedback,
    OwnPage,
)
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Person

# How far back a month with no feedback still counts as overdue: older ones are history.
LOOKBACK_MONTHS = 6


def person_for(viewer: policy.Asker, person_id: int, action: str = "view_yourself") -> Person:
    return policy.get_or_404(viewer, action, Person.objects.all(), pk=person_id)


def aspirations() -> QuerySet[PersonalGoal]:
    """Every career goal that counts as an aspiration (one, three or five years)."""
    return PersonalGoal.objects.filter(
        area=PersonalGoal.Area.CAREER, horizon__in=ASPIRATION_HORIZONS
    )


def aspiration_for(viewer: policy.Asker, goal_id: int, action: str = "view") -> PersonalGoal:
    return policy.get_or_404(viewer, action, aspirations().select_related("person"), pk=goal_id)


def action_for(viewer: policy.Asker, action_id: int, action: str = "view") -> AspirationAction:
    actions = AspirationAction.objects.select_related("goal", "goal__person")
    return policy.get_or_404(viewer, action, actions, pk=action_id)


@dataclass
class Horizon:
    """One horizon's aspirations, as the page groups them."""

    value: str
    heading: str
    goals: list[PersonalGoal]


@dataclass
class FeedbackStatus:
    """Whether the person's line keeps up the monthly feedback on their aspirations."""

    last: AspirationFeedback | None = None
    this_month: Period | None = None
    given_this_month: bool = False
    # The months ended since the first aspiration was written (up to LOOKBACK_MONTHS) with no
    # feedback; empty for someone with nobody above them, or no aspiration yet.
    overdue: list[Period] = field(default_factory=list)

    @property
    def is_overdue(self) -> bool:
        return bool(self.overdue)


@dataclass
class YourselfPage:
    person: Person
    page: OwnPage | None
    horizons: list[Horizon]
    other_goals: list[PersonalGoal]
    feedback: list[AspirationFeedback]
    status: FeedbackStatus
    manager: Person | None

    @property
    def aspirations(self) -> list[PersonalGoal]:
        return [goal for horizon in self.horizons for goal in horizon.goals]

    @property
    def is_empty(self) -> bool:
        written = self.page is not None and any(
            (self.page.has_purpose, self.page.strengths, self.page.asks_of_manager)
        )
        return not (written or self.aspirations or self.other_goals)


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return period_of(day, PeriodKind.MONTH).end


def feedback_status(
    starts: datetime.date | None,
    feedback_days: list[datetime.date],
    has_manager: bool,
    today: datetime.date,
) -> FeedbackStatus:
    """The monthly feedback's standing from the days it was given: each month that ended
    since the cadence `starts` (from the month after) without any is overdue."""
    this_month = period_of(today, PeriodKind.MONTH)
    months_given = {_month(day) for day in feedback_days}
    status = FeedbackStatus(this_month=this_month)
    status.given_this_month = this_month.start in months_given
    if starts is None or not has_manager:
        return status
    earliest = this_month.start
    for _ in range(LOOKBACK_MONTHS):
        earliest = _month(earliest - datetime.timedelta(days=1))
    month = max(earliest, _next_month(starts))
    while month < this_month.start:
        if month not in months_given:
            status.overdue.append(period_of(month, PeriodKind.MONTH))
        month = _next_month(month)
    return status


def cadence_starts(page: OwnPage | None, goals: list[PersonalGoal]) -> datetime.date | None:
    """When the monthly feedback falls due: once the person has written their page and an
    active aspiration, whichever came later. A seller whose career goals only stand on their
    coaching goals page has not asked for it yet, and nobody is flagged for them."""
    days = [timezone.localdate(g.created_at) for g in goals if g.status == g.Status.ACTIVE]
    if page is None or not days:
        return None
    return max(timezone.localdate(page.created_at), min(days))


def page_of(viewer: policy.Asker, person: Person, today: datetime.date) -> YourselfPage:
    """A person's whole page as the viewer may read it (the person fetched by person_for)."""
    actions = policy.visible(viewer, "view", AspirationAction.objects.all())
    goals = list(
        policy.visible(viewer, "view", PersonalGoal.objects.filter(person=person))
        .prefetch_related(Prefetch("aspiration_actions", queryset=actions, to_attr="actions"))
        .order_by("status", "created_at", "id")
    )
    aspiration_ids = set(aspirations().filter(person=person).values_list("pk", flat=True))
    horizons = [
        Horizon(
            value,
            HORIZON_HEADINGS[value],
            [g for g in goals if g.pk in aspiration_ids and g.horizon == value],
        )
        for value in ASPIRATION_HORIZONS
    ]
    feedback = list(
        policy.visible(viewer, "view", AspirationFeedback.objects.filter(person=person))
        .select_related("author", "goal")
        .order_by("-written_on", "-id")
    )
    manager = org.manager_of(person, today)
    page = policy.visible(viewer, "view", OwnPage.objects.filter(person=person)).first()
    status = feedback_status(
        cadence_starts(page, [g for g in goals if g.pk in aspiration_ids]),
        [one.written_on for one in feedback],
        manager is not None,
        today,
    )
    status.last = feedback[0] if feedback else None
    return YourselfPage(
        person=person,
        page=page,
        horizons=horizons,
        other_goals=[g for g in goals if g.pk not in aspiration_ids],
        feedback=feedback,
        status=status,
        manager=manager,
    )


@dataclass
class InLine:
    """A person in the viewer's line, with where their page stands."""

    person: Person
    aspirations: int
    status: FeedbackStatus


def people_in_line(viewer: policy.Asker, today: datetime.date) -> list[InLine]:
    """The people whose pages the viewer reads as their manager or a manager above, with how
    many aspirations each has and whether feedback is overdue, overdue ones first."""
    me = policy.viewer_for(viewer).person
    if me is None:
        return []
    people = list(
        policy.visible(
            viewer, "give_aspiration_feedback", Person.objects.filter(is_active=True)
        ).order_by("name")
    )
    ids = [p.pk for p in people]
    goals: dict[int, list[PersonalGoal]] = {pid: [] for pid in ids}
    for goal in (
        aspirations().filter(person_id__in=ids).only("pk", "person_id", "status", "created_at")
    ):
        goals[goal.person_id].append(goal)
    given: dict[int, list[datetime.date]] = {pid: [] for pid in ids}
    for person_id, day in AspirationFeedback.objects.filter(person_id__in=ids).values_list(
        "person_id", "written_on"
    ):
        given[person_id].append(day)
    pages = {page.person_id: page for page in OwnPage.objects.filter(person_id__in=ids)}
    # Everyone listed has a manager: the viewer is in their line.
    found = [
        InLine(
            person,
            sum(1 for g in goals[person.pk] if g.status == g.Status.ACTIVE),
            feedback_status(
                cadence_starts(pages.get(person.pk), goals[person.pk]),
                given[person.pk],
                True,
                today,
            ),
        )
        for person in people
    ]
    return sorted(found, key=lambda one: (not one.status.is_overdue, one.person.name))
