"""The pivot pages: a person's quarter (the challenge they issue to their team, who answered, the
team's strongest and weakest standards, and their own self-assessment), a self-assessment with
the CRM's signals beside it (written by the person, responded to by their manager), a leader's
team as their line reads it, and a director's roll-up.

Every lookup goes through the policy by the selectors the API uses too, and every write through
leadwell.leadership.pivot.services, which asks the policy about the writer's own step. A refused
form comes back with what was typed and the message beside its field (422).
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
from leadwell.leadership.pivot import objective, selectors, services
from leadwell.leadership.pivot.forms import AssessmentForm, ChallengeForm, ResponseForm
from leadwell.leadership.pivot.models import PivotAssessment
from leadwell.leadership.pivot.standards import QUESTION, RATINGS, STANDARDS
from leadwell.lib.forms import refused
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Person


def _quarter(request: HttpRequest, source: str = "GET") -> Period:
    """The quarter asked for (?quarter=FY2026-Q3), else this one, saying why when unreadable."""
    text = getattr(request, source).get("quarter", "")
    try:
        return selectors.quarter_from(text)
    except ValueError as problem:
        messages.error(request, str(problem))
        return selectors.quarter_from("")


def _quarter_url(name: str, quarter: Period, *args) -> str:
    return reverse(f"leadership:{name}", args=args) + f"?quarter={quarter.name}"


def _picker(quarter: Period) -> dict:
    today = timezone.localdate()
    current = period_of(today, PeriodKind.QUARTER)
    return {
        "quarter": quarter,
        "previous": period_of(quarter.start - datetime.timedelta(days=1), PeriodKind.QUARTER),
        "next": quarter.next() if quarter < current.next() else None,
        "is_current": quarter == current,
    }


def _quarter_context(request: HttpRequest, me: Person, quarter: Period, **forms) -> dict:
    today = timezone.localdate()
    day = selectors.on_day(quarter, today)
    leads = selectors.leads_anyone(me, day)
    team = selectors.team_quarter(me, quarter, today) if leads else None
    current = period_of(today, PeriodKind.QUARTER)
    return {
        **_picker(quarter),
        "me": me,
        "team": team,
        "may_issue": team is not None
        and team.challenge is None
        and current <= quarter <= current.next(),
        "form": forms.get("form") or ChallengeForm(),
        "manager": org.manager_of(me, day),
        "my_challenge": selectors.my_challenge(me, quarter, today),
        "mine": selectors.my_assessment(me, quarter),
        "has_roll_up": bool(selectors.leaders_in_line(me, quarter, today)),
        "standards": STANDARDS,
    }


def pivot_quarter(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    quarter = _quarter(request)
    return render(request, "leadership/pivot/quarter.html", _quarter_context(request, me, quarter))


@require_POST
def pivot_issue(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    quarter = _quarter(request, "POST")
    form = ChallengeForm(request.POST)
    if form.is_valid():
        try:
            services.challenge_issue(issuer=me, quarter=quarter, **form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            people = org.direct_reports(me).count()
            messages.success(
                request,
                f"The challenge for {quarter.short_label} is issued to the {people} "
                f"{'person' if people == 1 else 'people'} reporting to you.",
            )
            return redirect(_quarter_url("pivot_quarter", quarter))
    context = _quarter_context(request, me, quarter, form=form)
    return render(request, "leadership/pivot/quarter.html", context, status=422)


@require_POST
def pivot_start(request: HttpRequest) -> HttpResponse:
    """Start (or open) the viewer's own self-assessment of the quarter."""
    me = policy.person_or_404(request.user)
    quarter = _quarter(request, "POST")
    try:
        assessment = services.assessment_start(person=me, quarter=quarter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_quarter_url("pivot_quarter", quarter))
    return redirect("leadership:pivot_assessment", assessment.pk)


def pivot_team(request: HttpRequest, person_id: int) -> HttpResponse:
    """A leader's quarter as their line reads it: who answered and the team's standards."""
    leader = policy.get_or_404(request.user, "view_pivot_team", Person.objects.all(), pk=person_id)
    quarter = _quarter(request)
    me = policy.viewer_for(request.user).person
    if me is not None and me.pk == leader.pk:
        return redirect(_quarter_url("pivot_quarter", quarter))
    context = {
        **_picker(quarter),
        "leader": leader,
        "team": selectors.team_quarter(leader, quarter),
        "standards": STANDARDS,
    }
    return render(request, "leadership/pivot/team.html", context)


def pivot_rollup(request: HttpRequest) -> HttpResponse:
    """A director's roll-up: each leader's team in their line, and the leaders' own answers."""
    me = policy.person_or_404(request.user)
    quarter = _quarter(request)
    today = timezone.localdate()
    leaders = selectors.leaders_in_line(me, quarter, today)
    teams = selectors.teams_quarter(leaders, quarter, today)
    own = (
        selectors.team_quarter(me, quarter, today)
        if selectors.leads_anyone(me, selectors.on_day(quarter, today))
        else None
    )
    context = {
        **_picker(quarter),
        "teams": teams,
        "own": own,
        "overall": selectors.standard_means_overall(teams),
        "standards": STANDARDS,
    }
    return render(request, "leadership/pivot/rollup.html", context)


def _assessment_context(request: HttpRequest, assessment: PivotAssessment, **forms) -> dict:
    me = policy.viewer_for(request.user).person
    is_mine = me is not None and me.pk == assessment.person_id
    shows = selectors.shows_answers(request.user, assessment)
    answers = selectors.answers_of(assessment) if shows else []
    may_respond = (
        assessment.is_submitted
        and policy.can(request.user, "respond", assessment)
        and org.manager_of(assessment.person) == me
    )
    bound = forms.get("response_forms", {})
    rows = []
    for answer in answers:
        response = selectors.response_of(answer)
        form = None
        if may_respond:
            form = bound.get(answer.pk) or ResponseForm(
                prefix=f"r{answer.pk}", initial={"text": response.text if response else ""}
            )
        rows.append({"answer": answer, "response": response, "form": form})
    editing = is_mine and not assessment.is_submitted
    form = forms.get("form")
    if editing and form is None:
        initial: dict = {"practised": assessment.practised}
        for answer in answers:
            initial[f"rating_{answer.standard}"] = answer.rating
            initial[f"example_{answer.standard}"] = answer.example
        form = AssessmentForm(initial=initial)
    return {
        "assessment": assessment,
        "person": assessment.person,
        "challenge": assessment.challenge,
        "is_mine": is_mine,
        "shows_answers": shows,
        "editing": editing,
        "form": form,
        "rows": rows,
        "may_respond": may_respond,
        "signals": objective.signals_for(
            assessment.person_id,
            assessment.quarter,
            selectors.team_ids_for(assessment),
            fewest_colleagues=objective.FEWEST_COLLEAGUES if is_mine else 0,
        ),
        "ratings": RATINGS,
        "today": timezone.localdate(),
        "question": QUESTION,
        "standards": STANDARDS,
    }


def pivot_assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    if request.method != "POST":
        assessment = selectors.assessment_for(request.user, assessment_id)
        context = _assessment_context(request, assessment)
        return render(request, "leadership/pivot/assessment.html", context)
    assessment = selectors.assessment_for(request.user, assessment_id, "answer")
    me = policy.person_or_404(request.user)
    form = AssessmentForm(request.POST)
    submit = "submit" in request.POST
    if form.is_valid():
        try:
            services.assessment_save(
                assessment=assessment,
                by=me,
                ratings=form.ratings(),
                examples=form.examples(),
                practised=form.cleaned_data["practised"],
                submit=submit,
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(
                request,
                f"Your self-assessment is submitted to {assessment.challenge.issuer.name}."
                if submit
                else "Your draft is saved: only you read it until you submit it.",
            )
            return redirect("leadership:pivot_assessment", assessment.pk)
    context = _assessment_context(request, assessment, form=form)
    return render(request, "leadership/pivot/assessment.html", context, status=422)


@require_POST
def pivot_respond(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = selectors.answer_for(request.user, answer_id, "respond")
    me = policy.person_or_404(request.user)
    form = ResponseForm(request.POST, prefix=f"r{answer.pk}")
    if form.is_valid():
        had_action = getattr(selectors.response_of(answer), "plan_action_id", None)
        try:
            response = services.response_write(answer=answer, by=me, **form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            added = response.plan_action_id is not None and had_action is None
            person = answer.assessment.person.name
            messages.success(
                request,
                f"Your response is saved and added to {person}'s development plan."
                if added
                else "Your response is saved.",
            )
            url = reverse("leadership:pivot_assessment", args=[answer.assessment_id])
            return redirect(f"{url}#standard-{answer.standard}")
    context = _assessment_context(request, answer.assessment, response_forms={answer.pk: form})
    return render(request, "leadership/pivot/assessment.html", context, status=422)
