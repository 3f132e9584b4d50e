"""Vision and goals: who may do what (collected by leadwell.policy; see docs/access.md).

A vision is its owner's to write; their management line reads it once published (a director
reads each of their leaders'); a draft is the owner's alone. The team reads it as a team
document, the way a team's operating agreement is read: `Team.view_vision` lets the team's
members and those who lead it (its leader and the line above) read the published vision of the
team's leader and, above it, those of the leader's own line (the business unit's). A seller of
another team, or a peer leader, is only a colleague: neither reads it. Administrators as such
read none of it.
"""

from leadwell.leadership.vision.models import Goal, GoalVersion, Vision
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Team

OWNER_AND_LINE = "the owner and their management line (once published)"

RULES = (
    rule(Vision, "view", R.SELF, R.LINE, person="owner_id", who=OWNER_AND_LINE),
    rule(
        Vision,
        "view_draft",
        R.SELF,
        person="owner_id",
        who="the owner alone: a draft is theirs until published",
    ),
    rule(
        Vision,
        "change",
        R.SELF,
        person="owner_id",
        who="the owner alone: writes, publishes, changes a goal with its reason",
    ),
    rule(Goal, "view", R.SELF, R.LINE, person="vision__owner_id", who=OWNER_AND_LINE),
    rule(GoalVersion, "view", R.SELF, R.LINE, person="goal__vision__owner_id", who=OWNER_AND_LINE),
    rule(
        Team,
        "view_vision",
        R.LEADS,
        R.MEMBER,
        team="pk",
        who="the team's members, its leader and the line above: the published vision and goals "
        "of the team's leader, and of the line above them (the business unit's)",
    ),
)
