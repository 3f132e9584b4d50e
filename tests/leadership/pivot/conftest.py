"""What the pivot tests share: the quarter running today, Lena's challenge to her team, and a
self-assessment filled in and submitted."""

import pytest
from django.utils import timezone

from leadwell.leadership.pivot import services
from leadwell.leadership.pivot.standards import NUMBERS
from leadwell.lib.periods import PeriodKind, period_of


def this_quarter():
    return period_of(timezone.localdate(), PeriodKind.QUARTER)


def answers(ratings: dict[int, int] | None = None):
    """Ratings (3 unless given) and an example for every standard."""
    ratings = ratings or {}
    return (
        {n: ratings.get(n, 3) for n in NUMBERS},
        {n: f"Example for standard {n}" for n in NUMBERS},
    )


def submitted(person, quarter=None, ratings=None):
    quarter = quarter or this_quarter()
    assessment = services.assessment_start(person=person, quarter=quarter)
    given, examples = answers(ratings)
    return services.assessment_save(
        assessment=assessment,
        by=person,
        ratings=given,
        examples=examples,
        practised="I ran the team's pricing clinic.",
        submit=True,
    )


@pytest.fixture
def challenged(personas):
    """Lena's challenge to Sam and Sofia for this quarter."""
    return services.challenge_issue(
        issuer=personas.leader, quarter=this_quarter(), message="Lead from your seat."
    )
