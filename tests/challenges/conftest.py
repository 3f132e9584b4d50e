import datetime

import pytest
from django.utils import timezone

from leadwell.challenges import services
from leadwell.challenges.models import Challenge

from ..conftest import deal

SECRET = "Quokka-4417"


def days_ago(count: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=count)


def raise_in_boston(personas, by: str = "seller", **fields) -> Challenge:
    """A challenge raised in the leader's team (Boston Enterprise)."""
    values = {"description": f"{SECRET} procurement wants 15% off", "category": "pricing"}
    return services.challenge_raise(
        by=getattr(personas, by), team=personas.boston, **(values | fields)
    )


@pytest.fixture
def open_deal(personas):
    return deal(personas.seller, "open", 50_000, timezone.localdate() + datetime.timedelta(30))


@pytest.fixture
def shared(personas) -> Challenge:
    return raise_in_boston(personas)


@pytest.fixture
def private(personas) -> Challenge:
    return raise_in_boston(personas, description=f"{SECRET} I need help", leader_only=True)


@pytest.fixture
def escalated(personas) -> Challenge:
    challenge = raise_in_boston(personas)
    return services.challenge_escalate(
        challenge=challenge, by=personas.leader, ask="A price floor", business_case="400k at risk"
    )
