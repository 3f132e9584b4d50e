"""Who may read a customer's conditioning (collected by leadwell.policy; see docs/access.md).

A customer's conditioning is read from its deals, so it is for the leaders whose sellers sell
to it and their management line: a deal's seller, or an administrator as such, never reads it
(the index judges how the customer was sold to, which is the leader's question, not the seller's
or the operations team's). A customer's conditioning is shown to a viewer when one of its deals
is theirs to read this way.
"""

from leadwell.crm.models import Opportunity
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule

RULES = (
    rule(
        Opportunity,
        "view_conditioning",
        R.LINE,
        person="owner_id",
        who="the management line of the deal's seller: the customer's conditioning, for the "
        "leaders whose sellers sell to it",
    ),
)
