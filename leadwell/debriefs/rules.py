"""Who may read and write debriefs and department talks (collected by leadwell.policy; see
docs/access.md).

A debrief is the director's and the leader's, and is read by the director's own management
line; never by the leader's sellers, peers, or administrators as administrators. The two write
in it while the leader reports to the director; once that line ends it is their history, read
and no longer written (`until`). A leader's
talks with the departments are theirs and their management line's. The list of departments is
the organisation's: everyone reads it, administrators set it.
"""

from leadwell.debriefs.models import Debrief, DebriefAction, Department, DepartmentTalk
from leadwell.lib.access import Relation as R
from leadwell.lib.access import action, rule
from leadwell.org.models import Person

BOTH = "the director and the leader of the debrief"
BOTH_AND_LINE = BOTH + ", and the director's management line"
LEADER_AND_LINE = "the leader and their management line"
DEBRIEF = {"leader": "director_id", "report": "leader_id", "person": "director_id"}
IN_DEBRIEF = {
    "leader": "debrief__director_id",
    "report": "debrief__leader_id",
    "person": "debrief__director_id",
}

RULES = (
    rule(
        Person,
        "hold_debrief",
        R.LINE,
        person="pk",
        who="the person's management line: holds their monthly debrief (with a leader who "
        "reports to them directly)",
    ),
    rule(Person, "record_talk", R.SELF, person="pk", who="the leader alone: records their talks"),
    rule(Debrief, "view", R.PARTY, R.LINE, **DEBRIEF, who=BOTH_AND_LINE),
    rule(
        Debrief,
        "change",
        R.PARTY,
        leader="director_id",
        report="leader_id",
        until="line_ended_on",
        who=BOTH + ": writes it and agrees actions",
    ),
    rule(DebriefAction, "view", R.PARTY, R.LINE, **IN_DEBRIEF, who=BOTH_AND_LINE),
    rule(
        DebriefAction,
        "change",
        R.PARTY,
        leader="debrief__director_id",
        report="debrief__leader_id",
        until="debrief__line_ended_on",
        who=BOTH + ": marks it done or open again",
    ),
    rule(DepartmentTalk, "view", R.SELF, R.LINE, person="leader_id", who=LEADER_AND_LINE),
    rule(Department, "view", R.COLLEAGUE, R.ADMIN, who="everyone"),
    action("debriefs.set_departments", R.ADMIN, who="administrators: the list of departments"),
)
