import datetime

import pytest

from leadwell.leadership.vision import services
from leadwell.leadership.vision.models import Vision
from leadwell.leadership.vision.services import GoalText

ANSWERS = {
    "value": "We make renewals painless for mid-market finance teams",
    "approach": "Land with finance, expand to operations",
    "standing": "Second in the region behind Acme, first on service",
    "economy": "Budgets tighten; buyers want proof of payback",
}

GOALS = [
    GoalText(
        title="Twelve new mid-market customers this year",
        metric="new_accounts",
        target=12,
        starts_on=datetime.date(2025, 1, 1),
        target_date=datetime.date(2025, 12, 31),
    ),
    GoalText(
        title="Win one in three deals we decide",
        metric="win_rate",
        target=0.33,
        starts_on=datetime.date(2025, 1, 1),
        target_date=datetime.date(2025, 12, 31),
    ),
    GoalText(title="Be the team customers recommend", detail="Ask every customer for a referral"),
]


def write(owner, *, goals=GOALS, publish=False) -> Vision:
    """`owner`'s vision with the four answers and `goals`, published when asked."""
    vision = services.vision_save(owner=owner, by=owner, **ANSWERS)
    for text in goals:
        services.goal_draft_save(vision=vision, by=owner, text=text)
    if publish:
        services.vision_publish(vision=vision, by=owner)
    vision.refresh_from_db()
    return vision


@pytest.fixture
def published(personas) -> Vision:
    """The leader's published vision, three goals."""
    return write(personas.leader, publish=True)
