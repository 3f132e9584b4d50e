"""The operating agreements pages: a person's agreements (their own as a leader, their team's
as a seller, their leaders' as a director), and one agreement with its version in force, its
history and who has acknowledged it.

Every lookup goes through the policy by the selectors the API uses too, and every write through
leadwell.agreements.services, which asks the policy about the writer's own step.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.agreements import selectors, services
from leadwell.agreements.forms import DraftForm
from leadwell.org.models import Team


def _first_message(error: ValidationError) -> str:
    return next(iter(m for messages_ in error.message_dict.values() for m in messages_))


def agreements_home(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    states = selectors.states_of(request.user)
    others = [s for s in states if s.agreement.leader_id != me.pk]
    context = {
        "mine": [s for s in states if s.agreement.leader_id == me.pk],
        "to_start": selectors.to_start(me),
        # Those the viewer is asked to acknowledge, and those they read as a leader's line.
        "for_me": [s for s in others if me in s.concerned],
        "line": [s for s in others if me not in s.concerned],
    }
    return render(request, "agreements/home.html", context)


@require_POST
def agreement_start(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    team_id = request.POST.get("team", "")
    team = Team.objects.filter(pk=int(team_id)).first() if team_id.isdigit() else None
    try:
        agreement = services.agreement_start(
            leader=me, made_with=request.POST.get("made_with", ""), team=team
        )
    except ValidationError as error:
        messages.error(request, _first_message(error))
        return redirect("agreements:home")
    messages.success(request, "Your draft starts from the template: make it yours, then publish.")
    return redirect("agreements:agreement", agreement.pk)


def _page(request: HttpRequest, agreement, form: DraftForm | None = None, status: int = 200):
    state = selectors.state_of(request.user, agreement)
    if form is None and state.may_change:
        text = (
            state.draft.commitments
            if state.draft
            else (state.current.commitments if state.current else "")
        )
        form = DraftForm(initial={"commitments": text})
    context = {"state": state, "agreement": agreement, "form": form}
    return render(request, "agreements/agreement.html", context, status=status)


def agreement_page(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_for(request.user, agreement_id)
    return _page(request, agreement)


@require_POST
def draft_save(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_for(request.user, agreement_id, "change")
    me = policy.person_or_404(request.user)
    form = DraftForm(request.POST)
    if form.is_valid():
        publish = "publish" in request.POST
        try:
            # Saved and published together or not at all: a refused publication (nothing
            # changed since the version in force) leaves no draft behind.
            with transaction.atomic():
                services.draft_save(
                    agreement=agreement, by=me, commitments=form.cleaned_data["commitments"]
                )
                if publish:
                    services.version_publish(agreement=agreement, by=me)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error("commitments" if name not in form.fields else name, problem)
        else:
            if publish:
                messages.success(
                    request, "Published: the people concerned are asked to acknowledge it."
                )
            else:
                messages.success(request, "The draft is saved. Publish it when it is ready.")
            return redirect("agreements:agreement", agreement.pk)
    return _page(request, agreement, form, status=422)


@require_POST
def acknowledge(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_for(request.user, version_id, "acknowledge")
    me = policy.person_or_404(request.user)
    try:
        services.acknowledge(version=version, by=me)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, f"You acknowledged version {version.number}.")
    return redirect("agreements:agreement", version.agreement_id)
