"""Demo step: two quarters of the pivot to leadership (the last finished quarter and the current
one), for both leaders' teams and for the leaders themselves to the director.

- The director challenges the leaders, and each leader challenges their team, a few days into
  each quarter (the current quarter's on its first days, or today if it began only just).
- Last quarter most sellers submitted (one left a draft); this quarter about half have so far,
  a few are drafting and the rest have not started. Ratings vary by person and standard from
  the seed, each with an example and an answer to "How have you practised leadership?".
- The leaders respond to some answers; one response of the demo leader to the demo seller
  became an action in the seller's development plan.
- Both leaders assessed themselves to the director last quarter; this quarter the demo leader
  has, the other leader not yet.
"""

import datetime

from leadwell.demo import DemoContext
from leadwell.leadership.pivot import services
from leadwell.leadership.pivot.models import PivotAssessment
from leadwell.leadership.pivot.standards import NUMBERS
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org.models import Person

EXAMPLES = {
    1: [
        "Paired with a newer seller on three discovery calls and let them lead the last one.",
        "Shared my proposal template and walked the team through it.",
        "Put a colleague forward to present our joint win at the all-hands.",
    ],
    2: [
        "Was first to log every activity the day it happened, all quarter.",
        "Took the hardest renewal myself instead of handing it on.",
        "Tried the new qualification checklist before asking the team to.",
    ],
    3: [
        "Gave a warm lead in my territory to a teammate who had the right contact.",
        "Covered a colleague's accounts during their leave.",
        "Moved my holiday to support the quarter-end customer event.",
    ],
    4: [
        "Owned the slipped deal in the forecast review and brought a recovery plan.",
        "Admitted I had missed the security questionnaire and fixed it in a day.",
        "Took responsibility for the pricing error and called the customer myself.",
    ],
    5: [
        "Built pipeline for two quarters out with three new mid-market prospects.",
        "Opened a first conversation in the healthcare segment.",
        "Mapped next year's renewals and started two of them early.",
    ],
    6: [
        "Answered every internal request within a day, as I do for customers.",
        "Prepared the hand-off to customer success as carefully as a customer meeting.",
        "Thanked legal and finance by name after the big close.",
    ],
    7: [
        "Turned down a quarter-end discount that would have trained the customer to wait.",
        "Mentored a new hire weekly on account planning.",
        "Kept in touch with a lost prospect; they came back for a pilot.",
    ],
}
PRACTISED = [
    "I ran the team's weekly pricing clinic and stopped discounting to close early.",
    "I mentored our newest seller and led the win-loss review for the team.",
    "I took ownership of two stalled deals and shared what I learned with the team.",
    "I worked two quarters ahead: half my new pipeline closes after next quarter.",
]
RESPONSES = {
    1: "Let them present the next win story themselves.",
    2: "Keep going first: lead the next pipeline review.",
    3: "Thank you for covering: tell me when it costs you.",
    4: "Bring the recovery plan to the Monday review.",
    5: "Add one new segment to your account plan next quarter.",
    6: "Invite finance to your next deal review.",
    7: "Mentor the new hire on discovery this quarter.",
}


def _previous(quarter: Period) -> Period:
    return period_of(quarter.start - datetime.timedelta(days=1), PeriodKind.QUARTER)


def _on(quarter: Period, days: int, today: datetime.date) -> datetime.date:
    return min(quarter.start + datetime.timedelta(days=days), today)


def _assess(
    context: DemoContext,
    person: Person,
    quarter: Period,
    day: datetime.date,
    *,
    submit: bool,
    strong: int,
) -> PivotAssessment:
    """Rate each standard around the person's own level, stronger on one standard."""
    assessment = services.assessment_start(person=person, quarter=quarter, today=day)
    level = context.rng.choice([2, 3, 3, 4])
    ratings = {
        n: min(5, max(1, level + context.rng.choice([-1, 0, 0, 1]) + (1 if n == strong else 0)))
        for n in NUMBERS
    }
    examples = {n: context.rng.choice(EXAMPLES[n]) for n in NUMBERS}
    if not submit:
        # A draft halfway through: the first few standards answered.
        keep = NUMBERS[: context.rng.randint(2, 5)]
        ratings = {n: ratings[n] for n in keep}
        examples = {n: examples[n] for n in keep}
    services.assessment_save(
        assessment=assessment,
        by=person,
        ratings=ratings,
        examples=examples,
        practised=context.rng.choice(PRACTISED),
        submit=submit,
        today=day,
    )
    return assessment


def _respond(
    assessment: PivotAssessment,
    by: Person,
    day: datetime.date,
    standards: list[int],
    to_plan: int | None = None,
) -> None:
    for answer in assessment.answers.filter(standard__in=standards):
        services.response_write(
            answer=answer,
            by=by,
            text=RESPONSES[answer.standard],
            add_to_plan=answer.standard == to_plan,
            due_on=day + datetime.timedelta(days=45) if answer.standard == to_plan else None,
            today=day,
        )


def build(context: DemoContext) -> None:
    director, today = context.director, context.today
    personas = {p.key: p.person for p in context.personas}
    demo_leader, demo_seller = personas.get("leader"), personas.get("seller")
    current = period_of(today, PeriodKind.QUARTER)
    last = _previous(current)
    for quarter in (last, current):
        running = quarter == current
        issued = _on(quarter, 3, today)
        if director is not None:
            services.challenge_issue(issuer=director, quarter=quarter, today=issued)
        for team, leader in zip(context.teams, context.leaders, strict=False):
            services.challenge_issue(
                issuer=leader,
                quarter=quarter,
                message="Everyone leads from their seat. Be honest: this is for your growth, "
                "between you and me.",
                today=issued,
            )
            sellers = context.sellers_by_team.get(team.pk, [])
            answered = _on(quarter, 20, today)
            for position, seller in enumerate(sellers):
                if running and position % 3 == 2 and seller != demo_seller:
                    continue  # not started yet
                submit = not (running and position % 3 == 1) and not (
                    not running and position == len(sellers) - 1 and seller != demo_seller
                )
                assessment = _assess(
                    context, seller, quarter, answered, submit=submit, strong=position % 7 + 1
                )
                if not submit:
                    continue
                respond_on = _on(quarter, 27, today)
                if seller == demo_seller and not running:
                    _respond(assessment, leader, respond_on, [2, 5, 7], to_plan=5)
                elif not running and position % 2 == 0:
                    _respond(assessment, leader, respond_on, [4])
            if director is not None and (not running or leader == demo_leader):
                mine = _assess(context, leader, quarter, answered, submit=True, strong=5)
                if not running:
                    _respond(mine, director, _on(quarter, 30, today), [1, 6])
