"""Demo step: visions and their goals.

- The director's business-unit vision, published two months ago, with three goals.
- A vision for each leader persona's teams (manuel.dixon and laura.thomas), published two
  months ago, three or four goals linked to metrics over this fiscal year.
- One of the leader's goals changed three weeks ago because the market changed, with its
  reason and a note for the team: its history shows two versions.
The leader ticks the team standards a goal's serving beyond its own metric.
"""

import datetime

from django.utils import timezone

from leadwell.demo import DemoContext
from leadwell.leadership.vision import services
from leadwell.leadership.vision.services import GoalText
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.org import selectors as org

ONE_DAY = datetime.timedelta(days=1)

UNIT = {
    "value": "We give mid-sized companies a finance platform they can run without consultants.",
    "approach": "Regional teams that own their territory, selling with partners, landing with "
    "finance and expanding to operations.",
    "standing": "Second in the region behind a global suite; ahead on time to value and service.",
    "economy": "Budgets are tight through next year; buyers want proven payback within a year.",
}
LEADERS = {
    "leader": {
        "value": "Renewals and expansions our customers plan for, not ones we chase at quarter "
        "end.",
        "approach": "Discovery first: every deal has a named business problem and a payback case.",
        "standing": "We win on service and lose on price; we stop discounting to compete.",
        "economy": "Mid-market buyers delay new projects but still expand what works.",
    },
    "other_leader": {
        "value": "The fastest route from spreadsheet finance to a real platform.",
        "approach": "Short cycles: a demo in the first week, a pilot in the first month.",
        "standing": "The challenger in our region: smaller, quicker, closer to the customer.",
        "economy": "New companies keep forming in our region; we meet them early.",
    },
}


def _at(context: DemoContext, days_ago: int) -> datetime.datetime:
    day = context.today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _goals(context: DemoContext, key: str) -> list[GoalText]:
    year = period_of(context.today, PeriodKind.YEAR)
    first, last = year.start, year.end - ONE_DAY
    rng = context.rng
    new_customers = {"director": 40, "leader": 12, "other_leader": 15}[key]
    goals = [
        GoalText(
            title=f"{new_customers} new mid-market customers this year",
            detail="New logos, not expansions: the base next year's renewals grow from.",
            metric="new_accounts",
            target=new_customers,
            starts_on=first,
            target_date=last,
        ),
        GoalText(
            title="Win one deal in three that we take to a decision",
            metric="win_rate",
            target=round(rng.uniform(0.3, 0.36), 2),
            starts_on=first,
            target_date=last,
        ),
        GoalText(
            title="No more quarter-end rush",
            detail="Less than a quarter of bookings in the last two weeks of a quarter: deals "
            "close when the customer is ready, not when the quarter ends.",
            metric="quarter_end_share",
            target=0.25,
            starts_on=first,
            target_date=last,
        ),
    ]
    if key == "leader":
        goals.append(
            GoalText(
                title="Customers who would recommend us",
                detail="Every won customer is asked for one referral within a quarter.",
            )
        )
    return goals


def build(context: DemoContext) -> None:
    personas = {p.key: p.person for p in context.personas}
    answers = {"director": UNIT, **LEADERS}
    for key in ("director", "leader", "other_leader"):
        person = personas.get(key)
        if person is None or not org.teams_led_by(person, context.today).exists():
            continue
        vision = services.vision_save(owner=person, by=person, **answers[key])
        for text in _goals(context, key):
            services.goal_draft_save(vision=vision, by=person, text=text)
        services.vision_publish(vision=vision, by=person, at=_at(context, 60))
        if key != "leader":
            continue
        goals = list(vision.goals.order_by("position"))
        services.goal_serving_set(
            goal=goals[0], by=person, metrics=["activities_per_week", "pipeline_created"]
        )
        services.goal_serving_set(goal=goals[-1], by=person, metrics=["accounts_won"])
        first = goals[0].versions.get()
        services.goal_change(
            goal=goals[0],
            by=person,
            text=GoalText(
                title="15 new mid-market customers this year",
                detail=first.detail,
                metric=first.metric,
                target=15,
                starts_on=first.starts_on,
                target_date=first.target_date,
            ),
            change_kind="market",
            reason="A competitor left the mid-market in our region: about forty of its "
            "customers are looking for a new platform this year.",
            team_note="Nothing changes in how we sell: the same discovery, more doors open. "
            "Prospect the competitor's former customers first.",
            at=_at(context, 21),
        )
