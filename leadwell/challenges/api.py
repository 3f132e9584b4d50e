"""API for the challenge register: the same reads and workflows as the pages, through the same
selectors and services. A challenge is read by its team (unless kept for the leader only), the
person who raised it and the line above; anyone else gets 404. The rules are in
leadwell/challenges/rules.py."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from leadwell import policy
from leadwell.challenges import selectors, services
from leadwell.challenges.models import Challenge, ChallengeAction
from leadwell.coaching.api.common import PersonBrief, call, me, unprocessable
from leadwell.coaching.models import TalkingPoint
from leadwell.lib.api_input import Day, Id, Input, Message

router = Router(tags=["Challenges"])

READERS = (
    "For the team, the person who raised it and the line above (one kept for the leader only: "
    "not the rest of the team); 404 for anyone else."
)


class AffectedDeal(Schema):
    id: int
    name: str
    account: str | None

    @staticmethod
    def resolve_account(deal) -> str | None:
        return deal.account.name if deal.account else None


class AccountBrief(Schema):
    id: int
    name: str


class ChallengeTeam(Schema):
    id: int
    name: str


class ChallengeActionOut(Schema):
    id: int
    challenge_id: Id
    text: str
    owner: PersonBrief
    due_on: datetime.date
    done_on: datetime.date | None
    coaching_item_id: Id | None = Field(
        None, description="The coaching item it serves, for those who may read that item"
    )

    @staticmethod
    def resolve_coaching_item_id(action: ChallengeAction) -> int | None:
        item = getattr(action, "visible_item", None)
        return item.pk if item is not None else None


class ChallengeBrief(Schema):
    id: int
    team: ChallengeTeam
    raised_by: PersonBrief
    raised_on: datetime.date
    category: str
    status: str = Field(description="open, in_team, escalated, solved or closed")
    leader_only: bool
    answer: str = Field(description="accepted, declined, needs_more, or empty")


class ChallengeOut(ChallengeBrief):
    description: str
    deals: list[AffectedDeal]
    accounts: list[AccountBrief]
    options: str
    escalated_by: PersonBrief | None
    escalated_on: datetime.date | None
    ask: str
    business_case: str
    answer_note: str
    answered_by: PersonBrief | None
    answered_on: datetime.date | None
    outcome: str
    closed_on: datetime.date | None
    actions: list[ChallengeActionOut]


class ChallengeIn(Input):
    description: str
    category: str = Field(
        description="product, pricing, competition, process, territory, skills or other"
    )
    leader_only: bool = False
    deal_ids: list[Id] = Field(default_factory=list, description="The team's open deals")
    account_ids: list[Id] = Field(
        default_factory=list, description="Accounts of the team's open deals"
    )
    talking_point_id: Id | None = Field(None, description="The 1:1 point it is raised from")


class TriageIn(Input):
    options: str


class EscalateIn(Input):
    ask: str
    business_case: str


class AnswerIn(Input):
    answer: str = Field(description="accepted, declined or needs_more")
    note: str = ""


class CloseIn(Input):
    solved: bool
    outcome: str


class ChallengeActionIn(Input):
    text: str
    owner_id: Id
    due_on: Day
    coaching_item_id: Id | None = None


class ActionDone(Input):
    done: bool = True


def _out(challenge: Challenge, viewer) -> dict:
    return {
        **{f.name: getattr(challenge, f.name) for f in Challenge._meta.concrete_fields},
        "team": challenge.team,
        "raised_by": challenge.raised_by,
        "escalated_by": challenge.escalated_by,
        "answered_by": challenge.answered_by,
        "deals": selectors.deals_of(challenge, viewer),
        "accounts": list(challenge.accounts.all()),
        "actions": selectors.actions_of(challenge, viewer),
    }


@router.get(
    "/challenges",
    response=list[ChallengeBrief],
    summary="The challenges you may read, newest first",
)
def challenge_list(request: HttpRequest):
    return list(selectors.visible_challenges(request.user))


@router.get(
    "/challenges/awaiting-answer",
    response=list[ChallengeBrief],
    summary="The escalated challenges waiting for your answer",
)
def challenge_awaiting(request: HttpRequest):
    return selectors.awaiting_answer(request.user)


@router.post(
    "/challenges",
    response={201: ChallengeOut, 404: Message},
    summary="Raise a challenge in your team (the one you lead, else the one you sell in)",
)
def challenge_raise(request: HttpRequest, payload: ChallengeIn):
    person, today = me(request), timezone.localdate()
    team = selectors.team_to_raise_in(person, today)
    if team is None:
        raise unprocessable("team", "You are in no team to raise a challenge in.")
    deals = {d.pk: d for d in selectors.team_open_deals(team, today, person)}
    accounts = {a.pk: a for a in selectors.accounts_of(list(deals.values()))}
    if any(i not in deals for i in payload.deal_ids):
        raise unprocessable("deal_ids", "Choose among the team's open deals.")
    if any(i not in accounts for i in payload.account_ids):
        raise unprocessable("account_ids", "Choose among the accounts of the team's open deals.")
    point = None
    if payload.talking_point_id is not None:
        point = policy.get_or_404(
            request.user, "view", TalkingPoint.objects.all(), pk=payload.talking_point_id
        )
    challenge = call(
        services.challenge_raise,
        by=person,
        team=team,
        description=payload.description,
        category=payload.category,
        leader_only=payload.leader_only,
        deals=[deals[i] for i in payload.deal_ids],
        accounts=[accounts[i] for i in payload.account_ids],
        from_point=point,
    )
    return Status(201, _out(selectors.challenge_for(request.user, challenge.pk), request.user))


@router.get(
    "/challenges/{challenge_id}",
    response={200: ChallengeOut, 404: Message},
    summary="One challenge with its actions",
    description=READERS,
)
def challenge_detail(request: HttpRequest, challenge_id: Id):
    return _out(selectors.challenge_for(request.user, challenge_id), request.user)


def _step(request: HttpRequest, challenge_id: Id, action: str, service, **kwargs) -> dict:
    selectors.challenge_for(request.user, challenge_id)
    challenge = selectors.challenge_for(request.user, challenge_id, action)
    call(service, challenge=challenge, by=me(request), **kwargs)
    return _out(selectors.challenge_for(request.user, challenge_id), request.user)


@router.post(
    "/challenges/{challenge_id}/triage",
    response={200: ChallengeOut, 404: Message},
    summary="Keep it in the team, with the options (the team's leader)",
)
def challenge_triage(request: HttpRequest, challenge_id: Id, payload: TriageIn):
    return _step(
        request, challenge_id, "triage", services.challenge_keep_in_team, options=payload.options
    )


@router.post(
    "/challenges/{challenge_id}/escalate",
    response={200: ChallengeOut, 404: Message},
    summary="Carry it to the director with the ask and its business case (the team's leader)",
)
def challenge_escalate(request: HttpRequest, challenge_id: Id, payload: EscalateIn):
    return _step(
        request, challenge_id, "triage", services.challenge_escalate, **payload.model_dump()
    )


@router.post(
    "/challenges/{challenge_id}/answer",
    response={200: ChallengeOut, 404: Message},
    summary="Answer an escalated challenge (the line above the leader who escalated it)",
)
def challenge_answer(request: HttpRequest, challenge_id: Id, payload: AnswerIn):
    return _step(request, challenge_id, "answer", services.challenge_answer, **payload.model_dump())


@router.post(
    "/challenges/{challenge_id}/close",
    response={200: ChallengeOut, 404: Message},
    summary="Record the outcome: solved, or closed without solution (the team's leader)",
)
def challenge_close(request: HttpRequest, challenge_id: Id, payload: CloseIn):
    return _step(request, challenge_id, "triage", services.challenge_close, **payload.model_dump())


@router.post(
    "/challenges/{challenge_id}/actions",
    response={201: ChallengeActionOut, 404: Message},
    summary="Agree an action on a triaged challenge (the team's leader)",
)
def challenge_action_add(request: HttpRequest, challenge_id: Id, payload: ChallengeActionIn):
    selectors.challenge_for(request.user, challenge_id)
    challenge = selectors.challenge_for(request.user, challenge_id, "triage")
    person = me(request)
    owners = {p.pk: p for p in selectors.action_owners(challenge)}
    if payload.owner_id not in owners:
        raise unprocessable("owner_id", "Choose someone of the team who reads the challenge.")
    items = {i.pk: i for i in selectors.coaching_items_for(challenge, person)}
    if payload.coaching_item_id is not None and payload.coaching_item_id not in items:
        raise unprocessable("coaching_item_id", "Choose an open coaching item of the team's.")
    action = call(
        services.challenge_action_add,
        challenge=challenge,
        by=person,
        text=payload.text,
        owner=owners[payload.owner_id],
        due_on=payload.due_on,
        coaching_item=items.get(payload.coaching_item_id or 0),
    )
    return Status(201, action)


@router.post(
    "/challenge-actions/{action_id}/done",
    response={200: ChallengeActionOut, 404: Message},
    summary="Mark an action done, or open again with done false (its owner, the team's leader)",
)
def challenge_action_done(request: HttpRequest, action_id: Id, payload: ActionDone):
    selectors.action_for(request.user, action_id)
    action = selectors.action_for(request.user, action_id, "change")
    return call(services.challenge_action_done, action=action, by=me(request), done=payload.done)
