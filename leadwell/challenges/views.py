"""The challenge pages: the register (a seller's team's challenges and the form to raise one;
the leader's triage queue; the escalations waiting for a director's answer) and one challenge
with its actions and the forms of each step.

Every lookup goes through the policy by the selectors the API uses too, and every write through
leadwell.challenges.services. A refused form comes back with what was typed and the message
beside its field (422).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.challenges import selectors, services
from leadwell.challenges.forms import (
    ActionForm,
    AnswerForm,
    CloseForm,
    EscalateForm,
    RaiseForm,
    TriageForm,
)
from leadwell.challenges.models import Challenge
from leadwell.coaching.models import CoachingItem, TalkingPoint
from leadwell.lib.forms import refused
from leadwell.org import selectors as org


def register(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    team = selectors.team_to_raise_in(me, today)
    role = org.role_of(me, today)
    # A director answers escalations; raising is for sellers and the leaders of sellers.
    may_raise = (
        team is not None and role != org.Role.DIRECTOR and policy.can(me, "raise_challenge", team)
    )
    deals = selectors.team_open_deals(team, today, me) if may_raise and team else []
    accounts = selectors.accounts_of(deals) if may_raise and team else []
    form = RaiseForm(request.POST or None, deals=deals, accounts=accounts)
    # Raised from a point of the person's 1:1: its text to start from, and the link kept.
    point_id = request.POST.get("point", "") or request.GET.get("point", "")
    point = None
    if point_id.isdigit():
        point = policy.get_or_404(request.user, "view", TalkingPoint.objects.all(), pk=point_id)
        if not form.is_bound:
            form.initial["description"] = point.text
    status = 200
    if request.method == "POST" and may_raise and team is not None:
        if form.is_valid():
            data = form.cleaned_data
            try:
                challenge = services.challenge_raise(
                    by=me,
                    team=team,
                    description=data["description"],
                    category=data["category"],
                    leader_only=data["leader_only"],
                    deals=[d for d in deals if d.pk in data.get("deals", [])],
                    accounts=[a for a in accounts if a.pk in data.get("accounts", [])],
                    from_point=point,
                )
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, "The challenge is raised: your leader triages it.")
                return redirect("challenges:challenge", challenge.pk)
        status = 422
    challenges = list(selectors.visible_challenges(request.user))
    context = {
        "team": team,
        "leads": role in (org.Role.LEADER, org.Role.DIRECTOR),
        "may_raise": may_raise,
        "form": form,
        "point": point,
        "queue": selectors.triage_queue(request.user),
        "awaiting": selectors.awaiting_answer(request.user),
        "team_challenges": [c for c in challenges if team and c.team_id == team.pk],
        "other_challenges": [c for c in challenges if not team or c.team_id != team.pk],
    }
    return render(request, "challenges/register.html", context, status=status)


def _context(request: HttpRequest, challenge: Challenge, **forms) -> dict:
    me = policy.person_or_404(request.user)
    may_answer = challenge.awaits_answer and policy.can(request.user, "answer", challenge)
    # The director answering sees the answer form, not the leader's: the rule lets the line
    # above step in, the page keeps the roles apart.
    may_triage = policy.can(request.user, "triage", challenge) and not may_answer
    actions = selectors.actions_of(challenge, request.user)
    return {
        "challenge": challenge,
        "today": timezone.localdate(),
        "deals": selectors.deals_of(challenge, request.user),
        "accounts": list(challenge.accounts.all()),
        "actions": actions,
        "may_mark": {a.pk for a in actions if policy.can(request.user, "change", a)},
        "may_triage": may_triage and not challenge.is_closed,
        "may_answer": may_answer,
        "triage_form": forms.get("triage_form")
        or TriageForm(initial={"options": challenge.options}),
        "escalate_form": forms.get("escalate_form")
        or EscalateForm(initial={"ask": challenge.ask, "business_case": challenge.business_case}),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "action_form": forms.get("action_form")
        or ActionForm(
            owners=selectors.action_owners(challenge),
            items=selectors.coaching_items_for(challenge, me) if may_triage else [],
            initial={"owner": me.pk},
        ),
    }


def challenge_page(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = selectors.challenge_for(request.user, challenge_id)
    return render(request, "challenges/challenge.html", _context(request, challenge))


def _step(request, challenge_id, action, form_class, key, run, done_message) -> HttpResponse:
    selectors.challenge_for(request.user, challenge_id)
    challenge = selectors.challenge_for(request.user, challenge_id, action)
    me = policy.person_or_404(request.user)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(challenge, me, form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, done_message)
            return redirect("challenges:challenge", challenge.pk)
    context = _context(request, challenge, **{key: form})
    return render(request, "challenges/challenge.html", context, status=422)


@require_POST
def triage(request: HttpRequest, challenge_id: int) -> HttpResponse:
    def run(challenge, me, data):
        services.challenge_keep_in_team(challenge=challenge, by=me, options=data["options"])

    return _step(
        request,
        challenge_id,
        "triage",
        TriageForm,
        "triage_form",
        run,
        "The team works on it: agree the actions.",
    )


@require_POST
def escalate(request: HttpRequest, challenge_id: int) -> HttpResponse:
    def run(challenge, me, data):
        services.challenge_escalate(challenge=challenge, by=me, **data)

    return _step(
        request,
        challenge_id,
        "triage",
        EscalateForm,
        "escalate_form",
        run,
        "The challenge is escalated to the director.",
    )


@require_POST
def answer(request: HttpRequest, challenge_id: int) -> HttpResponse:
    def run(challenge, me, data):
        services.challenge_answer(challenge=challenge, by=me, **data)

    return _step(
        request,
        challenge_id,
        "answer",
        AnswerForm,
        "answer_form",
        run,
        "Your answer is recorded: the leader records the outcome.",
    )


@require_POST
def close(request: HttpRequest, challenge_id: int) -> HttpResponse:
    def run(challenge, me, data):
        services.challenge_close(challenge=challenge, by=me, **data)

    return _step(
        request, challenge_id, "triage", CloseForm, "close_form", run, "The outcome is recorded."
    )


@require_POST
def action_add(request: HttpRequest, challenge_id: int) -> HttpResponse:
    selectors.challenge_for(request.user, challenge_id)
    challenge = selectors.challenge_for(request.user, challenge_id, "triage")
    me = policy.person_or_404(request.user)
    owners = selectors.action_owners(challenge)
    items = selectors.coaching_items_for(challenge, me)
    form = ActionForm(request.POST, owners=owners, items=items)
    if form.is_valid():
        data = form.cleaned_data
        item = next((i for i in items if i.pk == data["coaching_item"]), None)
        try:
            services.challenge_action_add(
                challenge=challenge,
                by=me,
                text=data["text"],
                owner=next((p for p in owners if p.pk == data["owner"]), None),
                due_on=data["due_on"],
                coaching_item=item if isinstance(item, CoachingItem) else None,
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, "The action is agreed.")
            return redirect(reverse("challenges:challenge", args=[challenge.pk]) + "#actions")
    context = _context(request, challenge, action_form=form)
    return render(request, "challenges/challenge.html", context, status=422)


@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    selectors.action_for(request.user, action_id)
    action = selectors.action_for(request.user, action_id, "change")
    me = policy.person_or_404(request.user)
    services.challenge_action_done(action=action, by=me, done=request.POST.get("done", "1") == "1")
    return redirect(reverse("challenges:challenge", args=[action.challenge_id]) + "#actions")
