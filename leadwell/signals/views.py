"""The signals pages: a leader's sellers, a director's leaders, and one person below the viewer
with their own direct reports. Reads go through `selectors.board`, which the API uses too."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from leadwell import policy
from leadwell.metrics.charts import trend_svg
from leadwell.metrics.selectors import Line
from leadwell.org import selectors as org
from leadwell.org.models import Person
from leadwell.signals import bias, selectors


@dataclass
class Shown:
    signal: selectors.Signal
    chart: str


def _page(request: HttpRequest, about: Person | None) -> HttpResponse:
    today = timezone.localdate()
    board = selectors.board(request.user, about, today=today)
    if board.own is None and org.role_of(board.about, today) not in (
        org.Role.LEADER,
        org.Role.DIRECTOR,
    ):
        raise Http404("Nobody reports to you")

    def shown(signal: selectors.Signal) -> Shown:
        line = Line(selectors.BIAS, signal.trend[-1][1], trend=signal.trend)
        return Shown(signal, trend_svg(line, today=today))

    context = {
        "board": board,
        "own": shown(board.own) if board.own else None,
        "leaders": [shown(s) for s in board.reports if s.leads],
        "sellers": [shown(s) for s in board.reports if not s.leads],
        "margin": bias.MARGIN,
        "renegotiated_quarters": bias.RENEGOTIATED_QUARTERS,
    }
    return render(request, "signals/page.html", context)


def signals_page(request: HttpRequest) -> HttpResponse:
    return _page(request, None)


def person_signals_page(request: HttpRequest, person_id: int) -> HttpResponse:
    """One person below the viewer; their own signals are nobody's to read about themselves,
    so the viewer's own id leads to their own board."""
    person = get_object_or_404(Person, pk=person_id)
    if person == policy.person_or_404(request.user):
        return redirect("signals:page")
    return _page(request, person)
