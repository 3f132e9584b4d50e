"""The balance pages: a leader's own (their mirror), the leaders below a director, and one
leader as their director reads them. Reads go through `selectors`, which the API uses too."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from leadwell import policy
from leadwell.balance import measure, selectors
from leadwell.balance.measure import Kind, Quarter
from leadwell.lib.periods import Period
from leadwell.metrics.formatting import format_value
from leadwell.org import selectors as org

# The marker on the line between the two drifts sits on one of these steps (the stylesheet
# places each: pages carry no inline style).
MARKER_STEPS = 10


@dataclass
class Cell:
    period: Period
    running: bool
    text: str
    detail: str  # a share's part and whole


def _cell(measured: selectors.Measured, period: Period, quarter: Quarter, running: bool) -> Cell:
    signal = measured.signal
    if quarter.value is None:
        return Cell(period, running, "—", "")
    detail = ""
    if signal.kind is Kind.SHARE and quarter.whole:
        detail = f"{quarter.part:.0f} of {quarter.whole:.0f}"
    return Cell(period, running, format_value(quarter.value, signal.unit), detail)


@dataclass
class Row:
    measured: selectors.Measured
    cells: list[Cell]


def _rows(balance: selectors.Balance, drift: measure.Drift) -> list[Row]:
    last = len(balance.quarters) - 1
    return [
        Row(
            m,
            [
                _cell(m, p, q, i == last)
                for i, (p, q) in enumerate(zip(balance.quarters, m.quarters, strict=True))
            ],
        )
        for m in balance.of(drift)
    ]


def _balance_page(request: HttpRequest, balance: selectors.Balance, own: bool) -> HttpResponse:
    position = balance.position
    leaning = {
        measure.Lean.PRESSURE: [measure.Drift.PRESSURE],
        measure.Lean.EXCUSE: [measure.Drift.EXCUSE],
        measure.Lean.BOTH: [measure.Drift.PRESSURE, measure.Drift.EXCUSE],
        measure.Lean.BALANCED: [],
        measure.Lean.UNMEASURED: [],
    }[position.lean]
    context = {
        "balance": balance,
        "own": own,
        "position": position,
        "marker_step": round(position.marker_percent * MARKER_STEPS / 100),
        "better_ways": [(drift, measure.BETTER_WAY[drift]) for drift in leaning],
        "pressure_rows": _rows(balance, measure.Drift.PRESSURE),
        "excuse_rows": _rows(balance, measure.Drift.EXCUSE),
        "window": measure.WINDOW,
        "drifting_from": measure.DRIFTING_FROM,
    }
    return render(request, "balance/leader.html", context)


def balance_home(request: HttpRequest) -> HttpResponse:
    """A leader's own balance; a director's list of the leaders below them."""
    today = timezone.localdate()
    me = policy.person_or_404(request.user)
    role = org.role_of(me, today)
    if role == org.Role.DIRECTOR:
        rows = selectors.leaders_below(request.user, today)
        return render(request, "balance/leaders.html", {"rows": rows, "window": measure.WINDOW})
    return _balance_page(request, selectors.own_balance(request.user, today), own=True)


def leader_balance(request: HttpRequest, person_id: int) -> HttpResponse:
    me = policy.person_or_404(request.user)
    if person_id == me.pk:
        return redirect("balance:home")
    return _balance_page(request, selectors.balance_for(request.user, person_id), own=False)
