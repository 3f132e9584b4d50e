"""Demo step 2: eight quarters of CRM history with patterns a sales leader would want to spot.

Each seller gets a profile: most are typical, and on the first leader's team one seller is a
strong performer, one has a thin pipeline, one a low win rate, one forecasts consistently
low, and one's deals keep slipping. A few customers are pulled into quarter ends again and
again. Quotas, forecast submissions and activities follow from the same numbers.
"""

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from leadwell.crm.importing.writers.references import seed_stages
from leadwell.crm.models import (
    Account,
    Activity,
    ForecastSubmission,
    Opportunity,
    OpportunityChange,
    Quota,
)
from leadwell.demo import DemoContext
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.org.models import Person


@dataclass(frozen=True)
class Profile:
    deals_per_quarter: float = 10
    win_rate: float = 0.28
    deal_size: float = 1.0
    forecast_bias: float = 0.97  # commit as a share of what the seller went on to book
    slip: float = 0.15  # chance a deal's close date is pushed out
    activity: float = 1.0


PROFILES = {
    "typical": Profile(),
    "strong": Profile(
        deals_per_quarter=13, win_rate=0.42, deal_size=1.25, forecast_bias=1.0, activity=1.2
    ),
    "thin_pipeline": Profile(deals_per_quarter=4.5, win_rate=0.30, activity=0.55),
    "low_win_rate": Profile(deals_per_quarter=12, win_rate=0.12, activity=1.1),
    "sandbagger": Profile(deals_per_quarter=10, win_rate=0.30, forecast_bias=0.65),
    "slipper": Profile(deals_per_quarter=10, win_rate=0.26, slip=0.65),
}
# On the first leader's team, in the order of its sellers; everyone else is typical.
PLANTED = ["slipper", "strong", "thin_pipeline", "low_win_rate", "sandbagger"]

SEGMENTS = {"Enterprise": 42_000, "Mid-Market": 18_000, "SMB": 6_500}
INDUSTRIES = [
    "Software",
    "Healthcare",
    "Manufacturing",
    "Retail",
    "Financial services",
    "Logistics",
    "Education",
]
OPEN_STAGES = [  # (stage, probability) in funnel order, from the Salesforce stage map
    ("Prospecting", 10),
    ("Qualification", 10),
    ("Needs Analysis", 20),
    ("Value Proposition", 50),
    ("Proposal/Price Quote", 75),
    ("Negotiation/Review", 90),
]
STAGE_ORDER = {name: i + 1 for i, (name, _) in enumerate(OPEN_STAGES)} | {
    "Closed Won": 9,
    "Closed Lost": 10,
}
PULLED_IN_ACCOUNTS = 3
DEAL_KINDS = ["Platform", "Expansion", "Renewal", "Pilot", "Upgrade"]
LOSS_REASONS = ["Price", "Lost to competitor", "No decision", "Timing", "Missing feature"]


def build(context: DemoContext) -> None:
    rng, today = context.rng, context.today
    assert_ready(context)
    seed_stages()
    accounts = _accounts(context)
    sellers = [s for team in context.teams for s in context.sellers_by_team[team.pk]]
    first_team = context.sellers_by_team[context.teams[0].pk]
    profiles = {s.pk: "typical" for s in sellers}
    for seller, name in zip(first_team, PLANTED, strict=False):
        profiles[seller.pk] = name
    context.patterns = {name: s for s in sellers for name in [profiles[s.pk]] if name != "typical"}

    start = context.history_starts or today
    quarters = []
    quarter = period_of(start, PeriodKind.QUARTER)
    while quarter.start <= today:
        quarters.append(quarter)
        quarter = quarter.next()

    deals: list[Opportunity] = []
    history: list[tuple[int, OpportunityChange]] = []  # (index of the deal, change)
    typical_quota = Decimal(round(_expected_bookings(PROFILES["typical"]), -3))
    quotas: list[Quota] = []
    activities: list[Activity] = []
    seeds: dict[tuple[int, datetime.date], float] = {}
    pulled = rng.sample(accounts, PULLED_IN_ACCOUNTS)
    context.pulled_in_accounts = pulled

    for seller in sellers:
        profile = PROFILES[profiles[seller.pk]]
        own_accounts = rng.sample(accounts, 18)
        for quarter in quarters:
            booked = Decimal(0)
            count = _poisson(rng, profile.deals_per_quarter * (1.2 if quarter.number == 4 else 1.0))
            for _ in range(count):
                deal, changes, won_amount = _deal(
                    context, seller, profile, quarter, rng.choice(own_accounts), len(deals)
                )
                history.extend((len(deals), change) for change in changes)
                deals.append(deal)
                booked += won_amount
            quotas.append(
                Quota(
                    person=seller,
                    period_kind="quarter",
                    period_start=quarter.start,
                    amount=typical_quota,
                )
            )
            seeds[(seller.pk, quarter.start)] = _forecast_seed(context, quarter)
            activities.extend(_activities(context, seller, profile, quarter, len(activities)))

    # Pulled-in customers: each quarter one of their deals is dragged from next quarter into
    # the last days of this one.
    for quarter in quarters[:-1]:
        for account in pulled:
            seller = rng.choice(sellers)
            deal, changes = _pulled_in_deal(context, seller, quarter, account, len(deals))
            history.extend((len(deals), change) for change in changes)
            deals.append(deal)

    for deal in deals:
        deal.fill_reporting_amount()
    Opportunity.objects.bulk_create(deals, batch_size=1000)
    for index, change in history:
        change.opportunity = deals[index]
    OpportunityChange.objects.bulk_create([c for _, c in history], batch_size=2000)
    Quota.objects.bulk_create(quotas, batch_size=1000)
    outcomes = _outcomes(deals, context.today)
    in_play = _in_play(deals, context.today)
    forecasts = [
        submission
        for seller in sellers
        for quarter in quarters
        for submission in _forecasts(
            context,
            seeds[(seller.pk, quarter.start)],
            seller,
            PROFILES[profiles[seller.pk]],
            quarter,
            outcomes.get((seller.pk, quarter.start), Decimal(0)),
            in_play.get(seller.pk),
        )
    ]
    ForecastSubmission.objects.bulk_create(forecasts, batch_size=2000)
    Activity.objects.bulk_create(activities, batch_size=2000)


def assert_ready(context: DemoContext) -> None:
    if not context.teams or context.history_starts is None:
        raise RuntimeError("The CRM demo step needs the org step to run first")


def _expected_bookings(profile: Profile) -> float:
    average_size = sum(SEGMENTS.values()) / len(SEGMENTS)
    return profile.deals_per_quarter * profile.win_rate * average_size * profile.deal_size


def _poisson(rng, mean: float) -> int:
    # Knuth's method: small means only, which is all the demo needs.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _accounts(context: DemoContext) -> list[Account]:
    fake, rng = context.fake, context.rng
    names: set[str] = set()
    accounts: list[Account] = []
    while len(accounts) < 120:
        name = fake.company()
        if name in names:
            continue
        names.add(name)
        segment = rng.choices(list(SEGMENTS), weights=[2, 3, 4])[0]
        accounts.append(
            Account(
                name=name,
                name_key=Account.key_for(name),
                segment=segment,
                industry=rng.choice(INDUSTRIES),
                region=rng.choice(["East", "Central", "West"]),
                employees={"Enterprise": 5000, "Mid-Market": 800, "SMB": 90}[segment]
                * rng.randint(1, 4),
            )
        )
    Account.objects.bulk_create(accounts)
    return list(Account.objects.order_by("pk"))


def _amount(rng, account: Account, profile: Profile) -> Decimal:
    base = SEGMENTS[account.segment] * profile.deal_size * math.exp(rng.gauss(0, 0.45))
    return Decimal(round(base, -2))


def _deal(context, seller: Person, profile: Profile, quarter, account: Account, number: int):
    rng, today = context.rng, context.today
    created = quarter.start + datetime.timedelta(
        days=rng.randrange((quarter.end - quarter.start).days)
    )
    close = created + datetime.timedelta(days=rng.randint(25, 110))
    if rng.random() < 0.35:  # quarter-end concentration
        end = period_of(close, PeriodKind.QUARTER).end
        close = end - datetime.timedelta(days=rng.randint(1, 14))
    amount = _amount(rng, account, profile)
    changes = []
    if rng.random() < profile.slip:
        pushes = rng.randint(1, 3 if profile.slip > 0.5 else 1)
        for _ in range(pushes):
            later = close + datetime.timedelta(days=rng.randint(20, 60))
            changed_on = min(close - datetime.timedelta(days=rng.randint(1, 10)), today)
            changes.append(_change("close_date", close.isoformat(), later.isoformat(), changed_on))
            close = later
    if created > today:
        created = today
    won_amount = Decimal(0)
    if close <= today:
        won = rng.random() < profile.win_rate
        stage = "Closed Won" if won else "Closed Lost"
        outcome, probability, category = ("won", 100, "closed") if won else ("lost", 0, "omitted")
        won_amount = amount if won else Decimal(0)
    else:
        progress = (today - created).days / max((close - created).days, 1)
        stage, probability = OPEN_STAGES[
            min(int(progress * len(OPEN_STAGES)), len(OPEN_STAGES) - 1)
        ]
        outcome = "open"
        category = (
            "commit" if probability >= 75 else "best_case" if probability >= 50 else "pipeline"
        )
    changes.extend(_stage_path(rng, created, min(close, today), stage))
    deal = Opportunity(
        external_id=f"DEMO-{number + 1:06d}",
        name=f"{account.name}: {rng.choice(DEAL_KINDS)}",
        account=account,
        owner=seller,
        amount=amount,
        product=rng.choice(["Core", "Analytics", "Core + Analytics", "Services"]),
        type=rng.choices(["new_business", "expansion", "renewal"], weights=[5, 3, 2])[0],
        stage=stage,
        stage_order=STAGE_ORDER[stage],
        outcome=outcome,
        probability=Decimal(probability),
        forecast_category=category,
        created_date=created,
        close_date=close,
        lost_reason=rng.choice(LOSS_REASONS) if outcome == "lost" else "",
    )
    return deal, changes, won_amount


def _stage_path(
    rng, created: datetime.date, until: datetime.date, final: str
) -> list[OpportunityChange]:
    """Stage changes from Prospecting to the deal's present stage, spread over its life."""
    steps = [name for name, _ in OPEN_STAGES]
    last = steps.index(final) if final in steps else rng.randint(2, len(steps) - 1)
    path = steps[: last + 1] + ([final] if final not in steps else [])
    span = max((until - created).days, len(path))
    changes = []
    for i in range(1, len(path)):
        day = created + datetime.timedelta(days=span * i // len(path))
        changes.append(_change("stage", path[i - 1], path[i], day))
    return changes


def _change(field: str, old: str, new: str, day: datetime.date) -> OpportunityChange:
    return OpportunityChange(
        field=field, old_value=old, new_value=new, changed_on=day, source="import"
    )


def _pulled_in_deal(context, seller: Person, quarter, account: Account, number: int):
    rng = context.rng
    planned = quarter.end + datetime.timedelta(days=rng.randint(15, 45))
    close = quarter.end - datetime.timedelta(days=rng.randint(1, 5))
    asked_on = quarter.end - datetime.timedelta(days=rng.randint(8, 18))
    created = quarter.start + datetime.timedelta(days=rng.randint(0, 30))
    amount = _amount(rng, account, PROFILES["typical"]) * Decimal("0.85")  # a quarter-end discount
    changes = _stage_path(rng, created, close, "Closed Won")
    changes.append(_change("close_date", planned.isoformat(), close.isoformat(), asked_on))
    deal = Opportunity(
        external_id=f"DEMO-{number + 1:06d}",
        name=f"{account.name}: quarter-end order",
        account=account,
        owner=seller,
        amount=amount,
        stage="Closed Won",
        stage_order=STAGE_ORDER["Closed Won"],
        outcome="won",
        probability=Decimal(100),
        forecast_category="closed",
        type="expansion",
        created_date=created,
        close_date=close,
    )
    return deal, changes


def _outcomes(deals: list[Opportunity], today: datetime.date) -> dict:
    """{(seller id, quarter start): what the seller books in the quarter}: the deals won with a
    close date in it. For the quarter still running, what is won so far plus what the open
    deals closing in it are likely to bring by their forecast category, so its weekly calls
    sit where a seller looking at their deals would put them (the forecast call page shows
    both side by side)."""
    outcomes: dict[tuple[int, datetime.date], Decimal] = {}
    running = period_of(today, PeriodKind.QUARTER)
    for deal in deals:
        if deal.close_date is None:
            continue
        quarter = period_of(deal.close_date, PeriodKind.QUARTER)
        if deal.outcome == "won":
            share = Decimal(1)
        elif deal.outcome == "open" and quarter == running:
            share = LIKELY_TO_CLOSE.get(deal.forecast_category, Decimal(0))
        else:
            continue
        key = (deal.owner_id, quarter.start)
        outcomes[key] = outcomes.get(key, Decimal(0)) + (deal.amount or Decimal(0)) * share
    return outcomes


def _in_play(deals: list[Opportunity], today: datetime.date) -> dict[int, Decimal]:
    """{seller id: won so far and every open deal closing in the running quarter}: what a
    seller's pipeline call for it is made of."""
    running = period_of(today, PeriodKind.QUARTER)
    found: dict[int, Decimal] = {}
    for deal in deals:
        if deal.close_date is None or deal.outcome not in ("won", "open"):
            continue
        if running.contains(deal.close_date):
            found[deal.owner_id] = found.get(deal.owner_id, Decimal(0)) + (deal.amount or 0)
    return found


# How much of an open deal's amount a seller expects by its forecast category.
LIKELY_TO_CLOSE = {
    "commit": Decimal("0.85"),
    "best_case": Decimal("0.45"),
    "pipeline": Decimal("0.1"),
}


def _forecast_seed(context, quarter) -> float:
    """The seed of a seller's forecasts for a quarter, drawn from the history's generator where
    the quarter's forecasts have always been drawn (two draws for each of weeks 2, 6 and 10 up
    to today), so the deals and activities after it stay the history they were."""
    draws = [
        context.rng.random()
        for week in (2, 6, 10)
        if quarter.start + datetime.timedelta(weeks=week) <= context.today
        for _ in range(2)
    ]
    return sum(draws)


def _forecasts(
    context,
    seed: float,
    seller: Person,
    profile: Profile,
    quarter,
    outcome: Decimal,
    in_play: Decimal | None = None,
) -> list[ForecastSubmission]:
    """A commit and best-case forecast every week of the quarter up to today: the commit near
    what the seller goes on to book, times the seller's bias (the sandbagger's well below), with
    noise that narrows as the quarter goes on; the best case above the commit. A generator of
    their own (`seed`), so the weekly calls do not shift the rest of the history. The running
    quarter's pipeline is what is in play in it (`in_play`), past ones about three times the
    bookings."""
    rng = random.Random(seed)  # noqa: S311  (demo data, not secrets)
    today = context.today
    submissions = []
    weeks = (quarter.end - quarter.start).days // 7 + 1
    for week in range(weeks):
        submitted = quarter.start + datetime.timedelta(weeks=week)
        if submitted > today or submitted >= quarter.end:
            break
        spread = 0.10 - 0.06 * week / max(weeks - 1, 1)  # 10% early, 4% in the last week
        commit = outcome * Decimal(profile.forecast_bias * (1 + rng.gauss(0, spread / 2)))
        best_case = max(commit, outcome) * Decimal(rng.uniform(1.15, 1.35))
        if not best_case:  # nothing closing: the best case is one deal that might land
            best_case = Decimal(SEGMENTS["Mid-Market"] * rng.uniform(0.5, 1.5))
        if in_play is not None and quarter.contains(today):
            pipeline = in_play
        else:
            pipeline = outcome * Decimal(rng.uniform(2.6, 3.4))
        submissions.append(
            ForecastSubmission(
                person=seller,
                period_kind="quarter",
                period_start=quarter.start,
                submitted_on=submitted,
                commit=round(commit, -2),
                best_case=round(best_case, -2),
                pipeline=round(max(best_case, pipeline), -2),
            )
        )
    return submissions


WEEKLY = {"call": 8, "email": 12, "meeting": 4, "demo": 1}


def _activities(context, seller: Person, profile: Profile, quarter, offset: int) -> list[Activity]:
    rng, today = context.rng, context.today
    activities: list[Activity] = []
    day = quarter.start
    while day < quarter.end and day <= today + datetime.timedelta(days=14):
        for kind, per_week in WEEKLY.items():
            for _ in range(_poisson(rng, per_week * profile.activity)):
                when = day + datetime.timedelta(days=rng.randrange(5))
                activities.append(
                    Activity(
                        external_id=f"DEMO-A-{offset + len(activities) + 1:07d}",
                        owner=seller,
                        type=kind,
                        date=when,
                        status="done" if when <= today else "planned",
                        subject=f"{kind.capitalize()} with a customer",
                    )
                )
        day += datetime.timedelta(weeks=1)
    return activities
