"""Who may read the audit trail and notices (collected by leadwell.policy; see docs/access.md).

The trail holds no confidential content (confidential objects are recorded as changed, never
with their values), so it is for administrators, who manage the organisation, and for the
management line of the person or team a change is about. The person reads what is about them.
"""

from leadwell.audit.models import Change, Notice
from leadwell.lib.access import Relation as R
from leadwell.lib.access import action, rule

RULES = (
    rule(
        Change,
        "view",
        R.SELF,
        R.LINE,
        R.LEADS,
        R.ADMIN,
        person="subject_id",
        team="team_id",
        who="administrators, and the management line of the person or team it is about; "
        "the person it is about",
    ),
    rule(Notice, "view", R.SELF, person="person_id", who="the person told, alone"),
    action(
        "audit.view_trail",
        R.ADMIN,
        R.COLLEAGUE,
        who="everyone signed in: each sees the changes the rule on a change lets them see",
    ),
)
