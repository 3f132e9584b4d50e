"""Who may read and agree a team's plan (collected by leadwell.policy; see docs/access.md).

The input, the assigned plan per seller and the negotiations are the leader's and their
management line's: the leader gives the input, commits and asks for changes; the line above
assigns the plan and answers. The team's members read the committed plan's team totals and
their own quota, nothing more. Administrators manage the organisation and read none of it.
"""

from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.plans.models import PlanChange, PlanCycle

LEADER = {"person": "leader_id"}
LEADER_AND_LINE = "the team's leader and their management line"

RULES = (
    rule(
        PlanCycle,
        "view",
        R.LEADS,
        R.MEMBER,
        team="team_id",
        who="the team's leader, the line above and its members (members: the committed "
        "plan's team totals and their own quota only)",
    ),
    rule(PlanCycle, "view_negotiations", R.SELF, R.LINE, **LEADER, who=LEADER_AND_LINE),
    rule(PlanCycle, "give_input", R.SELF, **LEADER, who="the team's leader alone"),
    rule(PlanCycle, "commit", R.SELF, **LEADER, who="the team's leader alone"),
    rule(PlanCycle, "ask_change", R.SELF, **LEADER, who="the team's leader alone"),
    rule(
        PlanCycle,
        "take_over",
        R.LEADS,
        team="team_id",
        who="the team's leader today, when the plan was agreed with a leader who has left the "
        "team (the service refuses the line above, which also leads the team)",
    ),
    rule(PlanCycle, "assign", R.LINE, **LEADER, who="the leader's management line"),
    rule(PlanCycle, "answer_change", R.LINE, **LEADER, who="the leader's management line"),
    rule(
        PlanChange,
        "view",
        R.SELF,
        R.LINE,
        person="cycle__leader_id",
        who=LEADER_AND_LINE,
    ),
)
