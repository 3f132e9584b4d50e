"""Leading yourself: who may do what (collected by leadwell.policy; see docs/access.md).

A person's leading-yourself page is private to them and their management line, as their
personal goals are (its aspirations are those goals: coaching's rules decide who reads and
changes them). The person alone writes their page and their actions; their line (their
manager, and the director above a leader) reads it and writes feedback. Peers, other teams'
leaders and administrators as administrators see nothing: not found. The line is today's org
chart's: a seller moved to another team leaves the old leader's line, and the page with it.
"""

from leadwell.leadership.yourself.models import AspirationAction, AspirationFeedback, OwnPage
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Person

PERSON_AND_LINE = "the person and their management line"
PERSON = "the person alone"

RULES = (
    rule(
        Person,
        "view_yourself",
        R.SELF,
        R.LINE,
        person="pk",
        who=PERSON_AND_LINE + ": their leading-yourself page",
    ),
    rule(
        Person,
        "write_yourself",
        R.SELF,
        person="pk",
        who=PERSON + ": writes their purpose, strengths, asks, aspirations and actions",
    ),
    rule(
        Person,
        "give_aspiration_feedback",
        R.LINE,
        person="pk",
        who="the person's management line: feedback on their aspirations",
    ),
    rule(OwnPage, "view", R.SELF, R.LINE, person="person_id", who=PERSON_AND_LINE),
    rule(AspirationAction, "view", R.SELF, R.LINE, person="goal__person_id", who=PERSON_AND_LINE),
    rule(
        AspirationAction,
        "change",
        R.SELF,
        person="goal__person_id",
        who=PERSON + ": marks it done or open again",
    ),
    rule(AspirationFeedback, "view", R.SELF, R.LINE, person="person_id", who=PERSON_AND_LINE),
)
