"""Who may read the forecast bias and renegotiation signals about a person (collected by
leadwell.policy; see docs/access.md).

A signal is the line's coaching tool: a seller's is read by their leader and the line above, a
leader's by their director and the line above. Nobody reads a signal about themselves (a seller
sees their own forecast bias, per quarter, on their scorecard), nor one about a peer, and
administrators read none.
"""

from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Person

RULES = (
    rule(
        Person,
        "view_signals",
        R.LINE,
        person="pk",
        who="the person's management line: their forecast bias, the consistently-low signal "
        "and, for a leader, their plan renegotiations",
    ),
)
