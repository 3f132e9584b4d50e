import datetime

import pytest
from django.utils import timezone

from leadwell.debriefs import services
from leadwell.debriefs.models import Debrief


def months_ago(count: int) -> datetime.date:
    """The first day of the month `count` months before this one."""
    month = timezone.localdate().replace(day=1)
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def hold(director, leader, month: datetime.date, **notes) -> Debrief:
    """The debrief of `month`, held on its 20th (today for this month)."""
    held_on = min(month.replace(day=20), timezone.localdate())
    return services.debrief_hold(
        director=director, leader=leader, month=month, held_on=held_on, **notes
    )


@pytest.fixture
def debrief(personas) -> Debrief:
    """Last month's debrief of the director with the leader."""
    return hold(personas.director, personas.leader, months_ago(1), going_well="Zebra-7731 wins")
