"""The outcome of an ask, read from the CRM once its quarter has ended: did the deals asked
close in it, at what amount against their amount when asked, and how the next quarter went."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from leadwell.asks import selectors, services
from leadwell.crm.models import Opportunity, Quota
from leadwell.lib.periods import PeriodKind

from .conftest import accepted_ask, quarters_from_now

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
C = Opportunity.ForecastCategory


def close(deal, outcome: str, on: datetime.date, amount: int | None = None) -> None:
    deal.outcome, deal.close_date = outcome, on
    if amount is not None:
        deal.amount = Decimal(amount)
    deal.save()


def test_the_outcome_waits_for_the_quarter_to_end(personas):
    ask = services.ask_record(
        by=personas.director, leader=personas.leader, period=quarters_from_now(0), amount=Decimal(1)
    )
    found = selectors.outcome(ask, timezone.localdate())
    assert found.ended is False
    assert found.deals == []


def test_a_deal_won_in_the_quarter_counts_at_its_amount_now_and_a_slipped_one_does_not(personas):
    ask, sams, sofias = accepted_ask(personas, quarters_back=2)
    asked, after = quarters_from_now(-2), quarters_from_now(-1)
    # Sam's closed in the asked quarter, with 10,000 given away; Sofia's slipped to the next.
    close(sams, "won", asked.end - 2 * DAY, amount=90_000)
    close(sofias, "won", after.start + 30 * DAY)
    Quota.objects.create(
        team=personas.boston,
        period_kind=PeriodKind.QUARTER,
        period_start=after.start,
        amount=80_000,
    )
    found = selectors.outcome(ask, timezone.localdate())
    assert found.ended and found.next_ended
    by_deal = {o.asked.opportunity_id: o for o in found.deals}
    assert by_deal[sams.pk].closed_in_period and by_deal[sams.pk].status == "won in the quarter"
    assert (by_deal[sams.pk].asked.amount, by_deal[sams.pk].amount_now) == (100_000, 90_000)
    assert not by_deal[sofias.pk].closed_in_period
    assert by_deal[sofias.pk].status == "won after the quarter"
    assert (found.closed_count, found.closed_amount, found.asked_amount) == (1, 90_000, 140_000)
    # The next quarter booked only Sofia's 40,000 against its 80,000 quota.
    assert (found.next_bookings, found.next_quota) == (40_000, 80_000)
    assert found.next_attainment == pytest.approx(0.5)


def test_the_next_quarter_is_in_progress_until_it_ends(personas):
    ask, sams, _ = accepted_ask(personas, quarters_back=1)
    close(sams, "lost", quarters_from_now(-1).end - DAY)
    found = selectors.outcome(ask, timezone.localdate())
    assert found.ended and not found.next_ended
    assert found.next_bookings is None
    statuses = {o.asked.opportunity_id: o.status for o in found.deals}
    assert statuses[sams.pk] == "lost"
    assert found.closed_amount == 0
