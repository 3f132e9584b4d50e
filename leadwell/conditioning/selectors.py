"""Reading customers' conditioning: for any set of customers at once (the extra-ask assessment),
one customer as its page shows it, and the most conditioned customers a leader or director sells
to. Which customers a viewer reads is decided by the policy (rules.py); the index itself counts
every deal won with the customer, whoever sold it, as the customer's habit is the customer's."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.conditioning.measure import Band, Conditioning, DealFacts, conditioning, deal_facts
from leadwell.conditioning.measure import window as quarters_window
from leadwell.crm import selectors as crm
from leadwell.crm.models import Account
from leadwell.lib.periods import Period

LISTED = 25


def conditioning_of(
    account_ids: list[int], *, today: datetime.date | None = None
) -> dict[int, Conditioning]:
    """{account id: its Conditioning} over the eight quarters finished before `today`, every
    customer named (one without won deals reads 0, low): two queries for any number of them."""
    first, last = quarters_window(today or timezone.localdate())
    deals, changes = crm.won_deals_with_history(list(account_ids), first.start, last.end)
    facts: dict[int, list[DealFacts]] = {account_id: [] for account_id in account_ids}
    for fact in deal_facts(deals, changes):
        facts[fact.account_id].append(fact)
    return {account_id: conditioning(account_id, found) for account_id, found in facts.items()}


def _customer_deals(asker, account_ids: list[int] | None = None):
    return policy.visible(asker, "view_conditioning", crm.deals_of_accounts(account_ids))


@dataclass
class Listed:
    account: Account
    conditioning: Conditioning


@dataclass
class ConditionedList:
    first: Period
    last: Period
    customers: list[Listed]  # most conditioned first
    counted: int  # customers looked at
    by_band: dict[Band, int]


def most_conditioned(
    asker, *, today: datetime.date | None = None, limit: int = LISTED
) -> ConditionedList:
    """The customers the viewer's sellers won deals with in the window, most conditioned first."""
    first, last = quarters_window(today or timezone.localdate())
    in_window = Q(outcome="won", close_date__gte=first.start, close_date__lt=last.end)
    account_ids = list(
        _customer_deals(asker).filter(in_window).values_list("account_id", flat=True).distinct()
    )
    found = conditioning_of(account_ids, today=today)
    ranked = sorted(found.values(), key=lambda c: (-c.index, -c.pulled_in_deals, c.account_id))
    accounts = Account.objects.in_bulk([c.account_id for c in ranked[:limit]])
    by_band = {band: sum(1 for c in ranked if c.band == band) for band in Band}
    return ConditionedList(
        first=first,
        last=last,
        customers=[Listed(accounts[c.account_id], c) for c in ranked[:limit]],
        counted=len(ranked),
        by_band=by_band,
    )


@dataclass
class DealsSummary:
    """The viewer's sellers' deals with the customer, all time."""

    won: int
    lost: int
    open: int
    won_amount: Decimal
    open_amount: Decimal


@dataclass
class AccountConditioning:
    account: Account
    conditioning: Conditioning
    first: Period
    last: Period
    summary: DealsSummary
    # The won deals in the window the viewer's sellers closed (others count in the index only).
    deals: list["OwnDeal"]


@dataclass
class OwnDeal:
    facts: DealFacts
    seller: str


def account_conditioning(
    asker, account_id: int, *, today: datetime.date | None = None
) -> AccountConditioning:
    """One customer's conditioning and the viewer's sellers' deals with it; 404 unless one of
    its deals is the viewer's to read so (rules.py)."""
    account = Account.objects.filter(pk=account_id).first()
    ours = _customer_deals(asker, [account_id])
    if account is None or not ours.exists():
        raise Http404("No customer found")
    first, last = quarters_window(today or timezone.localdate())
    found = conditioning_of([account_id], today=today)[account_id]
    totals = ours.aggregate(
        won=Count("pk", filter=Q(outcome="won")),
        lost=Count("pk", filter=Q(outcome="lost")),
        open=Count("pk", filter=Q(outcome="open")),
        won_amount=Sum("amount_in_reporting_currency", filter=Q(outcome="won")),
        open_amount=Sum("amount_in_reporting_currency", filter=Q(outcome="open")),
    )
    own = dict(ours.values_list("pk", "owner__name"))
    return AccountConditioning(
        account=account,
        conditioning=found,
        first=first,
        last=last,
        summary=DealsSummary(
            won=totals["won"],
            lost=totals["lost"],
            open=totals["open"],
            won_amount=totals["won_amount"] or Decimal(0),
            open_amount=totals["open_amount"] or Decimal(0),
        ),
        deals=[OwnDeal(f, own[f.deal_id]) for f in found.deals if f.deal_id in own],
    )
