"""The workflows of operating agreements, used by pages, API and demo alike.

Who may do each step is declared in leadwell/agreements/rules.py and decided by
leadwell.policy. Callers fetch what they write through the selectors (404 for anyone the rules
leave out); each step here asks the policy again about the person acting (`by`), and refuses
with the reason (a ValidationError: a message beside the field on the page, 422 in the API).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from leadwell import policy
from leadwell.agreements.models import Acknowledgement, Agreement, AgreementVersion
from leadwell.agreements.starting import TEMPLATES
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team

MAX_LENGTH = 5000


def _allowed(by: Person, action: str, obj: Model, field: str, message: str) -> None:
    if not policy.can(by, action, obj):
        raise ValidationError({field: [message]})


@transaction.atomic
def agreement_start(*, leader: Person, made_with: str, team: Team | None = None) -> Agreement:
    """Start the leader's agreement with a team they lead, or with their director, as a draft
    holding the template's commitments."""
    if made_with == Agreement.With.TEAM:
        if team is None or not org.teams_led_by(leader).filter(pk=team.pk).exists():
            raise ValidationError({"team": ["Choose a team you lead."]})
        if Agreement.objects.filter(leader=leader, made_with=made_with, team=team).exists():
            raise ValidationError({"team": [f"Your agreement with {team.name} is started."]})
    elif made_with == Agreement.With.DIRECTOR:
        team = None
        if org.manager_of(leader) is None:
            raise ValidationError(
                {"made_with": ["You report to no one: no director to agree with."]}
            )
        if Agreement.objects.filter(leader=leader, made_with=made_with).exists():
            raise ValidationError({"made_with": ["Your agreement with your director is started."]})
    else:
        raise ValidationError({"made_with": ["Choose the team or the director."]})
    agreement = Agreement.objects.create(leader=leader, made_with=made_with, team=team)
    AgreementVersion.objects.create(
        agreement=agreement, number=1, commitments=TEMPLATES[Agreement.With(made_with)]
    )
    return agreement


def _clean(commitments: str) -> str:
    lines = [line.strip() for line in (commitments or "").splitlines() if line.strip()]
    if not lines:
        raise ValidationError({"commitments": ["Write at least one commitment."]})
    text = "\n".join(lines)
    if len(text) > MAX_LENGTH:
        raise ValidationError({"commitments": [f"Keep it under {MAX_LENGTH} characters."]})
    return text


@transaction.atomic
def draft_save(*, agreement: Agreement, by: Person, commitments: str) -> AgreementVersion:
    """Write the agreement's draft: the one being edited, or a new version after the one in
    force (a published version is never edited, it is followed)."""
    _allowed(by, "change", agreement, "by", "Only the leader writes their agreement.")
    text = _clean(commitments)
    draft = agreement.versions.select_for_update().filter(published_at__isnull=True).first()
    if draft is not None:
        draft.commitments = text
        draft.save(update_fields=["commitments"])
        return draft
    last = agreement.versions.aggregate(last=Max("number"))["last"] or 0
    return AgreementVersion.objects.create(agreement=agreement, number=last + 1, commitments=text)


@transaction.atomic
def version_publish(
    *, agreement: Agreement, by: Person, at: datetime.datetime | None = None
) -> AgreementVersion:
    """Publish the draft: it becomes the version in force, frozen, and everyone concerned is
    asked to acknowledge it (earlier acknowledgements stay with the versions they were for)."""
    _allowed(by, "change", agreement, "by", "Only the leader publishes their agreement.")
    draft = agreement.versions.select_for_update().filter(published_at__isnull=True).first()
    if draft is None:
        raise ValidationError({"commitments": ["There is no draft to publish: write one first."]})
    current = agreement.versions.filter(published_at__isnull=False).order_by("-number").first()
    if current is not None and current.commitments == draft.commitments:
        raise ValidationError(
            {"commitments": [f"Nothing changed since version {current.number}: nothing to ask."]}
        )
    if not agreement.is_with_team:
        director = org.manager_of(agreement.leader)
        if director is None:
            raise ValidationError({"by": ["You report to no one: no director to agree with."]})
        if agreement.director_id != director.pk:
            agreement.director = director
            agreement.save(update_fields=["director"])
    draft.published_at = at or timezone.now()
    draft.save(update_fields=["published_at"])
    return draft


def acknowledge(
    *, version: AgreementVersion, by: Person, at: datetime.datetime | None = None
) -> Acknowledgement:
    """`by` acknowledges the version in force: they have read it and will work by it."""
    _allowed(
        by,
        "acknowledge",
        version,
        "by",
        "Only the team's members, or the director it is made with, acknowledge it.",
    )
    current = (
        version.agreement.versions.filter(published_at__isnull=False).order_by("-number").first()
    )
    if not version.is_published or current != version:
        raise ValidationError(
            {"version": ["Acknowledge the version in force, not an earlier one."]}
        )
    if version.acknowledgements.filter(person=by).exists():
        raise ValidationError({"version": ["You have acknowledged this version already."]})
    return Acknowledgement.objects.create(
        version=version, person=by, acknowledged_at=at or timezone.now()
    )
