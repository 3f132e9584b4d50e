"""Who may see and change the org chart (collected by leadwell.policy; see docs/access.md)."""

from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Office, Person, Team

RULES = (
    rule(
        Person,
        "view",
        R.COLLEAGUE,
        R.ADMIN,
        person="pk",
        who="everyone: the directory card (name, title, team, e-mail)",
    ),
    rule(
        Person,
        "view_page",
        R.SELF,
        R.LINE,
        R.ADMIN,
        person="pk",
        who="the person, their management line and administrators: reporting line, reports",
    ),
    rule(Person, "change", R.ADMIN, person="pk", who="administrators"),
    rule(Team, "view", R.COLLEAGUE, R.ADMIN, who="everyone: its leader and members"),
    rule(Team, "change", R.ADMIN, who="administrators"),
    rule(Office, "view", R.COLLEAGUE, R.ADMIN, who="everyone"),
    rule(Office, "change", R.ADMIN, who="administrators"),
)
