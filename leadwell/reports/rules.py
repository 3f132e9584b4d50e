"""Who may read and write upward reports (collected by leadwell.policy; see docs/access.md).

A report is the leader's and their management line's: the leader prepares and sends it, the
line above reads it, asks and comments in its thread, marks it read and sets how often it is
due. Sellers see none; an administrator as such sees none of its content.
"""

from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Person
from leadwell.reports.models import Report, ReportCadence, ReportComment, Strategy

LEADER_AND_LINE = "the leader and their management line"
LEADER = "the leader alone"
LINE = "the leader's management line"

RULES = (
    rule(
        Person,
        "view_reports",
        R.SELF,
        R.LINE,
        person="pk",
        who=LEADER_AND_LINE + ": the leader's upward reports",
    ),
    rule(Person, "set_report_cadence", R.LINE, person="pk", who=LINE + ": how often they report"),
    rule(ReportCadence, "view", R.SELF, R.LINE, person="leader_id", who=LEADER_AND_LINE),
    rule(Report, "view", R.SELF, R.LINE, person="leader_id", who=LEADER_AND_LINE),
    rule(
        Report,
        "prepare",
        R.SELF,
        person="leader_id",
        who=LEADER + ": writes the explanation and strategies, sends",
    ),
    rule(
        Report,
        "discuss",
        R.SELF,
        R.LINE,
        person="leader_id",
        who=LEADER_AND_LINE + ": comments, questions and answers in the thread",
    ),
    rule(Report, "mark_read", R.LINE, person="leader_id", who=LINE),
    rule(Strategy, "view", R.SELF, R.LINE, person="report__leader_id", who=LEADER_AND_LINE),
    rule(ReportComment, "view", R.SELF, R.LINE, person="report__leader_id", who=LEADER_AND_LINE),
)
