"""The vision pages: my vision (write, set goals, publish, change a goal with its reason), one
goal with its history, a vision read by the line above, a director's page of their leaders'
visions, and a team's read-only view (the business unit's above its leader's).

Every lookup goes through the policy by the selectors the API uses too, and every write through
leadwell.leadership.vision.services, which asks the policy about the writer's own step.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.leadership.vision import selectors, services
from leadwell.leadership.vision.forms import ChangeForm, GoalForm, ServingForm, VisionForm
from leadwell.leadership.vision.models import QUESTIONS, Goal
from leadwell.lib.forms import refused
from leadwell.org import selectors as org
from leadwell.org.models import Team

HOME = "leadership:vision_mine"


def vision_mine(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    return _mine(request, me)


def _mine(request, me, *, form=None, goal_form=None, publish_errors=None, status=200):
    vision = selectors.own_vision(me)
    leads = org.teams_led_by(me).exists()
    if form is None and leads:
        form = VisionForm(initial={n: getattr(vision, n) for n, _ in QUESTIONS} if vision else {})
    read = selectors.read_one(request.user, vision) if vision else None
    teams = Team.objects.filter(pk__in=org.team_ids_of(me)).order_by("name")
    context = {
        "me": me,
        "leads": leads,
        "read": read,
        "above": selectors.visions_above(request.user, vision) if vision else [],
        "form": form,
        "goal_form": goal_form or GoalForm(),
        "publish_errors": publish_errors or [],
        # A seller's (or a leader's, as a member of the director's team) teams: their visions.
        "my_teams": [t for t in teams if policy.can(request.user, "view_vision", t)],
        "leads_leaders": selectors.has_leaders_below(me),
    }
    return render(request, "leadership/vision/mine.html", context, status=status)


@require_POST
def vision_save(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    form = VisionForm(request.POST)
    if form.is_valid():
        try:
            services.vision_save(owner=me, by=me, **form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, "Your vision is saved.")
            return redirect(HOME)
    return _mine(request, me, form=form, status=422)


@require_POST
def vision_publish(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    vision = selectors.own_vision(me)
    if vision is None:
        return redirect(HOME)
    vision = selectors.vision_for(request.user, vision.pk, "change")
    try:
        services.vision_publish(vision=vision, by=me)
    except ValidationError as error:
        problems = [p for ps in error.message_dict.values() for p in ps]
        form = VisionForm(initial={n: getattr(vision, n) for n, _ in QUESTIONS})
        for name, found in error.message_dict.items():
            if name in form.fields:
                form.add_error(name, found)
        return _mine(request, me, form=form, publish_errors=problems, status=422)
    messages.success(request, "Published: your team reads your vision and goals from now on.")
    return redirect(HOME)


@require_POST
def goal_add(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    vision = selectors.own_vision(me)
    goal_form = GoalForm(request.POST)
    if vision is None:
        goal_form.add_error(None, "Save your vision's answers first, then add its goals.")
        return _mine(request, me, goal_form=goal_form, status=422)
    vision = selectors.vision_for(request.user, vision.pk, "change")
    if goal_form.is_valid():
        try:
            services.goal_draft_save(vision=vision, by=me, text=goal_form.goal_text())
        except ValidationError as error:
            refused(goal_form, error)
        else:
            messages.success(request, "Goal added to your draft.")
            return redirect(HOME)
    return _mine(request, me, goal_form=goal_form, status=422)


def goal_page(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.goal_for(request.user, goal_id)
    return _goal(request, goal)


def _goal(request, goal: Goal, *, form=None, serving_form=None, status=200):
    read = selectors.read_one(request.user, goal.vision)
    found = next(g for g in read.goals if g.goal.pk == goal.pk)
    published = goal.vision.is_published
    if form is None and read.may_change:
        form = (ChangeForm if published else GoalForm)(initial=GoalForm.initial_of(found.current))
    context = {
        "read": read,
        "found": found,
        "form": form,
        "published": published,
        "serving_form": serving_form or ServingForm(initial={"serving": goal.serving}),
    }
    return render(request, "leadership/vision/goal.html", context, status=status)


@require_POST
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.goal_for(request.user, goal_id, "change")
    me = policy.person_or_404(request.user)
    published = goal.vision.is_published
    form = (ChangeForm if published else GoalForm)(request.POST)
    if form.is_valid():
        try:
            if published:
                data = form.cleaned_data
                services.goal_change(
                    goal=goal,
                    by=me,
                    text=form.goal_text(),
                    change_kind=data["change_kind"],
                    reason=data["reason"],
                    team_note=data["team_note"],
                )
            else:
                services.goal_draft_save(
                    vision=goal.vision, by=me, goal=goal, text=form.goal_text()
                )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(
                request,
                "The goal is changed: its earlier version stays in its history."
                if published
                else "The draft goal is saved.",
            )
            return redirect("leadership:vision_goal", goal.pk)
    return _goal(request, goal, form=form, status=422)


@require_POST
def goal_serving(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.goal_for(request.user, goal_id, "change")
    me = policy.person_or_404(request.user)
    form = ServingForm(request.POST)
    if form.is_valid():
        try:
            services.goal_serving_set(goal=goal, by=me, metrics=form.cleaned_data["serving"])
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, "Saved: the team standards page shows what each serves.")
            return redirect("leadership:vision_goal", goal.pk)
    return _goal(request, goal, serving_form=form, status=422)


def goal_remove(request: HttpRequest, goal_id: int) -> HttpResponse:
    """Asks first (GET), removes on the confirmation (POST): drafts only."""
    goal = selectors.goal_for(request.user, goal_id, "change")
    me = policy.person_or_404(request.user)
    if request.method == "POST":
        try:
            services.goal_remove(goal=goal, by=me)
        except ValidationError as error:
            messages.error(request, next(iter(error.messages)))
            return redirect("leadership:vision_goal", goal.pk)
        messages.success(request, "The draft goal is removed.")
        return redirect(HOME)
    current = goal.versions.order_by("-number").first()
    return render(request, "leadership/vision/goal_remove.html", {"goal": goal, "current": current})


def vision_detail(request: HttpRequest, vision_id: int) -> HttpResponse:
    """A vision read by its owner or the line above (a director reading a leader's)."""
    vision = selectors.vision_for(request.user, vision_id)
    context = {
        "read": selectors.read_one(request.user, vision),
        "above": selectors.visions_above(request.user, vision),
    }
    return render(request, "leadership/vision/detail.html", context)


def vision_leaders(request: HttpRequest) -> HttpResponse:
    """A director's page: their own (the business unit's) vision, then each leader's."""
    me = policy.person_or_404(request.user)
    own = selectors.own_vision(me)
    context = {
        "own": selectors.read_one(request.user, own) if own and own.is_published else None,
        "leaders": selectors.leaders_visions(request.user),
    }
    return render(request, "leadership/vision/leaders.html", context)


def vision_team(request: HttpRequest, team_id: int) -> HttpResponse:
    """The team's read-only view: the business unit's vision above its leader's."""
    team = policy.get_or_404(request.user, "view_vision", Team, pk=team_id)
    context = {"team": team, "reads": selectors.team_visions(request.user, team)}
    return render(request, "leadership/vision/team.html", context)
