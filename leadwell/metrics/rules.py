"""Who may read scorecards and set targets (collected by leadwell.policy; see docs/access.md).

A seller's scorecard and gaps are private to the seller and their management line, like
coaching; team and office scorecards open to those who lead them."""

from leadwell.lib.access import Relation as R
from leadwell.lib.access import action, rule
from leadwell.org.models import Office, Person, Team

RULES = (
    rule(
        Person,
        "view_scorecard",
        R.SELF,
        R.LINE,
        person="pk",
        who="the seller and their management line: scorecard, gaps, deals behind a number",
    ),
    rule(
        Person,
        "set_targets",
        R.LINE,
        person="pk",
        who="the seller's management line, which agrees their personal targets",
    ),
    rule(
        Team,
        "view_scorecard",
        R.LEADS,
        team="pk",
        who="the team's leader and the line above: each seller's line, ranking",
    ),
    rule(
        Team,
        "view_totals",
        R.LEADS,
        R.MEMBER,
        team="pk",
        who="the team's leader, the line above and its members: totals, recognition of wins",
    ),
    rule(Team, "set_standards", R.LEADS, team="pk", who="the team's leader and the line above"),
    rule(
        Office,
        "view_scorecard",
        R.LEADS,
        office="pk",
        who="leaders of a team in the office or in an office above it, and their line",
    ),
    action("metrics.view_organisation", R.DIRECTOR, who="directors: the whole organisation"),
    # The catalog holds definitions, no figures: nothing in it is confidential.
    action(
        "metrics.view_catalog",
        R.COLLEAGUE,
        R.ADMIN,
        who="everyone signed in: every metric's definition, unit, direction and roll-up",
    ),
)
