"""Demo step 5: the demo leader's weekly 1:1s and development plans (coaching items and goals
are step 4, `coaching.py`, whose context this step reuses).

- A weekly 1:1 of the demo leader with each direct report, seven weeks back, none late.
- A development plan per direct report, reviewed monthly. On the demo leader's home page the
  flag is the strong seller's overdue plan review (leaders neglect their best people); the
  late-1:1 flag shows for the other leader, whose 1:1 with the other-team seller persona
  missed its last two weeks.
"""

from django.core.exceptions import ValidationError

from leadwell.coaching import services
from leadwell.coaching.models import ActionItem, TalkingPoint
from leadwell.crm.models import Opportunity
from leadwell.demo import DemoContext
from leadwell.demo.coaching import DAY, ONE_ON_ONE_WEEKS, WEEK, _at, _Demo, _set, demo_for
from leadwell.org.models import Person


def build(context: DemoContext) -> None:
    found = demo_for(context)
    if found is None:
        return
    demo, reports = found
    for index, report in enumerate(reports):
        _one_on_ones(demo, report, with_private_note=index == 0)
    personas = {p.key: p.person for p in context.personas}
    if personas.get("other_leader") and personas.get("other_seller"):
        _late_one_on_ones(demo, personas["other_leader"], personas["other_seller"])
    _plans(demo, reports)


# -- Weekly 1:1s ----------------------------------------------------------------------------------

LEADER_POINTS = [
    "Forecast call for this week",
    "Pipeline for next quarter",
    "Feedback on your demo at the team meeting",
    "Account plan for your largest customer",
    "How the new pricing lands with customers",
    "Your territory for next year",
]
SELLER_POINTS = [
    "Discount approval for a multi-year deal",
    "Time off in the last week of December",
    "Help with a stalled deal: the champion left",
    "Budget for the negotiation course",
    "Too many internal meetings on Tuesdays",
    "Legal review is slowing two contracts",
]
NOTES = [
    "Went through the deals closing this month; agreed which two need a close plan.",
    "Calls up, meetings flat. Agreed to book meetings from last week's webinar list.",
    "Talked through {account}: who decides, what the customer is trying to fix, by when.",
    "Reviewed the forecast deal by deal; moved one from commit to best case.",
    "Celebrated the win at {account}. Talked about what made it work and repeating it.",
    "Went through the coaching assignment: what worked this week and what did not.",
]
SELLER_ACTIONS = [
    "Send the revised proposal to {account}",
    "Book a discovery call with a second contact at {account}",
    "Update close dates on the deals that moved",
    "Write the mutual close plan for {account}",
]
ANSWERS = [
    ("Join my call with the CFO at {account}.", "Join the CFO call at {account}"),
    ("Get me a faster answer on discount approvals.", "Agree a 24-hour turnaround on discounts"),
    ("Introduce me to the partner team.", "Introduce the partner team"),
    ("Keep Tuesday mornings free of internal meetings.", "Move the team meeting off Tuesdays"),
]


def _accounts(seller: Person) -> list[str]:
    names = list(
        Opportunity.objects.filter(owner=seller)
        .order_by("-amount_in_reporting_currency", "pk")
        .values_list("account__name", flat=True)[:4]
    )
    return names or ["your largest customer"]


def _one_on_ones(demo: _Demo, report: Person, *, with_private_note: bool) -> None:
    rng, leader = demo.rng, demo.leader
    accounts = _accounts(report)
    series = services.series_start(leader=leader, report=report)
    last = series.meeting_day_on_or_before(demo.today - DAY)
    days = [last - w * WEEK for w in range(ONE_ON_ONE_WEEKS - 1, -1, -1)]
    _set(series, started_on=days[0])
    # Planned in order, so each week's meeting exists before holding one plans the next.
    meetings = [
        services.meeting_next(series=series, today=day)
        for day in [*days, series.meeting_day_on_or_after(demo.today)]
    ]
    *history, upcoming = meetings
    missed = rng.randrange(1, ONE_ON_ONE_WEEKS - 2)
    from_question = rng.randrange(1, ONE_ON_ONE_WEEKS - 2)
    first_note = rng.randrange(len(NOTES))  # the notes rotate: no two weeks alike
    left_over: TalkingPoint | None = None
    answered = 0
    to_tick: list[ActionItem] = []
    for index, meeting in enumerate(history):
        day = meeting.scheduled_on
        if index == missed:
            services.meeting_hold(meeting=meeting, by=leader, held=False, today=demo.today)
            continue
        account = rng.choice(accounts)
        is_last = index == len(history) - 1
        for by, pool in ((leader, LEADER_POINTS), (report, SELLER_POINTS)):
            point = services.point_add(meeting=meeting, by=by, text=rng.choice(pool))
            services.point_set_discussed(point=point, meeting=meeting, by=leader, discussed=True)
        if left_over is not None:  # raised last time, not reached: discussed now
            services.point_set_discussed(
                point=left_over, meeting=meeting, by=leader, discussed=True
            )
        # Every other week a point is not reached and carries over; the last one still is.
        left_over = None
        if index % 2 == 0 or is_last:
            text = rng.choice(SELLER_POINTS)
            left_over = services.point_add(meeting=meeting, by=report, text=text)
        notes = NOTES[(first_note + index) % len(NOTES)].format(account=account)
        services.shared_notes_write(meeting=meeting, by=leader, text=notes)
        for done in to_tick:
            services.action_set_done(action=done, meeting=meeting, by=leader, done=True)
            _set(done, done_on=day)
        to_tick = [
            services.action_add(
                meeting=meeting,
                by=leader,
                text=rng.choice(SELLER_ACTIONS).format(account=account),
                owner=report,
                due_on=day + WEEK - DAY,
            )
        ]
        if index in (from_question, len(history) - 1):
            answered = rng.randrange(len(ANSWERS))
            answer, asked = ANSWERS[answered]
            services.answer_write(meeting=meeting, by=report, text=answer.format(account=account))
            to_tick += services.answer_to_actions(
                meeting=meeting,
                by=leader,
                texts=[asked.format(account=account)],
                due_on=day + WEEK,
            )
        if with_private_note and index == len(history) - 2:
            note = services.private_note_write(
                meeting=meeting,
                by=leader,
                text="Seemed tired and quiet about the territory change. Ask how it is going.",
            )
            _set(note, updated_at=_at(day, 12))
        services.meeting_hold(meeting=meeting, by=leader, today=demo.today)
        _set(meeting, held_at=_at(day, 10))
        TalkingPoint.objects.filter(raised_for=meeting).update(created_at=_at(day - 2 * DAY))
        ActionItem.objects.filter(raised_in=meeting).update(created_at=_at(day, 11))
    # The next meeting: the seller has already answered the standing question (something new).
    answer, _ = ANSWERS[(answered + 1) % len(ANSWERS)]
    services.answer_write(meeting=upcoming, by=report, text=answer.format(account=accounts[0]))
    services.point_add(meeting=upcoming, by=leader, text=rng.choice(LEADER_POINTS))
    TalkingPoint.objects.filter(raised_for=upcoming).update(created_at=_at(demo.today - DAY))


def _late_one_on_ones(demo: _Demo, leader: Person, report: Person) -> None:
    """Three held weeks, then the last two left planned and not held: late."""
    try:
        series = services.series_start(leader=leader, report=report)
    except ValidationError:  # not a direct report of theirs: no late 1:1 to show
        return
    last = series.meeting_day_on_or_before(demo.today - DAY)
    days = [last - w * WEEK for w in range(4, -1, -1)]
    _set(series, started_on=days[0])
    meetings = [services.meeting_next(series=series, today=day) for day in days]
    for meeting in meetings[:3]:
        text = demo.rng.choice(NOTES).format(account="the renewal")
        services.point_add(meeting=meeting, by=leader, text=demo.rng.choice(LEADER_POINTS))
        services.shared_notes_write(meeting=meeting, by=leader, text=text)
        services.meeting_hold(meeting=meeting, by=leader, today=demo.today)
        _set(meeting, held_at=_at(meeting.scheduled_on, 10))


# -- Development plans ----------------------------------------------------------------------------

# pattern -> what the seller does well, and the skills the plan develops (their coaching's)
PLANS: dict[str, tuple[str, list[str]]] = {
    "strong": ("Runs the best discovery calls on the team.", ["Account planning"]),
    "thin_pipeline": ("Loyal customers, excellent renewals.", ["Prospecting", "Time management"]),
    "low_win_rate": ("Energetic; fast follow-up, many meetings.", ["Discovery", "Qualification"]),
    "sandbagger": ("Reliable: delivers the number called, and more.", ["Forecasting discipline"]),
    "slipper": ("Strong relationships with champions.", ["Pipeline management", "Closing"]),
    "typical": ("Steady; well liked by customers and colleagues.", ["Negotiation"]),
}
READY_SOONER = {"strong", "sandbagger"}
PROGRESS = [
    ("Good start: the first actions are under way.", "Keep the weekly rhythm."),
    ("Halfway on the actions; the habit is forming.", "Ask a peer for feedback."),
    ("Visible progress in the numbers and in customer meetings.", "Set the next stretch."),
]


def _plans(demo: _Demo, reports: list[Person]) -> None:
    """A plan per direct report, built on their career goal and their coaching's skills, with
    the library's assignments for those skills as its actions and three monthly reviews; the
    strong seller's has only two, so its review is overdue."""
    strong = demo.patterns.get("strong")
    overdue = strong if strong is not None else (reports[0] if reports else None)
    started = demo.today - 110 * DAY
    for report in reports:
        pattern = next((k for k, p in demo.patterns.items() if p == report), "typical")
        strengths, skill_names = PLANS[pattern]
        skills = [demo.skills[n] for n in skill_names if n in demo.skills]
        career = demo.goals.get(report.pk, {}).get("career")
        plan = services.plan_save(
            person=report,
            strengths=strengths,
            skills_to_develop=skills,
            development_notes="Agreed together; reviewed at the first 1:1 of each month.",
            aspiration=career.title if career is not None else "",
            readiness="one_to_two_years" if pattern in READY_SOONER else "three_plus_years",
        )
        _set(plan, started_on=started, updated_at=_at(started))
        titles = [t.title for t in demo.templates.values() if set(t.skills.all()) & set(skills)]
        for number, text in enumerate([*titles[:2], "Present one customer win to the team"]):
            action = services.plan_action_add(
                plan=plan, text=text, due_on=started + 45 * DAY * (number + 1)
            )
            if number == 0:
                services.plan_action_set_done(action=action, done=True)
                _set(action, done_on=started + 40 * DAY)
        for number in range(2 if report == overdue else 3):
            progress, next_steps = PROGRESS[number]
            services.plan_review_add(
                plan=plan,
                by=demo.leader,
                progress=progress,
                next_steps=next_steps,
                reviewed_on=started + 30 * DAY * (number + 1),
            )
        text = "Agreed. I'd like a course on the first skill too."
        comment = services.plan_comment_add(plan=plan, by=report, text=text)
        _set(comment, created_at=_at(started + 32 * DAY))
