"""The plan pages: the viewer's plans, and one team's plan for a year with the form each step
needs (the leader's input, the director's assigned plan, the commitment, the change requests
and their answers). Every form posts to its own address and, when refused, shows the plan
again with what was typed and the messages beside the fields."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from leadwell.plans import selectors, services
from leadwell.plans.models import PlanChange


@login_required
def plans_home(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year"))
    return render(
        request,
        "plans/home.html",
        {"year": year, "plans": selectors.plans_of(request.user, year)},
    )


def _year(raw: Any) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return selectors.this_fiscal_year()
    return year if year in selectors.YEARS else selectors.this_fiscal_year()


def _figures(post: Any) -> tuple[dict[int, str], dict[int, dict[int, str]]]:
    """The amounts of a plan form: `team-q1`... and `person-<id>-q1`..."""
    team: dict[int, str] = {}
    people: dict[int, dict[int, str]] = {}
    for name, value in post.items():
        parts = name.split("-")
        if len(parts) == 2 and parts[0] == "team" and parts[1][1:].isdigit():
            team[int(parts[1][1:])] = value
        elif (
            len(parts) == 3
            and parts[0] == "person"
            and parts[1].isdigit()
            and parts[2][1:].isdigit()
        ):
            people.setdefault(int(parts[1]), {})[int(parts[2][1:])] = value
    return team, people


def _page(
    request: HttpRequest,
    team_id: int,
    fiscal_year: int,
    *,
    form: str = "",
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    typed = request.POST.dict() if request.method == "POST" else {}
    return render(
        request,
        "plans/plan.html",
        {
            "page": page,
            "cycle": page.cycle,
            "form": form,
            "errors": errors or {},
            "typed": typed,
            "confirm_commit": request.GET.get("confirm") == "commit" and page.may["commit"],
            "answers": PlanChange.Answer.choices,
        },
        status=status,
    )


@login_required
def plan(request: HttpRequest, team_id: int, fiscal_year: int) -> HttpResponse:
    return _page(request, team_id, fiscal_year)


def _done(request: HttpRequest, team_id: int, fiscal_year: int, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("plans:plan", team_id=team_id, fiscal_year=fiscal_year)


@login_required
@require_POST
def plan_input(request: HttpRequest, team_id: int, fiscal_year: int) -> HttpResponse:
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    team, people = _figures(request.POST)
    try:
        services.plan_input_save(
            by=request.user,
            team=page.team,
            fiscal_year=fiscal_year,
            team_amounts=team,
            people=people,
            pipeline=request.POST.get("pipeline", ""),
            market=request.POST.get("market", ""),
            capacity=request.POST.get("capacity", ""),
        )
    except ValidationError as problem:
        return _page(
            request, team_id, fiscal_year, form="input", errors=problem.message_dict, status=400
        )
    return _done(request, team_id, fiscal_year, "Your input is saved for your director.")


@login_required
@require_POST
def plan_assign(request: HttpRequest, team_id: int, fiscal_year: int) -> HttpResponse:
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    team, people = _figures(request.POST)
    try:
        services.plan_assign(by=request.user, cycle=page.cycle, team_amounts=team, people=people)
    except ValidationError as problem:
        return _page(
            request, team_id, fiscal_year, form="assign", errors=problem.message_dict, status=400
        )
    return _done(
        request, team_id, fiscal_year, "The plan is assigned: the leader commits to it next."
    )


@login_required
@require_POST
def plan_commit(request: HttpRequest, team_id: int, fiscal_year: int) -> HttpResponse:
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    try:
        services.plan_commit(by=request.user, cycle=page.cycle)
    except ValidationError as problem:
        return _page(
            request, team_id, fiscal_year, form="commit", errors=problem.message_dict, status=400
        )
    return _done(
        request, team_id, fiscal_year, "You committed to the plan: its quotas are in place."
    )


@login_required
@require_POST
def plan_take_over(request: HttpRequest, team_id: int, fiscal_year: int) -> HttpResponse:
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    previous = page.cycle.leader.name if page.cycle.leader_id else "the leader before you"
    try:
        services.plan_take_over(by=request.user, cycle=page.cycle)
    except ValidationError as problem:
        return _page(
            request, team_id, fiscal_year, form="take_over", errors=problem.message_dict, status=400
        )
    return _done(
        request,
        team_id,
        fiscal_year,
        f"The plan is yours now: {previous} agreed it, and what they did stays recorded.",
    )


@login_required
@require_POST
def change_ask(request: HttpRequest, team_id: int, fiscal_year: int) -> HttpResponse:
    page = selectors.plan_page(request.user, team_id, fiscal_year)
    whose = request.POST.get("person", "")
    try:
        services.plan_change_request(
            by=request.user,
            cycle=page.cycle,
            quarter=request.POST.get("quarter", ""),
            person_id=int(whose) if whose.isdigit() else None,
            to_amount=request.POST.get("to_amount", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as problem:
        return _page(
            request, team_id, fiscal_year, form="ask", errors=problem.message_dict, status=400
        )
    return _done(request, team_id, fiscal_year, "Your change request is sent to your director.")


@login_required
@require_POST
def change_answer(request: HttpRequest, change_id: int) -> HttpResponse:
    change = selectors.change_or_404(request.user, change_id)
    cycle = change.cycle
    try:
        services.plan_change_answer(
            by=request.user,
            change=change,
            answer=request.POST.get("answer", ""),
            granted_amount=request.POST.get("granted_amount", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as problem:
        return _page(
            request,
            cycle.team_id,
            cycle.fiscal_year,
            form=change.form_key,
            errors=problem.message_dict,
            status=400,
        )
    return _done(request, cycle.team_id, cycle.fiscal_year, "Your answer is recorded.")
