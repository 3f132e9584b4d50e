"""Who may see CRM records and run imports (collected by leadwell.policy; see docs/access.md)."""

from leadwell.crm.models import Account, Activity, ImportRun, Opportunity
from leadwell.lib.access import Relation as R
from leadwell.lib.access import action, rule

RULES = (
    # A seller's deals and activities are theirs and their management line's.
    rule(
        Opportunity,
        "view",
        R.SELF,
        R.LINE,
        R.ADMIN,
        person="owner_id",
        who="its seller, their management line and administrators",
    ),
    rule(
        Activity,
        "view",
        R.SELF,
        R.LINE,
        R.ADMIN,
        person="owner_id",
        who="its seller, their management line and administrators",
    ),
    rule(Account, "view", R.COLLEAGUE, R.ADMIN, who="everyone"),
    # Imports bring in everyone's data: administrators run and read them.
    rule(ImportRun, "view", R.ADMIN, who="administrators"),
    action("crm.start_import", R.ADMIN, who="administrators: upload a file or send records"),
    # Exchange rates decide every figure in the reporting currency: everyone may read them
    # (they are no secret, and a leader checks what their numbers were converted at). Setting
    # them is an import (of the exchange-rates kind): crm.start_import.
    action("crm.view_exchange_rates", R.COLLEAGUE, R.ADMIN, who="everyone"),
)
