"""The conditioning index: how a customer's won deals over the last eight finished quarters
were closed, and the one figure, 0 to 100, they add up to.

Three parts, each read from the CRM's dated history (docs/decisions.md, "Customers'
conditioning", gives the weights, the thresholds and why):

- pulled in: won deals whose close date was moved from a later quarter into the quarter they
  closed in (the metrics catalog's `pulled_in_deals`, per customer instead of per seller);
- the last two weeks: the share of the customer's bookings closed in a quarter's last 14 days
  (the catalog's `quarter_end_share`);
- the concession: on the deals won under pressure (pulled in, or closed in the last two weeks),
  the amount at close against the highest amount the deal held before. The importers have no
  discount column, so the amount history is the only source.

Pure functions over plain rows, so the index is tested by hand computation and the accuracy
test alike.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from leadwell.lib.periods import Period, PeriodKind, period_of

QUARTERS = 8
RUSH = datetime.timedelta(days=14)  # as the metrics calendar's quarter_end_rush

# The weights of the three parts, and where each part is full.
PULLED_IN_WEIGHT, QUARTER_END_WEIGHT, CONCESSION_WEIGHT = 0.5, 0.3, 0.2
PULLED_IN_QUARTERS_FULL = 4  # pulled in during half of the eight quarters: fully conditioned
QUARTER_END_BASELINE = 0.15  # two weeks of a thirteen-week quarter: no sign of waiting
QUARTER_END_FULL = 0.60
CONCESSION_FULL = 0.20
# A share or an average over one deal is no habit: each part counts fully from three of them.
EVIDENCE_FULL = 3
WATCH_FROM, CONDITIONED_FROM = 30, 55


class Band(StrEnum):
    LOW = "low"
    WATCH = "watch"
    CONDITIONED = "conditioned"


def band_of(index: int) -> Band:
    if index >= CONDITIONED_FROM:
        return Band.CONDITIONED
    if index >= WATCH_FROM:
        return Band.WATCH
    return Band.LOW


@dataclass(frozen=True)
class DealFacts:
    """How one won deal was closed."""

    deal_id: int
    account_id: int
    owner_id: int
    name: str
    close_date: datetime.date
    amount: Decimal | None  # in the reporting currency
    pulled_in: bool
    in_last_two_weeks: bool
    concession: float | None  # 0..1 below its highest earlier amount; None: amount unknown

    @property
    def under_pressure(self) -> bool:
        return self.pulled_in or self.in_last_two_weeks


@dataclass(frozen=True)
class Conditioning:
    account_id: int
    index: int
    band: Band
    won_deals: int
    pulled_in_deals: int
    pulled_in_quarters: int
    quarter_end_share: float | None  # of bookings, 0..1; None without bookings
    average_concession: float | None  # on the deals won under pressure
    pulled_in_concession: float | None  # on the pulled-in deals: pre-fills an assessment
    deals: list[DealFacts] = field(default_factory=list, repr=False, compare=False)


def window(today: datetime.date) -> tuple[Period, Period]:
    """The first and the last of the eight quarters finished before today."""
    last = period_of(period_of(today, PeriodKind.QUARTER).start - datetime.timedelta(days=1))
    first = last
    for _ in range(QUARTERS - 1):
        first = period_of(first.start - datetime.timedelta(days=1))
    return first, last


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _money(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def deal_facts(deals: list[dict], changes: list[dict]) -> list[DealFacts]:
    """Each won deal read against its history (rows as crm.selectors.won_deals_with_history
    gives them)."""
    moves: dict[int, list[tuple[datetime.date | None, datetime.date | None]]] = defaultdict(list)
    amounts: dict[int, list[Decimal]] = defaultdict(list)
    for change in changes:
        deal = change["opportunity_id"]
        if change["field"] == "close_date":
            moves[deal].append((_day(change["old_value"]), _day(change["new_value"])))
        else:
            amounts[deal] += [
                v for v in (_money(change["old_value"]), _money(change["new_value"])) if v
            ]
    facts = []
    for deal in deals:
        closed: datetime.date = deal["close_date"]
        quarter = period_of(closed)
        pulled_in = any(
            old is not None and new is not None and old >= quarter.end and quarter.contains(new)
            for old, new in moves[deal["pk"]]
        )
        amount = deal["amount"]
        highest = max([*amounts[deal["pk"]], amount or Decimal(0)])
        concession = None
        if amount is not None and highest > 0:
            concession = float(max(highest - amount, Decimal(0)) / highest)
        facts.append(
            DealFacts(
                deal_id=deal["pk"],
                account_id=deal["account_id"],
                owner_id=deal["owner_id"],
                name=deal["name"],
                close_date=closed,
                amount=deal["amount_in_reporting_currency"],
                pulled_in=pulled_in,
                in_last_two_weeks=closed >= quarter.end - RUSH,
                concession=concession,
            )
        )
    return facts


def _part(value: float, zero: float, full: float) -> float:
    return min(max((value - zero) / (full - zero), 0.0), 1.0)


def _evidence(count: int) -> float:
    return min(count / EVIDENCE_FULL, 1.0)


def _average(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def conditioning(account_id: int, facts: list[DealFacts]) -> Conditioning:
    """The customer's conditioning from its won deals in the window."""
    pulled = [f for f in facts if f.pulled_in]
    pulled_quarters = len({period_of(f.close_date).start for f in pulled})
    booked = [f for f in facts if f.amount is not None]
    bookings = sum((f.amount for f in booked if f.amount), Decimal(0))
    rush = sum((f.amount for f in booked if f.amount and f.in_last_two_weeks), Decimal(0))
    share = float(rush / bookings) if bookings > 0 else None
    booked_quarters = len({period_of(f.close_date).start for f in booked if f.amount})
    pressed = [f.concession for f in facts if f.under_pressure and f.concession is not None]
    concession = _average(pressed)

    score = PULLED_IN_WEIGHT * min(pulled_quarters / PULLED_IN_QUARTERS_FULL, 1.0)
    if share is not None:
        score += (
            QUARTER_END_WEIGHT
            * _part(share, QUARTER_END_BASELINE, QUARTER_END_FULL)
            * _evidence(booked_quarters)
        )
    if concession is not None:
        score += CONCESSION_WEIGHT * _part(concession, 0, CONCESSION_FULL) * _evidence(len(pressed))
    index = round(100 * score)
    return Conditioning(
        account_id=account_id,
        index=index,
        band=band_of(index),
        won_deals=len(facts),
        pulled_in_deals=len(pulled),
        pulled_in_quarters=pulled_quarters,
        quarter_end_share=share,
        average_concession=concession,
        pulled_in_concession=_average([f.concession for f in pulled if f.concession is not None]),
        deals=sorted(facts, key=lambda f: (f.close_date, f.deal_id), reverse=True),
    )
