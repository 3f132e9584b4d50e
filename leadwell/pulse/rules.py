"""Who may open, answer and read the trust pulse (collected by leadwell.policy; see
docs/access.md).

A pulse is the team's: its sellers answer it, and its leader and the line above open it. A
result (a group of k answers or more) is read by the team and by the leader and their line;
nobody reads an answer on its own, and no rule here names one, so the policy answers no to
everyone. Administrators set the organisation's k and schedule and read participation only.
"""

from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Team
from leadwell.pulse.models import Pulse, PulseRules, Response, ResultGroup

TEAM_AND_LINE = "the team's members, its leader and the leader's management line"
LEADER_AND_LINE = "the team's leader and the leader's management line"

RULES = (
    rule(Team, "open", R.LEADS, team="pk", who=LEADER_AND_LINE + ": opens a pulse"),
    rule(
        Pulse,
        "view",
        R.MEMBER,
        R.LEADS,
        R.ADMIN,
        team="team_id",
        who=TEAM_AND_LINE + "; administrators (its dates and participation, never a result)",
    ),
    rule(Pulse, "answer", R.MEMBER, team="team_id", who="the team's members (not its leader)"),
    rule(
        ResultGroup,
        "view",
        R.MEMBER,
        R.LEADS,
        team="team_id",
        who=TEAM_AND_LINE + ": a result of k answers or more, never an answer",
    ),
    rule(ResultGroup, "respond", R.LEADS, team="team_id", who=LEADER_AND_LINE),
    rule(Response, "view", R.LEADS, team="group__team_id", who=LEADER_AND_LINE),
    rule(
        Response,
        "view_shared",
        R.MEMBER,
        team="group__team_id",
        who="the team's members, once the leader shares it",
    ),
    rule(PulseRules, "change", R.ADMIN, who="administrators: the organisation's k and schedule"),
)
