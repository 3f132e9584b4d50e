"""Who may read and answer extra asks (collected by leadwell.policy; see docs/access.md).

An ask is about the leader it is made of: theirs and their management line's (the director who
asked reads the assessment and the decision). A seller reads only the deals asked of them,
never the assessment: what the leader weighed is not theirs to see. Administrators, as such,
read none of it.
"""

from leadwell.asks.models import Ask, AskedDeal, AssessedDeal, Assessment
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Person

LEADER_AND_LINE = "the leader asked and their management line"

RULES = (
    rule(
        Person,
        "record_ask",
        R.SELF,
        R.LINE,
        person="pk",
        who="the leader's management line (the director asking), or the leader: records an "
        "extra ask of the leader",
    ),
    rule(Ask, "view", R.SELF, R.LINE, person="leader_id", who=LEADER_AND_LINE),
    rule(
        Ask,
        "answer",
        R.SELF,
        person="leader_id",
        who="the leader asked, alone: assesses the ask and decides",
    ),
    rule(Assessment, "view", R.SELF, R.LINE, person="ask__leader_id", who=LEADER_AND_LINE),
    rule(
        AssessedDeal,
        "view",
        R.SELF,
        R.LINE,
        person="assessment__ask__leader_id",
        who=LEADER_AND_LINE,
    ),
    rule(
        AskedDeal,
        "view",
        R.SELF,
        R.LINE,
        person="seller_id",
        who="the seller it is asked of and their management line",
    ),
)
