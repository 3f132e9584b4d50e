"""The workflows of extra asks, used by pages, API and demo alike: record an ask, assess it,
decide.

Who may do each step is declared in leadwell/asks/rules.py and decided by leadwell.policy.
Callers fetch the ask through the selectors (404 for anyone the rules leave out); each step
here asks the policy again about the person acting (`by`), and refuses with the reason (a
ValidationError: a message beside the field on the page, 422 in the API).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leadwell import policy
from leadwell.asks import selectors
from leadwell.asks.models import Ask, AskedDeal, AssessedDeal, Assessment
from leadwell.crm.models import Opportunity
from leadwell.lib import dates
from leadwell.lib.periods import Period, PeriodKind
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team

# What an amount column holds (18 digits, 2 after the point).
LARGEST = Decimal(10) ** 16
TERMS_LENGTH = AssessedDeal._meta.get_field("terms").max_length or 200


@dataclass(frozen=True)
class Ticked:
    """A deal the leader ticks in the assessment, with the concession it likely needs."""

    deal_id: int
    discount_percent: Decimal | None = None
    terms: str = ""


def _text(value: str | None) -> str:
    return (value or "").strip()


def ask_record(
    *,
    by: Person,
    leader: Person,
    period: Period,
    amount: Decimal | None,
    reason: str = "",
    asked_on: datetime.date | None = None,
    team: Team | None = None,
) -> Ask:
    """Record that the director asked `leader` for `amount` more in the quarter `period`:
    recorded by the director (anyone in the leader's line) or by the leader. The ask is of
    `team`, one the leader led on the day it was asked; without one, of the first team they led
    that day by name (their only team, for most leaders)."""
    if not policy.can(by, "record_ask", leader):
        raise ValidationError({"leader": ["Only the leader and their line record an ask of them."]})
    today = timezone.localdate()
    asked_on = asked_on or today
    if asked_on > today:
        raise ValidationError({"asked_on": ["Enter a day up to today: the ask was made."]})
    if period.kind != PeriodKind.QUARTER:
        raise ValidationError({"period": ["Choose a quarter: an ask is for more in a quarter."]})
    if period.end <= asked_on:
        raise ValidationError(
            {"period": [f"{period.short_label} had ended when asked: choose a quarter to come."]}
        )
    if amount is None or not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": ["Enter the amount asked, more than zero."]})
    if amount >= LARGEST:
        raise ValidationError({"amount": ["Enter an amount below 10,000,000,000,000,000."]})
    led = org.teams_led_by(leader, asked_on).order_by("name")
    first = led.first()
    if first is None:
        raise ValidationError({"leader": [f"{leader.name} leads no team: an ask is of a leader."]})
    if team is None:
        team = first
    elif not led.filter(pk=team.pk).exists():
        raise ValidationError(
            {
                "team": [
                    f"{leader.name} did not lead {team.name} on {dates.day(asked_on)}: choose a "
                    "team they led the day they were asked."
                ]
            }
        )
    director = by if by != leader else org.manager_of(leader, asked_on)
    if director is None:
        raise ValidationError({"leader": [f"{leader.name} reports to no one to ask them."]})
    return Ask.objects.create(
        director=director,
        leader=leader,
        team=team,
        period_start=period.start,
        amount=amount,
        reason=_text(reason),
        asked_on=asked_on,
        recorded_by=by,
    )


def _as_offered(deal: Opportunity) -> tuple[Decimal, datetime.date]:
    """A candidate's amount and close date: a candidate always has both (the selectors leave
    out deals without)."""
    if deal.amount_in_reporting_currency is None or deal.close_date is None:
        raise ValidationError({"deals": ["A deal without an amount or a close date cannot count."]})
    return deal.amount_in_reporting_currency, deal.close_date


def _open_to_answer(ask: Ask, by: Person) -> None:
    if not policy.can(by, "answer", ask):
        raise ValidationError({"by": ["Only the leader asked answers the ask."]})
    # Locked and read again, so a second submit waits for the first and finds it decided.
    fresh = Ask.objects.select_for_update().get(pk=ask.pk)
    if fresh.is_decided:
        raise ValidationError({"decision": ["The ask is decided: its answer stands."]})


@transaction.atomic
def ask_assess(
    *,
    ask: Ask,
    by: Person,
    ticked: list[Ticked],
    recommendation: str = "",
    on: datetime.date | None = None,
) -> Assessment:
    """Assess the ask before deciding: the candidate deals ticked in, each with its likely
    concession, and the leader's recommendation. The next quarter's figures are kept as they
    stand today. Assessing again before the decision replaces the assessment."""
    _open_to_answer(ask, by)
    today = on or timezone.localdate()
    offered = {deal.pk: deal for deal in selectors.candidates(ask, today)}
    lines = []
    for one in ticked:
        deal = offered.get(one.deal_id)
        if deal is None:
            raise ValidationError(
                {"deals": ["Tick only the team's open deals closing after the quarter."]}
            )
        percent = one.discount_percent
        if percent is not None and not (percent.is_finite() and 0 <= percent <= 100):
            raise ValidationError({f"discount-{deal.pk}": ["Enter a discount from 0 to 100 %."]})
        terms = _text(one.terms)
        if len(terms) > TERMS_LENGTH:
            raise ValidationError(
                {f"terms-{deal.pk}": [f"Keep terms to {TERMS_LENGTH} characters."]}
            )
        lines.append((deal, percent, terms))
    if len({deal.pk for deal, _, _ in lines}) != len(lines):
        raise ValidationError({"deals": ["Tick each deal once."]})
    now = selectors.next_quarter(ask, today)
    Assessment.objects.filter(ask=ask).delete()
    assessment = Assessment.objects.create(
        ask=ask,
        assessed_on=today,
        recommendation=_text(recommendation),
        next_pipeline=now.pipeline,
        next_quota=now.quota,
        next_forecast=now.forecast,
        forecast_is_call=now.forecast_is_call,
    )
    for deal, percent, terms in lines:
        in_pipeline, in_commit = selectors.counts_in_next(deal, now.period)
        amount, close_date = _as_offered(deal)
        AssessedDeal.objects.create(
            assessment=assessment,
            opportunity=deal,
            amount=amount,
            close_date=close_date,
            in_next_pipeline=in_pipeline,
            in_next_commit=in_commit,
            discount_percent=percent,
            terms=terms,
        )
    return assessment


@transaction.atomic
def ask_decide(
    *,
    ask: Ask,
    by: Person,
    decision: str,
    deal_ids: list[int] | None = None,
    reason: str = "",
    on: datetime.date | None = None,
) -> Ask:
    """Decide: accept (the deals asked of their sellers), accept partly (some), or decline
    with a reason. Deciding without an assessment is allowed, and recorded as such."""
    _open_to_answer(ask, by)
    if decision not in Ask.Decision.values:
        raise ValidationError({"decision": ["Choose accept, accept partly or decline."]})
    today = on or timezone.localdate()
    chosen: list = []
    if decision == Ask.Decision.DECLINED:
        reason = _text(reason)
        if not reason:
            raise ValidationError({"decline_reason": ["Say why you decline."]})
        if deal_ids:
            raise ValidationError({"deals": ["A declined ask asks no deal of anyone."]})
    else:
        offered = {deal.pk: deal for deal in selectors.candidates(ask, today)}
        assessment = selectors.assessment_of(ask)
        if assessment is not None:
            # After an assessment, the deals asked are among those it weighed: a deal it did not
            # tick was never costed.
            weighed = set(assessment.deals.values_list("opportunity_id", flat=True))
            offered = {pk: deal for pk, deal in offered.items() if pk in weighed}
        if not deal_ids:
            raise ValidationError({"deals": ["Choose the deals you ask the sellers to pull in."]})
        for deal_id in dict.fromkeys(deal_ids):
            if deal_id not in offered:
                raise ValidationError(
                    {"deals": ["Choose only the team's open deals closing after the quarter."]}
                )
            chosen.append(offered[deal_id])
        reason = ""
    ask.decision = decision
    ask.decided_on = today
    ask.decline_reason = reason
    ask.without_assessment = selectors.assessment_of(ask) is None
    ask.save(update_fields=["decision", "decided_on", "decline_reason", "without_assessment"])
    for deal in chosen:
        amount, close_date = _as_offered(deal)
        AskedDeal.objects.create(
            ask=ask,
            opportunity=deal,
            seller=deal.owner,
            amount=amount,
            close_date=close_date,
        )
    return ask
