"""A generated organisation for the balance dashboard's accuracy test, deterministic from its
seed: a director over TEAMS teams of SELLERS sellers, with three years of CRM history and two of
asks, calls, plans, challenges and coaching, as each arrives in the tables.

Most leaders are clean, with the noise of an ordinary year: an ask accepted without an
assessment once in two years, a bad forecast quarter, an escalation, a few deals pulled in,
a quarter's plan asked lower, some gaps left without a coaching item. Planted among them:

- pressure passers, who drifted in the last year (the year the dashboard judges, against the
  one before): they accept every extra ask in full without assessing it and pass it to the
  sellers, and push the team to pull deals in from next quarter at every quarter's end, the
  biggest first and from the key customers who said yes before, at a discount; the next
  quarter's pipeline thins, and the key customers learn to wait for the ask;
- excuse carriers, who call their team's quarters low (sandbagging), ask their plan lower
  most quarters of a year, escalate most challenges to the director with no action taken in
  the team, and open no coaching item for their sellers' gaps.

Written in bulk so that the test stays fast; the metrics need `recompute()` afterwards.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from leadwell.asks.models import Ask, AskedDeal, Assessment
from leadwell.challenges.models import Challenge, ChallengeAction
from leadwell.coaching.models import CoachingItem
from leadwell.crm.models import Account, Opportunity, OpportunityChange, Quota, TeamForecast
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import services as org
from leadwell.org.models import Person, Team
from leadwell.plans.models import PlanChange, PlanCycle

TEAMS, SELLERS, CUSTOMERS, KEY_CUSTOMERS = 24, 5, 12, 3
PRESSURE_PASSERS, EXCUSE_CARRIERS = 4, 4
# Finished quarters of CRM history: the conditioning index a year before the judged year's
# last quarter reads the eight quarters before it.
HISTORY = 12
JUDGED = 4  # the last finished quarters the dashboard judges (measure.WINDOW)
DAY = datetime.timedelta(days=1)
RUSH = 14  # days: a quarter's last two weeks


class Kind:
    CLEAN = "clean"
    PRESSURE = "pressure passer"
    EXCUSE = "excuse carrier"


@dataclass
class Generated:
    director: Person
    leaders: list[Person] = field(default_factory=list)
    kind: dict[int, str] = field(default_factory=dict)  # leader id: Kind

    def of(self, kind: str) -> set[int]:
        return {pk for pk, k in self.kind.items() if k == kind}


@dataclass
class Deal:
    """An opportunity being written, with its history."""

    row: Opportunity
    team: int
    seller: Person
    planned_won: bool
    changes: list[OpportunityChange] = field(default_factory=list)
    pulled: bool = False


@dataclass
class Quarters:
    """The quarters the generator writes, oldest first: HISTORY finished, the running one, and
    the one after it (whose pipeline the running quarter holds)."""

    all: list[Period]
    today: datetime.date

    @classmethod
    def before(cls, today: datetime.date) -> "Quarters":
        running = period_of(today, PeriodKind.QUARTER)
        found = [running]
        while len(found) < HISTORY + 1:
            found.insert(0, period_of(found[0].start - DAY, PeriodKind.QUARTER))
        return cls([*found, running.next()], today)

    @property
    def finished(self) -> list[Period]:
        return self.all[:HISTORY]

    @property
    def running(self) -> Period:
        return self.all[HISTORY]

    def judged(self, quarter: Period) -> bool:
        """In the year the dashboard judges (its finished quarters and the running one)."""
        return quarter.start >= self.finished[-JUDGED].start


def generate(today: datetime.date, seed: int = 15) -> Generated:
    rng = random.Random(seed)  # noqa: S311 - a reproducible organisation, not a secret
    quarters = Quarters.before(today)
    joined = quarters.all[0].start - 400 * DAY
    director = org.person_create(name="Director of the generated organisation")
    leadership = org.team_create(name="Generated leadership")
    org.person_lead_team(person=director, team=leadership, on=joined)
    made = Generated(director)
    kinds = [Kind.PRESSURE] * PRESSURE_PASSERS + [Kind.EXCUSE] * EXCUSE_CARRIERS
    kinds += [Kind.CLEAN] * (TEAMS - len(kinds))
    rng.shuffle(kinds)
    teams, sellers = [], []
    for t, kind in enumerate(kinds):
        team = org.team_create(name=f"Generated team {t}")
        leader = org.person_create(name=f"Leader {t}")
        org.person_join_team(person=leader, team=leadership, on=joined)
        org.person_lead_team(person=leader, team=team, on=joined)
        made.leaders.append(leader)
        made.kind[leader.pk] = kind
        teams.append(team)
        sellers.append([org.person_create(name=f"Seller {t}-{s}") for s in range(SELLERS)])
        for seller in sellers[-1]:
            org.person_join_team(person=seller, team=team, on=joined)
    customers = Account.objects.bulk_create(
        Account(name=f"Customer {t}-{c}", name_key=f"customer {t}-{c}")
        for t in range(TEAMS)
        for c in range(CUSTOMERS)
    )
    deals = _business_as_usual(rng, quarters, made, sellers, customers)
    asks = _asks_and_pulls(rng, quarters, made, teams, sellers, customers, deals)
    _write_deals(deals)
    _write_asks(asks)
    booked = _bookings(deals)
    quotas = _quotas(rng, quarters, teams, sellers)
    _coaching(rng, quarters, made, sellers, booked, quotas)
    _calls(rng, quarters, made, teams, sellers, booked)
    _plans(rng, quarters, made, teams)
    _challenges(rng, quarters, made, teams, sellers)
    return made


# -- The CRM: won and lost deals all along, slips and repricing now and then ------------------


def _business_as_usual(
    rng: random.Random,
    quarters: Quarters,
    made: Generated,
    sellers: list[list[Person]],
    customers: list[Account],
) -> list[Deal]:
    deals: list[Deal] = []
    for t, team_sellers in enumerate(sellers):
        # Survival selling: a team pushed to close at every quarter's end prospects less, and
        # opens fewer deals from the year its leader drifted.
        prospecting_lost = (
            rng.uniform(0.15, 0.35) if made.kind[made.leaders[t].pk] == Kind.PRESSURE else 0.0
        )
        accounts = customers[t * CUSTOMERS : (t + 1) * CUSTOMERS]
        # Key customers buy more often than the rest.
        weights = [3 if c < KEY_CUSTOMERS else 1 for c in range(CUSTOMERS)]
        for quarter in quarters.all:
            span = (quarter.end - quarter.start).days
            for seller in team_sellers:
                planned = [True] * rng.choice([2, 3, 3, 4]) + [False] * rng.randint(2, 5)
                for won in planned:
                    # Most deals close any day of the quarter; a few more wait for its end.
                    if rng.random() < 0.08:
                        closed = quarter.end - rng.randint(1, RUSH) * DAY
                    else:
                        closed = quarter.start + rng.randrange(span) * DAY
                    created = closed - rng.randint(30, 150) * DAY
                    if created > quarters.today:
                        continue
                    if quarters.judged(period_of(created)) and rng.random() < prospecting_lost:
                        continue
                    amount = rng.randint(10, 60) * 1_000
                    decided = closed <= quarters.today
                    outcome = ("won" if won else "lost") if decided else "open"
                    row = Opportunity(
                        external_id=f"gen-{len(deals)}",
                        name=f"Deal {len(deals)}",
                        account=rng.choices(accounts, weights)[0],
                        owner=seller,
                        amount=Decimal(amount),
                        stage={"won": "Closed Won", "lost": "Closed Lost"}.get(outcome, "Proposal"),
                        outcome=outcome,
                        created_date=created,
                        close_date=closed,
                    )
                    deal = Deal(row, t, seller, won)
                    if rng.random() < 0.15:  # slipped in from an earlier date
                        earlier = max(closed - rng.randint(20, 60) * DAY, created + DAY)
                        moved_on = min(earlier, quarters.today)
                        deal.changes.append(_change("close_date", earlier, closed, moved_on))
                    if rng.random() < 0.3:  # repriced in the negotiation, either way
                        quoted = round(amount * rng.uniform(0.92, 1.10))
                        repriced = max(created, closed - rng.randint(3, 20) * DAY)
                        if repriced <= quarters.today:
                            deal.changes.append(_change("amount", quoted, amount, repriced))
                    deals.append(deal)
    return deals


def _pull_in(
    rng: random.Random,
    deal: Deal,
    quarter: Period,
    asked_on: datetime.date,
    today: datetime.date,
    off: float,
) -> None:
    """Move a deal planned for the next quarter into the last weeks of `quarter`, at a
    concession of `off`: won there, or still open when `quarter` is the running one."""
    row = deal.row
    planned = row.close_date
    assert planned is not None
    closed = quarter.end - rng.randint(1, 12) * DAY
    quoted = row.amount
    assert quoted is not None
    amount = (quoted * Decimal(1 - off)).quantize(Decimal(1))
    deal.changes = [c for c in deal.changes if c.field != "close_date"]
    deal.changes.append(_change("close_date", planned, closed, asked_on))
    if amount < quoted:
        deal.changes.append(_change("amount", quoted, amount, asked_on))
    row.close_date, row.amount = closed, amount
    decided = closed <= today
    row.outcome = "won" if decided else "open"
    row.stage = "Closed Won" if decided else "Negotiation"
    deal.pulled = True


# -- Extra asks and the deals pulled forward, quarter by quarter -----------------------------


@dataclass
class AskMade:
    row: Ask
    assessed: bool
    deals: list[Deal]


def _asks_and_pulls(
    rng: random.Random,
    quarters: Quarters,
    made: Generated,
    teams: list[Team],
    sellers: list[list[Person]],
    customers: list[Account],
    deals: list[Deal],
) -> list[AskMade]:
    planned: dict[tuple[int, datetime.date], list[Deal]] = defaultdict(list)
    for deal in deals:
        if deal.planned_won:
            assert deal.row.close_date is not None
            planned[(deal.team, period_of(deal.row.close_date).start)].append(deal)
    asks: list[AskMade] = []
    # The asks of the last two years (the dashboard shows eight quarters and the running one).
    asked_quarters = [*quarters.finished[-2 * JUDGED :], quarters.running]
    for t, leader in enumerate(made.leaders):
        kind = made.kind[leader.pk]
        key_accounts = {a.pk for a in customers[t * CUSTOMERS : t * CUSTOMERS + KEY_CUSTOMERS]}
        # Once in two years a clean leader accepts an ask in a hurry, without assessing it.
        hurried = rng.randrange(len(asked_quarters)) if kind == Kind.CLEAN else None
        for number, quarter in enumerate(asked_quarters):
            drifting = kind == Kind.PRESSURE and quarters.judged(quarter)
            nxt = quarter.next()
            candidates = [d for d in planned[(t, nxt.start)] if not d.pulled]
            if drifting:
                # The leader who says yes: the team reaches for the biggest deals of the
                # customers who gave in before.
                candidates.sort(key=lambda d: (d.row.account_id not in key_accounts, -d.row.amount))
            else:
                rng.shuffle(candidates)
            # The director asks every leader for a little extra most quarters, both years: the
            # leaders differ in how they answer.
            if rng.random() < 0.75:
                ask = _ask(rng, quarter, made.director, leader, teams[t])
                if drifting:
                    decision, assessed = Ask.Decision.ACCEPTED, False
                elif number == hurried:
                    decision, assessed = (
                        rng.choice([Ask.Decision.ACCEPTED, Ask.Decision.PARTLY]),
                        False,
                    )
                else:
                    assessed = True
                    # Having assessed, a clean leader mostly declines or gives part, with the
                    # numbers; an excuse carrier declines nearly always.
                    weights = [1, 3, 6] if kind == Kind.EXCUSE else [15, 35, 50]
                    decision = rng.choices(
                        [Ask.Decision.ACCEPTED, Ask.Decision.PARTLY, Ask.Decision.DECLINED], weights
                    )[0]
                ask.decision, ask.without_assessment = decision, not assessed
                count = {
                    Ask.Decision.ACCEPTED: rng.randint(3, 6) if drifting else rng.randint(1, 3),
                    Ask.Decision.PARTLY: 1,
                    Ask.Decision.DECLINED: 0,
                }[decision]
                assert ask.decided_on is not None
                asked = _known_by(candidates, ask.decided_on)[:count]
                candidates = [d for d in candidates if d not in asked]
                for deal in asked:
                    off = rng.uniform(0.05, 0.22) if drifting else rng.uniform(0.0, 0.1)
                    _pull_in(rng, deal, quarter, ask.decided_on, quarters.today, off)
                asks.append(AskMade(ask, assessed, asked))
            # Beside any ask, the quarter-end push: the drifting leader asks each seller for
            # a deal from next quarter, every quarter; the others now and then ask one.
            if quarter == quarters.running:
                continue
            asked_on = quarter.end - rng.randint(15, 25) * DAY
            known = _known_by(candidates, asked_on)
            if drifting:
                pushed = [
                    next(d for d in known if d.seller == seller)
                    for seller in sellers[t]
                    if rng.random() < 0.8 and any(d.seller == seller for d in known)
                ]
            else:
                pushed = known[:1] if rng.random() < 0.1 else []
            for deal in pushed:
                off = rng.uniform(0.05, 0.22) if drifting else rng.uniform(0.0, 0.1)
                _pull_in(rng, deal, quarter, asked_on, quarters.today, off)
    return asks


def _known_by(deals: list[Deal], day: datetime.date) -> list[Deal]:
    """The deals already in the CRM on `day`: only they can be asked for."""
    return [d for d in deals if d.row.created_date is not None and d.row.created_date <= day]


def _ask(rng: random.Random, quarter: Period, director: Person, leader: Person, team: Team) -> Ask:
    asked_on = quarter.start + rng.randint(20, 45) * DAY
    return Ask(
        director=director,
        leader=leader,
        team=team,
        period_start=quarter.start,
        amount=Decimal(rng.randint(5, 20) * 10_000),
        reason="A little extra this quarter",
        asked_on=asked_on,
        recorded_by=director,
        decided_on=asked_on + rng.randint(1, 3) * DAY,
    )


def _write_deals(deals: list[Deal]) -> None:
    for deal in deals:
        deal.row.fill_reporting_amount()
    Opportunity.objects.bulk_create([d.row for d in deals], batch_size=1000)
    changes = []
    for deal in deals:
        for change in deal.changes:
            change.opportunity = deal.row
            changes.append(change)
    OpportunityChange.objects.bulk_create(changes, batch_size=2000)


def _write_asks(asks: list[AskMade]) -> None:
    Ask.objects.bulk_create([a.row for a in asks])
    assessments, asked = [], []
    for made in asks:
        ask = made.row
        assert ask.decided_on is not None
        if made.assessed:
            pipeline = Decimal(sum(int(d.row.amount or 0) for d in made.deals) * 6 + 400_000)
            assessments.append(
                Assessment(
                    ask=ask,
                    assessed_on=ask.decided_on - DAY,
                    recommendation="What the pipeline can give without burning it",
                    next_pipeline=pipeline,
                    next_forecast=pipeline / 2,
                )
            )
        for deal in made.deals:
            asked.append(
                AskedDeal(
                    ask=ask,
                    opportunity=deal.row,
                    seller=deal.seller,
                    amount=deal.row.amount,
                    close_date=deal.row.close_date,
                )
            )
    Assessment.objects.bulk_create(assessments)
    AskedDeal.objects.bulk_create(asked)


def _bookings(deals: list[Deal]) -> dict[tuple[int, datetime.date], Decimal]:
    """{(seller id, quarter start): won}."""
    booked: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    for deal in deals:
        if deal.row.outcome == "won" and deal.row.close_date and deal.row.amount:
            booked[(deal.seller.pk, period_of(deal.row.close_date).start)] += deal.row.amount
    return booked


# -- Quotas, and the coaching of the sellers who miss them -----------------------------------


def _quotas(
    rng: random.Random, quarters: Quarters, teams: list[Team], sellers: list[list[Person]]
) -> dict[int, int]:
    """Each seller's quarterly quota (a little above what they book on average, so that about
    half of them miss in a quarter), and each team's own, the sum: {seller id: quota}."""
    quota = {s.pk: rng.randint(100, 130) * 1_000 for team in sellers for s in team}
    rows = []
    for team, team_sellers in zip(teams, sellers, strict=True):
        for quarter in quarters.all:
            for seller in team_sellers:
                rows.append(_quota(quarter, quota[seller.pk], person=seller))
            rows.append(_quota(quarter, sum(quota[s.pk] for s in team_sellers), team=team))
    Quota.objects.bulk_create(rows)
    return quota


def _quota(quarter: Period, amount: int, **whose) -> Quota:
    return Quota(period_kind="quarter", period_start=quarter.start, amount=Decimal(amount), **whose)


def _coaching(
    rng: random.Random,
    quarters: Quarters,
    made: Generated,
    sellers: list[list[Person]],
    booked: dict[tuple[int, datetime.date], Decimal],
    quota: dict[int, int],
) -> None:
    """After each quarter, a leader who coaches opens an item for most sellers who missed
    their quota (one already open covers it); an excuse carrier opens none."""
    items = []
    for leader, team_sellers in zip(made.leaders, sellers, strict=True):
        if made.kind[leader.pk] == Kind.EXCUSE:
            continue
        for seller in team_sellers:
            open_until: datetime.datetime | None = None
            for quarter in quarters.finished:
                missed = booked[(seller.pk, quarter.start)] < quota[seller.pk]
                if not missed or rng.random() < 0.2:
                    continue
                opened = _moment(min(quarter.end + rng.randint(-20, 25) * DAY, quarters.today))
                if open_until is not None and open_until > opened:
                    continue
                closed = opened + rng.randint(30, 110) * DAY
                still_open = closed.date() > quarters.today
                items.append(
                    CoachingItem(
                        person=seller,
                        opened_by=leader,
                        opened_at=opened,
                        title="Bookings below quota",
                        metric="bookings",
                        period_kind="quarter",
                        period_start=quarter.start,
                        value_at_open=float(booked[(seller.pk, quarter.start)]),
                        target_at_open=float(quota[seller.pk]),
                        status=CoachingItem.Status.OPEN
                        if still_open
                        else CoachingItem.Status.CLOSED,
                        closed_at=None if still_open else closed,
                    )
                )
                open_until = closed
    CoachingItem.objects.bulk_create(items)


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


# -- Calls, plans and challenges: where the excuse carrier shows -----------------------------


def _calls(
    rng: random.Random,
    quarters: Quarters,
    made: Generated,
    teams: list[Team],
    sellers: list[list[Person]],
    booked: dict[tuple[int, datetime.date], Decimal],
) -> None:
    """The leader's call for the team each finished quarter of the last two years: about right
    (one clean leader in three has one bad quarter), or, for the sandbagging excuse carrier, a
    quarter or so below the bookings, now and then called right."""
    calls = []
    judged = quarters.finished[-2 * JUDGED :]
    for t, leader in enumerate(made.leaders):
        low = made.kind[leader.pk] == Kind.EXCUSE
        bad = rng.randrange(len(judged)) if rng.random() < 0.3 else None
        for number, quarter in enumerate(judged):
            if low:
                bias = rng.gauss(0.0, 0.04) if rng.random() < 0.1 else rng.gauss(-0.25, 0.06)
            elif number == bad:
                bias = rng.uniform(-0.5, -0.3)
            else:
                bias = rng.gauss(0.0, 0.05)
            team_booked = sum(booked[(s.pk, quarter.start)] for s in sellers[t])
            commit = (team_booked * Decimal(1 + bias)).quantize(Decimal(1))
            calls.append(
                TeamForecast(
                    team=teams[t],
                    person=leader,
                    period_kind="quarter",
                    period_start=quarter.start,
                    submitted_on=quarter.start + rng.randint(30, 60) * DAY,
                    commit=commit,
                    best_case=commit,
                    pipeline=commit,
                )
            )
    TeamForecast.objects.bulk_create(calls)


def _plans(rng: random.Random, quarters: Quarters, made: Generated, teams: list[Team]) -> None:
    """A committed plan per team and fiscal year, and the requests to change it: an excuse
    carrier asks three or four quarters of one year lower; the others one or two, or none."""
    this_year = period_of(quarters.today, PeriodKind.YEAR).fiscal_year
    years = [this_year - 1, this_year]
    changes = []
    for t, leader in enumerate(made.leaders):
        habit_year = rng.choice(years)
        for year in years:
            cycle = PlanCycle.objects.create(
                team=teams[t], leader=leader, fiscal_year=year, status="committed"
            )
            if made.kind[leader.pk] == Kind.EXCUSE and year == habit_year:
                lowered = rng.sample(range(1, 5), rng.choice([3, 4]))
            else:
                lowered = rng.sample(range(1, 5), rng.choice([0, 0, 1, 1, 2]))
            requests = [(q, True) for q in lowered for _ in range(rng.choice([1, 1, 2]))]
            requests += [(q, False) for q in rng.sample(range(1, 5), rng.choice([0, 1]))]
            for number, lower in requests:
                before = Decimal(rng.randint(450, 650) * 1_000)
                step = Decimal(rng.randint(20, 80) * 1_000)
                changes.append(
                    PlanChange(
                        cycle=cycle,
                        quarter=number,
                        from_amount=before,
                        to_amount=before - step if lower else before + step,
                        reason="Generated",
                        asked_by=leader,
                        answer=rng.choice(["granted", "partly", "refused", ""]),
                    )
                )
    PlanChange.objects.bulk_create(changes)


def _challenges(
    rng: random.Random,
    quarters: Quarters,
    made: Generated,
    teams: list[Team],
    sellers: list[list[Person]],
) -> None:
    """The obstacles the sellers raise, one to four a quarter. A clean leader works them in the
    team with actions and escalates one in two years; an excuse carrier escalates most of them
    to the director, most with no action taken in the team."""
    raised_in = [*quarters.finished[-2 * JUDGED :], quarters.running]
    planned: list[tuple[Challenge, list[ChallengeAction]]] = []
    for t, leader in enumerate(made.leaders):
        carrier = made.kind[leader.pk] == Kind.EXCUSE
        escalating = rng.uniform(0.75, 0.95) if carrier else 0.0
        dated = []
        for quarter in raised_in:
            span = (min(quarter.end, quarters.today) - quarter.start).days
            dated += [quarter.start + rng.randrange(span) * DAY for _ in range(rng.randint(1, 4))]
        the_one = rng.randrange(len(dated))  # a clean leader's escalation in two years
        for number, raised in enumerate(sorted(dated)):
            seller = rng.choice(sellers[t])
            challenge = Challenge(
                team=teams[t],
                shared_with=teams[t],  # bulk_create skips save(), which sets it
                raised_by=seller,
                raised_on=raised,
                description="Generated obstacle",
                category=rng.choice(Challenge.Category.values),
            )
            actions: list[ChallengeAction] = []
            if raised > quarters.today - 7 * DAY:
                planned.append((challenge, actions))  # not triaged yet
                continue
            challenge.triaged_on = raised + rng.randint(1, 6) * DAY
            escalate = rng.random() < escalating if carrier else number == the_one
            with_actions = rng.random() < (0.2 if carrier else 0.6) if escalate else True
            if escalate:
                challenge.status = Challenge.Status.ESCALATED
                challenge.escalated_by = leader
                challenge.escalated_on = challenge.triaged_on
                challenge.ask = "Help from the director"
                challenge.business_case = "Generated"
            else:
                challenge.status = Challenge.Status.IN_TEAM
                challenge.options = "Generated options"
            if with_actions:
                for _ in range(rng.randint(1, 3)):
                    actions.append(
                        ChallengeAction(
                            text="Generated action",
                            owner=rng.choice([leader, seller]),
                            due_on=challenge.triaged_on + rng.randint(7, 30) * DAY,
                        )
                    )
            planned.append((challenge, actions))
    Challenge.objects.bulk_create([c for c, _ in planned])
    for challenge, actions in planned:
        for action in actions:
            action.challenge = challenge
    ChallengeAction.objects.bulk_create([a for _, actions in planned for a in actions])


def _change(field_name: str, old, new, on: datetime.date) -> OpportunityChange:
    return OpportunityChange(
        field=field_name,
        old_value=str(old.isoformat() if isinstance(old, datetime.date) else old),
        new_value=str(new.isoformat() if isinstance(new, datetime.date) else new),
        changed_on=on,
        source="import",
    )
