"""Demo step 6: each leader's team has a committed plan for the current fiscal year.

The plan's amounts are the quotas the CRM step set (each seller's, per quarter; the team's is
what they add up to), so committing it changes no scorecard; the quarters still to come take
each seller's latest quota. The negotiations hold two requests on the demo leader's plan:
one granted (the director had asked a seller for more in a quarter; the leader showed the
pipeline did not support it, and the quota went back to what the seller carries) and one
refused (a lower team quota for a quarter). Dates sit before and during the year, from the
demo's today, so the same seed and day give the same plans.
"""

import datetime
from decimal import Decimal

from leadwell.crm.selectors import quotas_in_place
from leadwell.demo import DemoContext
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.plans import services
from leadwell.plans.models import PlanChange, PlanCycle

STRETCH = Decimal(20_000)
REASONS = {
    "pipeline": "Qualified pipeline for the year covers about three times the proposed quota; "
    "the enterprise renewals land in Q2 and Q4.",
    "market": "Mid-size customers are consolidating vendors: fewer, larger deals, longer "
    "cycles. Two competitors cut prices in the autumn.",
    "capacity": "Full team all year, no planned leave over four weeks; one seller still "
    "ramping on the larger accounts.",
}


def build(context: DemoContext) -> None:
    if context.director is None:
        return
    year = period_of(context.today, PeriodKind.YEAR)
    for index, team in enumerate(context.teams):
        leader = org.leader_of(team, context.today)
        if leader is None:
            continue
        stretched = index == 0
        cycle = _committed_plan(context, team, leader, year.fiscal_year, stretched=stretched)
        if stretched:
            _negotiations(context, cycle)


def _amounts(team, fiscal_year: int) -> dict[int, dict[int, Decimal]]:
    sellers = services.sellers_of(team, fiscal_year)
    quarters = [services.quarter_of(fiscal_year, q) for q in services.QUARTERS]
    in_place = quotas_in_place(person_ids=[s.pk for s in sellers], team_ids=[], periods=quarters)
    latest = {}
    for seller in sellers:
        found = [in_place[key].amount for key in sorted(in_place, key=str) if key[0] == seller.pk]
        latest[seller.pk] = found[-1] if found else Decimal(0)
    return {
        seller.pk: {
            q.number: (
                in_place[(seller.pk, None, q.start)].amount
                if (seller.pk, None, q.start) in in_place
                else latest[seller.pk]
            )
            for q in quarters
        }
        for seller in sellers
    }


def _committed_plan(
    context: DemoContext, team, leader, fiscal_year: int, *, stretched: bool
) -> PlanCycle:
    people = _amounts(team, fiscal_year)
    proposed_people = {
        pid: {q: (a * Decimal("0.95")).quantize(Decimal(1)) for q, a in by_q.items()}
        for pid, by_q in people.items()
    }
    team_amounts = {
        q: sum((by_quarter[q] for by_quarter in people.values()), Decimal(0))
        for q in services.QUARTERS
    }
    # The leader proposed a little less than the director assigned, as leaders do.
    proposed = {
        q: (amount * Decimal("0.95")).quantize(Decimal(1)) for q, amount in team_amounts.items()
    }
    if stretched and people:
        # The director asks the first seller for more in the running quarter (taken back by
        # the granted change below, so the quota ends where the CRM step set it).
        first = services.sellers_of(team, fiscal_year)[0]
        quarter = period_of(context.today, PeriodKind.QUARTER).number
        people[first.pk][quarter] += STRETCH
        team_amounts[quarter] += STRETCH
    cycle = services.plan_input_save(
        by=leader,
        team=team,
        fiscal_year=fiscal_year,
        team_amounts=proposed,
        people=proposed_people,
        **REASONS,
    )
    services.plan_assign(by=context.director, cycle=cycle, team_amounts=team_amounts, people=people)
    services.plan_commit(by=leader, cycle=cycle)
    start = services.quarter_of(fiscal_year, 1).start
    PlanCycle.objects.filter(pk=cycle.pk).update(
        input_at=_at(start - datetime.timedelta(days=45)),
        assigned_at=_at(start - datetime.timedelta(days=30)),
        committed_at=_at(start - datetime.timedelta(days=24)),
    )
    cycle.refresh_from_db()
    return cycle


def _negotiations(context: DemoContext, cycle: PlanCycle) -> None:
    """A granted and a refused request, in the quarter running on the demo's today."""
    quarter = period_of(context.today, PeriodKind.QUARTER)
    director, leader = context.director, cycle.leader
    seller = services.sellers_of(cycle.team, cycle.fiscal_year)[0]
    carried = services.assigned_figure(cycle, quarter.number, seller.pk)
    if carried is None:
        return
    # The leader's case against the director's stretch, granted: the quota ends where the CRM
    # step set it, so the scorecards read what they always did.
    granted = services.plan_change_request(
        by=leader,
        cycle=cycle,
        quarter=quarter.number,
        person_id=seller.pk,
        to_amount=carried.amount - STRETCH,
        reason=f"The extra 20,000 asked of {seller.name} for {quarter.short_label} has no "
        "pipeline behind it: their two largest deals slipped to next quarter with the "
        "customer's budget cycle.",
    )
    services.plan_change_answer(
        by=director, change=granted, answer="granted", note="Agreed: keep the pipeline honest."
    )
    team_figure = services.assigned_figure(cycle, quarter.number, None)
    if team_figure is None:
        return
    refused = services.plan_change_request(
        by=leader,
        cycle=cycle,
        quarter=quarter.number,
        person_id=None,
        to_amount=team_figure.amount - Decimal(50_000),
        reason="Two competitors cut their prices: lower the team's quota for the quarter.",
    )
    services.plan_change_answer(
        by=director,
        change=refused,
        answer="refused",
        note="Price moves are what the plan already allows for: hold the quarter, "
        "and bring me the deals at risk.",
    )
    days = min(quarter.start + datetime.timedelta(days=10), context.today)
    PlanChange.objects.filter(pk=granted.pk).update(
        asked_at=_at(days), answered_at=_at(days + datetime.timedelta(days=2))
    )
    later = min(days + datetime.timedelta(days=20), context.today)
    answered = min(later + datetime.timedelta(days=1), context.today)
    PlanChange.objects.filter(pk=refused.pk).update(asked_at=_at(later), answered_at=_at(answered))


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
