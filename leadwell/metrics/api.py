"""API for scorecards, gap analysis and targets. Every read asks leadwell.policy, as the pages do;
figures come from the summary tables only, shaped by leadwell.metrics.exports so the API and the
CLI's `--format json` agree."""

import datetime
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from leadwell import policy
from leadwell.lib.api_input import Day, Filters, Id, Input, Message, PeriodName
from leadwell.lib.currency import reporting_currency
from leadwell.lib.periods import Period, parse_period
from leadwell.metrics import catalog, exports, gaps, selectors, services
from leadwell.metrics.models import ORG_ID, Scope, Target
from leadwell.org.models import Office, Person, Team

router = Router(tags=["Scorecards"])

PERIOD_HELP = (
    "The period: a fiscal quarter (`FY2017-Q2` or `2017-Q2`), a fiscal year (`FY2017`), a fiscal "
    "month (`FY2017-M04`) or a calendar month (`2017-03`). Default: the current quarter."
)
PERIOD_LABEL = (
    'The period as people read it, days in the language asked for (Accept-Language): "Q4 '
    'FY2026 (Oct 1 - Dec 31, 2026)"; `period` is the identifier to send back'
)
FRACTIONS = "Percentages are fractions: 0.3 is 30%."
CURRENCY = (
    "The reporting currency's ISO 4217 code (LEADWELL_CURRENCY): every figure whose unit is "
    "money is in it"
)


# -- Schemas --------------------------------------------------------------------------------------


class MetricOut(Schema):
    key: str = Field(description="Stable identifier used in the API, CLI and exports")
    name: str
    definition: str
    unit: str = Field(
        description="money (in the reporting currency, LEADWELL_CURRENCY), count, percent "
        "(a fraction), days, multiple or rate"
    )
    direction: str = Field(description="Which way is better: higher, lower, or zero (closest)")
    group: str
    targetable: bool = Field(description="Whether a leader can set a target for it")
    period_kinds: list[str] = Field(description="The period kinds the metric is shown for")
    rollup: str = Field(
        description="How it rolls up from sellers to teams, offices and the organisation: sum "
        "(added up), ratio (recomputed over the group's totals), recounted (over all the "
        "group's won deals) or own_or_sum (a team's own quota, else its members' added up)"
    )


class WhoOut(Schema):
    kind: str = Field(description="person, team, office or org")
    id: int
    name: str
    email: str | None


class FigureOut(Schema):
    value: float | None
    target: float | None
    target_source: str | None = Field(
        description="personal target, team standard or quota; null without a target"
    )
    gap: float | None = Field(description="How far short of target (positive); null when met")
    unit: str
    note: str | None = Field(
        default=None,
        description="Why the value is null when it is undefined for a reason: 'no forecast' "
        "(forecast accuracy and bias of a scope that submitted no forecast for the period) or "
        "'judged when the period ends' (forecast accuracy and bias of a period in progress)",
    )
    paced: bool = Field(
        False,
        description="Whether the target is the pace target: in a period in progress, a "
        "quota-based metric (bookings, quota attainment) is judged against the share of its "
        "target expected by today, `full_target` x `pace_share`, and the gap is against it",
    )
    full_target: float | None = Field(
        None, description="The whole period's target, when `target` is paced; null otherwise"
    )


class PaceFields(Schema):
    in_progress: bool = Field(
        False, description="Whether the period is still running today (its figures are to date)"
    )
    elapsed_share: float | None = Field(
        None, description="The share of the period's days gone by, today included (a fraction)"
    )
    pace_share: float | None = Field(
        None,
        description="The share of the quota expected by today (a fraction): the paced targets "
        "are the whole targets times it",
    )
    pace_method: Literal["working days", "seasonality"] | None = Field(
        None,
        description="How the pace share was decided: 'working days' (Monday to Friday, pro "
        "rata) or 'seasonality' (the scope's own share of the period's bookings booked by the "
        "same point in past years, with at least two years of history)",
    )


class CardOut(PaceFields):
    """One scorecard: who, the period, and every metric's value, target and gap."""

    who: WhoOut
    period: str = Field(description="The period's identifier, as `?period=` takes it")
    period_label: str = Field(description=PERIOD_LABEL)
    period_start: datetime.date
    period_end: datetime.date = Field(description="The first day after the period")
    currency: str = Field(description=CURRENCY)
    metrics: dict[str, FigureOut]
    period_note: str = Field(
        "",
        description="Set when no period was asked for and the current one has no results yet: "
        "which period is shown instead",
    )


class TrendPoint(Schema):
    period: str
    period_label: str = Field(description=PERIOD_LABEL)
    period_start: datetime.date
    value: float | None


class PersonScorecardOut(CardOut):
    trend: dict[str, list[TrendPoint]] = Field(
        description="Per metric, its value in the last 8 periods of the same kind, oldest first"
    )


class NamedPerson(Schema):
    id: int
    name: str


class RecognitionOut(Schema):
    person: NamedPerson
    deals_won: int


class TeamScorecardOut(Schema):
    currency: str = Field(description=CURRENCY)
    access: Literal["full", "totals"] = Field(
        description="full: the leader and the line above see each seller's card; totals: a "
        "member sees the team's card and its wins"
    )
    team: CardOut
    sellers: list[CardOut] | None = Field(
        description="Each seller's card (full access only; null otherwise)"
    )
    sellers_not_shown: int = Field(
        description="Sellers who counted for the team in the period whose cards you may not "
        "see (they have since moved out of your management line)"
    )
    recognition: list[RecognitionOut] = Field(
        description="Sellers with deals won in the period, most wins first (counts only)"
    )


class GroupScorecardOut(Schema):
    currency: str = Field(description=CURRENCY)
    card: CardOut = Field(description="The office's (or organisation's) own card")
    offices: list[CardOut] = Field(description="The offices directly below that you may see")
    teams: list[CardOut] = Field(description="The teams directly in it that you may see")


class CauseOut(Schema):
    cause: str
    explanation: str


class GapOut(Schema):
    metric: str
    name: str
    value: float | None
    target: float | None
    target_source: str | None
    gap: float = Field(description="How far short of target, in the metric's unit (positive)")
    unit: str
    causes: list[CauseOut] = Field(description="Likely root causes (the diagnostic map)")


class DriverOut(Schema):
    key: str = Field(description="volume, win_rate, deal_size or cycle_time")
    name: str
    actual: float | None = Field(
        description="The seller's figure: deals decided (won or lost) for volume; null for deal "
        "size and cycle time when nothing was won"
    )
    reference: float | None = Field(
        description="What it is compared with: the seller's target, else the team's figure; for "
        "volume, the deals decided that reach the bookings target at the reference win rate and "
        "deal size"
    )
    unit: str
    amount: float = Field(description="This driver's part of the bookings gap (negative = short)")


class GapAnalysisOut(PaceFields):
    who: WhoOut
    period: str = Field(description="The period's identifier, as `?period=` takes it")
    period_label: str = Field(description=PERIOD_LABEL)
    period_start: datetime.date
    period_end: datetime.date
    currency: str = Field(description=CURRENCY)
    bookings_target: float | None = Field(
        None,
        description="The bookings target the gap is against: the pace target while the "
        "period is in progress",
    )
    bookings_gap: float | None = Field(description="Bookings minus their target")
    main_driver: str | None = Field(description="The key of the driver furthest short")
    reference_source: str | None = Field(description="What the drivers are compared with")
    drivers: list[DriverOut] = Field(description="The bookings gap split; amounts add up to it")
    gaps: list[GapOut] = Field(description="Every metric below target, largest gap first")


class TargetIn(Input):
    metric: str = Field(description="A targetable metric's key (see GET /metrics/)")
    value: float | None = Field(
        description=f"In the metric's unit; null withdraws the target from valid_from. "
        f"{FRACTIONS} For forecast bias, the tolerance either side of zero."
    )
    valid_from: Day = Field(description="The target applies from this day on")
    team_id: Id | None = Field(None, description="For a team standard")
    person_id: Id | None = Field(None, description="For a seller's personal target")
    agreed_on: Day | None = Field(
        None, description="When seller and leader agreed a personal target (default valid_from)"
    )


class TargetOut(Schema):
    id: int
    metric: str
    value: float | None = Field(description="null: withdrawn from valid_from on")
    valid_from: datetime.date
    agreed_on: datetime.date | None
    team_id: int | None
    person_id: int | None
    set_by: NamedPerson | None
    created_at: datetime.datetime


class PeriodQuery(Filters):
    period: PeriodName | None = Field(None, description=PERIOD_HELP)


class TargetFilter(Filters):
    team_id: Id | None = Field(None, description="The team whose standards to list")
    person_id: Id | None = Field(None, description="The person whose personal targets to list")
    metric: str | None = Field(None, description="Only this metric")


# -- Helpers --------------------------------------------------------------------------------------


def _period(text: str | None, scope: str, scope_id: int) -> tuple[Period, str]:
    """The period asked for, else the default (selectors.default_period) and its note.
    PeriodName has checked the text: a period the calendar holds, or blank for the default."""
    if text is None or not text.strip():
        return selectors.default_period(scope, [scope_id])
    return parse_period(text), ""


def _trend(card: selectors.Card) -> dict[str, list[dict[str, Any]]]:
    return {
        line.metric.key: [
            {"period": p.name, "period_label": p.label, "period_start": p.start, "value": value}
            for p, value in line.trend
        ]
        for line in card.lines
    }


def _recognition(cards: list[selectors.Card]) -> list[dict[str, Any]]:
    wins = [
        {"person": {"id": card.scope_id, "name": card.name}, "deals_won": int(won)}
        for card in cards
        if (won := card.value("deals_won"))
    ]
    return sorted(wins, key=lambda w: (-w["deals_won"], w["person"]["name"]))


def _one_of(team_id: int | None, person_id: int | None, where: str) -> None:
    if (team_id is None) == (person_id is None):
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": [where, "team_id"],
                    "msg": "Give exactly one of team_id (team standards) or person_id "
                    "(personal targets).",
                }
            ]
        )


# The service names its arguments; the API names the ids the caller sent.
_FIELDS = {"team": "team_id", "person": "person_id"}


def _validation_errors(problem: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 422 answer, shaped like django-ninja's own."""
    details = []
    if hasattr(problem, "error_dict"):
        for field, messages in problem.message_dict.items():
            loc = ["body", "payload"] + (
                [] if field == NON_FIELD_ERRORS else [_FIELDS.get(field, field)]
            )
            details += [{"type": "value_error", "loc": loc, "msg": msg} for msg in messages]
    else:
        details = [
            {"type": "value_error", "loc": ["body", "payload"], "msg": msg}
            for msg in problem.messages
        ]
    return ValidationError(details)


# -- Endpoints ------------------------------------------------------------------------------------


@router.get(
    "/metrics/",
    response=list[MetricOut],
    summary="The metric catalog: every metric with its definition, unit and direction",
    description="The same catalog every scorecard, export and the CLI use. " + FRACTIONS,
)
def metric_list(request: HttpRequest):
    policy.require_may(request.user, "metrics.view_catalog")
    return [
        {
            "key": m.key,
            "name": m.name,
            "definition": m.definition,
            "unit": m.unit.value,
            "direction": m.direction.value,
            "group": m.group.value,
            "targetable": m.targetable,
            "period_kinds": list(m.period_kinds),
            "rollup": m.rollup.value,
        }
        for m in catalog.METRICS
    ]


@router.get(
    "/scorecards/people/{person_id}",
    response=PersonScorecardOut,
    summary="A seller's scorecard: every metric against target, with an 8-period trend",
    description="For the seller and their management line; anyone else gets 404. Targets are "
    "the seller's personal target, else their team's standard, else the quota. " + FRACTIONS,
)
def person_scorecard(
    request: HttpRequest,
    person_id: Id,
    when: Query[PeriodQuery],
):
    person = policy.get_or_404(request.user, "view_scorecard", Person, pk=person_id)
    period, note = _period(when.period, Scope.PERSON, person.pk)
    card = selectors.person_card(person, period, with_trend=True)
    return {**exports.card_record(card), "trend": _trend(card), "period_note": note}


@router.get(
    "/scorecards/teams/{team_id}",
    response=TeamScorecardOut,
    summary="A team's scorecard: the team's card, each seller's (leaders) or wins (members)",
    description="The team's leader and the line above (`access: full`) see the team's card and "
    "each seller's card. A member of the team (`access: totals`) sees the team's card and the "
    "recognition list (who won deals, and how many), never a colleague's card. Anyone else gets "
    "404. " + FRACTIONS,
)
def team_scorecard(
    request: HttpRequest,
    team_id: Id,
    when: Query[PeriodQuery],
):
    team = policy.get_or_404(request.user, "view_totals", Team, pk=team_id)
    period, note = _period(when.period, Scope.TEAM, team.pk)
    scorecard = selectors.team_scorecard(request.user, team, period)
    full = scorecard.full
    return {
        "currency": reporting_currency(),
        "access": "full" if full else "totals",
        "team": {**exports.card_record(scorecard.card), "period_note": note},
        "sellers": [exports.card_record(c) for c in scorecard.shown] if full else None,
        "sellers_not_shown": scorecard.not_shown,
        "recognition": _recognition(scorecard.sellers),
    }


def _group_scorecard(
    request: HttpRequest, scope: str, group: Office | None, text: str | None
) -> dict[str, Any]:
    period, note = _period(text, scope, group.pk if group is not None else ORG_ID)
    card = selectors.group_cards(scope, [group], period)[0]
    visible_offices, visible_teams = selectors.drill_down(request.user, group)
    return {
        "currency": reporting_currency(),
        "card": {**exports.card_record(card), "period_note": note},
        "offices": [
            exports.card_record(c)
            for c in selectors.group_cards(Scope.OFFICE, visible_offices, period)
        ],
        "teams": [
            exports.card_record(c) for c in selectors.group_cards(Scope.TEAM, visible_teams, period)
        ],
    }


@router.get(
    "/scorecards/offices/{office_id}",
    response=GroupScorecardOut,
    summary="An office's scorecard, with the cards of the offices and teams directly in it",
    description="For whoever leads a team in the office or in an office above it; anyone else "
    "gets 404. Teams are listed when you may see their scorecard (you lead them, or their "
    "leader is in your line of reports). " + FRACTIONS,
)
def office_scorecard(
    request: HttpRequest,
    office_id: Id,
    when: Query[PeriodQuery],
):
    office = policy.get_or_404(request.user, "view_scorecard", Office, pk=office_id)
    return _group_scorecard(request, Scope.OFFICE, office, when.period)


@router.get(
    "/scorecards/organisation",
    response={200: GroupScorecardOut, 404: Message},
    summary="The whole organisation's scorecard, with its top-level offices (directors)",
    description="For directors (people who lead leaders); anyone else gets 404. " + FRACTIONS,
)
def organisation_scorecard(request: HttpRequest, when: Query[PeriodQuery]):
    policy.require_may(request.user, "metrics.view_organisation")
    return _group_scorecard(request, Scope.ORG, None, when.period)


@router.get(
    "/gaps/people/{person_id}",
    response=GapAnalysisOut,
    summary="A seller's gap analysis: metrics below target, their likely causes, bookings drivers",
    description="For the seller and their management line; anyone else gets 404. The bookings "
    "gap is split into volume, win rate, deal size and cycle time, compared with the seller's "
    "targets where set, else the team's figures; the drivers' amounts add up to the gap. With "
    "no deal won the whole gap is on win rate (deals were decided) or on volume (none was). "
    + FRACTIONS,
)
def person_gaps(
    request: HttpRequest,
    person_id: Id,
    when: Query[PeriodQuery],
):
    person = policy.get_or_404(request.user, "view_scorecard", Person, pk=person_id)
    text = when.period
    period = parse_period(text) if text and text.strip() else selectors.current_period()
    return exports.analysis_record(gaps.analyse(person, period))


@router.post(
    "/targets/",
    response={200: TargetOut, 404: Message},
    summary="Set a team standard or a seller's personal target (leaders)",
    description="Send exactly one of `team_id` (a team standard: for the team's leader and the "
    "line above) or `person_id` (a personal target: for the seller's management line). Setting "
    "the same metric and `valid_from` again replaces the target; `value: null` withdraws it "
    "from `valid_from` on. Answers the saved target; 404 when you may not set it; 422 with a "
    "message per field when the target makes no sense. " + FRACTIONS,
)
def target_set(request: HttpRequest, payload: TargetIn):
    _one_of(payload.team_id, payload.person_id, "body")
    whose: dict[str, Any]
    if payload.team_id is not None:
        whose = {"team": policy.get_or_404(request.user, "set_standards", Team, pk=payload.team_id)}
    else:
        whose = {
            "person": policy.get_or_404(request.user, "set_targets", Person, pk=payload.person_id)
        }
    try:
        target = services.target_set(
            metric=payload.metric,
            value=payload.value,
            valid_from=payload.valid_from,
            agreed_on=payload.agreed_on,
            set_by=policy.viewer_for(request.user).person,
            **whose,
        )
    except DjangoValidationError as problem:
        raise _validation_errors(problem) from None
    return Target.objects.select_related("set_by").get(pk=target.pk)


@router.get(
    "/targets/",
    response={200: list[TargetOut], 404: Message},
    summary="The targets of a team (its standards) or of a person (personal targets)",
    description="Send exactly one of `team_id` (for the team's members, its leader and the line "
    "above) or `person_id` (for the seller and their management line); anyone else gets 404. "
    "Every target set, newest first per metric: the one with the latest `valid_from` before a "
    "period ends applies to it. " + FRACTIONS,
)
def target_list(request: HttpRequest, filters: Query[TargetFilter]):
    _one_of(filters.team_id, filters.person_id, "query")
    if filters.team_id is not None:
        team = policy.get_or_404(request.user, "view_totals", Team, pk=filters.team_id)
        targets = Target.objects.filter(team=team)
    else:
        person = policy.get_or_404(request.user, "view_scorecard", Person, pk=filters.person_id)
        targets = Target.objects.filter(person=person)
    if filters.metric:
        targets = targets.filter(metric=filters.metric)
    return targets.select_related("set_by").order_by("metric", "-valid_from", "-id")
