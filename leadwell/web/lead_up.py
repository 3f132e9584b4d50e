"""The "Lead up" hub: what a leader owes the line above (the year's plan, the upward report,
the monthly debrief with their director, the quarterly talks with the other departments) and,
for a director, where each of their leaders stands on the same. One page read at a glance; the
work itself is done on the plans, reports and debriefs pages it links to."""

import datetime
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from leadwell import policy
from leadwell.agreements import selectors as agreements
from leadwell.asks import selectors as asks
from leadwell.debriefs import selectors as debriefs
from leadwell.org import selectors as org
from leadwell.org.models import Person
from leadwell.plans import selectors as plans
from leadwell.reports import selectors as reports
from leadwell.reports.models import Report


@dataclass
class LeaderRow:
    """One leader reporting to the director, as the director's part of the hub shows them."""

    leader: Person
    plans: list["PlanState"]
    latest_report: Report | None
    overdue_reports: list[reports.Overdue]
    debrief: debriefs.DebriefStatus | None


@dataclass
class PlanState:
    """A team's plan for the year and the change requests waiting for the director's answer."""

    listed: plans.PlanListed
    open_changes: int = 0


def _plan_states(listed: list[plans.PlanListed]) -> list[PlanState]:
    waiting = plans.open_changes([p.cycle for p in listed if p.cycle])
    return [PlanState(p, waiting.get(p.cycle.pk, 0) if p.cycle else 0) for p in listed]


def _own_part(request: HttpRequest, me: Person, year: int, today: datetime.date) -> dict:
    mine = [p for p in plans.plans_of(request.user, year) if p.leader == me]
    talks = debriefs.talks_of([me], today, 2)[0]
    return {
        "plans": _plan_states(mine),
        "reports": reports.own_reports(request.user, today),
        "debrief": debriefs.my_debrief_status(me, today),
        "talks": talks,
        "talks_done": [c.department for c in talks.current.cells if c.talks],
        "talks_missing": [c.department for c in talks.current.cells if not c.talks],
        "agreements": agreements.own_states(request.user, me),
        "agreements_to_start": agreements.to_start(me),
    }


def _leader_rows(
    request: HttpRequest, me: Person, leaders: list[Person], year: int, today: datetime.date
) -> list[LeaderRow]:
    listed = _plan_states(plans.plans_of(request.user, year))
    latest = reports.latest_sent(request.user, leaders)
    overdue = reports.overdue_reports(request.user, today)
    statuses = {s.leader.pk: s for s in debriefs.debrief_statuses(me, leaders, today)}
    return [
        LeaderRow(
            leader=leader,
            plans=[p for p in listed if p.listed.leader == leader],
            latest_report=latest.get(leader.pk),
            overdue_reports=[o for o in overdue if o.leader == leader],
            debrief=statuses.get(leader.pk),
        )
        for leader in leaders
    ]


def lead_up_page(request: HttpRequest) -> HttpResponse:
    """A leader's own lead-up, a director's leaders one row each, both for a director who also
    reports upward. Nobody else leads up: a seller's plan is on the plan page, an
    administrator has no team."""
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    year = plans.this_fiscal_year()
    leaders = reports.leaders_reporting_to(me, today)
    owes = org.role_of(me, today) == org.Role.LEADER or reports.reports_up(me, today)
    if not (owes or leaders):
        raise Http404("Nothing to lead up for you")
    context: dict = {"today": today, "year": year, "own": None, "rows": []}
    context["asks_waiting"] = asks.waiting_for_assessment(me).count()
    if owes:
        context["own"] = _own_part(request, me, year, today)
    if leaders:
        context["rows"] = _leader_rows(request, me, leaders, year, today)
        context["agreements_waiting"] = agreements.waiting_for(me)
    return render(request, "web/lead_up.html", context)
