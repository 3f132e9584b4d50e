"""A generated organisation for the signals' accuracy test, deterministic from its seed: a
director over TEAMS teams of SELLERS sellers each, two fiscal years of calls, won deals and plan
changes, with sandbagging sellers and leaders and renegotiating leaders planted among a majority
of clean ones (some of them with one bad quarter)."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from leadwell.crm.models import ForecastSubmission, Opportunity, TeamForecast
from leadwell.lib.periods import Period
from leadwell.org import services as org
from leadwell.org.models import Person
from leadwell.plans.models import PlanChange, PlanCycle

TEAMS = 20
SELLERS = 5
SANDBAGGING_SELLERS = 0.15  # of the sellers
SANDBAGGING_LEADERS = 4
RENEGOTIATING_LEADERS = 4
ONE_BAD_QUARTER = 0.3  # of the clean ones
JOINED = datetime.date(2023, 1, 1)


@dataclass
class Planted:
    sellers: list[Person] = field(default_factory=list)
    leaders: list[Person] = field(default_factory=list)
    sandbagging: set[int] = field(default_factory=set)  # person ids, sellers and leaders
    renegotiating: set[int] = field(default_factory=set)  # leader ids


def _bias(rng: random.Random, sandbagging: bool, bad_quarter: int | None, number: int) -> float:
    """One quarter's call as a share above (+) or below (-) the bookings."""
    if sandbagging:
        # Sandbaggers call a quarter or so below, and now and then call one right.
        return rng.gauss(0.0, 0.04) if rng.random() < 0.1 else rng.gauss(-0.25, 0.06)
    if number == bad_quarter:
        return rng.uniform(-0.5, -0.3)
    return rng.gauss(0.0, 0.05)


def generate(seed: int, quarters: list[Period], fiscal_year: int) -> Planted:
    rng = random.Random(seed)  # noqa: S311 - a reproducible organisation, not a secret
    planted = Planted()
    director = org.person_create(name="Director of the generated organisation")
    leadership = org.team_create(name="Generated leadership")
    org.person_lead_team(person=director, team=leadership, on=JOINED)
    sandbagging_leaders = set(rng.sample(range(TEAMS), SANDBAGGING_LEADERS))
    renegotiating_leaders = set(rng.sample(range(TEAMS), RENEGOTIATING_LEADERS))
    deals: list[Opportunity] = []
    calls: list[ForecastSubmission] = []
    team_calls: list[TeamForecast] = []
    changes: list[PlanChange] = []
    for t in range(TEAMS):
        team = org.team_create(name=f"Generated team {t}")
        leader = org.person_create(name=f"Leader {t}")
        org.person_join_team(person=leader, team=leadership, on=JOINED)
        org.person_lead_team(person=leader, team=team, on=JOINED)
        planted.leaders.append(leader)
        booked_by_quarter = [0] * len(quarters)
        for s in range(SELLERS):
            seller = org.person_create(name=f"Seller {t}-{s}")
            org.person_join_team(person=seller, team=team, on=JOINED)
            planted.sellers.append(seller)
            sandbagging = rng.random() < SANDBAGGING_SELLERS
            if sandbagging:
                planted.sandbagging.add(seller.pk)
            bad = rng.randrange(len(quarters)) if rng.random() < ONE_BAD_QUARTER else None
            for number, quarter in enumerate(quarters):
                booked = rng.randint(60, 180) * 1_000
                booked_by_quarter[number] += booked
                call = round(booked * (1 + _bias(rng, sandbagging, bad, number)))
                calls.append(
                    ForecastSubmission(
                        person=seller,
                        period_kind="quarter",
                        period_start=quarter.start,
                        submitted_on=quarter.start + datetime.timedelta(days=14),
                        commit=Decimal(call),
                    )
                )
                deal = Opportunity(
                    external_id=f"gen-{t}-{s}-{number}",
                    name="Generated deal",
                    owner=seller,
                    stage="Closed Won",
                    outcome="won",
                    amount=Decimal(booked),
                    created_date=quarter.start,
                    close_date=quarter.start + datetime.timedelta(days=40),
                )
                deal.fill_reporting_amount()
                deals.append(deal)
        if t in sandbagging_leaders:
            planted.sandbagging.add(leader.pk)
        bad = rng.randrange(len(quarters)) if rng.random() < ONE_BAD_QUARTER else None
        for number, quarter in enumerate(quarters):
            share = 1 + _bias(rng, t in sandbagging_leaders, bad, number)
            commit = Decimal(round(booked_by_quarter[number] * share))
            team_calls.append(
                TeamForecast(
                    team=team,
                    person=leader,
                    period_kind="quarter",
                    period_start=quarter.start,
                    submitted_on=quarter.start + datetime.timedelta(days=45),
                    commit=commit,
                    best_case=commit,
                    pipeline=commit,
                )
            )
        cycle = PlanCycle.objects.create(
            team=team, leader=leader, fiscal_year=fiscal_year, status="committed"
        )
        if t in renegotiating_leaders:
            planted.renegotiating.add(leader.pk)
            lowered = rng.sample(range(1, 5), rng.choice([3, 4]))
        else:
            # Most leaders ask now and then: none, one or two quarters a year.
            lowered = rng.sample(range(1, 5), rng.choice([0, 0, 1, 1, 2]))
        asks = [(q, True) for q in lowered for _ in range(rng.choice([1, 1, 2]))]
        asks += [(q, False) for q in rng.sample(range(1, 5), rng.choice([0, 1]))]
        for quarter_number, lower in asks:
            before = Decimal(rng.randint(300, 600) * 1_000)
            step = Decimal(rng.randint(20, 80) * 1_000)
            changes.append(
                PlanChange(
                    cycle=cycle,
                    quarter=quarter_number,
                    from_amount=before,
                    to_amount=before - step if lower else before + step,
                    reason="Generated",
                    asked_by=leader,
                    answer=rng.choice(["granted", "partly", "refused", ""]),
                )
            )
    Opportunity.objects.bulk_create(deals)
    ForecastSubmission.objects.bulk_create(calls)
    TeamForecast.objects.bulk_create(team_calls)
    PlanChange.objects.bulk_create(changes)
    return planted
