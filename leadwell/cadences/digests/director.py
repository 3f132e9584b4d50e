"""The director's weekly digest: upward reports received and late, challenges escalated to
them and waiting for their answer, extra asks waiting for a leader's assessment, and the
leaders whose balance of authority moved since the previous quarter.

A challenge is named by its team, category and who raised it, never by its description or
ask; an extra ask by its leader and amount's team, never by its reason."""

import datetime

from leadwell.asks.models import Ask
from leadwell.balance import selectors as balance
from leadwell.cadences.digests import Draft, Figure, day, link, noun, plural, week_of
from leadwell.cadences.models import Kind
from leadwell.challenges import selectors as challenges
from leadwell.metrics import selectors as metrics
from leadwell.org.models import Person
from leadwell.reports import selectors as upward
from leadwell.reports.models import Report

REPORTS = "Upward reports"
CHALLENGES = "Challenges escalated to you"
ASKS = "Extra asks waiting for an assessment"
BALANCE = "Balance of authority"


def moved(now: balance.Balance, before: balance.Balance) -> str | None:
    """How a leader's balance moved since `before`, in words; None when it did not: the lean
    changed, or as many signals fire in neither direction as before."""
    was, is_ = before.position, now.position
    if was.lean == is_.lean and (was.pressure, was.excuse) == (is_.pressure, is_.excuse):
        return None
    return (
        f"{is_.headline} (now {is_.pressure} pressure and {is_.excuse} excuse signals firing; "
        f"at the end of last quarter {was.pressure} and {was.excuse}: {was.headline.lower()})"
    )


def draft(director: Person, today: datetime.date) -> Draft | None:
    monday = week_of(today)
    since = monday - datetime.timedelta(days=7)
    made = Draft(
        key=f"{Kind.DIRECTOR_DIGEST}:{monday.isoformat()}",
        subject="",
        intro=f"Your leaders for the week of {day(monday)}.",
        empty={
            REPORTS: "No report came in last week and none is late.",
            CHALLENGES: "No escalated challenge is waiting for your answer.",
            ASKS: "No extra ask is waiting for a leader's assessment.",
            BALANCE: "No leader's balance moved since last quarter.",
        },
        action_url=link("lead-up"),
    )
    leaders = upward.leaders_reporting_to(director, today)
    received = list(
        upward.visible_reports(director)
        .filter(leader__in=leaders, status=Report.Status.SENT, sent_at__date__gte=since)
        .order_by("sent_at")
    )
    for report in received:
        made.add(
            REPORTS,
            f"{report.leader.name} sent the report for {report.period_label}",
            link("reports:report", report.pk),
        )
    late = [o for o in upward.overdue_reports(director, today) if o.leader != director]
    for overdue in late:
        made.add(
            REPORTS,
            f"{overdue.leader.name}'s report for {overdue.period.label}: late since "
            f"{day(overdue.due_on)}",
            link("reports:report", overdue.report.pk) if overdue.report else link("reports:list"),
        )

    waiting = challenges.awaiting_answer(director)
    for challenge in waiting:
        made.add(
            CHALLENGES,
            f"{challenge.get_category_display()} challenge of {challenge.team.name}, escalated "
            f"{day(challenge.escalated_on or challenge.raised_on)}",
            link("challenges:challenge", challenge.pk),
        )

    asks = list(
        Ask.objects.filter(director=director, decision="", assessment__isnull=True)
        .select_related("leader", "team")
        .order_by("asked_on", "id")
    )
    for ask in asks:
        made.add(
            ASKS,
            f"Extra ask of {ask.leader.name} ({ask.team.name}), asked {day(ask.asked_on)}",
            link("asks:ask", ask.pk),
        )

    rows = balance.leaders_below(director, today)
    last_quarter = metrics.current_period("quarter", today).start - datetime.timedelta(days=1)
    moves = 0
    for row in rows:
        said = moved(row.balance, balance.measure_leader(row.leader, last_quarter))
        if said:
            moves += 1
            made.add(BALANCE, f"{row.leader.name}: {said}", link("balance:leader", row.leader.pk))

    if not (leaders or rows):
        return None
    made.figures = [
        Figure(len(received), noun(len(received), "report") + " received"),
        Figure(len(late), noun(len(late), "report") + " late"),
        Figure(len(waiting), noun(len(waiting), "challenge") + " to answer"),
        Figure(len(asks), noun(len(asks), "extra ask") + " not assessed"),
        Figure(moves, f"{'leader' if moves == 1 else 'leaders'} whose balance moved"),
    ]
    made.subject = (
        f"Your leaders this week: {plural(len(received), 'report')} in, {len(late)} late, "
        f"{plural(len(waiting), 'challenge')} to answer"
    )
    return made
