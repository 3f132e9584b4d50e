"""The yearly plan of a team: the leader's input, the director's assigned plan, the leader's
commitment, and every later request to change it (the plan negotiations). A committed plan's
quotas are the quotas the scorecards read.

The same selectors and services as the pages: a plan the viewer may not open, or a step they
may not take, answers 404; a value refused answers 422 naming its field.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

import ninja.errors
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from leadwell.lib.api_input import Filters, Id, Input, Message
from leadwell.plans import selectors, services
from leadwell.plans.models import PlanChange

router = Router(tags=["Plans"])

Amount = int | float | str
Amounts = dict[str, Amount]


class PlanYearQuery(Filters):
    year: int | None = Field(
        None, ge=2000, le=2200, description="The fiscal year; default: this one"
    )


class PlanNamedOut(Schema):
    id: int
    name: str


class TeamPlanListedOut(Schema):
    team: PlanNamedOut
    leader: PlanNamedOut | None
    fiscal_year: int
    status: str = Field(description="none (no input yet), input, assigned or committed")


class PlanFigureOut(Schema):
    quarter: str
    proposed: Decimal | None
    assigned: Decimal | None
    quota: Decimal | None = Field(description="The quota in place (once committed)")


class PlanRowOut(Schema):
    person: PlanNamedOut | None = Field(description="None: the team")
    quarters: list[PlanFigureOut]


class PlanChangeOut(Schema):
    id: int
    quarter: str
    person: PlanNamedOut | None
    from_amount: Decimal
    to_amount: Decimal
    reason: str
    asked_by: PlanNamedOut | None
    asked_at: datetime
    answer: str = Field(description="empty while open; granted, partly or refused")
    granted_amount: Decimal | None
    answer_note: str
    answered_by: PlanNamedOut | None
    answered_at: datetime | None


class TeamPlanOut(Schema):
    team: PlanNamedOut
    leader: PlanNamedOut
    fiscal_year: int
    status: str
    committed_at: datetime | None
    reasoning: dict[str, str] | None = Field(description="The leader's input; the line only")
    team_row: PlanRowOut
    sellers: list[PlanRowOut] = Field(description="All sellers for the line; a member's own row")
    changes: list[PlanChangeOut] | None = Field(description="The negotiations; the line only")


def _named(person: Any) -> dict[str, Any] | None:
    return {"id": person.pk, "name": person.name} if person is not None else None


def _row(page: selectors.PlanPage, row: selectors.Row) -> dict[str, Any]:
    return {
        "person": _named(row.person),
        "quarters": [
            {
                "quarter": period.name,
                "proposed": cell.proposed,
                "assigned": cell.assigned,
                "quota": cell.quota.amount if cell.quota else None,
            }
            for period, cell in zip(page.quarters, row.cells, strict=True)
        ],
    }


def _change(change: PlanChange) -> dict[str, Any]:
    return {
        "id": change.pk,
        "quarter": services.quarter_of(change.cycle.fiscal_year, change.quarter).name,
        "person": _named(change.person),
        "from_amount": change.from_amount,
        "to_amount": change.to_amount,
        "reason": change.reason,
        "asked_by": _named(change.asked_by),
        "asked_at": change.asked_at,
        "answer": change.answer,
        "granted_amount": change.granted_amount,
        "answer_note": change.answer_note,
        "answered_by": _named(change.answered_by),
        "answered_at": change.answered_at,
    }


def _plan(page: selectors.PlanPage) -> dict[str, Any]:
    cycle = page.cycle
    return {
        "team": _named(page.team),
        "leader": _named(cycle.leader),
        "fiscal_year": page.fiscal_year,
        "status": cycle.status if page.exists else "none",
        "committed_at": cycle.committed_at,
        "reasoning": (
            {"pipeline": cycle.pipeline, "market": cycle.market, "capacity": cycle.capacity}
            if page.full
            else None
        ),
        "team_row": _row(page, page.team_row),
        "sellers": [_row(page, row) for row in page.rows],
        "changes": [_change(c) for c in page.changes] if page.full else None,
    }


def _refused(problem: ValidationError) -> ninja.errors.ValidationError:
    return ninja.errors.ValidationError(
        [
            {"type": "value_error", "loc": ["body", "payload", field], "msg": message}
            for field, messages in problem.message_dict.items()
            for message in messages
        ]
    )


def _people(raw: dict[str, Amounts]) -> dict[int, dict[int, Amount]]:
    people: dict[int, dict[int, Amount]] = {}
    for person_id, amounts in raw.items():
        if not person_id.isdigit():
            raise ninja.errors.ValidationError(
                [
                    {
                        "type": "value_error",
                        "loc": ["body", "payload", "people"],
                        "msg": "Key sellers by id.",
                    }
                ]
            )
        people[int(person_id)] = _quarters(amounts)
    return people


def _quarters(raw: Amounts) -> dict[int, Amount]:
    return {int(q): v for q, v in raw.items() if q.isdigit()}


@router.get("/plans", response=list[TeamPlanListedOut], summary="The team plans you may open")
def plans_list(request: HttpRequest, filters: Query[PlanYearQuery]):
    year = filters.year or selectors.this_fiscal_year()
    return [
        {
            "team": _named(one.team),
            "leader": _named(one.leader),
            "fiscal_year": year,
            "status": one.cycle.status if one.cycle else "none",
        }
        for one in selectors.plans_of(request.user, year)
    ]


@router.get(
    "/plans/{team_id}/{fiscal_year}",
    response={200: TeamPlanOut, 404: Message},
    summary="A team's plan for a year, as you may see it",
    description="The leader and their line read it all; a member of the team reads the "
    "committed plan's team totals and their own quota.",
)
def plan_read(request: HttpRequest, team_id: Id, fiscal_year: int):
    return _plan(selectors.plan_page(request.user, team_id, fiscal_year))


class TeamPlanIn(Input):
    team: Amounts = Field(description='The team\'s amount per quarter: {"1": 400000, ...}')
    people: dict[str, Amounts] = Field(
        description='Each seller\'s per quarter: {"<id>": {"1": ...}}'
    )


class PlanInputIn(TeamPlanIn):
    pipeline: str
    market: str
    capacity: str


@router.post(
    "/plans/{team_id}/{fiscal_year}/input",
    response={200: TeamPlanOut, 404: Message},
    summary="Give your input to your team's plan (the leader)",
)
def plan_input(request: HttpRequest, team_id: Id, fiscal_year: int, payload: PlanInputIn):
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    try:
        services.plan_input_save(
            by=request.user,
            team=page.team,
            fiscal_year=fiscal_year,
            team_amounts=_quarters(payload.team),
            people=_people(payload.people),
            pipeline=payload.pipeline,
            market=payload.market,
            capacity=payload.capacity,
        )
    except ValidationError as problem:
        raise _refused(problem) from None
    return _plan(selectors.plan_page(request.user, team_id, fiscal_year))


@router.post(
    "/plans/{team_id}/{fiscal_year}/assign",
    response={200: TeamPlanOut, 404: Message},
    summary="Assign a leader's team its plan (the line above the leader)",
)
def plan_assign(request: HttpRequest, team_id: Id, fiscal_year: int, payload: TeamPlanIn):
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    try:
        services.plan_assign(
            by=request.user,
            cycle=page.cycle,
            team_amounts=_quarters(payload.team),
            people=_people(payload.people),
        )
    except ValidationError as problem:
        raise _refused(problem) from None
    return _plan(selectors.plan_page(request.user, team_id, fiscal_year))


@router.post(
    "/plans/{team_id}/{fiscal_year}/commit",
    response={200: TeamPlanOut, 404: Message},
    summary="Commit to the assigned plan (the leader): its quotas become the quotas",
)
def plan_commit(request: HttpRequest, team_id: Id, fiscal_year: int):
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    try:
        services.plan_commit(by=request.user, cycle=page.cycle)
    except ValidationError as problem:
        raise _refused(problem) from None
    return _plan(selectors.plan_page(request.user, team_id, fiscal_year))


@router.post(
    "/plans/{team_id}/{fiscal_year}/take-over",
    response={200: TeamPlanOut, 404: Message},
    summary="Take over a plan agreed with a leader who has left the team (its leader today)",
    description="422 for anyone but the team's leader today, or when the plan is theirs already.",
)
def plan_take_over(request: HttpRequest, team_id: Id, fiscal_year: int):
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    try:
        services.plan_take_over(by=request.user, cycle=page.cycle)
    except ValidationError as problem:
        raise _refused(problem) from None
    return _plan(selectors.plan_page(request.user, team_id, fiscal_year))


class PlanChangeIn(Input):
    quarter: int = Field(description="1 to 4")
    person_id: Id | None = Field(None, description="The seller; empty: the team's quota")
    to_amount: Amount
    reason: str


@router.post(
    "/plans/{team_id}/{fiscal_year}/changes",
    response={200: PlanChangeOut, 404: Message},
    summary="Ask to change a committed plan (the leader)",
)
def plan_change_request(request: HttpRequest, team_id: Id, fiscal_year: int, payload: PlanChangeIn):
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    try:
        change = services.plan_change_request(
            by=request.user,
            cycle=page.cycle,
            quarter=payload.quarter,
            person_id=payload.person_id,
            to_amount=str(payload.to_amount),
            reason=payload.reason,
        )
    except ValidationError as problem:
        raise _refused(problem) from None
    return _change(change)


class PlanAnswerIn(Input):
    answer: str = Field(description="granted, partly or refused")
    granted_amount: Amount | None = Field(None, description="With partly: the amount granted")
    note: str = ""


@router.post(
    "/plans/changes/{change_id}/answer",
    response={200: PlanChangeOut, 404: Message},
    summary="Answer a change request (the line above the leader)",
)
def plan_change_answer(request: HttpRequest, change_id: Id, payload: PlanAnswerIn):
    change = selectors.change_or_404(request.user, change_id)
    try:
        services.plan_change_answer(
            by=request.user,
            change=change,
            answer=payload.answer,
            granted_amount=None if payload.granted_amount is None else str(payload.granted_amount),
            note=payload.note,
        )
    except ValidationError as problem:
        raise _refused(problem) from None
    return _change(change)
