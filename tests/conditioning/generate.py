"""A generated organisation for the accuracy test: 20 teams of four sellers, each selling to
its own customers over the eight quarters before TODAY. A few customers per team are
conditioned (pulled into the quarter again and again, ordering in its last weeks, at a
discount); most are clean, a deal of theirs now and then slipping, pulled in once, or repriced.
Deterministic from the seed; written in bulk so the test stays fast."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from leadwell.conditioning.measure import window
from leadwell.crm.models import Account, Opportunity, OpportunityChange
from leadwell.org.models import Person, Team

TEAMS, SELLERS, CUSTOMERS_PER_TEAM, CONDITIONED_PER_TEAM = 20, 4, 12, 2
DAY = datetime.timedelta(days=1)


@dataclass
class Generated:
    conditioned: set[int] = field(default_factory=set)
    clean: set[int] = field(default_factory=set)
    once_pulled_in: set[int] = field(default_factory=set)


def generate(today: datetime.date, seed: int = 15) -> Generated:
    rng = random.Random(seed)  # noqa: S311
    first, last = window(today)
    quarters, quarter = [], first
    while quarter.start <= last.start:
        quarters.append(quarter)
        quarter = quarter.next()
    Team.objects.bulk_create(Team(name=f"Generated team {t}") for t in range(TEAMS))
    people = Person.objects.bulk_create(
        Person(name=f"Seller {t}-{s}", email=f"seller{t}.{s}@generated.example")
        for t in range(TEAMS)
        for s in range(SELLERS)
    )
    accounts = Account.objects.bulk_create(
        Account(name=f"Customer {t}-{c}", name_key=f"customer {t}-{c}")
        for t in range(TEAMS)
        for c in range(CUSTOMERS_PER_TEAM)
    )
    made = Generated()
    deals: list[Opportunity] = []
    history: list[tuple[int, OpportunityChange]] = []

    def add(account, seller, closed, amount, changes=()):
        history.extend((len(deals), change) for change in changes)
        deals.append(
            Opportunity(
                external_id=f"gen-{len(deals)}",
                name=f"Deal {len(deals)}",
                account=account,
                owner=seller,
                amount=Decimal(amount),
                stage="Closed Won",
                outcome="won",
                created_date=closed - 60 * DAY,
                close_date=closed,
            )
        )

    for t in range(TEAMS):
        sellers = people[t * SELLERS : (t + 1) * SELLERS]
        team_accounts = accounts[t * CUSTOMERS_PER_TEAM : (t + 1) * CUSTOMERS_PER_TEAM]
        for c, account in enumerate(team_accounts):
            conditioned = c < CONDITIONED_PER_TEAM
            (made.conditioned if conditioned else made.clean).add(account.pk)
            pulled_once = not conditioned and c == CONDITIONED_PER_TEAM
            if pulled_once:
                made.once_pulled_in.add(account.pk)
            pull_rate = rng.uniform(0.45, 0.9) if conditioned else 0.0
            once_in = rng.randrange(len(quarters))
            for q, quarter in enumerate(quarters):
                span = (quarter.end - quarter.start).days
                # Business as usual: a deal or two a quarter, closed any day of it, a slip now
                # and then, a price that sometimes moves either way.
                for _ in range(rng.choice([0, 1, 1, 2])):
                    closed = quarter.start + rng.randrange(span) * DAY
                    amount = rng.randint(5, 40) * 1_000
                    changes = []
                    if rng.random() < 0.2:
                        earlier = closed - rng.randint(20, 60) * DAY
                        changes.append(_change("close_date", earlier, closed, earlier))
                    if rng.random() < 0.2:
                        quoted = round(amount * rng.uniform(0.9, 1.08))
                        changes.append(_change("amount", quoted, amount, closed - 10 * DAY))
                    add(account, rng.choice(sellers), closed, amount, changes)
                if rng.random() < pull_rate or (pulled_once and q == once_in):
                    closed = quarter.end - rng.randint(1, 12) * DAY
                    planned = quarter.end + rng.randint(10, 60) * DAY
                    quoted = rng.randint(10, 50) * 1_000
                    off = rng.uniform(0.05, 0.22) if conditioned else rng.uniform(0, 0.1)
                    amount = round(quoted * (1 - off))
                    asked = closed - rng.randint(5, 20) * DAY
                    changes = [
                        _change("close_date", planned, closed, asked),
                        _change("amount", quoted, amount, asked),
                    ]
                    add(account, rng.choice(sellers), closed, amount, changes)
    for deal in deals:
        deal.fill_reporting_amount()
    Opportunity.objects.bulk_create(deals, batch_size=1000)
    for index, change in history:
        change.opportunity = deals[index]
    OpportunityChange.objects.bulk_create([c for _, c in history], batch_size=2000)
    return made


def _change(field: str, old, new, on: datetime.date) -> OpportunityChange:
    return OpportunityChange(
        field=field,
        old_value=str(old.isoformat() if isinstance(old, datetime.date) else old),
        new_value=str(new.isoformat() if isinstance(new, datetime.date) else new),
        changed_on=on,
        source="import",
    )
