"""Who may open, answer and read the trust pulse (collected by leadwell.policy; see
docs/access.md).

A pulse is the team's: its sellers answer it, and its leader and the line above open it. A
result (a group of k answers or more) is about the leader the team had when its pulses opened:
it is read by that leader and their line, and by the team; the team's next leader does not
read it. Only the leader it is about responds to it. Nobody reads an answer on its own, and
no rule here names one, so the policy answers no to everyone. Administrators set the
organisation's k and schedule and read participation only.
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
        R.SELF,
        R.LINE,
        R.MEMBER,
        person="leader_id",
        team="team_id",
        who="the leader the result is about and their management line, and the team's members: "
        "a result of k answers or more, never an answer (a team's next leader does not read "
        "their predecessor's)",
    ),
    rule(
        ResultGroup,
        "respond",
        R.SELF,
        person="leader_id",
        who="the leader the result is about",
    ),
    rule(
        Response,
        "view",
        R.SELF,
        R.LINE,
        person="leader_id",
        who="the leader who wrote it and their management line",
    ),
    rule(
        Response,
        "view_shared",
        R.MEMBER,
        team="group__team_id",
        who="the team's members, once the leader shares it",
    ),
    rule(PulseRules, "change", R.ADMIN, who="administrators: the organisation's k and schedule"),
)
