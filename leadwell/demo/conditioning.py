"""Demo step: customers conditioned by Laura Thomas's team (the other leader, drifting toward
passing the pressure on). Quarter after quarter the same few customers see a deal quoted for
next quarter, asked for in the last weeks of this one, discounted, and closed before the
quarter ends: the history the conditioning index reads (close-date and amount changes).

Runs after the CRM step and before the metrics, so the scorecards count these deals too. It
draws from its own random generator (from the seed), so the steps after it stay as they were.
"""

import datetime
import random
from decimal import Decimal

from leadwell.crm.models import Account, Opportunity, OpportunityChange
from leadwell.demo import DemoContext
from leadwell.lib.periods import PeriodKind, period_of

CONDITIONED_CUSTOMERS = 3
QUOTED = {"Enterprise": 48_000, "Mid-Market": 21_000, "SMB": 8_000}


def build(context: DemoContext) -> None:
    rng = random.Random(f"{context.seed}-conditioning")  # noqa: S311  (demo data)
    team = context.teams[1]
    sellers = context.sellers_by_team[team.pk]
    taken = {a.pk for a in context.pulled_in_accounts}
    sold_to = sorted(
        set(
            Opportunity.objects.filter(owner__in=sellers, account__isnull=False)
            .exclude(account_id__in=taken)
            .values_list("account_id", flat=True)
        )
    )
    customers = list(Account.objects.filter(pk__in=rng.sample(sold_to, CONDITIONED_CUSTOMERS)))
    finished = _finished_quarters(context)
    deals: list[Opportunity] = []
    history: list[tuple[int, OpportunityChange]] = []
    for quarter in finished:
        for customer in customers:
            if rng.random() < 0.15:  # now and then a quarter goes by without the ask
                continue
            deal, changes = _pulled_in(rng, quarter, customer, rng.choice(sellers), len(deals))
            history.extend((len(deals), change) for change in changes)
            deals.append(deal)
    for deal in deals:
        deal.fill_reporting_amount()
    Opportunity.objects.bulk_create(deals)
    for index, change in history:
        change.opportunity = deals[index]
    OpportunityChange.objects.bulk_create([c for _, c in history])


def _finished_quarters(context: DemoContext) -> list:
    start = context.history_starts or context.today
    running = period_of(context.today, PeriodKind.QUARTER)
    quarters, quarter = [], period_of(start, PeriodKind.QUARTER)
    while quarter.start < running.start:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def _pulled_in(rng: random.Random, quarter, customer: Account, seller, number: int):
    day = datetime.timedelta(days=1)
    created = quarter.start + day * rng.randint(0, 25)
    planned = quarter.end + day * rng.randint(20, 50)
    asked_on = quarter.end - day * rng.randint(15, 25)
    closed = quarter.end - day * rng.randint(1, 6)
    quoted = Decimal(round(QUOTED.get(customer.segment, 15_000) * rng.uniform(0.7, 1.4), -2))
    amount = (quoted * Decimal(1 - rng.uniform(0.10, 0.22))).quantize(Decimal(100))
    deal = Opportunity(
        external_id=f"DEMO-C{number + 1:05d}",
        name=f"{customer.name}: order brought forward",
        account=customer,
        owner=seller,
        amount=amount,
        stage="Closed Won",
        stage_order=9,
        outcome="won",
        probability=Decimal(100),
        forecast_category="closed",
        type="expansion",
        created_date=created,
        close_date=closed,
    )
    changes = [
        _change("close_date", planned.isoformat(), closed.isoformat(), asked_on),
        _change("amount", str(quoted), str(amount), asked_on + day * rng.randint(1, 5)),
        _change("stage", "Negotiation/Review", "Closed Won", closed),
    ]
    return deal, changes


def _change(field: str, old: str, new: str, on: datetime.date) -> OpportunityChange:
    return OpportunityChange(
        field=field, old_value=old, new_value=new, changed_on=on, source="import"
    )
