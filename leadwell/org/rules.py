"""Who may see and change the org chart (collected by leadwell.policy; see docs/access.md)."""

from leadwell.lib.access import Relation as R
from leadwell.lib.access import action, rule
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
    rule(
        Person,
        "erase_confidential",
        R.ADMIN,
        person="pk",
        who="administrators: a departed person's confidential content, counted (never read), "
        "confirmed by typing the name, and audited",
    ),
    rule(Team, "view", R.COLLEAGUE, R.ADMIN, who="everyone: its leader and members"),
    rule(Team, "change", R.ADMIN, who="administrators"),
    rule(Office, "view", R.COLLEAGUE, R.ADMIN, who="everyone"),
    rule(Office, "change", R.ADMIN, who="administrators"),
    action(
        "org.administer",
        R.ADMIN,
        who="administrators: the administration home (imports, people, org chart, settings)",
    ),
)

# Appended to docs/access.md: the rule about changing reporting lines, and its limits.
NOTES = """
## Changes to reporting lines

Access follows today's management line, and administrators change reporting lines (imports,
the admin). So an administrator could make themselves a seller's manager and then read her
coaching. Leadwell does not forbid it (reorganisations are the administrators' job) but never
lets it pass unseen:

- Every change of a reporting line (a membership started, ended, edited or removed) is recorded
  in the audit trail with who made it, when, and how: a page, the API, an import (with its
  number), the admin, the command line, or Leadwell itself. The trail is read by administrators
  and by the management line of the person it is about; the person reads what is about them on
  their page ("Changes to the reporting line").
- Once the change is committed (a refused import tells nobody), each person whose manager
  changed is told: a notice on their home page and an e-mail. A person placed in the org chart
  for the first time (no earlier reporting line) is not told.
- When the person who made a change is, after it, in the management line of someone they were
  not above before (today, or from the day a later-dated change takes effect), the change is
  flagged: a flagged entry in the trail, a warning to that person, and a warning to the
  directors in their management line before and after the change (else the most senior person
  of those lines; else, when the change took the person out of every line, the other
  administrators). Never to the person who made the change.

Limits: only changes made by someone signed in as a person in the org chart can be flagged; a
command-line change (`leadwell import`) is recorded as made by the command line, with no
person to flag, so whoever runs commands on the server is trusted like the server. A change
made straight in the database, outside Leadwell, is neither recorded nor flagged. A 1:1 ends
with its reporting line (coaching rules `until`), so a flagged change never opens the seller's
1:1 history with her previous leader to the new one.
"""
