"""The asks pages: where a director records an extra ask and a leader finds the asks waiting
for their assessment (a seller, the deals asked of them), and one ask's page with the
assessment, its summary, the decision and the outcome.

Every lookup goes through the policy by the selectors the API uses too, and every write through
leadwell.asks.services, which asks the policy about the writer's own step. A refused form comes
back with what was typed and the message beside its field (422).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.asks import selectors, services
from leadwell.asks.forms import AskForm, DecisionForm, deal_ids_in, ticked_in
from leadwell.asks.models import Ask
from leadwell.lib.currency import reporting_currency
from leadwell.lib.forms import refused
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Person


def _quarters(today: datetime.date) -> list[Period]:
    """The quarters an ask is recorded for: this one and the two after it."""
    quarters = [period_of(today, PeriodKind.QUARTER)]
    while len(quarters) < 3:
        quarters.append(quarters[-1].next())
    return quarters


def _askable(me: Person, today: datetime.date) -> list[Person]:
    """Whom the viewer records an ask of: the leaders in their line, and themselves when they
    lead a team of sellers (a leader records an ask the director made in a meeting). A
    director's own team is their leaders, whose deals an ask is not made of."""
    mine = [me] if org.role_of(me, today) == org.Role.LEADER else []
    return mine + selectors.leaders_to_ask(me, today)


def asks_home(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    leaders = _askable(me, today)
    teams = selectors.teams_to_choose(leaders, today)
    form = AskForm(
        request.POST or None,
        leaders=leaders,
        teams=teams,
        quarters=_quarters(today),
        initial={"asked_on": today, "period": period_of(today, PeriodKind.QUARTER).name},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            chosen = data.pop("leader")
            leader = next(p for p in leaders if p.pk == chosen)
            team_id = data.pop("team", None)
            # Any of the teams offered: the service says so when the leader chosen leads
            # another.
            team = next((t for led in teams.values() for t in led if t.pk == team_id), None)
            try:
                ask = services.ask_record(by=me, leader=leader, team=team, **data)
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(
                    request, f"The ask of {leader.name} for {ask.period.short_label} is recorded."
                )
                return redirect("asks:ask", ask.pk)
        status = 422
    asks = list(selectors.visible_asks(request.user))
    context = {
        "form": form if leaders else None,
        "currency": reporting_currency(),
        "waiting": list(selectors.waiting_for_assessment(me)),
        "mine": [a for a in asks if a.leader_id == me.pk],
        "line": [a for a in asks if a.leader_id != me.pk],
        "asked_of_me": list(selectors.asked_of(request.user)),
    }
    return render(request, "asks/home.html", context, status=status)


def _ask_context(request: HttpRequest, ask: Ask, **extra) -> dict:
    today = timezone.localdate()
    may_answer = policy.can(request.user, "answer", ask) and not ask.is_decided
    summary = selectors.summary(ask)
    assessed = {d.opportunity_id: d for d in summary.deals} if summary else {}
    candidates = selectors.candidates(ask, today) if may_answer else []
    # The decision offers the deals the assessment ticked, or every candidate without one.
    offered = [c for c in candidates if c.pk in assessed] if assessed else candidates
    typed = extra.get("typed")
    ticked = [d.opportunity for d in summary.deals] if summary else []
    customers = selectors.customers_of([*candidates, *ticked], today)
    rows = [
        _row(deal, assessed.get(deal.pk), typed, customers.get(deal.account_id or 0))
        for deal in candidates
    ]
    return {
        "ask": ask,
        "rows": rows,
        "today": today,
        "currency": reporting_currency(),
        "may_answer": may_answer,
        "candidates": candidates,
        "next_quarter": selectors.next_quarter(ask, today) if may_answer else None,
        "assessed": assessed,
        "summary": summary,
        "customers": customers,
        "conditioned_touched": selectors.conditioned_touched(ticked, customers),
        "offered": offered,
        "asked_deals": selectors.asked_deals(ask),
        "outcome": selectors.outcome(ask, today) if ask.is_decided else None,
        "typed": typed,
        "assess_errors": extra.get("assess_errors", {}),
        "decision_form": extra.get("decision_form") or DecisionForm(),
        "asked_typed": extra.get("asked_typed"),
    }


def _row(deal, assessed, typed, customer) -> dict:
    """One candidate deal of the assessment form: as typed when the form came back refused,
    else as the last assessment ticked it, else with the discount the customer's pulled-in
    deals needed on average (the likely concession, for the leader to confirm)."""
    if typed is not None:
        return {
            "deal": deal,
            "customer": customer,
            "ticked": f"deal-{deal.pk}" in typed,
            "discount": typed.get(f"discount-{deal.pk}", ""),
            "terms": typed.get(f"terms-{deal.pk}", ""),
        }
    percent = assessed.discount_percent if assessed else None
    if assessed is None and customer is not None and customer.pulled_in_concession:
        discount = f"{customer.pulled_in_concession * 100:.0f}"
    else:
        discount = "" if percent is None else f"{percent.normalize():f}"
    return {
        "deal": deal,
        "customer": customer,
        "ticked": assessed is not None,
        "discount": discount,
        "terms": assessed.terms if assessed else "",
    }


def ask_page(request: HttpRequest, ask_id: int) -> HttpResponse:
    ask = selectors.ask_for(request.user, ask_id)
    return render(request, "asks/ask.html", _ask_context(request, ask))


@require_POST
def assess(request: HttpRequest, ask_id: int) -> HttpResponse:
    ask = selectors.ask_for(request.user, ask_id, "answer")
    me = policy.person_or_404(request.user)
    ticked, errors = ticked_in(request.POST)
    if not errors:
        try:
            services.ask_assess(
                ask=ask,
                by=me,
                ticked=ticked,
                recommendation=request.POST.get("recommendation", ""),
            )
        except ValidationError as error:
            errors = {k: " ".join(v) for k, v in error.message_dict.items()}
        else:
            messages.success(request, "The assessment is saved: its summary is below.")
            return redirect(reverse("asks:ask", args=[ask.pk]) + "#summary")
    context = _ask_context(request, ask, typed=request.POST, assess_errors=errors)
    return render(request, "asks/ask.html", context, status=422)


@require_POST
def decide(request: HttpRequest, ask_id: int) -> HttpResponse:
    ask = selectors.ask_for(request.user, ask_id, "answer")
    me = policy.person_or_404(request.user)
    form = DecisionForm(request.POST)
    deal_ids = deal_ids_in(request.POST)
    if form.is_valid():
        try:
            services.ask_decide(
                ask=ask,
                by=me,
                decision=form.cleaned_data["decision"],
                deal_ids=deal_ids,
                reason=form.cleaned_data["decline_reason"],
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, f"Your decision is recorded: {ask.get_decision_display()}.")
            return redirect(reverse("asks:ask", args=[ask.pk]) + "#decision")
    context = _ask_context(request, ask, decision_form=form, asked_typed=deal_ids)
    return render(request, "asks/ask.html", context, status=422)
