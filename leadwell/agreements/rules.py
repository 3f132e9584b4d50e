"""Who may read, write and acknowledge operating agreements (collected by leadwell.policy; see
docs/access.md).

A team agreement is read by the team's members, its leader and the leader's line; the
agreement with the director by the leader and their line. Only the leader writes and
publishes; only the person concerned acknowledges (a member of the team, or the director the
agreement is with). A draft is the leader's alone. Administrators as such read none of it.
"""

from leadwell.agreements.models import Acknowledgement, Agreement, AgreementVersion
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule

READERS = "the leader, their management line, and the team's members (for a team agreement)"
LEADER = "the leader alone"
CONCERNED = (
    "the person concerned: a member of the team (team agreement), the director it is made "
    "with (agreement with the director)"
)

RULES = (
    rule(
        Agreement, "view", R.SELF, R.LINE, R.MEMBER, person="leader_id", team="team_id", who=READERS
    ),
    rule(Agreement, "change", R.SELF, person="leader_id", who=LEADER + ": writes and publishes"),
    rule(
        AgreementVersion,
        "view",
        R.SELF,
        R.LINE,
        R.MEMBER,
        person="agreement__leader_id",
        team="agreement__team_id",
        who=READERS + ", once published",
    ),
    rule(
        AgreementVersion,
        "view_draft",
        R.SELF,
        person="agreement__leader_id",
        who=LEADER + ": a draft is theirs until published",
    ),
    rule(
        AgreementVersion,
        "acknowledge",
        R.SELF,
        R.MEMBER,
        person="agreement__director_id",
        team="agreement__team_id",
        who=CONCERNED,
    ),
    rule(
        Acknowledgement,
        "view",
        R.SELF,
        R.LINE,
        R.MEMBER,
        person="version__agreement__leader_id",
        team="version__agreement__team_id",
        who=READERS,
    ),
)
