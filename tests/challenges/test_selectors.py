"""The figures the balance dashboard reads per leader and quarter: challenges raised, the share
escalated rather than worked in the team, and escalations without a single action."""

import pytest
from django.utils import timezone

from leadwell.challenges import selectors, services
from leadwell.lib.periods import PeriodKind, period_of

from .conftest import raise_in_boston

pytestmark = pytest.mark.django_db


def test_a_leaders_quarter_counts_raised_escalated_and_escalations_without_actions(personas):
    leader, today = personas.leader, timezone.localdate()
    kept = raise_in_boston(personas)
    services.challenge_keep_in_team(challenge=kept, by=leader, options="Coach it")
    for with_action in (True, False):
        up = raise_in_boston(personas)
        services.challenge_escalate(challenge=up, by=leader, ask="Budget", business_case="ROI")
        if with_action:
            services.challenge_action_add(
                challenge=up, by=leader, text="Draft", owner=personas.seller, due_on=today
            )
    raise_in_boston(personas, leader_only=True)  # raised, not triaged yet
    figures = selectors.register_figures(leader, period_of(today, PeriodKind.QUARTER))
    assert (figures.raised, figures.kept_in_team, figures.escalated) == (4, 1, 2)
    assert figures.escalated_without_actions == 1
    assert figures.escalated_share == pytest.approx(2 / 3)
    other = selectors.register_figures(personas.other_leader, period_of(today, "quarter"))
    assert (other.raised, other.escalated_share) == (0, None)


def test_the_triage_queue_and_the_directors_answers_waiting(personas, shared, escalated):
    assert selectors.triage_queue(personas.user("leader")) == [shared]
    assert selectors.awaiting_answer(personas.user("director")) == [escalated]
    assert selectors.awaiting_answer(personas.user("leader")) == []
    services.challenge_answer(challenge=escalated, by=personas.director, answer="accepted")
    # Answered: back in the leader's queue to record the outcome.
    assert set(selectors.triage_queue(personas.user("leader"))) == {shared, escalated}
