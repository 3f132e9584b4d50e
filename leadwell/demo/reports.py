"""Demo step 6: the leaders' monthly reports to the director for the past six months.

Each is built from the summaries and sent a couple of days after its month, as a leader would.
A month below plan carries an explanation and a strategy to recover, whose status the next
month's report follows up. The director has read all but the demo leader's latest, and asked
about the first month below plan in its thread. The other leader's last report due is late:
a draft, never sent.
"""

import datetime

from leadwell.demo import DemoContext
from leadwell.demo.coaching import _at, _set
from leadwell.org import selectors as org
from leadwell.org.models import Person
from leadwell.reports import figures, services
from leadwell.reports.models import Report, Strategy
from leadwell.reports.periods import ReportPeriod, period_for

MONTHS = 6
EXPLANATIONS = [
    "Two of the larger deals slipped into next month when the customers' budget sign-off "
    "moved; one was lost to a competitor on price.",
    "New pipeline dried up after the summer: fewer first meetings, and the deals that closed "
    "were smaller than the plan assumed.",
    "A seller was out for three weeks and their territory's deals stalled; the rest of the "
    "team could not make up the gap in time.",
]
LINKS = "Renewal at a key account slipped a month\nLost deal: price against a competitor"
STRATEGIES = [
    ("Weekly deal review of every deal over 50k with its owner", "win_rate", 0.3),
    ("Book two first meetings a day from the webinar list", "pipeline_created", None),
    ("Close plans for the three deals that slipped, with their sponsors", None, None),
]
FOLLOW_UPS = [
    ("done", "Done as planned; one of the deals it aimed at closed the week after."),
    ("open", "Started; the list is longer than planned."),
]


def build(context: DemoContext) -> None:
    personas = {p.key: p.person for p in context.personas}
    director = context.director
    if director is None:
        return
    for leader in org.direct_reports(director, context.today).order_by("name"):
        if not org.teams_led_by(leader, context.today).exists():
            continue
        late = leader == personas.get("other_leader")
        _reports_of(context, leader, director, late=late, demo=leader == personas.get("leader"))


def _months(today: datetime.date) -> list[ReportPeriod]:
    period = period_for("month", today).previous()
    found = []
    for _ in range(MONTHS):
        found.append(period)
        period = period.previous()
    return list(reversed(found))


def _reports_of(
    context: DemoContext, leader: Person, director: Person, *, late: bool, demo: bool
) -> None:
    months = _months(context.today)
    if late:
        # The last month whose report is already past due stays a draft, and nothing after it
        # is started: the leader is behind.
        due = [m for m in months if services.due_on(m) < context.today]
        months = months[: months.index(due[-1]) + 1] if due else months
    previous: Report | None = None
    asked = False
    for index, month in enumerate(months):
        report = services.report_draft(leader=leader, period=month, today=context.today)
        if late and index == len(months) - 1:
            return
        sent_on = min(month.end + datetime.timedelta(days=2), context.today)
        if previous is not None:
            for n, strategy in enumerate(previous.strategies.all()):
                status, outcome = FOLLOW_UPS[n % len(FOLLOW_UPS)]
                services.strategy_follow_up(
                    strategy=strategy, by=leader, status=status, outcome=outcome
                )
        built = figures.build(leader=leader, team=report.team, period=month, today=sent_on)
        if built["below_plan"]:
            _explain(context, report, leader, month, index)
        report = services.report_send(report=report, by=leader, today=sent_on)
        _set(report, sent_at=_at(sent_on, 16))
        is_latest = index == len(months) - 1
        if not (demo and is_latest):
            read_on = min(sent_on + datetime.timedelta(days=1), context.today)
            services.report_mark_read(report=report, by=director)
            _set(report, read_at=_at(read_on, 9))
        if built["below_plan"] and not asked:
            _thread(report, leader, director, sent_on)
            asked = True
        previous = report


def _explain(
    context: DemoContext, report: Report, leader: Person, month: ReportPeriod, index: int
) -> None:
    services.report_update(
        report=report,
        by=leader,
        explanation=EXPLANATIONS[index % len(EXPLANATIONS)],
        links=LINKS,
    )
    sellers = list(org.members_of([report.team], month.start).order_by("name"))
    what, metric, value = STRATEGIES[index % len(STRATEGIES)]
    owner = sellers[context.rng.randrange(len(sellers))] if sellers else leader
    due = month.end + datetime.timedelta(days=25)
    if metric is not None and value is not None:
        services.strategy_add(
            report=report,
            by=leader,
            what=what,
            owner=owner,
            due_on=due,
            effect_metric=metric,
            effect_value=value,
        )
    else:
        services.strategy_add(
            report=report, by=leader, what=what, owner=owner, due_on=due, effect_amount=50_000
        )
    if Strategy.objects.filter(report=report).count() < 2:
        services.strategy_add(
            report=report,
            by=leader,
            what="Ask for a pricing exception on the two deals lost on price",
            owner=leader,
            due_on=month.end + datetime.timedelta(days=10),
            effect_amount=30_000,
        )


def _thread(report: Report, leader: Person, director: Person, sent_on: datetime.date) -> None:
    lines = [
        (director, "question", "Which of the slipped deals do you expect to close next month?"),
        (leader, "answer", "Both renewals: the sponsors confirmed budget for the first week."),
        (director, "comment", "Good. Bring the close plans to our next 1:1."),
    ]
    for hour, (author, kind, text) in enumerate(lines, start=10):
        comment = services.report_comment(report=report, by=author, kind=kind, text=text)
        _set(comment, created_at=_at(sent_on + datetime.timedelta(days=1), hour))
