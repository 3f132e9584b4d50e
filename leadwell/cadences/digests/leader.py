"""The leader's Monday digest: who needs them this week and why (the home page's lines), this
week's 1:1s and whether the Monday question is answered, plan reviews and upward reports due,
new pulse results, and the team's bookings against quota as the team page charts them."""

import datetime
import logging

from leadwell import policy
from leadwell.cadences.digests import Draft, Figure, day, link, plural, week_of
from leadwell.cadences.models import Kind
from leadwell.coaching.models import Meeting, OneOnOneSeries
from leadwell.metrics import selectors as metrics
from leadwell.metrics.models import Scope
from leadwell.org import selectors as org
from leadwell.org.models import Person
from leadwell.pulse.models import ResultGroup
from leadwell.reports import selectors as upward
from leadwell.web.leader_home import ReportLine, leader_home

log = logging.getLogger("leadwell.cadences")

NEEDS_YOU = "Who needs you this week"
ONE_ON_ONES = "This week's 1:1s"
DUE = "Reviews and reports due"
PULSE = "New pulse results"
CHART_ID = "team-bookings"


def reasons(line: ReportLine) -> list[str]:
    """Why a report needs the leader, from what the home page shows of them; empty when
    nothing does."""
    said = []
    of_pace = line.attainment.of_pace if line.attainment is not None else None
    if of_pace is not None and of_pace < 1:
        said.append(f"{of_pace:.0%} of pace")
    if line.gaps_without_item:
        said.append(f"{plural(len(line.gaps_without_item), 'gap')} without a coaching item")
    if line.waiting:
        said.append(f"{plural(line.waiting, 'assignment')} waiting for your evaluation")
    if line.late is not None:
        missed = len(line.late.missed)
        said.append(f"{plural(missed, '1:1')} missed" if missed else "1:1 late")
    if line.review_overdue and line.plan is not None and line.plan.review_due_on:
        said.append(f"plan review overdue since {day(line.plan.review_due_on)}")
    return said


def draft(leader: Person, today: datetime.date) -> Draft | None:
    home = leader_home(leader, leader, today)
    if not home.lines:
        return None
    monday = week_of(today)
    sunday = monday + datetime.timedelta(days=6)
    made = Draft(
        key=f"{Kind.LEADER_DIGEST}:{monday.isoformat()}",
        subject="",
        intro=f"Your team for the week of {day(monday)}.",
        empty={
            NEEDS_YOU: "Nobody is behind pace or waiting for you this week.",
            ONE_ON_ONES: "No 1:1 is planned this week.",
            DUE: "No plan review or upward report is due this week.",
            PULSE: "No new pulse result since last week.",
        },
    )

    needing = 0
    for line in home.lines:
        said = reasons(line)
        if said:
            needing += 1
            made.add(
                NEEDS_YOU, f"{line.person.name}: {'; '.join(said)}", link("person", line.person.pk)
            )

    meetings = list(
        Meeting.objects.filter(
            series__leader=leader,
            series__in=OneOnOneSeries.objects.current(today),
            scheduled_on__range=(monday, sunday),
        )
        .exclude(status=Meeting.Status.MISSED)
        .select_related("series__report")
        .order_by("scheduled_on", "series__report__name")
    )
    answered = sum(1 for m in meetings if m.answer.strip())
    for meeting in meetings:
        state = "answered the Monday question" if meeting.answer.strip() else "not answered yet"
        if meeting.status == Meeting.Status.HELD:
            state = "held"
        made.add(
            ONE_ON_ONES,
            f"{meeting.series.report.name}, {day(meeting.scheduled_on)}: {state}",
            link("one_on_ones:meeting", meeting.pk),
        )

    reviews = [
        (line.plan, line.plan.review_due_on)
        for line in home.lines
        if line.plan is not None and line.plan.review_due_on and line.plan.review_due_on <= sunday
    ]
    for status, due_on in reviews:
        when = f"overdue since {day(due_on)}" if due_on < today else f"due {day(due_on)}"
        made.add(
            DUE,
            f"Plan review of {status.person.name}: {when}",
            link("coaching:plan", status.person.pk),
        )
    reports_due = 0
    own = upward.own_reports(leader, today)
    if own is not None:
        for late in own.earlier_overdue:
            reports_due += 1
            made.add(
                DUE,
                f"Your report for {late.period.label}: overdue since {day(late.due_on)}",
                link("reports:list"),
            )
        sent = own.next_report is not None and own.next_report.is_sent
        if not sent and (own.is_overdue or own.due_on <= sunday):
            reports_due += 1
            when = (
                f"overdue since {day(own.due_on)}" if own.is_overdue else f"due {day(own.due_on)}"
            )
            made.add(DUE, f"Your report for {own.period.label}: {when}", link("reports:list"))

    results = policy.visible(
        leader,
        "view",
        ResultGroup.objects.filter(
            leader=leader, last_closed_on__gt=monday - datetime.timedelta(days=7)
        ).select_related("team"),
    )
    for group in results:
        made.add(
            PULSE,
            f"{group.team.name}: {plural(group.answers_count, 'answer')} from the pulse closed "
            f"{day(group.last_closed_on)}",
            link("pulse:team", group.team_id),
        )

    made.figures = [
        Figure(needing, f"{'seller needs' if needing == 1 else 'sellers need'} you this week"),
        Figure(f"{answered} of {len(meetings)}", "1:1s with the Monday question answered"),
        Figure(len(reviews) + reports_due, "plan reviews and reports due or overdue"),
    ]
    made.subject = (
        f"Your week: {plural(needing, 'seller needs', 'sellers need')} you, "
        f"{plural(len(meetings), '1:1')}"
    )
    made.chart = team_chart(leader, today)
    return made


def team_chart(leader: Person, today: datetime.date):
    """The team page's chart of the leader's first team (by name): bookings against quota.
    None where the system has no Cairo to draw it with (docs/decisions.md): the digest goes
    without its picture rather than not at all."""
    try:
        from leadwell.cadences.mail_charts import bookings_chart
    except (ImportError, OSError) as error:
        log.warning("the digest goes without its chart: CairoSVG cannot load (%s)", error)
        return None

    team = org.teams_led_by(leader, today).order_by("name").first()
    if team is None:
        return None
    period, _ = metrics.default_period(Scope.TEAM, [team.pk], today=today)
    card = metrics.group_cards(Scope.TEAM, [team], period, with_trend=True, today=today)[0]
    return bookings_chart(
        CHART_ID,
        team.name,
        card.line("bookings"),
        card.line("quota"),
        card.pace,
        period_label=card.period_label,
        today=today,
    )
