"""Writing what the signals read: a seller's call and bookings for a quarter, a leader's call
for their team, and a leader's request to change their plan, straight to the tables."""

import datetime
from decimal import Decimal

import pytest

from leadwell.crm.models import ForecastSubmission, TeamForecast
from leadwell.lib.periods import Period
from leadwell.org.models import Person, Team
from leadwell.plans.models import PlanChange, PlanCycle
from leadwell.signals.selectors import judged_quarters

from ..conftest import deal


@pytest.fixture
def quarters() -> list[Period]:
    """The finished quarters the signals judge, oldest first."""
    return judged_quarters()


def last_day(quarter: Period) -> datetime.date:
    return quarter.end - datetime.timedelta(days=1)


def called_and_booked(seller: Person, quarter: Period, *, called: int, booked: int) -> None:
    """The seller's commit call for the quarter, made on its first day, and one won deal
    closing in it."""
    ForecastSubmission.objects.create(
        person=seller,
        period_kind="quarter",
        period_start=quarter.start,
        submitted_on=quarter.start,
        commit=Decimal(called),
    )
    deal(seller, "won", booked, quarter.start + datetime.timedelta(days=20))


def team_called(leader: Person, team: Team, quarter: Period, commit: int) -> None:
    TeamForecast.objects.create(
        team=team,
        person=leader,
        period_kind="quarter",
        period_start=quarter.start,
        submitted_on=quarter.start + datetime.timedelta(days=30),
        commit=Decimal(commit),
        best_case=Decimal(commit),
        pipeline=Decimal(commit),
    )


def asked_to_change(
    leader: Person, team: Team, year: int, quarter: int, *, lower: bool = True, answer: str = ""
) -> PlanChange:
    cycle, _ = PlanCycle.objects.get_or_create(
        team=team, fiscal_year=year, defaults={"leader": leader, "status": "committed"}
    )
    before = Decimal(100_000)
    return PlanChange.objects.create(
        cycle=cycle,
        quarter=quarter,
        from_amount=before,
        to_amount=before - 20_000 if lower else before + 20_000,
        reason="The market",
        asked_by=leader,
        answer=answer,
    )
