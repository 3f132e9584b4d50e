"""An extra ask, assessed and decided: the candidates a quarter could pull in, what the next
quarter would lose, against a hand computation, and what each decision records."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadwell.asks import selectors, services
from leadwell.asks.models import Ask, AskedDeal
from leadwell.crm.models import Quota, TeamForecast
from leadwell.lib.periods import PeriodKind

from .conftest import quarters_from_now

pytestmark = pytest.mark.django_db


def quota(team, period, amount) -> None:
    Quota.objects.create(
        team=team, period_kind=PeriodKind.QUARTER, period_start=period.start, amount=amount
    )


def test_the_candidates_are_the_teams_open_deals_closing_after_the_quarter_furthest_along_first(
    personas, pipeline
):
    offered = selectors.candidates(pipeline.ask, timezone.localdate())
    # By stage, then probability: 4 at 80 %, 4 at 60 %, 2 at 40 %, 1 with none.
    assert offered == [
        pipeline.commit_next,
        pipeline.later,
        pipeline.best_case_next,
        pipeline.omitted_next,
    ]
    # Never a deal closing in the quarter already, another team's, or one already won.
    for left_out in (pipeline.this_quarter, pipeline.other_team, pipeline.won_next):
        assert left_out not in offered


def test_the_next_quarter_as_it_stands_counts_open_pipeline_quota_and_the_deals_commit(
    personas, pipeline
):
    quota(personas.boston, quarters_from_now(1), 70_000)
    now = selectors.next_quarter(pipeline.ask, timezone.localdate())
    # Open pipeline: 100,000 commit + 40,000 best case; the omitted deal and the won one count
    # nowhere in it. No call yet: the forecast is what is won plus what is committed.
    assert now.pipeline == Decimal(140_000)
    assert now.quota == Decimal(70_000)
    assert now.coverage == pytest.approx(2.0)
    assert (now.forecast, now.forecast_is_call) == (Decimal(110_000), False)


def test_the_summary_of_an_assessment_matches_a_hand_computation(personas, pipeline):
    quota(personas.boston, quarters_from_now(1), 70_000)
    services.ask_assess(
        ask=pipeline.ask,
        by=personas.leader,
        ticked=[
            services.Ticked(pipeline.commit_next.pk, Decimal(10)),
            services.Ticked(pipeline.later.pk, None, "Net 60 payment terms"),
        ],
        recommendation="Pull the big one only if finance agrees the discount.",
    )
    found = selectors.summary(pipeline.ask)
    assert found is not None
    # The quarter gains 100,000 less 10 % plus 30,000 (terms cost no discount).
    assert found.gross == Decimal(130_000)
    assert found.discounts == Decimal(10_000)
    assert found.gain == Decimal(120_000)
    assert found.short_of_ask == Decimal(30_000)
    # The next quarter loses the 100,000 commit deal; the later deal was never in it.
    assert found.assessment.next_pipeline == Decimal(140_000)
    assert found.pipeline_after == Decimal(40_000)
    assert found.coverage_before == pytest.approx(2.0)
    assert found.coverage_after == pytest.approx(40_000 / 70_000)
    assert found.assessment.next_forecast == Decimal(110_000)
    assert found.forecast_after == Decimal(10_000)


def test_the_teams_call_is_the_forecast_when_the_leader_made_one(personas, pipeline):
    TeamForecast.objects.create(
        team=personas.boston,
        person=personas.leader,
        period_kind=PeriodKind.QUARTER,
        period_start=quarters_from_now(1).start,
        submitted_on=timezone.localdate(),
        commit=90_000,
        best_case=120_000,
        pipeline=150_000,
    )
    services.ask_assess(
        ask=pipeline.ask,
        by=personas.leader,
        ticked=[
            services.Ticked(pipeline.commit_next.pk),
            services.Ticked(pipeline.best_case_next.pk),
        ],
    )
    found = selectors.summary(pipeline.ask)
    assert found is not None
    assert (found.assessment.next_forecast, found.assessment.forecast_is_call) == (90_000, True)
    # Only the commit deal leaves the call; both leave the pipeline.
    assert found.forecast_after == Decimal(-10_000)
    assert found.pipeline_after == Decimal(0)
    assert found.coverage_before is None  # no quota set for the quarter


def test_a_deal_that_is_not_a_candidate_cannot_be_ticked(personas, pipeline):
    for deal in (pipeline.this_quarter, pipeline.other_team):
        with pytest.raises(ValidationError, match="closing after the quarter"):
            services.ask_assess(
                ask=pipeline.ask, by=personas.leader, ticked=[services.Ticked(deal.pk)]
            )


def test_a_discount_beyond_a_hundred_percent_is_refused(personas, pipeline):
    with pytest.raises(ValidationError, match="0 to 100"):
        services.ask_assess(
            ask=pipeline.ask,
            by=personas.leader,
            ticked=[services.Ticked(pipeline.later.pk, Decimal(120))],
        )


def test_only_the_leader_asked_assesses_and_decides(personas, pipeline):
    for who in ("director", "seller", "other_leader", "admin"):
        with pytest.raises(ValidationError, match="Only the leader"):
            services.ask_assess(ask=pipeline.ask, by=getattr(personas, who), ticked=[])
        with pytest.raises(ValidationError, match="Only the leader"):
            services.ask_decide(
                ask=pipeline.ask, by=getattr(personas, who), decision="declined", reason="No"
            )


def test_accepting_partly_after_an_assessment_asks_the_chosen_deals_of_their_sellers(
    personas, pipeline
):
    services.ask_assess(
        ask=pipeline.ask,
        by=personas.leader,
        ticked=[
            services.Ticked(pipeline.commit_next.pk),
            services.Ticked(pipeline.best_case_next.pk),
        ],
    )
    services.ask_decide(
        ask=pipeline.ask,
        by=personas.leader,
        decision=Ask.Decision.PARTLY,
        deal_ids=[pipeline.best_case_next.pk],
    )
    pipeline.ask.refresh_from_db()
    assert pipeline.ask.decision == "partly"
    assert pipeline.ask.without_assessment is False
    asked = AskedDeal.objects.get(ask=pipeline.ask)
    assert (asked.opportunity, asked.seller, asked.amount) == (
        pipeline.best_case_next,
        personas.seller2,
        Decimal(40_000),
    )


def test_accepting_without_an_assessment_is_allowed_and_recorded_as_such(personas, pipeline):
    services.ask_decide(
        ask=pipeline.ask,
        by=personas.leader,
        decision=Ask.Decision.ACCEPTED,
        deal_ids=[pipeline.commit_next.pk, pipeline.later.pk],
    )
    pipeline.ask.refresh_from_db()
    assert (pipeline.ask.decision, pipeline.ask.without_assessment) == ("accepted", True)
    assert set(pipeline.ask.asked_deals.values_list("seller", flat=True)) == {personas.seller.pk}


def test_declining_needs_a_reason_and_asks_no_deal(personas, pipeline):
    with pytest.raises(ValidationError, match="Say why"):
        services.ask_decide(ask=pipeline.ask, by=personas.leader, decision="declined")
    with pytest.raises(ValidationError, match="asks no deal"):
        services.ask_decide(
            ask=pipeline.ask,
            by=personas.leader,
            decision="declined",
            deal_ids=[pipeline.later.pk],
            reason="It would empty next quarter.",
        )
    services.ask_decide(
        ask=pipeline.ask, by=personas.leader, decision="declined", reason="It would empty Q1."
    )
    pipeline.ask.refresh_from_db()
    assert (pipeline.ask.decision, pipeline.ask.decline_reason) == (
        "declined",
        "It would empty Q1.",
    )
    assert not pipeline.ask.asked_deals.exists()


def test_accepting_needs_at_least_one_deal_and_a_decision_stands(personas, pipeline):
    with pytest.raises(ValidationError, match="Choose the deals"):
        services.ask_decide(ask=pipeline.ask, by=personas.leader, decision="accepted")
    services.ask_decide(
        ask=pipeline.ask, by=personas.leader, decision="accepted", deal_ids=[pipeline.later.pk]
    )
    with pytest.raises(ValidationError, match="decided"):
        services.ask_assess(ask=pipeline.ask, by=personas.leader, ticked=[])


def test_an_ask_is_recorded_by_the_line_or_the_leader_for_a_quarter_to_come(personas):
    this = quarters_from_now(0)
    mine = services.ask_record(
        by=personas.leader, leader=personas.leader, period=this, amount=Decimal(1)
    )
    assert (mine.director, mine.team, mine.recorded_by) == (
        personas.director,
        personas.boston,
        personas.leader,
    )
    with pytest.raises(ValidationError, match="Only the leader and their line"):
        services.ask_record(
            by=personas.other_leader, leader=personas.leader, period=this, amount=Decimal(1)
        )
    with pytest.raises(ValidationError, match="had ended"):
        services.ask_record(
            by=personas.director,
            leader=personas.leader,
            period=quarters_from_now(-1),
            amount=Decimal(1),
        )
    with pytest.raises(ValidationError, match="leads no team"):
        services.ask_record(
            by=personas.leader, leader=personas.seller, period=this, amount=Decimal(1)
        )
    with pytest.raises(ValidationError, match="more than zero"):
        services.ask_record(
            by=personas.director, leader=personas.leader, period=this, amount=Decimal(0)
        )


def test_the_leaders_asks_waiting_for_an_assessment_leave_the_list_once_assessed(
    personas, pipeline
):
    assert list(selectors.waiting_for_assessment(personas.leader)) == [pipeline.ask]
    services.ask_assess(ask=pipeline.ask, by=personas.leader, ticked=[])
    assert not selectors.waiting_for_assessment(personas.leader).exists()


def test_after_an_assessment_only_the_deals_it_weighed_are_asked(personas, pipeline):
    services.ask_assess(
        ask=pipeline.ask, by=personas.leader, ticked=[services.Ticked(pipeline.commit_next.pk)]
    )
    with pytest.raises(ValidationError):
        services.ask_decide(
            ask=pipeline.ask,
            by=personas.leader,
            decision=Ask.Decision.ACCEPTED,
            deal_ids=[pipeline.commit_next.pk, pipeline.later.pk],
        )
    assert not AskedDeal.objects.filter(ask=pipeline.ask).exists()
