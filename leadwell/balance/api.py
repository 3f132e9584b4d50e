"""API for the balance of authority: a leader's own balance, a director's leaders, and one
leader, through the same selectors as the pages. The leader and their line above read a
balance; anyone else, the leader's sellers included, gets 404 (leadwell/balance/rules.py)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from leadwell.balance import selectors
from leadwell.coaching.api.common import PersonBrief
from leadwell.lib.api_input import Id, Message

router = Router(tags=["Balance"])


class BalanceQuarter(Schema):
    quarter: str = Field(description="The quarter, e.g. FY2026-Q3")
    running: bool = Field(description="The quarter in progress: its value is to date")
    value: float | None = Field(description="The signal's value; none: nothing to measure")
    part: float | None = Field(description="A share's part, or a count")
    whole: float | None = Field(description="A share's whole (none for a count or a level)")


class BalanceSignal(Schema):
    key: str
    drift: str = Field(description="pressure (pressure passer) or excuse (excuse carrier)")
    label: str
    threshold: str = Field(description="The rule the last four quarters are held against")
    reads: str = Field(description="Where the figures come from")
    over_threshold: bool
    span: str = Field(description="What the value and the evidence cover, in words")
    value: float | None = Field(
        description="The figure over the last four finished quarters (and the running one "
        "for the signals that count events)"
    )
    year_before: float | None = Field(description="The same over the four quarters before")
    evidence: str
    quarters: list[BalanceQuarter]


class BalancePosition(Schema):
    lean: str = Field(description="balanced, pressure, excuse, both or unmeasured")
    headline: str
    pressure_over: int
    pressure_measured: int
    excuse_over: int
    excuse_measured: int


class BalanceOut(Schema):
    leader: PersonBrief
    position: BalancePosition
    signals: list[BalanceSignal]


def _balance(balance: selectors.Balance) -> dict:
    p = balance.position
    last = len(balance.quarters) - 1
    return {
        "leader": balance.leader,
        "position": {
            "lean": p.lean.value,
            "headline": p.headline,
            "pressure_over": p.pressure,
            "pressure_measured": p.pressure_measured,
            "excuse_over": p.excuse,
            "excuse_measured": p.excuse_measured,
        },
        "signals": [
            {
                "key": m.signal.key,
                "drift": m.signal.drift.value,
                "label": m.signal.label,
                "threshold": m.signal.threshold,
                "reads": m.signal.reads,
                "span": m.signal.span_words,
                "over_threshold": m.reading.fires,
                "value": m.reading.value,
                "year_before": m.reading.before,
                "evidence": m.reading.evidence,
                "quarters": [
                    {
                        "quarter": period.name,
                        "running": i == last,
                        "value": q.value,
                        "part": q.part,
                        "whole": q.whole,
                    }
                    for i, (period, q) in enumerate(zip(balance.quarters, m.quarters, strict=True))
                ],
            }
            for m in balance.measured
        ],
    }


@router.get(
    "/balance",
    response={200: BalanceOut, 404: Message},
    summary="Your own balance, as a leader",
    description="Which way you drift between passing the pressure on and carrying the team's "
    "obstacles up: each signal per quarter, its threshold, and your position. 404 unless you "
    "lead a team of sellers (a director reads their leaders' at /balance/leaders).",
)
def own_balance(request: HttpRequest):
    return _balance(selectors.own_balance(request.user, timezone.localdate()))


@router.get(
    "/balance/leaders",
    response=list[BalanceOut],
    summary="The balance of each leader reporting to you",
    description="For a director: each leader below them. Empty for anyone else.",
)
def leaders_balance(request: HttpRequest):
    return [_balance(row.balance) for row in selectors.leaders_below(request.user)]


@router.get(
    "/balance/leaders/{person_id}",
    response={200: BalanceOut, 404: Message},
    summary="One leader's balance",
    description="For the leader and their management line; 404 for anyone else and for a "
    "person who leads no team.",
)
def leader_balance(request: HttpRequest, person_id: Id):
    return _balance(selectors.balance_for(request.user, person_id, timezone.localdate()))
