"""A seller's personal goals: their own ambitions, written by the seller and read by their
management line (who link coaching to them). Nobody else sees them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from leadwell import policy
from leadwell.coaching import services
from leadwell.coaching.forms import Posted
from leadwell.coaching.models import PersonalGoal
from leadwell.org.models import Person


def _save(request: HttpRequest, person: Person, goal: PersonalGoal | None = None) -> PersonalGoal:
    form = Posted(request.POST)
    return services.goal_save(
        person=person,
        goal=goal,
        area=form.text("area"),
        title=form.text("title"),
        detail=form.text("detail"),
        horizon=form.text("horizon") or PersonalGoal.Horizon.YEAR,
        status=form.text("status") or PersonalGoal.Status.ACTIVE,
    )


def _choices() -> dict:
    return {
        "areas": PersonalGoal.Area.choices,
        "horizons": PersonalGoal.Horizon.choices,
        "statuses": PersonalGoal.Status.choices,
    }


def goal_list(request: HttpRequest, person_id: int) -> HttpResponse:
    person = policy.get_or_404(request.user, "view_coaching", Person, pk=person_id)
    may_write = policy.can(request.user, "write_goals", person)
    problems: list[str] = []
    field_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        policy.require(request.user, "write_goals", person)
        try:
            goal = _save(request, person)
        except ValidationError as problem:
            problems = problem.messages
            field_errors = problem.message_dict
        else:
            messages.success(request, f"Goal saved: {goal.title}.")
            return redirect("coaching:goals", person.pk)
    goals = PersonalGoal.objects.filter(person=person).annotate(linked=Count("items"))
    by_area: dict[str, tuple[str, list[PersonalGoal]]] = {
        area: (label, []) for area, label in PersonalGoal.Area.choices
    }
    for goal in goals:
        by_area[goal.area][1].append(goal)
    context = {
        "person": person,
        "is_self": may_write,
        "may_write": may_write,
        "areas_with_goals": [entry for entry in by_area.values() if entry[1]],
        "problems": problems,
        "field_errors": field_errors,
        "values": request.POST if problems else {"horizon": PersonalGoal.Horizon.YEAR},
        **_choices(),
    }
    return render(request, "coaching/goals.html", context)


def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = policy.get_or_404(
        request.user, "change", PersonalGoal.objects.select_related("person"), pk=goal_id
    )
    problems: list[str] = []
    field_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            _save(request, goal.person, goal)
        except ValidationError as problem:
            problems = problem.messages
            field_errors = problem.message_dict
        else:
            messages.success(request, f"Goal saved: {goal.title}.")
            return redirect("coaching:goals", goal.person_id)
    context = {
        "goal": goal,
        "person": goal.person,
        "problems": problems,
        "field_errors": field_errors,
        "values": request.POST
        if problems
        else {
            "area": goal.area,
            "title": goal.title,
            "detail": goal.detail,
            "horizon": goal.horizon,
            "status": goal.status,
        },
        **_choices(),
    }
    return render(request, "coaching/goal_edit.html", context)
