"""Coaching objects for the personas, written through the services, and API clients with tokens.

`coaching`: one of every kind about Sam Ortiz (the seller), so access can be tried on each:
his personal goal; a coaching item Lena opened by hand, diagnosed, with one assignment
evaluated (continue) and one open; the weekly 1:1 Lena leads with Sam, its meeting with a
talking point, an action and a private note each; his development plan with an action, a
monthly review and a comment.

`results`: a quarter of Sam's deals against a quota, summarised, so a gap can be opened with
real figures. In FY2025-Q2 Sam won 10,000 and 20,000 against a quota of 100,000 (bookings
30,000: a gap of 70,000); in February 2025, before the quarter, he won 12,000.
"""

import datetime
from dataclasses import dataclass

import pytest

from leadwell.coaching import services
from leadwell.coaching.models import (
    Assignment,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    OneOnOneSeries,
    PersonalGoal,
    PlanAction,
    PlanComment,
    PlanReview,
    Skill,
)
from leadwell.crm.models import Quota
from leadwell.metrics.compute import recompute
from tests.conftest import deal

PERIOD = "2025-Q2"
Q2 = datetime.date(2025, 4, 1)

# Who reads Sam's coaching: Sam and his management line. Never a peer, the other team, or an
# administrator as such.
SAMS_LINE = {"seller", "leader", "director"}
NOT_SAMS_LINE = {"seller2", "other_seller", "other_leader", "admin"}
# Who reads Sam's 1:1 with Lena: the two of them. Not even the director above Lena.
SAMS_ONE_ON_ONE = {"seller", "leader"}
NOT_IN_THE_ONE_ON_ONE = {"seller2", "other_seller", "other_leader", "admin", "director"}


def messages(response) -> dict[str, list[str]]:
    """{field: [message, ...]} from a 422 answer."""
    assert response.status_code == 422, response.content
    found: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        found.setdefault(error["loc"][-1], []).append(error["msg"])
    return found


@dataclass
class Coaching:
    goal: PersonalGoal
    item: CoachingItem
    evaluated: Assignment
    evaluation: Evaluation
    assignment: Assignment
    series: OneOnOneSeries
    meeting: Meeting
    plan: DevelopmentPlan
    plan_action: PlanAction
    review: PlanReview
    comment: PlanComment


@pytest.fixture
def coaching(personas) -> Coaching:
    sam, lena = personas.seller, personas.leader
    discovery = Skill.objects.get(name="Discovery")
    goal = services.goal_save(person=sam, area="career", title="Become a team lead")
    item = services.item_open(person=sam, by=lena, title="Discovery calls run short")
    services.item_diagnose(
        item=item,
        by=sam,
        skills=[discovery],
        evidence="Few questions about the cost of the problem",
        seller_view="I rush to the demo",
        goal=goal,
    )
    services.item_note(item=item, by=lena, text="Agreed in our 1:1")
    evaluated = services.assignment_add(
        item=item,
        by=lena,
        title="Shadow Sofia's discovery calls",
        started_on=datetime.date(2025, 4, 1),
        due_on=datetime.date(2025, 4, 29),
    )
    services.assignment_complete(assignment=evaluated, by=sam, note="Shadowed three calls")
    evaluation = services.assignment_evaluate(
        assignment=evaluated, by=lena, was_done=True, outcome="continue", note="Keep going"
    )
    assignment = services.assignment_add(item=item, by=lena, title="Write a discovery guide")

    series = services.series_start(leader=lena, report=sam)
    meeting = services.meeting_next(series=series)
    services.point_add(meeting=meeting, by=sam, text="My territory split")
    services.action_add(meeting=meeting, by=lena, text="Send the account list", owner=lena)
    services.private_note_write(meeting=meeting, by=lena, text="Lena's own thought on Sam")
    services.private_note_write(meeting=meeting, by=sam, text="Sam's own thought on Lena")

    plan = services.plan_save(person=sam, strengths="Relationships", skills_to_develop=[discovery])
    plan_action = services.plan_action_add(plan=plan, text="Attend the discovery workshop")
    review = services.plan_review_add(plan=plan, by=lena, progress="Good first month")
    comment = services.plan_comment_add(plan=plan, by=sam, text="I'd like a mentor too")
    return Coaching(
        goal=goal,
        item=item,
        evaluated=evaluated,
        evaluation=evaluation,
        assignment=assignment,
        series=series,
        meeting=meeting,
        plan=plan,
        plan_action=plan_action,
        review=review,
        comment=comment,
    )


@pytest.fixture
def results(personas):
    deal(personas.seller, "won", 12_000, "2025-02-10", created="2025-01-05")
    deal(personas.seller, "won", 10_000, "2025-04-20", created="2025-02-01")
    deal(personas.seller, "won", 20_000, "2025-05-15", created="2025-03-01")
    deal(personas.seller, "lost", 5_000, "2025-06-01", created="2025-03-10")
    Quota.objects.create(
        person=personas.seller, period_kind="quarter", period_start=Q2, amount=100_000
    )
    recompute(today=datetime.date(2025, 7, 15))
    return personas
