"""Figures to coach to, and a coaching loop part-way through, for the coaching pages' tests."""

import datetime

import pytest
from django.utils import timezone

from leadwell.coaching import services
from leadwell.coaching.models import AssignmentTemplate, Skill
from leadwell.crm.models import Quota
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Target
from tests.conftest import deal

PERIOD = "FY2025-Q2"
Q2 = datetime.date(2025, 4, 1)


# Deals here are created 40 days before they close.
CYCLE = 40


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def last_month() -> datetime.date:
    return (this_month() - datetime.timedelta(days=1)).replace(day=10)


@pytest.fixture
def results(personas):
    """Sam won two of three deals in FY2025-Q2 against a quota of 100,000 and a team win-rate
    standard of 80%: two gaps, bookings and win rate. Last month he won one deal of four, this
    month three of four, so a win-rate assignment started this month shows 25.0% -> 75.0%."""
    day = Q2 + datetime.timedelta(days=20)
    deal(personas.seller, "won", 30_000, day, cycle_days=CYCLE)
    deal(personas.seller, "won", 20_000, day, cycle_days=CYCLE)
    deal(personas.seller, "lost", 10_000, day, cycle_days=CYCLE)
    deal(personas.seller2, "won", 77_777, day, cycle_days=CYCLE)
    Quota.objects.create(
        person=personas.seller, period_kind="quarter", period_start=Q2, amount=100_000
    )
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.8, valid_from=Q2)
    for outcome in ["won", "lost", "lost", "lost"]:
        deal(personas.seller, outcome, 5_000, last_month(), cycle_days=CYCLE)
    for outcome in ["won", "won", "won", "lost"]:
        deal(personas.seller, outcome, 5_000, this_month(), cycle_days=CYCLE)
    recompute(today=timezone.localdate())
    return personas


@pytest.fixture
def loop(personas):
    """Sam's coaching part-way: a goal, an item by hand with a root cause and an open
    assignment from the library, and a development plan with one action."""
    goal = services.goal_save(
        person=personas.seller, area="career", title="Lead a team within three years"
    )
    item = services.item_open(
        person=personas.seller, by=personas.leader, title="Discovery calls without a plan"
    )
    discovery = Skill.objects.get(name="Discovery")
    services.item_diagnose(item=item, by=personas.leader, skills=[discovery], goal=goal)
    assignment = services.assignment_add(
        item=item,
        by=personas.leader,
        template=AssignmentTemplate.objects.get(title="Shadow a top performer's discovery calls"),
    )
    plan = services.plan_save(person=personas.seller, strengths="Persistent")
    action = services.plan_action_add(plan=plan, text="Lead the team's win-loss review")
    personas.goal = goal  # type: ignore[attr-defined]
    personas.item = item  # type: ignore[attr-defined]
    personas.assignment = assignment  # type: ignore[attr-defined]
    personas.plan = plan  # type: ignore[attr-defined]
    personas.action = action  # type: ignore[attr-defined]
    return personas
