"""Demo step: leading yourself.

- Both leaders (the demo leader and the other leader) have written their purpose, strengths and
  what they ask of their director, and a one-, three- and five-year career aspiration, each with
  dated actions (some done, one late). The director has given monthly feedback on each
  aspiration: every month for the demo leader; the other leader's last month was missed, so it
  is flagged overdue on both their pages.
- The seller persona's page starts from the personal goals the coaching step already wrote:
  her career goal is an aspiration there, to which she has added actions, with her purpose,
  strengths and asks, and her leader's feedback.
"""

import datetime

from django.utils import timezone

from leadwell.coaching.models import PersonalGoal
from leadwell.demo import DemoContext
from leadwell.leadership.yourself import services
from leadwell.leadership.yourself.models import (
    AspirationAction,
    AspirationFeedback,
    OwnPage,
    is_aspiration,
)
from leadwell.org import selectors as org
from leadwell.org.models import Person

PAGES = {
    "leader": {
        "why": "I was coached into this job by a manager who believed in me before I did. I "
        "want to do that for others.",
        "motivation": "Seeing a seller win a deal they would not have gone for a year ago.",
        "energy": "Customer visits with the team, and the Monday 1:1s.",
        "impact": "A team that keeps winning after I move on, and two of its sellers leading "
        "teams of their own.",
        "strengths": "Discovery coaching; calm forecast calls; building trust with new sellers.",
        "asks_of_manager": "A stretch assignment outside the region each half-year, and honest "
        "feedback on how I run the forecast review.",
    },
    "other_leader": {
        "why": "Selling is problem solving with people; leading a team lets me solve bigger "
        "problems with more people.",
        "motivation": "Building something that lasts: a team known for its customers' loyalty.",
        "energy": "Planning the territory with the team, and a good negotiation.",
        "impact": "Mid-market customers who renew because we understood their business.",
        "strengths": "Account planning, negotiation, patience with long cycles.",
        "asks_of_manager": "Time with the product team each quarter, and a sponsor for the "
        "regional role.",
    },
    "seller": {
        "why": "I like helping a customer find the way through a hard decision.",
        "motivation": "Recognition from customers more than from the leaderboard.",
        "energy": "First meetings, and preparing a good discovery call.",
        "impact": "Customers who call me before they call anyone else.",
        "strengths": "Preparation, follow-up, product knowledge.",
        "asks_of_manager": "Ride-alongs on the two largest deals this quarter, and a say in the "
        "new-logo territory.",
    },
}

# Each leader's aspirations: (horizon, title, detail, [(action, days from today, done)]).
ASPIRATIONS = {
    "leader": [
        (
            "year",
            "Run the region's forecast review",
            "The director's forecast call for the whole region, once a quarter.",
            [
                ("Sit in on the director's regional forecast call", -70, True),
                ("Present the team's forecast method at the leadership meeting", -12, False),
                ("Run one regional call with the director as observer", 60, False),
            ],
        ),
        (
            "three_years",
            "Lead a second-line team of three leaders",
            "Become the director of a business unit's enterprise sales.",
            [
                ("Finish the second-line leadership course", -30, True),
                ("Mentor a seller into a team-lead role", 180, False),
            ],
        ),
        (
            "five_years",
            "Head of sales for a business unit",
            "",
            [("Spend a quarter with finance on the planning cycle", 400, False)],
        ),
    ],
    "other_leader": [
        (
            "year",
            "Take the mid-market playbook to a second team",
            "",
            [
                ("Write down the account-planning playbook", -40, True),
                ("Coach the Boston team's leader through one account plan", 45, False),
            ],
        ),
        (
            "three_years",
            "Regional sales director",
            "A director's role in the region, or the next one to open.",
            [
                ("Ask for a sponsor in the leadership team", -5, False),
                ("Lead the cross-team pricing working group", 120, False),
            ],
        ),
        (
            "five_years",
            "Start a partner sales channel",
            "Partners who sell our product to the customers we cannot reach directly.",
            [("Meet three partner managers in other companies", 240, False)],
        ),
    ],
}

FEEDBACK = {
    "leader": [
        "Good progress: your forecast calls are the most accurate in the region. Next, run one "
        "regional call with me watching.",
        "The course is a good step. Pick the seller you will mentor and tell them why.",
        "Keep the five-year aspiration in view: a quarter with finance would help a lot.",
        "You asked for a stretch assignment: take the cross-region pricing review.",
        "Your presentation of the forecast method is overdue; let us set a day at the debrief.",
    ],
    "other_leader": [
        "The playbook is clear; use it with Boston before you take it further.",
        "A sponsor is a good ask. I will introduce you to two people who could be one.",
        "The partner channel is ambitious: start with the conversations, not a plan.",
        "You are on track on the one-year aspiration; the three-year one needs a first step.",
    ],
}

SELLER_ACTIONS = [
    ("Shadow the team lead's two largest negotiations", -20, True),
    ("Run the team's discovery practice session", 30, False),
]
SELLER_FEEDBACK = "Good choice of first steps. Let us pick the negotiations at Monday's 1:1."


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _months_back(today: datetime.date, count: int) -> datetime.date:
    month = today.replace(day=1)
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def build(context: DemoContext) -> None:
    personas = {p.key: p.person for p in context.personas}
    director = personas.get("director")
    if director is None:
        return
    today = context.today
    written = _at(today - datetime.timedelta(days=170))
    for key, aspirations in ASPIRATIONS.items():
        leader = personas.get(key)
        if leader is None:
            continue
        services.own_page_write(person=leader, by=leader, **PAGES[key])
        OwnPage.objects.filter(person=leader).update(created_at=written, updated_at=written)
        goals = []
        for horizon, title, detail, actions in aspirations:
            goal = services.aspiration_save(
                person=leader, by=leader, horizon=horizon, title=title, detail=detail
            )
            PersonalGoal.objects.filter(pk=goal.pk).update(created_at=written, updated_at=written)
            goals.append(goal)
            _actions(goal, leader, actions, today)
        # Monthly feedback, newest month first; the other leader's last month was missed.
        first_month = 1 if key == "leader" else 2
        for number, text in enumerate(FEEDBACK[key]):
            day = _months_back(today, first_month + number) + datetime.timedelta(days=19)
            _feedback(leader, director, text, goals[number % len(goals)], day)
    seller = personas.get("seller")
    if seller is not None:
        _seller(seller, today)


def _actions(goal: PersonalGoal, person: Person, actions, today: datetime.date) -> None:
    for text, days, done in actions:
        due = today + datetime.timedelta(days=days)
        action = services.aspiration_action_add(goal=goal, by=person, text=text, due_on=due)
        AspirationAction.objects.filter(pk=action.pk).update(
            created_at=_at(today - datetime.timedelta(days=150))
        )
        if done:
            services.aspiration_action_done(action=action, by=person, on=due)


def _feedback(
    person: Person, author: Person, text: str, goal: PersonalGoal, day: datetime.date
) -> None:
    feedback = services.aspiration_feedback_give(
        person=person, by=author, text=text, goal=goal, on=day
    )
    AspirationFeedback.objects.filter(pk=feedback.pk).update(created_at=_at(day))


def _seller(seller: Person, today: datetime.date) -> None:
    """The seller's page starts from the goals the coaching step wrote: her career goal, when
    it is in one, three or five years, is the aspiration she adds actions to."""
    services.own_page_write(person=seller, by=seller, **PAGES["seller"])
    started = _at(today - datetime.timedelta(days=45))
    OwnPage.objects.filter(person=seller).update(created_at=started, updated_at=started)
    goals = PersonalGoal.objects.filter(person=seller, status=PersonalGoal.Status.ACTIVE)
    goal = next((g for g in goals.order_by("pk") if is_aspiration(g)), None)
    if goal is None:
        return
    _actions(goal, seller, SELLER_ACTIONS, today)
    manager = org.manager_of(seller, today)
    if manager is not None:
        day = _months_back(today, 1) + datetime.timedelta(days=14)
        _feedback(seller, manager, SELLER_FEEDBACK, goal, day)
