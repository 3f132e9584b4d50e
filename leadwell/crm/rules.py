"""Who may see CRM records and run imports (collected by leadwell.policy; see docs/access.md)."""

from leadwell.crm.models import Account, Activity, ImportRun, Opportunity
from leadwell.lib.access import Relation as R
from leadwell.lib.access import action, rule
from leadwell.org.models import Person, Team

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
    # Quotas are handed down: a person's by their management line, never by themselves; a
    # team's own quota by the line above its leader (whoever may set the leader's quota,
    # Person.set_quota), never by the leader it measures. The quotas page lists the teams the
    # viewer may see the quotas of.
    rule(
        Team,
        "view_quotas",
        R.LEADS,
        R.ADMIN,
        team="pk",
        who="the team's leader, the line above and administrators: members' quotas and its own",
    ),
    rule(
        Person,
        "set_quota",
        R.LINE,
        R.ADMIN,
        person="pk",
        who="the person's management line and administrators, never the person",
    ),
    rule(
        Team,
        "set_quota",
        R.ADMIN,
        team="pk",
        who="administrators; and the line above the team's leader, as whoever may set the "
        "leader's own quota (Person.set_quota): never the leader the quota measures",
    ),
    # A forecast call is a seller's commitment for their quarter: theirs and their management
    # line's to read (the leader rolls the team's calls up); made by the person alone. A leader
    # who sees it differently makes their own call for the team, never one in a seller's name.
    rule(
        Person,
        "view_forecast",
        R.SELF,
        R.LINE,
        person="pk",
        who="the person and their management line",
    ),
    rule(
        Person,
        "call_forecast",
        R.SELF,
        person="pk",
        who="the person alone: their own call, and as a team's leader, the call for the team",
    ),
    rule(
        Team,
        "view_forecast",
        R.LEADS,
        team="pk",
        who="the team's leader and the line above: each member's latest call beside their "
        "deals, and the leader's call for the team",
    ),
)
