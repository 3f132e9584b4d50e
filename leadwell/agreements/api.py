"""API for operating agreements: the same reads and workflows as the pages, through the same
selectors and services. A team agreement is read by the team's members, its leader and the
leader's line; the agreement with the director by the leader and their line; anyone else gets
404. The rules are in leadwell/agreements/rules.py."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from leadwell.agreements import selectors, services
from leadwell.agreements.models import Agreement
from leadwell.coaching.api.common import PersonBrief, call, me, unprocessable
from leadwell.lib.api_input import Id, Input, Message
from leadwell.org.models import Team

router = Router(tags=["Operating agreements"])

READERS = (
    "For the leader, their line and (a team agreement) the team's members; 404 for anyone else."
)


class AgreementTeam(Schema):
    id: int
    name: str


class AcknowledgementOut(Schema):
    person: PersonBrief
    acknowledged_at: datetime.datetime


class VersionOut(Schema):
    id: int
    number: int
    commitments: list[str]
    published_at: datetime.datetime | None = Field(description="None for a draft")
    acknowledged: list[AcknowledgementOut]


class AgreementBrief(Schema):
    id: int
    made_with: str = Field(description="team or director")
    leader: PersonBrief
    team: AgreementTeam | None
    director: PersonBrief | None
    current_version: int | None
    acknowledged: int = Field(description="How many acknowledged the version in force")
    concerned: int = Field(description="How many are asked to acknowledge it")
    waits_for_me: bool


class AgreementOut(AgreementBrief):
    current: VersionOut | None
    not_yet: list[PersonBrief]
    history: list[VersionOut] = Field(description="Earlier published versions, newest first")
    draft: VersionOut | None = Field(description="The draft being written (the leader only)")


class AgreementIn(Input):
    made_with: str = Field(description="team or director")
    team_id: Id | None = Field(None, description="A team you lead (for made_with team)")


class AgreementDraftIn(Input):
    commitments: list[str] = Field(description="The commitments, in order")


def _version(version, acknowledged=None) -> dict:
    return {
        "id": version.pk,
        "number": version.number,
        "commitments": version.commitment_list,
        "published_at": version.published_at,
        "acknowledged": acknowledged if acknowledged is not None else [],
    }


def _brief(state: selectors.AgreementState) -> dict:
    a = state.agreement
    return {
        "id": a.pk,
        "made_with": a.made_with,
        "leader": a.leader,
        "team": a.team,
        "director": a.director,
        "current_version": state.current.number if state.current else None,
        "acknowledged": len(state.acknowledged),
        "concerned": len(state.concerned),
        "waits_for_me": state.waits_for_me,
    }


def _out(state: selectors.AgreementState) -> dict:
    return {
        **_brief(state),
        "current": _version(state.current, state.acknowledged) if state.current else None,
        "not_yet": state.not_yet,
        "history": [_version(r.version, r.acknowledged) for r in state.history],
        "draft": _version(state.draft) if state.draft else None,
    }


@router.get(
    "/agreements",
    response=list[AgreementBrief],
    summary="The operating agreements you read",
    description="Yours as a leader, your team's, and your line's leaders'.",
)
def agreement_list(request: HttpRequest):
    return [_brief(s) for s in selectors.states_of(request.user)]


@router.post(
    "/agreements",
    response={201: AgreementOut, 404: Message},
    summary="Start your agreement with a team you lead, or with your director, from its template",
)
def agreement_start(request: HttpRequest, payload: AgreementIn):
    team = None
    if payload.team_id is not None:
        team = Team.objects.filter(pk=payload.team_id).first()
        if team is None:
            raise unprocessable("team_id", "No such team.")
    agreement = call(
        services.agreement_start, leader=me(request), made_with=payload.made_with, team=team
    )
    found = selectors.agreement_for(request.user, agreement.pk)
    return Status(201, _out(selectors.state_of(request.user, found)))


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, 404: Message},
    summary="One agreement: the version in force, who acknowledged it, and its history",
    description=READERS,
)
def agreement_detail(request: HttpRequest, agreement_id: Id):
    agreement = selectors.agreement_for(request.user, agreement_id)
    return _out(selectors.state_of(request.user, agreement))


@router.put(
    "/agreements/{agreement_id}/draft",
    response={200: AgreementOut, 404: Message},
    summary="Write the draft (the leader): the next version, until published",
)
def draft_save(request: HttpRequest, agreement_id: Id, payload: AgreementDraftIn):
    agreement = selectors.agreement_for(request.user, agreement_id, "change")
    call(
        services.draft_save,
        agreement=agreement,
        by=me(request),
        commitments="\n".join(payload.commitments),
    )
    return _out(selectors.state_of(request.user, agreement))


@router.post(
    "/agreements/{agreement_id}/publish",
    response={200: AgreementOut, 404: Message},
    summary="Publish the draft (the leader): it never changes, and asks for acknowledgement",
)
def version_publish(request: HttpRequest, agreement_id: Id):
    agreement = selectors.agreement_for(request.user, agreement_id, "change")
    call(services.version_publish, agreement=agreement, by=me(request))
    return _out(selectors.state_of(request.user, Agreement.objects.get(pk=agreement.pk)))


@router.post(
    "/agreement-versions/{version_id}/acknowledge",
    response={200: AgreementOut, 404: Message},
    summary="Acknowledge the version in force (a member of the team, or the director)",
)
def acknowledge(request: HttpRequest, version_id: Id):
    version = selectors.version_for(request.user, version_id, "acknowledge")
    call(services.acknowledge, version=version, by=me(request))
    agreement = selectors.agreement_for(request.user, version.agreement_id)
    return _out(selectors.state_of(request.user, agreement))
