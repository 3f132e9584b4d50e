"""Demo step: customers conditioned by Laura Thomas's team (the other leader, drifting toward
passing the pressure on). Quarter after quarter the same few customers see a deal quoted for
next quarter, asked for in the last weeks of this one, discounted, and closed before the
quarter ends: the history the conditioning index reads (close-date and amount changes).

The deals are the team's own, already won in that quarter: each is handed to the customer and
closed in the quarter's last days, and its amount stays what it was (the quote was higher), so
every seller's bookings per quarter, and the forecast calls made on them, stay as the CRM step
made them. Runs before the metrics, so the scorecards see the quarter-end rush; it draws from
its own random generator (from the seed), so the steps after it stay as they were.
"""

import datetime
import random
from decimal import Decimal

from leadwell.crm.models import Account, Opportunity, OpportunityChange
from leadwell.demo import DemoContext
from leadwell.lib.periods import PeriodKind, period_of

CONDITIONED_CUSTOMERS = 3
DAY = datetime.timedelta(days=1)


def build(context: DemoContext) -> None:
    rng = random.Random(f"{context.seed}-conditioning")  # noqa: S311  (demo data)
    sellers = context.sellers_by_team[context.teams[1].pk]
    taken = {a.pk for a in context.pulled_in_accounts}
    team_deals = Opportunity.objects.filter(owner__in=sellers).order_by("pk")
    sold_to = sorted(
        set(
            team_deals.filter(account__isnull=False)
            .exclude(account_id__in=taken)
            .values_list("account_id", flat=True)
        )
    )
    customers = list(Account.objects.filter(pk__in=rng.sample(sold_to, CONDITIONED_CUSTOMERS)))
    changed: list[Opportunity] = []
    history: list[OpportunityChange] = []
    for quarter in _finished_quarters(context):
        won = list(
            team_deals.filter(
                outcome="won", close_date__gte=quarter.start, close_date__lt=quarter.end
            ).exclude(account_id__in=taken)
        )
        for customer in customers:
            if not won or rng.random() < 0.15:  # now and then a quarter goes by without the ask
                continue
            deal = won.pop(rng.randrange(len(won)))
            history.extend(_brought_forward(rng, quarter, customer, deal))
            changed.append(deal)
    Opportunity.objects.bulk_update(changed, ["account", "name", "close_date"])
    OpportunityChange.objects.bulk_create(history)


def _finished_quarters(context: DemoContext) -> list:
    start = context.history_starts or context.today
    running = period_of(context.today, PeriodKind.QUARTER)
    quarters, quarter = [], period_of(start, PeriodKind.QUARTER)
    while quarter.start < running.start:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def _brought_forward(rng: random.Random, quarter, customer: Account, deal: Opportunity):
    """The deal, as the customer's order brought forward into the quarter's last days at a
    discount; returns the history that says so."""
    planned = quarter.end + DAY * rng.randint(20, 50)
    asked_on = quarter.end - DAY * rng.randint(15, 25)
    closed = quarter.end - DAY * rng.randint(1, 6)
    amount = deal.amount or Decimal(10_000)
    quoted = (amount / Decimal(1 - rng.uniform(0.10, 0.22))).quantize(Decimal(100))
    deal.account = customer
    deal.name = f"{customer.name}: order brought forward"
    deal.close_date = closed
    OpportunityChange.objects.filter(
        opportunity=deal, field="close_date", changed_on__gte=asked_on
    ).delete()
    return [
        _change(deal, "close_date", planned.isoformat(), closed.isoformat(), asked_on),
        _change(deal, "amount", str(quoted), str(amount), asked_on + DAY * rng.randint(1, 5)),
    ]


def _change(deal, field: str, old: str, new: str, on: datetime.date) -> OpportunityChange:
    return OpportunityChange(
        opportunity=deal, field=field, old_value=old, new_value=new, changed_on=on, source="import"
    )
