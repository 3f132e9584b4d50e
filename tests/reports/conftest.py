"""Fixtures for upward reports: the Boston team's September 2026, below plan or on plan, read
on a day in October after the report fell due."""

import datetime

import pytest

from leadwell.crm.models import Quota
from leadwell.metrics.compute import recompute
from leadwell.reports.periods import period_for

from ..conftest import deal

SEPTEMBER = period_for("month", datetime.date(2026, 9, 1))
OCTOBER_DAY = datetime.date(2026, 10, 2)  # before September's report is due (8 October)
LATE_DAY = datetime.date(2026, 10, 20)


def month_with(personas, *, booked: int, quota: int = 100_000) -> None:
    """Boston's September: the sellers' quotas, what they booked, and the summaries."""
    for seller in (personas.seller, personas.seller2):
        Quota.objects.create(
            person=seller, period_kind="month", period_start=SEPTEMBER.start, amount=quota // 2
        )
    deal(personas.seller, "won", booked, "2026-09-15")
    deal(personas.seller2, "open", 80_000, "2026-11-20")
    recompute(today=OCTOBER_DAY)


@pytest.fixture
def below_plan(personas):
    month_with(personas, booked=40_000)
    return personas


@pytest.fixture
def on_plan(personas):
    month_with(personas, booked=120_000)
    return personas
