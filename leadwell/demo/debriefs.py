"""Demo step: the director's monthly debriefs with each leader, and the leaders' quarterly
talks with the departments.

- A debrief with the demo leader for each of the last six months, with agreed actions: most
  done, one still open and carried forward to every debrief since. This month's is not held yet
  (it is due by the month's end).
- The other leader's debriefs stop two months back: last month's is overdue, flagged on the
  director's home page and theirs.
- Talks with every department for the recent quarters, except one: last quarter passed without
  a talk with Legal for the demo leader, flagged on their home page and the talks page.
"""

import datetime

from leadwell.debriefs import services
from leadwell.debriefs.models import Department
from leadwell.debriefs.selectors import LOOKBACK_MONTHS
from leadwell.demo import DemoContext
from leadwell.lib.periods import PeriodKind, period_of

# As far back as a missed month counts as overdue, so only the planted gap is flagged.
MONTHS_BACK = LOOKBACK_MONTHS
QUARTERS_BACK = 3

FEEDBACK = [
    (
        "Pipeline coverage is back above three times the remaining quota.",
        "The Monday forecast review deal by deal.",
        "Bring the explanation and the recovery plan before I ask for it.",
    ),
    (
        "Two new logos in the enterprise segment; the team celebrates wins together.",
        "Weekly 1:1s with every seller, even in the last week of the quarter.",
        "Coach the newer sellers on discovery, not only on closing.",
    ),
    (
        "Forecast calls have been within five percent of the result.",
        "Sharing the win stories in the leadership meeting.",
        "Escalate stalled legal reviews earlier.",
    ),
    (
        "The team's activity is steady and the conversion rate is up.",
        "Pairing the strongest seller with the newest on calls.",
        "Plan the territory changes for next year with the sellers, not for them.",
    ),
    (
        "Attainment is on pace for the first time this year.",
        "The early renewal conversations.",
        "Delegate the deal desk approvals you do not need to make yourself.",
    ),
    (
        "The forecast call held within a deal of the result.",
        "Recognising the team's wins in public.",
        "Bring finance into the large deals a week earlier.",
    ),
]
ACTIONS = [
    ("Share the recovery plan for the two slipped deals", "leader", 10),
    ("Introduce the leader to the head of customer success", "director", 7),
    ("Run a discovery workshop with the two newest sellers", "leader", 21),
    ("Agree the deal desk limits with finance", "director", 14),
    ("Draft next year's territory proposal with the team", "leader", 30),
    ("Book the quarterly talk with legal on fallback clauses", "leader", 14),
]
TALKS = {
    "Finance": (
        "Maria Lopez, finance business partner",
        "Turning the quarter-end commission run around in two days.",
        "Send the deal desk the discount requests with the margin already worked out.",
        "Maria shares the margin template; the team uses it from next month.",
    ),
    "HR": (
        "Tom Becker, HR business partner",
        "Finding two strong candidates for the open seller role quickly.",
        "A shared onboarding plan for new sellers' first 90 days.",
        "Draft the onboarding plan together by the end of the month.",
    ),
    "Legal": (
        "Priya Shah, commercial counsel",
        "Reviewing the multi-year contract over a weekend.",
        "Standard fallback clauses sellers can offer without a review.",
        "Legal sends the list of pre-approved clauses.",
    ),
}


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    month, found = today.replace(day=1), []
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        found.append(month)
    return list(reversed(found))


def build(context: DemoContext) -> None:
    personas = {p.key: p.person for p in context.personas}
    director, leader = personas.get("director"), personas.get("leader")
    if director is None or leader is None:
        return
    _debriefs(context, director, leader, _months_back(context.today, MONTHS_BACK))
    other = personas.get("other_leader")
    if other is not None:
        # The other leader's last month is missing: overdue.
        _debriefs(context, director, other, _months_back(context.today, MONTHS_BACK)[:-1])
    _talks(context, leader, missed=("Legal", 1))
    if other is not None:
        _talks(context, other, missed=None)


def _debriefs(context, director, leader, months: list[datetime.date]) -> None:
    people = {"director": director, "leader": leader}
    for index, month in enumerate(months):
        held_on = period_of(month, PeriodKind.MONTH).end - datetime.timedelta(days=3)
        going_well, to_continue, could_improve = FEEDBACK[index % len(FEEDBACK)]
        debrief = services.debrief_hold(
            director=director,
            leader=leader,
            month=month,
            held_on=held_on,
            going_well=going_well,
            to_continue=to_continue,
            could_improve=could_improve,
        )
        text, owner, days = ACTIONS[index % len(ACTIONS)]
        action = services.debrief_action_add(
            debrief=debrief,
            by=director,
            text=text,
            owner=people[owner],
            due_on=held_on + datetime.timedelta(days=days),
        )
        # The first month's action stays open and is carried into every debrief since; the
        # others are done before the next debrief.
        if index > 0:
            services.debrief_action_done(
                action=action,
                by=leader,
                on=min(held_on + datetime.timedelta(days=days), context.today),
            )


def _talks(context, leader, missed: tuple[str, int] | None) -> None:
    quarter = period_of(context.today, PeriodKind.QUARTER)
    # This quarter's first talk, once the quarter is a few weeks old.
    first = Department.objects.listed().first()
    if first is not None and quarter.start + datetime.timedelta(days=20) <= context.today:
        _talk(leader, first, quarter.start + datetime.timedelta(days=20))
    quarters = []
    for _ in range(QUARTERS_BACK):
        quarter = period_of(quarter.start - datetime.timedelta(days=1), PeriodKind.QUARTER)
        quarters.append(quarter)
    for back, quarter in enumerate(quarters, start=1):
        for offset, department in enumerate(Department.objects.listed()):
            if missed is not None and (department.name, back) == missed:
                continue
            _talk(leader, department, quarter.start + datetime.timedelta(days=20 + 7 * offset))


def _talk(leader, department, held_on: datetime.date) -> None:
    with_whom, thanked, ideas, follow_ups = TALKS.get(
        department.name, ("The department's lead", "Their help this quarter.", "", "")
    )
    services.talk_record(
        leader=leader,
        department=department,
        held_on=held_on,
        with_whom=with_whom,
        thanked_for=thanked,
        ideas=ideas,
        follow_ups=follow_ups,
    )
