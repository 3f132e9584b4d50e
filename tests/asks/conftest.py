import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from leadwell.asks import services
from leadwell.asks.models import Ask
from leadwell.crm.models import Opportunity
from leadwell.lib.periods import Period, PeriodKind, period_of

from ..conftest import deal


def quarters_from_now(count: int) -> Period:
    """The quarter `count` quarters after this one (before it, when negative)."""
    quarter = period_of(timezone.localdate(), PeriodKind.QUARTER)
    for _ in range(abs(count)):
        quarter = (
            quarter.next()
            if count > 0
            else period_of(quarter.start - datetime.timedelta(days=1), PeriodKind.QUARTER)
        )
    return quarter


def open_deal(owner, amount: int, closes: datetime.date, *, stage: int, chance, category, **kw):
    return deal(
        owner,
        "open",
        amount,
        closes,
        stage="Negotiation",
        stage_order=stage,
        probability=None if chance is None else Decimal(chance),
        forecast_category=category,
        **kw,
    )


def accepted_ask(personas, quarters_back: int):
    """An ask for the quarter `quarters_back` ago, accepted ten days in: Sam's 100,000 and
    Sofia's 40,000, both expected in the quarter after it then."""
    asked, after = quarters_from_now(-quarters_back), quarters_from_now(1 - quarters_back)
    sams = open_deal(
        personas.seller,
        100_000,
        after.start + datetime.timedelta(days=9),
        stage=4,
        chance=70,
        category=Opportunity.ForecastCategory.COMMIT,
    )
    sofias = open_deal(
        personas.seller2,
        40_000,
        after.start + datetime.timedelta(days=20),
        stage=3,
        chance=50,
        category=Opportunity.ForecastCategory.BEST_CASE,
    )
    ask = services.ask_record(
        by=personas.director,
        leader=personas.leader,
        period=asked,
        amount=Decimal(120_000),
        asked_on=asked.start + datetime.timedelta(days=5),
    )
    services.ask_decide(
        ask=ask,
        by=personas.leader,
        decision="accepted",
        deal_ids=[sams.pk, sofias.pk],
        on=asked.start + datetime.timedelta(days=10),
    )
    return ask, sams, sofias


@dataclass
class Pipeline:
    """Lena's team's deals around this quarter's ask: three to pull in, one the CRM omits
    from the forecast, and deals that must never be offered."""

    ask: Ask
    commit_next: Opportunity  # Sam, 100,000 in the next quarter, commit, furthest along
    later: Opportunity  # Sam, 30,000 in the quarter after next, as far along, less likely
    best_case_next: Opportunity  # Sofia, 40,000 in the next quarter, best case
    omitted_next: Opportunity  # Sam, 5,000 in the next quarter, omitted from the forecast
    this_quarter: Opportunity  # Sam, closing in the asked quarter already
    other_team: Opportunity  # Omar, Owen's team, next quarter
    won_next: Opportunity  # Sam, won, dated in the next quarter


@pytest.fixture
def pipeline(personas) -> Pipeline:
    this, after = quarters_from_now(0), quarters_from_now(1)
    beyond = quarters_from_now(2)
    day = datetime.timedelta
    C = Opportunity.ForecastCategory
    found = Pipeline(
        ask=services.ask_record(
            by=personas.director,
            leader=personas.leader,
            period=this,
            amount=Decimal(150_000),
            reason="Zebra-7731 board ask",
        ),
        commit_next=open_deal(
            personas.seller, 100_000, after.start + day(10), stage=4, chance=80, category=C.COMMIT
        ),
        later=open_deal(
            personas.seller, 30_000, beyond.start + day(5), stage=4, chance=60, category=C.PIPELINE
        ),
        best_case_next=open_deal(
            personas.seller2,
            40_000,
            after.start + day(20),
            stage=2,
            chance=40,
            category=C.BEST_CASE,
        ),
        omitted_next=open_deal(
            personas.seller, 5_000, after.start + day(3), stage=1, chance=None, category=C.OMITTED
        ),
        this_quarter=open_deal(
            personas.seller, 77_000, this.end - day(3), stage=5, chance=90, category=C.COMMIT
        ),
        other_team=open_deal(
            personas.other_seller,
            66_000,
            after.start + day(5),
            stage=5,
            chance=90,
            category=C.COMMIT,
        ),
        won_next=deal(personas.seller, "won", 10_000, after.start + day(1)),
    )
    return found
