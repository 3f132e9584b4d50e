"""Demo step: the director's extra asks of the two demo leaders, and how each answered.

- Laura Thomas, the drifting leader, accepted every ask without an assessment: last quarter's
  (its outcome is measured, the quarter has ended) and this quarter's, the furthest-along deals
  asked straight of her sellers.
- Manuel Dixon assessed this quarter's ask (three deals ticked, each with its concession, the
  next quarter's coverage before and after) and accepted it partly: two of the three deals.
  A newer ask for next quarter waits for his assessment.

Deterministic: the days are counted from the demo's today and the deals are the candidates the
product ranks, so the same seed and day give the same asks.
"""

import datetime
from decimal import Decimal

from leadwell.asks import selectors, services
from leadwell.asks.models import Ask
from leadwell.demo import DemoContext
from leadwell.lib.periods import Period, PeriodKind, period_of

REASONS = {
    "last": "The region is behind plan after the summer: every team is asked for more.",
    "this": "The board wants the year closed above plan: find the extra in your team's pipeline.",
    "next": "Start the new year ahead: the region's first quarter plan went up.",
}
CONCESSIONS = [
    (Decimal("8"), ""),
    (Decimal("5"), "60-day payment terms"),
    (None, "Free onboarding"),
]


def _day(period: Period, days: int, today: datetime.date) -> datetime.date:
    """`days` into the period, never after today."""
    return min(period.start + datetime.timedelta(days=days), today)


def build(context: DemoContext) -> None:
    personas = {p.key: p.person for p in context.personas}
    director = context.director
    manuel, laura = personas.get("leader"), personas.get("other_leader")
    if director is None or manuel is None or laura is None:
        return
    today = context.today
    this = period_of(today, PeriodKind.QUARTER)
    last = period_of(this.start - datetime.timedelta(days=1), PeriodKind.QUARTER)
    for period, key, amount in ((last, "last", 60_000), (this, "this", 80_000)):
        asked_on = _day(period, 40, today)
        ask = services.ask_record(
            by=director,
            leader=laura,
            period=period,
            amount=Decimal(amount),
            reason=REASONS[key],
            asked_on=asked_on,
        )
        _accept_unassessed(ask, laura, asked_on + datetime.timedelta(days=1), today)
    asked_on = _day(this, 46, today)
    ask = services.ask_record(
        by=director,
        leader=manuel,
        period=this,
        amount=Decimal(90_000),
        reason=REASONS["this"],
        asked_on=asked_on,
    )
    _assess_and_partly_accept(ask, manuel, min(asked_on + datetime.timedelta(days=2), today))
    services.ask_record(
        by=director,
        leader=manuel,
        period=this.next(),
        amount=Decimal(50_000),
        reason=REASONS["next"],
        asked_on=max(_day(this, 60, today), asked_on),
    )


def _accept_unassessed(ask: Ask, leader, on: datetime.date, today: datetime.date) -> None:
    deals = selectors.candidates(ask, min(on, today))[:3]
    if not deals:
        return
    services.ask_decide(
        ask=ask,
        by=leader,
        decision=Ask.Decision.ACCEPTED,
        deal_ids=[d.pk for d in deals],
        on=min(on, today),
    )


def _assess_and_partly_accept(ask: Ask, leader, on: datetime.date) -> None:
    deals = selectors.candidates(ask, on)[:3]
    if not deals:
        return
    ticked = [
        services.Ticked(deal.pk, percent, terms)
        for deal, (percent, terms) in zip(deals, CONCESSIONS, strict=False)
    ]
    services.ask_assess(
        ask=ask,
        by=leader,
        ticked=ticked,
        recommendation=(
            "Two deals can honestly close this quarter at a modest discount. The third would "
            "need free onboarding and empties January: I propose to leave it where it is."
        ),
        on=on,
    )
    services.ask_decide(
        ask=ask,
        by=leader,
        decision=Ask.Decision.PARTLY,
        deal_ids=[d.pk for d in deals[:2]],
        on=on,
    )
