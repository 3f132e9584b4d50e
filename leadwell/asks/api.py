"""API for extra asks: the same reads and workflows as the pages, through the same selectors
and services. An ask is the leader's and their line's (404 for anyone else); a seller reads
only the deals asked of them. The rules are in leadwell/asks/rules.py."""

import datetime
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from leadwell import policy
from leadwell.asks import selectors, services
from leadwell.asks.models import Ask
from leadwell.coaching.api.common import PersonBrief, call, me, unprocessable
from leadwell.lib.api_input import Day, Id, Input, Message, PeriodName
from leadwell.lib.periods import parse_period
from leadwell.org.api import TeamRef
from leadwell.org.models import Person, Team

router = Router(tags=["Extra asks"])

# Amounts and percents come as JSON numbers or strings, and are read as decimals.
Number = int | float | str

LEADER_AND_LINE = "For the leader asked and their management line; 404 for anyone else."


class AskBrief(Schema):
    id: int
    director: PersonBrief
    leader: PersonBrief
    team: TeamRef = Field(description="The leader's team more is asked of")
    period: str = Field(description="The quarter more is asked in: FY2026-Q4")
    amount: Decimal
    reason: str
    asked_on: datetime.date
    decision: str = Field(description="accepted, partly, declined, or empty while undecided")
    decided_on: datetime.date | None
    decline_reason: str
    without_assessment: bool = Field(description="Decided with no assessment made first")


class AskedDealBrief(Schema):
    id: int
    name: str
    owner: PersonBrief
    account: str
    stage: str
    probability: Decimal | None
    amount: Decimal | None = Field(description="In the reporting currency")
    close_date: datetime.date | None


class NextQuarterOut(Schema):
    period: str
    pipeline: Decimal = Field(description="Open pipeline closing in the quarter")
    quota: Decimal | None
    coverage: float | None
    forecast: Decimal
    forecast_is_call: bool = Field(description="The team's call, else the deals' commit")


class CandidatesOut(Schema):
    candidates: list[AskedDealBrief]
    next_quarter: NextQuarterOut


class AssessedDealOut(Schema):
    deal_id: int
    amount: Decimal
    close_date: datetime.date
    discount_percent: Decimal | None
    terms: str
    discount: Decimal


class SummaryOut(Schema):
    assessed_on: datetime.date
    recommendation: str
    deals: list[AssessedDealOut]
    gain: Decimal = Field(description="The ticked deals' amounts net of the concessions")
    discounts: Decimal
    next_pipeline_before: Decimal
    next_pipeline_after: Decimal
    next_quota: Decimal | None
    next_coverage_before: float | None
    next_coverage_after: float | None
    next_forecast_before: Decimal
    next_forecast_after: Decimal


class AskedDealOut(Schema):
    deal_id: int
    name: str
    seller: PersonBrief
    account: str
    amount: Decimal = Field(description="When asked")
    close_date: datetime.date = Field(description="When asked")


class SellerDealOut(Schema):
    ask_id: int
    period: str = Field(description="The quarter the deal is asked to close in")
    deal_id: int
    name: str
    account: str
    amount: Decimal
    close_date: datetime.date | None = Field(description="As the CRM has it today")


class DealOutcomeOut(Schema):
    deal_id: int
    amount_when_asked: Decimal
    amount_now: Decimal | None
    won_in_period: bool
    result: str


class OutcomeOut(Schema):
    measured: bool = Field(description="False until the asked quarter has ended")
    deals: list[DealOutcomeOut]
    won_amount: Decimal
    asked_amount: Decimal
    next_quarter: str
    next_quarter_state: str = Field(description="ended or in progress")
    next_bookings: Decimal | None
    next_quota: Decimal | None


class AskOut(AskBrief):
    assessment: SummaryOut | None
    asked_deals: list[AskedDealOut]
    outcome: OutcomeOut | None


class AskIn(Input):
    leader_id: Id = Field(description="A leader in your line, or yourself")
    team_id: Id | None = Field(
        None,
        description="For a leader of several teams: the one asked, a team they led on the day "
        "asked (default: their first team by name)",
    )
    period: PeriodName = Field(description="The quarter: FY2026-Q4")
    amount: Number = Field(description="In the reporting currency, more than zero")
    reason: str = ""
    asked_on: Day | None = None


class TickedIn(Input):
    deal_id: Id
    discount_percent: Number | None = Field(None, description="0 to 100")
    terms: str = ""


class AssessmentIn(Input):
    deals: list[TickedIn] = Field(description="The candidate deals ticked in")
    recommendation: str = ""


class DecisionIn(Input):
    decision: str = Field(description="accepted, partly or declined")
    deal_ids: list[Id] = Field([], description="With accepted or partly: the deals asked")
    decline_reason: str = ""


def _decimal(value: Number | None, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise unprocessable(field, "Enter a number.") from None


def _brief(ask: Ask) -> dict:
    return {
        "id": ask.pk,
        "director": ask.director,
        "leader": ask.leader,
        "team": ask.team,
        "period": ask.period.name,
        **{
            f: getattr(ask, f)
            for f in (
                "amount",
                "reason",
                "asked_on",
                "decision",
                "decided_on",
                "decline_reason",
                "without_assessment",
            )
        },
    }


def _deal(deal) -> dict:
    return {
        "id": deal.pk,
        "name": deal.name or deal.external_id,
        "owner": deal.owner,
        "account": deal.account.name if deal.account else "",
        "stage": deal.stage,
        "probability": deal.probability,
        "amount": deal.amount_in_reporting_currency,
        "close_date": deal.close_date,
    }


def _summary(ask: Ask) -> dict | None:
    found = selectors.summary(ask)
    if found is None:
        return None
    a = found.assessment
    return {
        "assessed_on": a.assessed_on,
        "recommendation": a.recommendation,
        "deals": [
            {
                "deal_id": d.opportunity_id,
                "amount": d.amount,
                "close_date": d.close_date,
                "discount_percent": d.discount_percent,
                "terms": d.terms,
                "discount": d.discount,
            }
            for d in found.deals
        ],
        "gain": found.gain,
        "discounts": found.discounts,
        "next_pipeline_before": a.next_pipeline,
        "next_pipeline_after": found.pipeline_after,
        "next_quota": a.next_quota,
        "next_coverage_before": found.coverage_before,
        "next_coverage_after": found.coverage_after,
        "next_forecast_before": a.next_forecast,
        "next_forecast_after": found.forecast_after,
    }


def _outcome(ask: Ask) -> dict | None:
    if not ask.is_decided:
        return None
    found = selectors.outcome(ask, timezone.localdate())
    return {
        "measured": found.ended,
        "deals": [
            {
                "deal_id": o.asked.opportunity_id,
                "amount_when_asked": o.asked.amount,
                "amount_now": o.amount_now,
                "won_in_period": o.closed_in_period,
                "result": o.status,
            }
            for o in found.deals
        ],
        "won_amount": found.closed_amount,
        "asked_amount": found.asked_amount,
        "next_quarter": ask.next_period.name,
        "next_quarter_state": "ended" if found.next_ended else "in progress",
        "next_bookings": found.next_bookings,
        "next_quota": found.next_quota,
    }


def _ask_out(ask: Ask) -> dict:
    return {
        **_brief(ask),
        "assessment": _summary(ask),
        "asked_deals": [
            {
                "deal_id": d.opportunity_id,
                "name": d.opportunity.name or d.opportunity.external_id,
                "seller": d.seller,
                "account": d.opportunity.account.name if d.opportunity.account else "",
                "amount": d.amount,
                "close_date": d.close_date,
            }
            for d in selectors.asked_deals(ask)
        ],
        "outcome": _outcome(ask),
    }


@router.get(
    "/asks",
    response=list[AskBrief],
    summary="The extra asks you may read: made of you, and of the leaders in your line",
)
def ask_list(request: HttpRequest):
    return [_brief(a) for a in selectors.visible_asks(request.user)]


@router.get(
    "/asks/asked-of-me",
    response=list[SellerDealOut],
    summary="The deals your leader asked you to close sooner",
)
def asked_of_me(request: HttpRequest):
    return [
        {
            "ask_id": d.ask_id,
            "period": d.ask.period.name,
            "deal_id": d.opportunity_id,
            "name": d.opportunity.name or d.opportunity.external_id,
            "account": d.opportunity.account.name if d.opportunity.account else "",
            "amount": d.amount,
            "close_date": d.opportunity.close_date,
        }
        for d in selectors.asked_of(request.user)
    ]


@router.post(
    "/asks",
    response={201: AskOut, 404: Message},
    summary="Record an extra ask of a leader (their line, or the leader)",
)
def ask_record(request: HttpRequest, payload: AskIn):
    leader = policy.get_or_404(
        request.user, "record_ask", Person.objects.all(), pk=payload.leader_id
    )
    if not payload.period.strip():
        raise unprocessable("period", "Enter the quarter: FY2026-Q4.")
    team = None
    if payload.team_id is not None:
        # Teams are no secret (the org chart shows them): an unknown id is said so; whether the
        # leader led it when asked is the service's to say.
        team = Team.objects.filter(pk=payload.team_id).first()
        if team is None:
            raise unprocessable("team_id", f"No team with id {payload.team_id}.")
    ask = call(
        services.ask_record,
        by=me(request),
        leader=leader,
        period=parse_period(payload.period),
        amount=_decimal(payload.amount, "amount"),
        reason=payload.reason,
        asked_on=payload.asked_on,
        team=team,
    )
    return Status(201, _ask_out(selectors.ask_for(request.user, ask.pk)))


@router.get(
    "/asks/{ask_id}",
    response={200: AskOut, 404: Message},
    summary="One ask with its assessment, decision and outcome",
    description=LEADER_AND_LINE,
)
def ask_detail(request: HttpRequest, ask_id: Id):
    return _ask_out(selectors.ask_for(request.user, ask_id))


@router.get(
    "/asks/{ask_id}/candidates",
    response={200: CandidatesOut, 404: Message},
    summary="The deals the asked quarter could pull in, and the next quarter as it stands",
    description=LEADER_AND_LINE,
)
def ask_candidates(request: HttpRequest, ask_id: Id):
    ask = selectors.ask_for(request.user, ask_id)
    today = timezone.localdate()
    now = selectors.next_quarter(ask, today)
    return {
        "candidates": [_deal(d) for d in selectors.candidates(ask, today)],
        "next_quarter": {
            "period": now.period.name,
            "pipeline": now.pipeline,
            "quota": now.quota,
            "coverage": now.coverage,
            "forecast": now.forecast,
            "forecast_is_call": now.forecast_is_call,
        },
    }


@router.put(
    "/asks/{ask_id}/assessment",
    response={200: AskOut, 404: Message},
    summary="Assess the ask (the leader asked), before deciding",
    description="Assessing again before the decision replaces the assessment.",
)
def ask_assess(request: HttpRequest, ask_id: Id, payload: AssessmentIn):
    ask = selectors.ask_for(request.user, ask_id, "answer")
    call(
        services.ask_assess,
        ask=ask,
        by=me(request),
        ticked=[
            services.Ticked(t.deal_id, _decimal(t.discount_percent, "discount_percent"), t.terms)
            for t in payload.deals
        ],
        recommendation=payload.recommendation,
    )
    return _ask_out(selectors.ask_for(request.user, ask_id))


@router.post(
    "/asks/{ask_id}/decision",
    response={200: AskOut, 404: Message},
    summary="Decide (the leader asked): accepted, partly, or declined with a reason",
    description="A decision without an assessment is allowed, and recorded as such.",
)
def ask_decide(request: HttpRequest, ask_id: Id, payload: DecisionIn):
    ask = selectors.ask_for(request.user, ask_id, "answer")
    call(
        services.ask_decide,
        ask=ask,
        by=me(request),
        decision=payload.decision,
        deal_ids=payload.deal_ids,
        reason=payload.decline_reason,
    )
    return _ask_out(selectors.ask_for(request.user, ask_id))
