"""Vision and goals: what is held about a person, for their export and erasure
(leadwell.lib.personal_data).

A vision and its goals are their owner's who wrote them; the versions of the goals go into the
owner's export. Who wrote a version is its owner (the rules let no one else).
"""

from leadwell.leadership.vision.models import Goal, GoalVersion, Vision
from leadwell.lib.personal_data import Erasable, Holding, NotExported

PERSONAL_DATA = (
    Holding(
        key="vision",
        title="Your vision for the teams you lead",
        model=Vision,
        rows=lambda person: Vision.objects.filter(owner=person),
        fields=("id", "owner", "value", "approach", "standing", "economy", "published_at"),
        via=("owner",),
    ),
    Holding(
        key="vision_goals",
        title="The high-level goals of your vision, every version",
        model=GoalVersion,
        rows=lambda person: GoalVersion.objects.filter(goal__vision__owner=person),
        fields=(
            "id",
            "goal",
            "number",
            "title",
            "detail",
            "metric",
            "target",
            "starts_on",
            "target_date",
            "change_kind",
            "reason",
            "team_note",
            "written_at",
        ),
    ),
    NotExported(
        GoalVersion,
        "written_by",
        "Only the vision's owner writes its goals: every version is in the owner's export.",
    ),
)

# What erasing a departed person removes: their vision, its goals and every version, children
# before their parents so nothing cascades beyond what is counted.
ERASABLE = (
    Erasable(
        "vision_goal_versions",
        "The versions of the goals of their vision",
        GoalVersion,
        lambda person: GoalVersion.objects.filter(goal__vision__owner=person),
    ),
    Erasable(
        "vision_goals",
        "The goals of their vision",
        Goal,
        lambda person: Goal.objects.filter(vision__owner=person),
    ),
    Erasable(
        "vision",
        "Their vision",
        Vision,
        lambda person: Vision.objects.filter(owner=person),
    ),
)
