"""The debriefs and talks pages: a director's debriefs with each leader and a leader's with
their director, one debrief with its actions and those carried into it, a leader's talks with
the departments, and the list of departments administrators set.

Every lookup goes through the policy by the selectors the API uses too, and every write through
leadwell.debriefs.services, which asks the policy about the writer's own step. A refused form
comes back with what was typed and the message beside its field (422).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.debriefs import selectors, services
from leadwell.debriefs.forms import ActionForm, DebriefForm, DepartmentsForm, TalkForm
from leadwell.debriefs.models import Debrief
from leadwell.lib import page_sections
from leadwell.lib.forms import refused
from leadwell.lib.periods import PeriodKind, parse_period, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Person
from leadwell.org.selectors import Role


def debriefs_home(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    leaders = selectors.leaders_reporting_to(me, today)
    debriefs = list(selectors.visible_debriefs(request.user))
    context = {
        "today": today,
        "statuses": selectors.debrief_statuses(me, leaders, today),
        "mine": selectors.my_debrief_status(me, today),
        "received": [d for d in debriefs if d.leader_id == me.pk],
        "given": [d for d in debriefs if d.director_id == me.pk],
        # Debriefs the viewer reads as their directors' line, not as one of the two people.
        "line": [d for d in debriefs if me.pk not in (d.director_id, d.leader_id)],
    }
    return render(request, "debriefs/home.html", context)


def debrief_new(request: HttpRequest, leader_id: int) -> HttpResponse:
    """The form a director holds a leader's debrief with: this month's, or one overdue."""
    me = policy.person_or_404(request.user)
    leader = policy.get_or_404(request.user, "hold_debrief", Person.objects.all(), pk=leader_id)
    today = timezone.localdate()
    try:
        month = parse_period(request.GET.get("month", "")).start
    except ValueError:
        month = today
    period = period_of(month, PeriodKind.MONTH)
    form = DebriefForm(request.POST or None, initial={"held_on": today})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                debrief = services.debrief_hold(
                    director=me, leader=leader, month=month, **form.cleaned_data
                )
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(
                    request, f"{leader.name}'s debrief for {period.short_label} is recorded."
                )
                return redirect("debriefs:debrief", debrief.pk)
        status = 422
    context = {"leader": leader, "period": period, "form": form}
    return render(request, "debriefs/new.html", context, status=status)


def _debrief_context(request: HttpRequest, debrief: Debrief, **forms) -> dict:
    may_change = policy.can(request.user, "change", debrief)
    owners = [debrief.director, debrief.leader]
    me = policy.viewer_for(request.user).person
    return {
        "debrief": debrief,
        "today": timezone.localdate(),
        "may_change": may_change,
        "actions": list(selectors.actions_of(debrief)),
        "carried": list(selectors.carried_into(debrief)),
        # What other apps add about the leader's month (their aspirations' feedback).
        "sections": page_sections.sections(
            "debrief", request.user, leader=debrief.leader, month=debrief.month
        ),
        "form": forms.get("form")
        or DebriefForm(
            initial={
                "held_on": debrief.held_on,
                "going_well": debrief.going_well,
                "to_continue": debrief.to_continue,
                "could_improve": debrief.could_improve,
            }
        ),
        "action_form": forms.get("action_form")
        or ActionForm(owners=owners, initial={"owner": me.pk if me else None}),
    }


def debrief_page(request: HttpRequest, debrief_id: int) -> HttpResponse:
    debrief = selectors.debrief_for(request.user, debrief_id)
    if request.method == "POST":
        debrief = selectors.debrief_for(request.user, debrief_id, "change")
        me = policy.person_or_404(request.user)
        form = DebriefForm(request.POST)
        if form.is_valid():
            try:
                services.debrief_update(debrief=debrief, by=me, **form.cleaned_data)
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, "The debrief is saved.")
                return redirect("debriefs:debrief", debrief.pk)
        context = _debrief_context(request, debrief, form=form)
        return render(request, "debriefs/debrief.html", context, status=422)
    return render(request, "debriefs/debrief.html", _debrief_context(request, debrief))


@require_POST
def action_add(request: HttpRequest, debrief_id: int) -> HttpResponse:
    debrief = selectors.debrief_for(request.user, debrief_id, "change")
    me = policy.person_or_404(request.user)
    form = ActionForm(request.POST, owners=[debrief.director, debrief.leader])
    if form.is_valid():
        data = form.cleaned_data
        owner = debrief.director if data["owner"] == debrief.director_id else debrief.leader
        try:
            services.debrief_action_add(
                debrief=debrief, by=me, text=data["text"], owner=owner, due_on=data["due_on"]
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, "The action is added: it carries forward until done.")
            return redirect(reverse("debriefs:debrief", args=[debrief.pk]) + "#actions")
    context = _debrief_context(request, debrief, action_form=form)
    return render(request, "debriefs/debrief.html", context, status=422)


@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    action = selectors.action_for(request.user, action_id, "change")
    me = policy.person_or_404(request.user)
    done = request.POST.get("done", "1") == "1"
    services.debrief_action_done(action=action, by=me, done=done)
    back = request.POST.get("back", "")
    debrief_id = int(back) if back.isdigit() else action.debrief_id
    return redirect(reverse("debriefs:debrief", args=[debrief_id]) + "#actions")


# -- Department talks -----------------------------------------------------------------------------


def talks_page(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    form = TalkForm(request.POST or None, initial={"held_on": today})
    # The talks are a front-line leader's practice; a director reads their leaders' below.
    may_record = org.role_of(me, today) == Role.LEADER
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.talk_record(leader=me, **form.cleaned_data)
            except ValidationError as error:
                refused(form, error)
            else:
                talk_on = form.cleaned_data["department"]
                messages.success(request, f"Your talk with {talk_on} is recorded.")
                return redirect("debriefs:talks")
        status = 422
    mine = selectors.talks_of([me], today)[0] if may_record else None
    context = {
        "today": today,
        "mine": mine,
        "form": form,
        "may_record": may_record,
        "line": selectors.talks_of(selectors.leaders_in_line(me, today), today),
        "departments": selectors.departments(),
        "may_set_departments": policy.may(request.user, "debriefs.set_departments", quiet=True),
    }
    return render(request, "debriefs/talks.html", context, status=status)


def departments_page(request: HttpRequest) -> HttpResponse:
    if not policy.may(request.user, "debriefs.set_departments"):
        raise Http404("No page found")
    names = "\n".join(d.name for d in selectors.departments())
    form = DepartmentsForm(request.POST or None, initial={"names": names})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.departments_set(
                    names=form.cleaned_data["names"].splitlines(), by=request.user
                )
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, "The list of departments is saved.")
                return redirect("debriefs:departments")
        status = 422
    return render(request, "debriefs/departments.html", {"form": form}, status=status)
