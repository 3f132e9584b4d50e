"""The pivot to leadership: who may do what (collected by leadwell.policy; see docs/access.md).

A self-assessment is the person's and their management line's of today, like the rest of their
coaching: never a peer's, another team's leader's or an administrator's as such, and after a
reorganisation the old line no longer reads it and the new one does. The person alone writes
and submits it; their line responds (the service narrows that to their manager of today, who
challenged them). A challenge is the issuer's and their line's; the people it is issued to read
its word through their own self-assessment.
"""

from leadwell.leadership.pivot.models import (
    PivotAnswer,
    PivotAssessment,
    PivotChallenge,
    PivotResponse,
)
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Person

PERSON_AND_LINE = "the person and their management line"

RULES = (
    rule(
        Person,
        "issue_pivot",
        R.SELF,
        person="pk",
        who="the leader alone: issues the quarter's pivot challenge to the people reporting to "
        "them",
    ),
    rule(
        Person,
        "view_pivot_team",
        R.SELF,
        R.LINE,
        person="pk",
        who="the leader and their management line: who answered the leader's challenge and the "
        "team's strongest and weakest standards",
    ),
    rule(
        PivotChallenge,
        "view",
        R.SELF,
        R.LINE,
        person="issuer_id",
        who="the leader who issued it and their management line",
    ),
    rule(
        PivotAssessment,
        "view",
        R.SELF,
        R.LINE,
        person="person_id",
        who=PERSON_AND_LINE + " (the line reads the answers once submitted)",
    ),
    rule(
        PivotAssessment,
        "answer",
        R.SELF,
        person="person_id",
        who="the person alone: writes and submits their self-assessment",
    ),
    rule(
        PivotAssessment,
        "respond",
        R.LINE,
        person="person_id",
        who="the person's management line: responds per standard (the service: their manager)",
    ),
    rule(PivotAnswer, "view", R.SELF, R.LINE, person="assessment__person_id", who=PERSON_AND_LINE),
    rule(
        PivotResponse,
        "view",
        R.SELF,
        R.LINE,
        person="answer__assessment__person_id",
        who=PERSON_AND_LINE,
    ),
)
