"""Leading yourself: the pages. My page (purpose, strengths, asks, aspirations with their
actions, my line's feedback, and the pages of the people I lead), a person's page as their line
reads it (with the feedback form), and one aspiration with its actions.

Every lookup goes through the selectors (which fetch-and-check through the policy: 404 for
anyone the rules leave out) and every write through leadwell.leadership.yourself.services,
which asks the policy about the writer's own step. A refused form comes back with what was
typed and the message beside its field (422).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.leadership.yourself import selectors, services
from leadwell.leadership.yourself.forms import (
    ActionForm,
    AspirationChangeForm,
    AspirationForm,
    FeedbackForm,
    OwnPageForm,
)
from leadwell.lib.forms import refused
from leadwell.org.models import Person

TEMPLATE = "leadership/yourself/page.html"


def _initial_page(data: selectors.YourselfPage) -> dict:
    page = data.page
    return {name: getattr(page, name) for name in services.PAGE_FIELDS} if page else {}


def _page_context(request: HttpRequest, person: Person, **forms) -> dict:
    today = timezone.localdate()
    data = selectors.page_of(request.user, person, today)
    me = policy.viewer_for(request.user).person
    is_self = me is not None and me.pk == person.pk
    may_give = policy.can(request.user, "give_aspiration_feedback", person)
    return {
        "data": data,
        "person": person,
        "today": today,
        "is_self": is_self,
        "may_give_feedback": may_give,
        "page_form": forms.get("page_form") or OwnPageForm(initial=_initial_page(data)),
        "aspiration_form": forms.get("aspiration_form")
        or AspirationForm(initial={"horizon": "three_years"}),
        "feedback_form": forms.get("feedback_form") or FeedbackForm(aspirations=data.aspirations),
        "in_line": selectors.people_in_line(request.user, today) if is_self else [],
    }


def my_page(request: HttpRequest) -> HttpResponse:
    """My own page; a post writes my purpose, strengths and asks."""
    me = policy.person_or_404(request.user)
    if request.method == "POST":
        form = OwnPageForm(request.POST)
        if form.is_valid():
            try:
                services.own_page_write(person=me, by=me, **form.cleaned_data)
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, "Your purpose, strengths and asks are saved.")
                return redirect("leadership:yourself")
        context = _page_context(request, me, page_form=form)
        return render(request, TEMPLATE, context, status=422)
    return render(request, TEMPLATE, _page_context(request, me))


def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's page as their management line reads it (mine is my own page)."""
    person = selectors.person_for(request.user, person_id)
    me = policy.viewer_for(request.user).person
    if me is not None and me.pk == person.pk:
        return redirect("leadership:yourself")
    return render(request, TEMPLATE, _page_context(request, person))


@require_POST
def feedback_give(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for(request.user, person_id, "give_aspiration_feedback")
    me = policy.person_or_404(request.user)
    data = selectors.page_of(request.user, person, timezone.localdate())
    form = FeedbackForm(request.POST, aspirations=data.aspirations)
    if form.is_valid():
        goal = next((g for g in data.aspirations if g.pk == form.cleaned_data["goal"]), None)
        try:
            services.aspiration_feedback_give(
                person=person, by=me, text=form.cleaned_data["text"], goal=goal
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, f"Your feedback is recorded for {person.name}.")
            return redirect(reverse("leadership:yourself_person", args=[person.pk]) + "#feedback")
    context = _page_context(request, person, feedback_form=form)
    return render(request, TEMPLATE, context, status=422)


@require_POST
def aspiration_add(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    form = AspirationForm(request.POST)
    if form.is_valid():
        try:
            goal = services.aspiration_save(person=me, by=me, **form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, "Your aspiration is saved: add the actions that reach it.")
            return redirect("leadership:yourself_aspiration", goal.pk)
    context = _page_context(request, me, aspiration_form=form)
    return render(request, TEMPLATE, context, status=422)


def aspiration_page(request: HttpRequest, goal_id: int) -> HttpResponse:
    """One aspiration with its actions: the person changes it and adds actions here."""
    goal = selectors.aspiration_for(request.user, goal_id)
    may_change = policy.can(request.user, "change", goal)
    form = AspirationChangeForm(
        request.POST or None,
        initial={f: getattr(goal, f) for f in ("horizon", "title", "detail", "status")},
    )
    status = 200
    if request.method == "POST":
        goal = selectors.aspiration_for(request.user, goal_id, "change")
        me = policy.person_or_404(request.user)
        if form.is_valid():
            try:
                services.aspiration_save(person=goal.person, by=me, goal=goal, **form.cleaned_data)
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, "Your aspiration is saved.")
                return redirect("leadership:yourself")
        status = 422
    return _aspiration(request, goal, may_change, form=form, status=status)


def _aspiration(request: HttpRequest, goal, may_change: bool, **forms) -> HttpResponse:
    actions = policy.visible(request.user, "view", goal.aspiration_actions.all())
    context = {
        "goal": goal,
        "person": goal.person,
        "today": timezone.localdate(),
        "may_change": may_change,
        "actions": list(actions.order_by("due_on", "id")),
        "form": forms.get("form"),
        "action_form": forms.get("action_form") or ActionForm(),
    }
    return render(
        request, "leadership/yourself/aspiration.html", context, status=forms.get("status", 200)
    )


@require_POST
def action_add(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.aspiration_for(request.user, goal_id, "change")
    me = policy.person_or_404(request.user)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.aspiration_action_add(goal=goal, by=me, **form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, "The action is added.")
            return redirect(reverse("leadership:yourself_aspiration", args=[goal.pk]) + "#actions")
    change = AspirationChangeForm(
        initial={f: getattr(goal, f) for f in ("horizon", "title", "detail", "status")}
    )
    return _aspiration(request, goal, True, form=change, action_form=form, status=422)


@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    action = selectors.action_for(request.user, action_id, "change")
    me = policy.person_or_404(request.user)
    services.aspiration_action_done(action=action, by=me, done=request.POST.get("done", "1") == "1")
    if request.POST.get("back") == "aspiration":
        return redirect(
            reverse("leadership:yourself_aspiration", args=[action.goal_id]) + "#actions"
        )
    return redirect(reverse("leadership:yourself") + f"#aspiration-{action.goal_id}")
