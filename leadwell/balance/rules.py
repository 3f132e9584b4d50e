"""Who may read a leader's balance (collected by leadwell.policy; see docs/access.md).

The balance is the leader's own mirror and their director's conversation with them about it:
the leader reads their own, the line above reads it, and nobody below the leader does (their
sellers, whose asks and obstacles it weighs), nor a peer, nor an administrator as such.
"""

from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Person

RULES = (
    rule(
        Person,
        "view_balance",
        R.SELF,
        R.LINE,
        person="pk",
        who="the leader themselves and their management line: which way the leader is "
        "drifting, between passing the pressure on and carrying the team's obstacles up",
    ),
)
