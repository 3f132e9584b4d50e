"""The register's workflow: raise, triage in the team with actions, escalate with the ask and
its business case, the director's answer, and the outcome."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadwell.challenges import services
from leadwell.challenges.models import Challenge

from ..conftest import deal
from .conftest import raise_in_boston

pytestmark = pytest.mark.django_db
S = Challenge.Status


def test_a_seller_raises_a_challenge_with_the_deals_and_accounts_it_affects(personas, open_deal):
    from leadwell.crm.models import Account

    open_deal.account = Account.objects.create(name="Acme")
    open_deal.save()
    challenge = raise_in_boston(personas, deals=[open_deal], accounts=[open_deal.account])
    assert challenge.status == S.OPEN
    assert challenge.raised_by == personas.seller
    assert challenge.raised_on == timezone.localdate()
    assert list(challenge.deals.all()) == [open_deal]
    assert [a.name for a in challenge.accounts.all()] == ["Acme"]
    assert challenge.shared_with == personas.boston


def test_a_challenge_kept_for_the_leader_is_not_shared_with_the_team(personas):
    assert raise_in_boston(personas, leader_only=True).shared_with is None


def test_a_seller_cannot_raise_in_another_team_nor_link_a_peers_or_a_closed_deal(personas):
    with pytest.raises(ValidationError, match="your own team"):
        services.challenge_raise(
            by=personas.other_seller, team=personas.boston, description="x", category="other"
        )
    peers = deal(personas.seller2, "open", 1_000, "2030-01-31")
    won = deal(personas.seller, "won", 1_000, "2020-01-31")
    for chosen in (peers, won):
        with pytest.raises(ValidationError, match="open deals"):
            raise_in_boston(personas, deals=[chosen])


def test_the_leader_keeps_it_in_the_team_agrees_actions_and_records_it_solved(personas):
    challenge = raise_in_boston(personas)
    with pytest.raises(ValidationError, match="Triage it first"):
        services.challenge_action_add(
            challenge=challenge,
            by=personas.leader,
            text="Role-play",
            owner=personas.seller,
            due_on=timezone.localdate(),
        )
    services.challenge_keep_in_team(
        challenge=challenge, by=personas.leader, options="Trade scope, not price"
    )
    assert challenge.status == S.IN_TEAM and challenge.triaged_on == timezone.localdate()
    action = services.challenge_action_add(
        challenge=challenge,
        by=personas.leader,
        text="Role-play the negotiation",
        owner=personas.seller,
        due_on=timezone.localdate(),
    )
    services.challenge_action_done(action=action, by=personas.seller)
    assert action.done_on == timezone.localdate()
    services.challenge_close(
        challenge=challenge, by=personas.leader, solved=True, outcome="Closed at list"
    )
    assert challenge.status == S.SOLVED and challenge.outcome == "Closed at list"
    with pytest.raises(ValidationError, match="solved already"):
        services.challenge_keep_in_team(challenge=challenge, by=personas.leader, options="x")


def test_a_seller_cannot_triage_and_an_action_owner_must_read_the_challenge(personas):
    challenge = raise_in_boston(personas, leader_only=True)
    with pytest.raises(ValidationError, match="leader triages"):
        services.challenge_keep_in_team(challenge=challenge, by=personas.seller, options="x")
    services.challenge_keep_in_team(challenge=challenge, by=personas.leader, options="Coach")
    with pytest.raises(ValidationError, match="who reads the challenge"):
        services.challenge_action_add(
            challenge=challenge,
            by=personas.leader,
            text="Pair up",
            owner=personas.seller2,
            due_on=timezone.localdate(),
        )


def test_an_escalation_needs_the_ask_and_the_business_case(personas):
    challenge = raise_in_boston(personas)
    with pytest.raises(ValidationError) as refused:
        services.challenge_escalate(
            challenge=challenge, by=personas.leader, ask="", business_case=""
        )
    assert set(refused.value.message_dict) == {"ask"}
    with pytest.raises(ValidationError, match="business case"):
        services.challenge_escalate(
            challenge=challenge, by=personas.leader, ask="A floor", business_case=" "
        )


def test_the_director_answers_an_escalation_and_the_leader_records_the_outcome(personas, escalated):
    assert escalated.status == S.ESCALATED and escalated.escalated_by == personas.leader
    with pytest.raises(ValidationError, match="waits for the director"):
        services.challenge_close(challenge=escalated, by=personas.leader, solved=True, outcome="x")
    with pytest.raises(ValidationError, match="line above"):
        services.challenge_answer(challenge=escalated, by=personas.leader, answer="accepted")
    with pytest.raises(ValidationError, match="why"):
        services.challenge_answer(challenge=escalated, by=personas.director, answer="declined")
    services.challenge_answer(
        challenge=escalated, by=personas.director, answer="declined", note="No budget"
    )
    assert escalated.answer == "declined" and escalated.answered_by == personas.director
    with pytest.raises(ValidationError, match="waits for no answer"):
        services.challenge_answer(challenge=escalated, by=personas.director, answer="accepted")
    services.challenge_close(
        challenge=escalated, by=personas.leader, solved=False, outcome="Lost one deal"
    )
    assert escalated.status == S.CLOSED and escalated.closed_on == timezone.localdate()


def test_needs_more_sends_it_back_to_the_leader_to_escalate_again(personas, escalated):
    services.challenge_answer(
        challenge=escalated, by=personas.director, answer="needs_more", note="Which deals?"
    )
    services.challenge_escalate(
        challenge=escalated, by=personas.leader, ask="A floor for 3 deals", business_case="400k"
    )
    assert escalated.awaits_answer and escalated.answer_note == ""
