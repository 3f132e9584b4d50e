"""Who may see and revoke API tokens (collected by leadwell.policy; see docs/access.md)."""

from leadwell.identity.models import ApiToken
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule

RULES = (
    rule(ApiToken, "view", R.OWNER, owner="user_id", who="its owner only"),
    rule(ApiToken, "revoke", R.OWNER, owner="user_id", who="its owner only"),
)
