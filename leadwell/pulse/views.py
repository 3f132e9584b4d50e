"""The trust pulse's pages: a seller answers a pulse; the teams' readers (the team, its leader
and the leader's line) read its results under the thresholds; a leader opens a pulse and
responds to a result; a director reads each of their leaders' teams and the roll-up; an
administrator reads participation and sets the organisation's rules, never a score.

Reads go through leadwell.pulse.selectors, writes through leadwell.pulse.services, and both ask
the policy (docs/access.md). No page shows an answer: only groups of k answers or more.
"""

import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from leadwell import policy
from leadwell.lib import dates
from leadwell.lib.forms import refused
from leadwell.org.models import Team
from leadwell.pulse import selectors, services
from leadwell.pulse.forms import AnswerForm, OpenForm, ResponseForm, RulesForm
from leadwell.pulse.models import COMMENTS_FROM, ResultGroup
from leadwell.pulse.selectors import QUESTIONS

# What every page says of anonymity, in the same words as the answer page's promise.
ANONYMITY = {"comments_from": COMMENTS_FROM, "questions": QUESTIONS}


def _leading(request: HttpRequest, teams) -> list[Team]:
    """The teams the viewer leads or is in the line above: those they open pulses for (the
    policy's `open` on a team). Only the leader a result is about responds to it."""
    return [t for t in teams if policy.can(request.user, "open", t)]


def _openable(request: HttpRequest, leading: list[Team], today: datetime.date) -> list[Team]:
    return [t for t in leading if not selectors.open_pulse_of(t, today)]


def _teams_context(
    request: HttpRequest, teams: list[Team], today: datetime.date, **forms_by_name
) -> dict:
    leading = _leading(request, teams)
    leading_ids = {t.pk for t in leading}
    me = policy.person_or_404(request.user)
    openable = _openable(request, leading, today)
    sections = []
    for team in teams:
        found = selectors.team_pulse(request.user, team, today)
        if team.pk not in leading_ids and not found.pulses:
            # A team one only belongs to, never asked (a leader's leadership team): nothing
            # to read, and its leader opens its pulses.
            continue
        latest = found.latest
        # Only the leader the result is about responds (the policy's `respond`), and only
        # while they lead the team: a director reads the response.
        may_respond = (
            latest is not None
            and selectors.leads_now(me, team, today)
            and policy.can(request.user, "respond", latest.group)
        )
        sections.append(
            {
                "pulse": found,
                "leads": team.pk in leading_ids,
                "may_respond": may_respond,
                "response_form": forms_by_name.get(f"response-{team.pk}")
                or (ResponseForm() if may_respond else None),
            }
        )
    open_form = forms_by_name.get("open") or (
        OpenForm(teams=openable, days_open=selectors.rules().days_open) if openable else None
    )
    # A roll-up of one team would be that team's result again: shown for two teams or more.
    roll_up = selectors.roll_up(request.user, leading) if len(leading) > 1 else None
    return {
        "today": today,
        "sections": sections,
        "open_form": open_form,
        "roll_up": roll_up,
        "to_answer": selectors.open_pulses_to_answer(me, today),
        **ANONYMITY,
    }


@require_GET
def pulse_home(request: HttpRequest) -> HttpResponse:
    """Every team whose pulse the viewer reads; an administrator on no team finds the
    participation page instead (they read no result)."""
    today = timezone.localdate()
    teams = list(selectors.teams_to_read(request.user, today))
    if not teams and policy.can(request.user, "change", selectors.rules()):
        return redirect("pulse:participation")
    return render(request, "pulse/home.html", _teams_context(request, teams, today))


def _readable_team(request: HttpRequest, team_id: int, today: datetime.date) -> Team:
    found = selectors.teams_to_read(request.user, today).filter(pk=team_id).first()
    if found is None:
        raise Http404("No such team pulse")
    return found


@require_GET
def team_page(request: HttpRequest, team_id: int) -> HttpResponse:
    """One team's pulse: its members' view (results and shared responses) and its leader's."""
    today = timezone.localdate()
    team = _readable_team(request, team_id, today)
    context = _teams_context(request, [team], today)
    context["team"] = team
    return render(request, "pulse/home.html", context)


@require_POST
def pulse_open(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    me = policy.person_or_404(request.user)
    teams = list(selectors.teams_to_read(request.user, today))
    openable = _openable(request, _leading(request, teams), today)
    form = OpenForm(request.POST, teams=openable, days_open=selectors.rules().days_open)
    if form.is_valid():
        team = next(t for t in openable if t.pk == form.cleaned_data["team"])
        try:
            pulse = services.pulse_open(
                by=me, team=team, on=today, days_open=form.cleaned_data["days_open"]
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(
                request,
                f"The pulse of {team.name} is open until {dates.day(pulse.closes_on)}: its "
                f"{pulse.eligible} sellers see it on their home page.",
            )
            return redirect("pulse:home")
    context = _teams_context(request, teams, today, open=form)
    return render(request, "pulse/home.html", context, status=422)


@require_POST
def respond(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    group: ResultGroup = selectors.group_for(request.user, str(group_id), "respond")
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.response_write(
                by=me,
                group=group,
                heard=form.cleaned_data["heard"],
                actions=form.cleaned_data["actions"],
                share=form.cleaned_data["share"],
                on=today,
            )
        except ValidationError as error:
            refused(form, error)
        else:
            shared = " and shared with the team" if form.cleaned_data["share"] else ""
            messages.success(request, f"Your response is recorded{shared}.")
            return redirect(reverse("pulse:team", args=[group.team_id]) + "#responses")
    context = _teams_context(request, [group.team], today, **{f"response-{group.team_id}": form})
    context["team"] = group.team
    return render(request, "pulse/home.html", context, status=422)


# The answer never reaches an error report: Django's reporter shows these fields as stars.
@sensitive_post_parameters("care", "help", "trust", "comment")
def answer(request: HttpRequest, pulse_id: int) -> HttpResponse:
    """A seller answers their team's pulse once; afterwards the page thanks them and shows no
    answer (none is kept beside them to show)."""
    pulse = selectors.pulse_for(request.user, pulse_id, "answer")
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    answered = selectors.has_answered(me, pulse)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if answered:
            form.add_error(None, "You have answered this pulse already: an answer cannot change.")
        elif form.is_valid():
            try:
                services.pulse_answer(by=me, pulse=pulse, on=today, **form.cleaned_data)
            except ValidationError as error:
                refused(form, error)
            else:
                return redirect("pulse:answer", pulse.pk)
        status = 422
    elif request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    context = {
        "pulse": pulse,
        "form": form,
        "answered": answered,
        "is_open": pulse.is_open(today),
        "leader": selectors.leader_of(pulse, today),
        "last_response": selectors.last_shared_response(request.user, pulse),
        **ANONYMITY,
    }
    return render(request, "pulse/answer.html", context, status=status)


def participation(request: HttpRequest) -> HttpResponse:
    """An administrator's page: each team's pulses with their participation, and the
    organisation's rules. Never a score."""
    found = selectors.rules()
    policy.require(request.user, "change", found)
    form = RulesForm(
        request.POST or None,
        initial={
            "min_answers": found.min_answers,
            "monthly_on_day": found.monthly_on_day,
            "days_open": found.days_open,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rules_change(by=policy.person_or_404(request.user), **form.cleaned_data)
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, "The pulse rules are saved.")
                return redirect("pulse:participation")
        status = 422
    context = {
        "teams": selectors.participation_by_team(),
        "rules": found,
        "form": form,
        "comments_from": COMMENTS_FROM,
    }
    return render(request, "pulse/participation.html", context, status=status)
