"""The workflows of the challenge register, used by pages, API and demo alike.

Who may do each step is declared in leadwell/challenges/rules.py and decided by leadwell.policy.
Callers fetch what they write in through the selectors (404 for anyone the rules leave out);
each step here asks the policy again about the person acting (`by`), and refuses with the
reason (a ValidationError: a message beside the field on the page, 422 in the API).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from leadwell import policy
from leadwell.challenges import selectors
from leadwell.challenges.models import Challenge, ChallengeAction
from leadwell.coaching.models import CoachingItem, TalkingPoint
from leadwell.crm.models import Account, Opportunity
from leadwell.org.models import Person, Team

S = Challenge.Status
TEXT_LENGTH = ChallengeAction._meta.get_field("text").max_length or 300


def _allowed(by: Person, action: str, obj: Model, field: str, message: str) -> None:
    if not policy.can(by, action, obj):
        raise ValidationError({field: [message]})


def _text(value: str | None, field: str, label: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: [f"Enter {label}."]})
    return text


def _day(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _not_closed(challenge: Challenge) -> None:
    if challenge.is_closed:
        raise ValidationError(
            {"status": [f"The challenge is {challenge.get_status_display().lower()} already."]}
        )


@transaction.atomic
def challenge_raise(
    *,
    by: Person,
    team: Team,
    description: str,
    category: str,
    leader_only: bool = False,
    deals: Iterable[Opportunity] = (),
    accounts: Iterable[Account] = (),
    from_point: TalkingPoint | None = None,
    on: datetime.date | None = None,
) -> Challenge:
    """Raise a challenge for the team, with the team's open deals and accounts it affects. A
    challenge kept for the leader only is not shown to the rest of the team."""
    _allowed(by, "raise_challenge", team, "team", "Raise a challenge in your own team.")
    text = _text(description, "description", "the challenge")
    if category not in Challenge.Category.values:
        raise ValidationError({"category": ["Choose a category."]})
    if from_point is not None and not policy.can(by, "view", from_point):
        raise ValidationError({"from_point": ["Raise it from a point of your own 1:1."]})
    deals, accounts = list(deals), list(accounts)
    day = _day(on)
    open_deals = selectors.team_open_deals(team, day, by)
    if any(d not in open_deals for d in deals):
        raise ValidationError({"deals": ["Choose among the team's open deals you see."]})
    if any(a not in selectors.accounts_of(open_deals) for a in accounts):
        raise ValidationError({"accounts": ["Choose among the accounts of the team's open deals."]})
    challenge = Challenge.objects.create(
        team=team,
        raised_by=by,
        raised_on=day,
        description=text,
        category=category,
        leader_only=leader_only,
        from_point=from_point,
    )
    challenge.deals.set(deals)
    challenge.accounts.set(accounts)
    return challenge


def challenge_keep_in_team(
    *, challenge: Challenge, by: Person, options: str, on: datetime.date | None = None
) -> Challenge:
    """Triage: the team works on it itself, with the options the leader sees. A challenge the
    director declined or answered comes back to the team this way too."""
    _allowed(by, "triage", challenge, "by", "Only the team's leader triages a challenge.")
    _not_closed(challenge)
    if challenge.awaits_answer:
        raise ValidationError({"status": ["It waits for the director's answer."]})
    challenge.options = _text(options, "options", "the options the team has")
    challenge.status = S.IN_TEAM
    challenge.triaged_on = _day(on)
    challenge.save(update_fields=["options", "status", "triaged_on"])
    return challenge


def challenge_escalate(
    *,
    challenge: Challenge,
    by: Person,
    ask: str,
    business_case: str,
    on: datetime.date | None = None,
) -> Challenge:
    """Carry the challenge to the director: what is asked of them and why it pays. Escalating
    again (after "needs more") replaces the ask and waits for a new answer."""
    _allowed(by, "triage", challenge, "by", "Only the team's leader escalates a challenge.")
    _not_closed(challenge)
    if challenge.awaits_answer:
        raise ValidationError({"status": ["It is escalated already: it waits for the answer."]})
    challenge.ask = _text(ask, "ask", "what you ask the director")
    challenge.business_case = _text(business_case, "business_case", "the business case")
    day = _day(on)
    challenge.status = S.ESCALATED
    challenge.triaged_on = challenge.triaged_on or day
    challenge.escalated_by = by
    challenge.escalated_on = day
    challenge.answer, challenge.answer_note = "", ""
    challenge.answered_by, challenge.answered_on = None, None
    challenge.save()
    return challenge


def challenge_answer(
    *,
    challenge: Challenge,
    by: Person,
    answer: str,
    note: str = "",
    on: datetime.date | None = None,
) -> Challenge:
    """The director answers an escalated challenge: accepted, declined, or needs more (a
    declined or "needs more" answer says why)."""
    _allowed(by, "answer", challenge, "by", "Only the line above the leader answers it.")
    if not challenge.awaits_answer:
        raise ValidationError({"answer": ["It waits for no answer."]})
    if answer not in Challenge.Answer.values:
        raise ValidationError({"answer": ["Choose accepted, declined or needs more."]})
    required = answer != Challenge.Answer.ACCEPTED
    challenge.answer_note = _text(note, "note", "why, or what more you need", required=required)
    challenge.answer = answer
    challenge.answered_by = by
    challenge.answered_on = _day(on)
    challenge.save(update_fields=["answer", "answer_note", "answered_by", "answered_on"])
    return challenge


def challenge_close(
    *,
    challenge: Challenge,
    by: Person,
    solved: bool,
    outcome: str,
    on: datetime.date | None = None,
) -> Challenge:
    """Record the outcome: solved, or closed without a solution."""
    _allowed(by, "triage", challenge, "by", "Only the team's leader records the outcome.")
    _not_closed(challenge)
    if challenge.awaits_answer:
        raise ValidationError({"status": ["It waits for the director's answer."]})
    challenge.outcome = _text(outcome, "outcome", "the outcome")
    challenge.status = S.SOLVED if solved else S.CLOSED
    challenge.closed_on = _day(on)
    challenge.save(update_fields=["outcome", "status", "closed_on"])
    return challenge


def challenge_action_add(
    *,
    challenge: Challenge,
    by: Person,
    text: str,
    owner: Person | None,
    due_on: datetime.date | None,
    coaching_item: CoachingItem | None = None,
) -> ChallengeAction:
    """Agree an action on a triaged challenge, owned by someone of the team who reads it, and
    optionally worked through a seller's coaching item."""
    _allowed(by, "triage", challenge, "by", "Only the team's leader agrees actions.")
    _not_closed(challenge)
    if challenge.status == S.OPEN:
        raise ValidationError({"status": ["Triage it first: in the team, or escalated."]})
    words = _text(text, "text", "what is to be done")
    if len(words) > TEXT_LENGTH:
        raise ValidationError({"text": [f"Keep the action to {TEXT_LENGTH} characters."]})
    people = selectors.action_owners(challenge)
    if owner is None or owner not in people:
        raise ValidationError({"owner": ["Choose someone of the team who reads the challenge."]})
    if due_on is None:
        raise ValidationError({"due_on": ["Enter the day it is due."]})
    if coaching_item is not None and (
        coaching_item.person not in people or not policy.can(by, "view", coaching_item)
    ):
        raise ValidationError({"coaching_item": ["Choose a coaching item of the team's."]})
    return ChallengeAction.objects.create(
        challenge=challenge, text=words, owner=owner, due_on=due_on, coaching_item=coaching_item
    )


def challenge_action_done(
    *, action: ChallengeAction, by: Person, done: bool = True, on: datetime.date | None = None
) -> ChallengeAction:
    _allowed(by, "change", action, "by", "Only its owner and the team's leader mark it done.")
    action.done_on = _day(on) if done else None
    action.save(update_fields=["done_on"])
    return action
