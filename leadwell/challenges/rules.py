"""Who may read and work on the challenge register (collected by leadwell.policy; see
docs/access.md).

A challenge is the team's: its members and its leader read it, and the line above the leader
reads it too (a director may read every challenge of the teams below, not only those escalated
to them: they answer better knowing what the team solved itself). One kept for the leader only
is read by the person who raised it and their management line, never by the rest of the team.
The team's leader triages, acts and closes; the line above the leader who escalated answers.
Administrators read none of it.
"""

from leadwell.challenges.models import Challenge, ChallengeAction
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Team

READERS = (
    "the person who raised it and their management line; unless kept for the leader only, "
    "also the team's members, its leader and the line above"
)
IN_CHALLENGE = {"person": "challenge__raised_by_id", "team": "challenge__shared_with_id"}

RULES = (
    rule(
        Team,
        "raise_challenge",
        R.MEMBER,
        R.LEADS,
        team="pk",
        who="the team's members and its leader (and the line above): raise a challenge",
    ),
    rule(
        Challenge,
        "view",
        R.SELF,
        R.LINE,
        R.MEMBER,
        R.LEADS,
        person="raised_by_id",
        team="shared_with_id",
        who=READERS,
    ),
    rule(
        Challenge,
        "triage",
        R.LEADS,
        team="team_id",
        who="the team's leader (and the line above): triages, agrees actions, escalates, "
        "records the outcome",
    ),
    rule(
        Challenge,
        "answer",
        R.LINE,
        person="escalated_by_id",
        who="the management line of the leader who escalated it: answers the ask",
    ),
    rule(ChallengeAction, "view", R.SELF, R.LINE, R.MEMBER, R.LEADS, **IN_CHALLENGE, who=READERS),
    rule(
        ChallengeAction,
        "change",
        R.SELF,
        R.LEADS,
        person="owner_id",
        team="challenge__team_id",
        who="its owner and the team's leader (and the line above): marks it done or open again",
    ),
)
