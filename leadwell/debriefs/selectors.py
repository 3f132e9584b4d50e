"""Reading debriefs and department talks: a debrief with the actions carried into it, where
each director's debriefs stand, and which departments a leader has not talked with this quarter
or the last.

Pages and the API fetch a debrief or an action through the `*_for` functions, which take the
viewer and fetch-and-check through the policy in one call (404 for anyone the rules leave out).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from leadwell import policy
from leadwell.debriefs.models import Debrief, DebriefAction, Department, DepartmentTalk
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Membership, Person

# How far back a missed month still counts as overdue: older ones are history, not a to-do.
LOOKBACK_MONTHS = 6
# How many quarters the talks page shows, the current one first.
QUARTERS_SHOWN = 4


def debrief_for(viewer: policy.Asker, debrief_id: int, action: str = "view") -> Debrief:
    debriefs = Debrief.objects.select_related("director", "leader")
    return policy.get_or_404(viewer, action, debriefs, pk=debrief_id)


def action_for(viewer: policy.Asker, action_id: int, action: str = "view") -> DebriefAction:
    actions = DebriefAction.objects.select_related("debrief", "owner")
    return policy.get_or_404(viewer, action, actions, pk=action_id)


def talk_for(viewer: policy.Asker, talk_id: int) -> DepartmentTalk:
    talks = DepartmentTalk.objects.select_related("leader", "department")
    return policy.get_or_404(viewer, "view", talks, pk=talk_id)


def visible_debriefs(viewer: policy.Asker) -> QuerySet[Debrief]:
    return (
        policy.visible(viewer, "view", Debrief.objects.all())
        .select_related("director", "leader")
        .annotate(open_actions=Count("actions", filter=Q(actions__done_on__isnull=True)))
        # A grouped query drops the model's own ordering: newest month first, then by name.
        .order_by("-month", "leader__name", "-id")
    )


def actions_of(debrief: Debrief) -> QuerySet[DebriefAction]:
    """The actions agreed in a debrief (fetched for the viewer through debrief_for)."""
    return debrief.actions.select_related("owner").order_by("due_on", "id")


def carried_into(debrief: Debrief) -> QuerySet[DebriefAction]:
    """The earlier debriefs' actions still open when this one was held, oldest debrief first."""
    return (
        DebriefAction.objects.carried_into(debrief)
        .select_related("owner", "debrief")
        .order_by("debrief__month", "due_on", "id")
    )


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _months(first: datetime.date, until: datetime.date) -> list[datetime.date]:
    """The months starting from `first` that ended by `until` (exclusive of the month `until`
    falls in)."""
    found, month = [], _month(first)
    while month < _month(until):
        found.append(month)
        month = period_of(month, PeriodKind.MONTH).end
    return found


def leaders_reporting_to(director: Person, on: datetime.date) -> list[Person]:
    """The director's direct reports who lead a team: those they hold a debrief with."""
    leading = Membership.objects.on(on).leaders().values("person_id")
    return list(org.direct_reports(director, on).filter(pk__in=leading).order_by("name"))


@dataclass
class DebriefStatus:
    """Where a director's debriefs with one leader stand on a day."""

    director: Person
    leader: Person
    this_month: Period
    held_this_month: Debrief | None = None
    last: Debrief | None = None
    # The months ended since the reporting line began (up to LOOKBACK_MONTHS) with no debrief.
    overdue: list[Period] = field(default_factory=list)
    open_actions: int = 0

    @property
    def is_overdue(self) -> bool:
        return bool(self.overdue)

    @property
    def due_by(self) -> datetime.date:
        """This month's debrief is due by the month's last day."""
        return self.this_month.end - datetime.timedelta(days=1)


def debrief_statuses(
    director: Person, leaders: list[Person], today: datetime.date
) -> list[DebriefStatus]:
    """For each leader reporting to `director`: their last debrief, this month's, the months
    overdue and the open actions between them."""
    ids = [p.pk for p in leaders]
    held = {}
    for debrief in Debrief.objects.filter(leader_id__in=ids).order_by("month", "id"):
        held[(debrief.leader_id, debrief.month)] = debrief
    open_counts = dict(
        DebriefAction.objects.open()
        .filter(debrief__director=director, debrief__leader_id__in=ids)
        .values("debrief__leader_id")
        .annotate(n=Count("id"))
        .values_list("debrief__leader_id", "n")
    )
    this_month = period_of(today, PeriodKind.MONTH)
    earliest = _month(today)
    for _ in range(LOOKBACK_MONTHS):
        earliest = _month(earliest - datetime.timedelta(days=1))
    statuses = []
    for leader in leaders:
        status = DebriefStatus(director, leader, this_month)
        mine = [d for (lid, _m), d in held.items() if lid == leader.pk]
        status.last = max(mine, key=lambda d: (d.month, d.pk), default=None)
        status.held_this_month = held.get((leader.pk, this_month.start))
        begins = _line_began(director, leader, today)
        first = max(earliest, begins if begins.day == 1 else period_of(begins, "month").end)
        status.overdue = [
            period_of(month, PeriodKind.MONTH)
            for month in _months(first, today)
            if (leader.pk, month) not in held
        ]
        status.open_actions = open_counts.get(leader.pk, 0)
        statuses.append(status)
    return statuses


def _line_began(director: Person, leader: Person, today: datetime.date) -> datetime.date:
    """The day the leader's current reporting line to the director began."""
    for begins, ends in org.reporting_line_spans(director.pk, leader.pk):
        if begins <= today and (ends is None or today < ends):
            return begins
    return today


def my_debrief_status(leader: Person, today: datetime.date) -> DebriefStatus | None:
    """A leader's own debriefs with the director they report to (None: no director)."""
    director = org.manager_of(leader, today)
    if director is None or not org.teams_led_by(leader, today).exists():
        return None
    return debrief_statuses(director, [leader], today)[0]


def overdue_debriefs(person: Person, today: datetime.date) -> list[DebriefStatus]:
    """The debriefs `person` takes part in that are overdue: as a director with each leader
    reporting to them, and as a leader with their director. For the home page."""
    statuses = [
        s
        for s in debrief_statuses(person, leaders_reporting_to(person, today), today)
        if s.is_overdue
    ]
    mine = my_debrief_status(person, today)
    if mine is not None and mine.is_overdue:
        statuses.append(mine)
    return statuses


# -- Department talks -----------------------------------------------------------------------------


@dataclass
class Cell:
    """A leader's talks with one department in one quarter."""

    department: Department
    talks: list[DepartmentTalk]
    # No talk in a quarter the leader led a team from its start: asked for.
    missing: bool


@dataclass
class QuarterTalks:
    """A leader's talks in one quarter, department by department in the list's order."""

    quarter: Period
    cells: list[Cell]
    # Whether the quarter has passed: a department still missing then is flagged.
    passed: bool

    @property
    def missing(self) -> list[Department]:
        return [cell.department for cell in self.cells if cell.missing]


@dataclass
class LeaderTalks:
    leader: Person
    quarters: list[QuarterTalks]

    @property
    def current(self) -> QuarterTalks:
        return self.quarters[0]

    @property
    def last_quarter(self) -> QuarterTalks | None:
        return self.quarters[1] if len(self.quarters) > 1 else None

    @property
    def missed_last_quarter(self) -> list[Department]:
        last = self.last_quarter
        return last.missing if last is not None else []


def _quarters(today: datetime.date, count: int) -> list[Period]:
    quarters = [period_of(today, PeriodKind.QUARTER)]
    while len(quarters) < count:
        quarters.append(period_of(quarters[-1].start - datetime.timedelta(days=1), "quarter"))
    return quarters


def talks_of(
    leaders: list[Person], today: datetime.date, count: int = QUARTERS_SHOWN
) -> list[LeaderTalks]:
    """Each leader's talks in the last `count` quarters (the current one first). A quarter
    before the person led a team asks for no talk."""
    departments = list(Department.objects.listed())
    quarters = _quarters(today, count)
    talks = (
        DepartmentTalk.objects.filter(
            leader__in=leaders, held_on__gte=quarters[-1].start, held_on__lt=quarters[0].end
        )
        .select_related("department")
        .order_by("held_on", "id")
    )
    by_leader: dict[int, list[DepartmentTalk]] = {}
    for talk in talks:
        by_leader.setdefault(talk.leader_id, []).append(talk)
    led_since = _leading_since(leaders)
    found = []
    for leader in leaders:
        rows = []
        for quarter in quarters:
            held: dict[int, list[DepartmentTalk]] = {}
            for talk in by_leader.get(leader.pk, []):
                if quarter.contains(talk.held_on):
                    held.setdefault(talk.department_id, []).append(talk)
            began = led_since.get(leader.pk)
            expected = began is not None and began <= quarter.start
            cells = [
                Cell(d, held.get(d.pk, []), expected and d.pk not in held) for d in departments
            ]
            rows.append(QuarterTalks(quarter, cells, quarter.end <= today))
        found.append(LeaderTalks(leader, rows))
    return found


def _leading_since(leaders: list[Person]) -> dict[int, datetime.date]:
    """The first day each person led a team (in their current run of leading)."""
    first: dict[int, datetime.date] = {}
    for person_id, valid_from in (
        Membership.objects.leaders()
        .filter(person__in=leaders)
        .values_list("person_id", "valid_from")
    ):
        if person_id not in first or valid_from < first[person_id]:
            first[person_id] = valid_from
    return first


def leaders_in_line(viewer: Person, today: datetime.date) -> list[Person]:
    """The leaders below `viewer` whose talks they read: everyone in their line who leads."""
    below = org.ids_below(viewer.pk, today)
    leading = Membership.objects.on(today).leaders().values("person_id")
    return list(Person.objects.filter(pk__in=below).filter(pk__in=leading).order_by("name"))


def departments() -> list[Department]:
    return list(Department.objects.listed())


def home_flags(person: Person, today: datetime.date) -> dict:
    """What a leader's or director's home page flags: overdue debriefs (theirs with their
    director, and their leaders' with them) and the departments a leader did not talk with
    last quarter."""
    missed: list[Department] = []
    if org.role_of(person, today) == org.Role.LEADER:
        missed = talks_of([person], today, 2)[0].missed_last_quarter
    return {
        "overdue_debriefs": overdue_debriefs(person, today),
        "missed_talks": missed,
        "last_quarter": _quarters(today, 2)[1],
    }
