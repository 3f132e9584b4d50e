"""Fixtures for the coaching core: the seeded libraries, dated CRM rows, and a 1:1 series.

The libraries (skills, assignment templates) are written by migration 0002, so every test
database has them; the helpers here only look them up by the names a leader would see.
"""

import datetime

import pytest
from django.utils import timezone

from leadwell.coaching import services
from leadwell.coaching.models import AssignmentTemplate, OneOnOneSeries, Skill
from leadwell.crm.models import Activity
from leadwell.org.models import Person


def skill(name: str) -> Skill:
    return Skill.objects.get(name=name)


def template(title: str) -> AssignmentTemplate:
    return AssignmentTemplate.objects.get(title=title)


_numbers = iter(range(1, 1_000_000))


def activities(owner: Person, day: datetime.date, count: int, *, status: str = "done") -> None:
    for _ in range(count):
        Activity.objects.create(
            external_id=f"coaching-act-{next(_numbers)}",
            owner=owner,
            type=Activity.Type.CALL,
            date=day,
            status=status,
        )


def next_monday_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=7 - day.weekday())


@pytest.fixture
def series(personas) -> OneOnOneSeries:
    """Lena's weekly 1:1 with Sam, on Mondays."""
    return services.series_start(leader=personas.leader, report=personas.seller)


@pytest.fixture
def future_monday() -> datetime.date:
    """A Monday at least a week ahead of the real today: meeting_hold plans the next meeting
    from the real today, so meetings on and after this day keep a fixed weekly rhythm."""
    return next_monday_after(timezone.localdate() + datetime.timedelta(days=7))
