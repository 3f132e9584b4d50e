"""Demo step 4: the coaching loop on the demo leader's team, consistent with the planted patterns.

Written through leadwell.coaching.services as the leader and sellers would; the services stamp
each step with the present moment, so each is then dated back to when it happened (`_set`).

- Personal goals for every seller on both teams.
- On the demo leader's team, a coaching item at every stage, each opened from a gap the
  seller's scorecard really shows (a planted seller without that gap gets no item): the thin
  pipeline's prospecting block in progress; the low win rate sent to a new root cause once,
  then its second assignment done and waiting for evaluation; the sandbagger's forecast bias
  closed; the slipper's slipped deals being diagnosed; one more item closed with its metric
  measured before and after. The other sellers keep open gaps without an item. The team
  standards do not cover slipped deals, and hold forecast bias within 15%, so the leader agrees
  personal targets here (the sandbagger's bias within 20% either side; three slipped deals a
  quarter).

The weekly 1:1s and development plans are the next step (`one_on_ones.py`).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Any

from django.db.models import Max, Model
from django.utils import timezone

from leadwell.coaching import measure, services
from leadwell.coaching.models import (
    Assignment,
    AssignmentTemplate,
    CoachingEvent,
    CoachingItem,
    PersonalGoal,
    Skill,
)
from leadwell.demo import DemoContext
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.metrics.models import Target
from leadwell.metrics.selectors import Card, person_card
from leadwell.metrics.services import target_set
from leadwell.org import selectors as org
from leadwell.org.models import Person

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)
ONE_ON_ONE_WEEKS = 7  # of history before the next meeting


@dataclass
class _Demo:
    today: datetime.date
    rng: Random
    leader: Person
    patterns: dict[str, Person]
    skills: dict[str, Skill]
    templates: dict[str, AssignmentTemplate]
    goals: dict[int, dict[str, PersonalGoal]] = field(default_factory=dict)
    cards: dict[tuple[int, Period], Card] = field(default_factory=dict)
    events_dated: int = 0  # the last coaching event already dated back (see `_dated`)

    def card(self, person: Person, period: Period) -> Card:
        key = (person.pk, period)
        if key not in self.cards:
            self.cards[key] = person_card(person, period, with_trend=False)
        return self.cards[key]


def demo_for(context: DemoContext) -> tuple["_Demo", list[Person]] | None:
    """The demo leader's coaching context and direct reports (None without a demo leader)."""
    personas = {p.key: p.person for p in context.personas}
    leader = personas.get("leader")
    if leader is None:
        return None
    reports = list(org.direct_reports(leader, context.today).order_by("name"))
    goals: dict[int, dict[str, PersonalGoal]] = {}
    for goal in PersonalGoal.objects.filter(person__in=reports).order_by("pk"):
        goals.setdefault(goal.person_id, {}).setdefault(goal.area, goal)
    demo = _Demo(
        today=context.today,
        rng=context.rng,
        leader=leader,
        patterns={k: p for k, p in context.patterns.items() if p in reports},
        skills={s.name: s for s in Skill.objects.all()},
        templates={t.title: t for t in AssignmentTemplate.objects.prefetch_related("skills")},
        goals=goals,
        events_dated=CoachingEvent.objects.aggregate(last=Max("pk"))["last"] or 0,
    )
    return demo, reports


def build(context: DemoContext) -> None:
    found = demo_for(context)
    if found is None:
        return
    demo, reports = found
    sellers = [s for team in context.teams for s in context.sellers_by_team[team.pk]]
    for seller in sellers:
        _goals(demo, seller)
    _coaching_items(demo, reports)


# -- Dating steps back ----------------------------------------------------------------------------


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _set(obj: Model, **fields: Any) -> None:
    """Write fields the services stamp with today, on the row and on the object in hand (a
    later full save by a service must not write today's stamp back)."""
    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)


def _dated(demo: "_Demo", day: datetime.date, hour: int = 10) -> None:
    """Date on `day` the coaching history written since the last call (stamped now)."""
    CoachingEvent.objects.filter(pk__gt=demo.events_dated).update(at=_at(day, hour))
    demo.events_dated = CoachingEvent.objects.aggregate(last=Max("pk"))["last"] or 0


# -- Personal goals -------------------------------------------------------------------------------

# area -> (title, horizon, detail), written by the sellers in their own words
GOALS: dict[str, list[tuple[str, str, str]]] = {
    "career": [
        ("Lead a team of my own", "three_years", "I want to try coaching newer sellers first."),
        ("Move up to enterprise accounts", "year", "Bigger deals, longer cycles, more strategy."),
        ("Become a senior account executive", "year", "I'd like the title and the territory."),
    ],
    "income": [
        ("Earn my full variable pay this year", "year", "Last year I left a third of it."),
        ("Reach the accelerators in the fourth quarter", "quarter", ""),
        ("Save a deposit for a house", "three_years", "Commission is the only way I get there."),
    ],
    "skills": [
        ("Run a proper discovery call", "quarter", "Ask more, pitch less in first meetings."),
        ("Negotiate multi-year deals", "year", "Hold the price and trade term for discount."),
        ("Finish the product certification", "quarter", ""),
    ],
    "life": [
        ("Keep Friday afternoons for my family", "year", "No customer calls after 2 pm."),
        ("Run a marathon", "year", "Training four mornings a week."),
        ("Take two weeks off without checking e-mail", "year", ""),
    ],
}
# The goals that fit a planted pattern (area, index in GOALS): the coaching links to them.
PATTERN_GOALS = {
    "thin_pipeline": [("income", 0), ("career", 1)],
    "low_win_rate": [("skills", 0), ("career", 2)],
    "sandbagger": [("career", 0), ("income", 1)],
    "slipper": [("income", 2), ("life", 0)],
    "strong": [("career", 0), ("skills", 1)],
}


def _goals(demo: _Demo, seller: Person) -> None:
    pattern = next((k for k, p in demo.patterns.items() if p == seller), "")
    rng = demo.rng
    chosen = list(PATTERN_GOALS.get(pattern, []))
    for area in ("career", "income", rng.choice(["skills", "life"])):
        if len(chosen) < 3 and area not in {a for a, _ in chosen}:
            chosen.append((area, rng.randrange(len(GOALS[area]))))
    written = demo.goals.setdefault(seller.pk, {})
    for number, (area, index) in enumerate(chosen):
        title, horizon, detail = GOALS[area][index]
        # The certification is the one goal some sellers have already reached.
        status = "achieved" if (area, index) == ("skills", 2) else "active"
        goal = services.goal_save(
            person=seller, area=area, title=title, horizon=horizon, detail=detail, status=status
        )
        written_on = _at(demo.today - datetime.timedelta(days=150 - 9 * number))
        _set(goal, created_at=written_on, updated_at=written_on)
        written[area] = goal


# -- The coaching loop ----------------------------------------------------------------------------


def _previous(period: Period) -> Period:
    return period_of(period.start - DAY, period.kind)


def _before(day: datetime.date) -> list[Period]:
    """The quarters a leader looks back on when opening an item on `day`: the last two that
    ended, then the running one."""
    running = period_of(day, PeriodKind.QUARTER)
    last = _previous(running)
    return [last, _previous(last), running]


def _gap(
    demo: _Demo,
    seller: Person,
    metrics: Sequence[str],
    periods: Sequence[Period],
    below_zero: bool = False,
) -> tuple[str, Period] | None:
    """The first of `metrics` the seller's scorecard shows a gap on, in the first period that
    shows one (None when none does); `below_zero`: only a gap on the low side (sandbagging)."""
    for period in periods:
        gaps = demo.card(seller, period).gaps
        shown = {line.metric.key for line in gaps if not below_zero or (line.value or 0) < 0}
        for metric in metrics:
            if metric in shown:
                return metric, period
    return None


def _open(
    demo: _Demo,
    seller: Person,
    found: tuple[str, Period],
    day: datetime.date,
    diagnosis: tuple[list[str], str, str],
    goal: PersonalGoal | None = None,
) -> CoachingItem:
    """Open an item from a gap on `day` and diagnose it together: the leader names the root
    cause and the evidence that day, the seller writes their view the next."""
    metric, period = found
    item = services.item_open(person=seller, by=demo.leader, metric=metric, period=period)
    _set(item, opened_at=_at(day, 9))
    _dated(demo, day, hour=9)
    _diagnose(demo, item, demo.leader, day, diagnosis[0], evidence=diagnosis[1])
    services.item_diagnose(item=item, by=seller, seller_view=diagnosis[2], goal=goal)
    _dated(demo, day + DAY)
    return item


def _diagnose(
    demo: _Demo, item: CoachingItem, by: Person, day: datetime.date, skills: list[str], **parts: Any
) -> None:
    found = [demo.skills[n] for n in skills if n in demo.skills]
    services.item_diagnose(item=item, by=by, skills=found, **parts)
    _dated(demo, day)


def _assign(
    demo: _Demo, item: CoachingItem, title: str, started: datetime.date, ratings: tuple[int, int]
) -> Assignment:
    """Agree an assignment from the library, with the leader's and the seller's rating of the
    skill before it starts."""
    template = demo.templates.get(title)
    assignment = services.assignment_add(
        item=item, by=demo.leader, template=template, title=title, started_on=started
    )
    services.assignment_rate(assignment=assignment, by=demo.leader, before=ratings[0])
    services.assignment_rate(assignment=assignment, by=item.person, before=ratings[1])
    _set(assignment, created_at=_at(started))
    _dated(demo, started)
    return assignment


def _complete(demo: _Demo, assignment: Assignment, day: datetime.date, note: str) -> None:
    seller = assignment.item.person
    services.assignment_complete(assignment=assignment, by=seller, note=note, seller_rating_after=4)
    _set(assignment, done_on=day)
    _dated(demo, day, hour=16)


def _evaluate(
    demo: _Demo, assignment: Assignment, on: datetime.date, outcome: str, note: str
) -> None:
    """Evaluated on a past day, so the metric is re-measured from the summaries as they stood."""
    services.assignment_evaluate(
        assignment=assignment,
        by=demo.leader,
        was_done=True,
        outcome=outcome,
        note=note,
        leader_rating_after=4,
        on=on,
    )
    if outcome == "closed":
        _set(assignment.item, closed_at=_at(on, 11))
    _dated(demo, on, hour=11)


def _month_end_before(day: datetime.date) -> datetime.date:
    """The last day of the month before `day`'s: an evaluation dated there measures whole
    months, so the summaries of a later day do not leak into the window."""
    return period_of(day, PeriodKind.MONTH).start - DAY


def _agree_target(demo: _Demo, seller: Person, metric: str, value: float, on: datetime.date):
    if not Target.objects.filter(person=seller, metric=metric).exists():
        target_set(metric=metric, value=value, valid_from=on, person=seller, set_by=demo.leader)


def _coaching_items(demo: _Demo, reports: list[Person]) -> None:
    on_recent = _month_end_before(demo.today)
    patterns = demo.patterns
    if "thin_pipeline" in patterns:
        _thin_pipeline(demo, patterns["thin_pipeline"])
    if "low_win_rate" in patterns:
        _low_win_rate(demo, patterns["low_win_rate"], _month_end_before(on_recent))
    if "sandbagger" in patterns:
        _sandbagger(demo, patterns["sandbagger"], on_recent)
    if "slipper" in patterns:
        _slipper(demo, patterns["slipper"])
    others = [p for p in reports if p not in patterns.values()]
    strong = [patterns["strong"]] if "strong" in patterns else []
    _measured_and_closed(demo, strong + others, on_recent)


def _thin_pipeline(demo: _Demo, seller: Person) -> None:
    """Assigned: the prospecting block is under way and not due yet."""
    running = period_of(demo.today, PeriodKind.QUARTER)
    # Coverage means something for the running quarter: a past quarter has no pipeline left.
    metrics = ["pipeline_coverage", "pipeline_created"]
    found = _gap(demo, seller, metrics, [running, _previous(running)])
    if found is None:
        return
    opened = demo.today - 35 * DAY
    diagnosis = (
        ["Prospecting"],
        "Half the team's new opportunities a month; almost no first meetings from outbound.",
        "I spend my weeks on the deals I have and only prospect when they dry up.",
    )
    goal = demo.goals.get(seller.pk, {}).get("income")
    item = _open(demo, seller, found, opened, diagnosis, goal)
    _assign(demo, item, "Prospecting block 3x a week", opened + 5 * DAY, (2, 3))
    note = "Tuesday, Thursday and Friday mornings blocked: 38 new contacts, 4 first meetings."
    services.item_note(item=item, by=seller, text=note)
    _dated(demo, demo.today - 9 * DAY)


def _low_win_rate(demo: _Demo, seller: Person, first_on: datetime.date) -> None:
    """Diagnosed as product knowledge, evaluated as a new root cause (discovery), and the
    second assignment done and waiting for the leader's evaluation."""
    opened = first_on - 40 * DAY
    found = _gap(demo, seller, ["win_rate"], _before(opened))
    if found is None:
        return
    diagnosis = (
        ["Product knowledge"],
        "Lost most decided deals; two loss reasons say 'Missing feature'.",
        "Customers ask about integrations I can't answer on the spot.",
    )
    item = _open(demo, seller, found, opened, diagnosis)
    title = "Product certification and a demo to the team"
    first = _assign(demo, item, title, opened + 4 * DAY, (2, 3))
    _complete(demo, first, first_on - 5 * DAY, "Certified; gave the integrations demo on Monday.")
    note = (
        "The demo was strong, yet the lost deals were lost in the first meeting: we never "
        "found the customer's problem. The root cause is discovery."
    )
    _evaluate(demo, first, first_on, "new_cause", note)
    evidence = "Call reviews: proposals sent after one meeting, no decision maker identified."
    _diagnose(
        demo, item, demo.leader, first_on + DAY, ["Discovery", "Qualification"], evidence=evidence
    )
    view = "I go to the demo too early. I want to hear how the best people run first calls."
    goal = demo.goals.get(seller.pk, {}).get("skills")
    services.item_diagnose(item=item, by=seller, seller_view=view, goal=goal)
    _dated(demo, first_on + 2 * DAY)
    started = first_on + 12 * DAY
    second = _assign(demo, item, "Shadow a top performer's discovery calls", started, (2, 2))
    strong = demo.patterns.get("strong")
    whose = f"{strong.name.split()[0]}'s" if strong is not None else "a top performer's"
    note = f"Joined three of {whose} first calls; used the same questions on my last two."
    _complete(demo, second, min(started + 18 * DAY, demo.today - DAY), note)


def _sandbagger(demo: _Demo, seller: Person, on: datetime.date) -> None:
    """Closed: the forecast calls worked and the leader closed the gap."""
    opened = on - 70 * DAY
    periods = _before(opened)
    _agree_target(demo, seller, "forecast_bias", 0.2, periods[1].start)
    found = _gap(demo, seller, ["forecast_bias"], periods, below_zero=True)
    if found is None:
        return
    diagnosis = (
        ["Forecasting discipline"],
        "Commit called at half of what closed, three quarters in a row.",
        "I'd rather beat a low number than explain a miss.",
    )
    item = _open(demo, seller, found, opened, diagnosis)
    assignment = _assign(demo, item, "Weekly forecast call with evidence", opened + 4 * DAY, (2, 2))
    note = "Eight weekly calls done, each deal with the customer's own words and dates."
    _complete(demo, assignment, on - 12 * DAY, note)
    note = "Commit now within range of what closes; the team can plan on the number."
    _evaluate(demo, assignment, on, "closed", note)


def _slipper(demo: _Demo, seller: Person) -> None:
    """Being diagnosed: no assignment agreed yet."""
    running = period_of(demo.today, PeriodKind.QUARTER)
    last = _previous(running)
    _agree_target(demo, seller, "slipped_deals", 3, _previous(last).start)
    found = _gap(demo, seller, ["slipped_deals", "sales_cycle_days"], [last, running])
    if found is None:
        return
    diagnosis = (
        ["Pipeline management", "Closing"],
        "Most deals pushed at least once; close dates set before a decision date is known.",
        "Customers say yes and then procurement takes another month. I take their word.",
    )
    _open(demo, seller, found, demo.today - 10 * DAY, diagnosis)


# metric, root-cause skills, assignment: gaps a closed item can be about, in order of preference
CLOSABLE = [
    ("meetings_per_week", ["Time management"], "Prospecting block 3x a week"),
    ("activities_per_week", ["Time management"], "Prospecting block 3x a week"),
    ("sales_cycle_days", ["Closing"], "Mutual close plans for every deal in commit"),
    ("win_rate", ["Qualification"], "Qualify out three stalled deals"),
]


def _closable(
    demo: _Demo, candidates: list[Person], opened: datetime.date, on: datetime.date
) -> tuple[Person, tuple[str, Period], list[str], str] | None:
    """The first candidate gap that re-measures as better since `opened` (else the first that
    re-measures at all): the summaries decide, so the closed item shows a real effect."""
    fallback = None
    for seller in candidates:
        for metric, skills, title in CLOSABLE:
            found = _gap(demo, seller, [metric], _before(opened)[:2])
            if found is None:
                continue
            measured = measure.measure(seller.pk, metric, opened + 6 * DAY, on)
            if measured.before.value is None or measured.after.value is None:
                continue
            if measured.improved:
                return seller, found, skills, title
            fallback = fallback or (seller, found, skills, title)
    return fallback


def _measured_and_closed(demo: _Demo, candidates: list[Person], on: datetime.date) -> None:
    opened = on - 62 * DAY
    chosen = _closable(demo, candidates, opened, on)
    if chosen is None:
        return
    seller, found, skills, title = chosen
    diagnosis = (skills, "Below the team standard week after week.", "Fair. Meetings eat my days.")
    item = _open(demo, seller, found, opened, diagnosis)
    assignment = _assign(demo, item, title, opened + 6 * DAY, (3, 3))
    _complete(demo, assignment, on - 3 * DAY, "Done every week since we agreed it.")
    _evaluate(demo, assignment, on, "closed", "The numbers moved; keep the habit.")
