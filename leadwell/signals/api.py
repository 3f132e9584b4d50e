"""API for the forecast bias and renegotiation signals: the same boards as the pages, through
the same selector. A signal about a person is read by their management line; anyone else gets
404. The rule is in leadwell/signals/rules.py, the verdict's in leadwell/signals/bias.py."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from leadwell.coaching.api.common import PersonBrief
from leadwell.lib.api_input import Id, Message
from leadwell.org.models import Person
from leadwell.signals import selectors
from leadwell.signals.bias import MARGIN, SIGNIFICANCE

router = Router(tags=["Signals"])


class QuarterBias(Schema):
    quarter: str = Field(description="The quarter, e.g. FY2026-Q3")
    bias: float | None = Field(
        description="The call minus the bookings, as a share of the bookings; none without "
        "a call or bookings"
    )


class YearOut(Schema):
    fiscal_year: int
    asked: int = Field(description="Requests to change the committed plan")
    lowering: int = Field(description="Of which to lower a figure")
    lowered_quarters: int = Field(description="Distinct quarters they asked to lower")
    granted: int
    partly: int
    refused: int
    share_granted: float | None = Field(
        description="Of the answered requests, the share granted in full or in part"
    )
    renegotiates: bool


class SignalOut(Schema):
    person: PersonBrief
    leads: bool = Field(description="A leader: the bias is their team's call")
    quarters: list[QuarterBias]
    judged: int = Field(description="Quarters with a bias")
    low: int = Field(description=f"Quarters low by more than {MARGIN:.0%}")
    mean_bias: float | None
    p_value: float | None = Field(description="The one-sided sign test over the quarters")
    consistently_low: bool = Field(
        description=f"Most quarters low (sign test p < {SIGNIFICANCE}) and the mean bias "
        f"below -{MARGIN:.0%}"
    )
    renegotiates: bool
    years: list[YearOut] = Field(description="A leader's plan change requests per fiscal year")


class BoardOut(Schema):
    about: PersonBrief
    own: SignalOut | None = Field(description="The person's own signal (none on your own board)")
    reports: list[SignalOut] = Field(description="Their direct reports', leaders first")


def _signal(signal: selectors.Signal) -> dict:
    verdict = signal.verdict
    return {
        "person": signal.person,
        "leads": signal.leads,
        "quarters": [{"quarter": q.name, "bias": value} for q, value in signal.trend],
        "judged": verdict.judged,
        "low": verdict.low,
        "mean_bias": verdict.mean,
        "p_value": verdict.p_value,
        "consistently_low": verdict.fires,
        "renegotiates": signal.renegotiating,
        "years": [
            {**vars(year), "share_granted": year.share_granted, "renegotiates": year.renegotiates}
            for year in signal.years
        ],
    }


def _board(board: selectors.Board) -> dict:
    return {
        "about": board.about,
        "own": _signal(board.own) if board.own else None,
        "reports": [_signal(s) for s in board.reports],
    }


@router.get(
    "/signals",
    response=BoardOut,
    summary="The forecast signals about the people reporting to you",
    description="Each direct report's forecast bias over the last eight finished quarters, "
    "whether it is consistently low, and a leader's plan renegotiations. Empty for a seller: "
    "nobody below a leader reads a signal.",
)
def signals_board(request: HttpRequest):
    return _board(selectors.board(request.user, today=timezone.localdate()))


@router.get(
    "/signals/people/{person_id}",
    response={200: BoardOut, 404: Message},
    summary="One person's forecast signals, and their direct reports'",
    description="For the person's management line; 404 for anyone else, the person included.",
)
def person_signals(request: HttpRequest, person_id: Id):
    person = get_object_or_404(Person, pk=person_id)
    return _board(selectors.board(request.user, person, today=timezone.localdate()))
