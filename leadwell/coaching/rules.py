"""Who may read and write coaching (collected by leadwell.policy; see docs/access.md).

Coaching is private to the seller and their management line: never to peers, and never to
administrators as administrators. The skills and assignment libraries are the organisation's,
not anyone's. A 1:1 is between its two people only: a director does not read the leader's 1:1s.
It lasts as long as its reporting line: after that both still read its history, and nobody
writes in it.
"""

from leadwell.coaching.models import (
    ActionItem,
    Assignment,
    AssignmentTemplate,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    OneOnOneSeries,
    PersonalGoal,
    PlanAction,
    PlanComment,
    PlanReview,
    PrivateNote,
    Skill,
    TalkingPoint,
)
from leadwell.lib.access import Relation as R
from leadwell.lib.access import rule
from leadwell.org.models import Person

SELLER_AND_LINE = "the seller and their management line"
LINE = "the seller's management line"
SELLER = "the seller alone"
# The paths from each 1:1 object to its two people.
SERIES = {"leader": "leader_id", "report": "report_id"}
IN_SERIES = {"leader": "series__leader_id", "report": "series__report_id"}
# Writing in a 1:1 ends with its reporting line; reading its history does not.
WHILE_SERIES = {**SERIES, "until": "ended_on"}
WHILE_IN_SERIES = {**IN_SERIES, "until": "series__ended_on"}
BOTH = "the two people in the 1:1 (its leader and its report), nobody else"

RULES = (
    # -- About a person
    rule(
        Person,
        "view_coaching",
        R.SELF,
        R.LINE,
        person="pk",
        who=SELLER_AND_LINE + ": gaps, coaching, 1:1 notes, development plans",
    ),
    rule(Person, "open_coaching", R.LINE, person="pk", who=LINE + ": opens coaching items"),
    rule(Person, "write_goals", R.SELF, person="pk", who=SELLER + ": writes their own goals"),
    rule(Person, "manage_plan", R.LINE, person="pk", who=LINE + ": writes and reviews the plan"),
    # -- The libraries
    rule(Skill, "view", R.COLLEAGUE, R.ADMIN, who="everyone"),
    rule(AssignmentTemplate, "view", R.COLLEAGUE, R.ADMIN, who="everyone"),
    # -- Goals and the coaching loop
    rule(PersonalGoal, "view", R.SELF, R.LINE, person="person_id", who=SELLER_AND_LINE),
    rule(PersonalGoal, "change", R.SELF, person="person_id", who=SELLER),
    rule(CoachingItem, "view", R.SELF, R.LINE, person="person_id", who=SELLER_AND_LINE),
    rule(
        CoachingItem,
        "discuss",
        R.SELF,
        R.LINE,
        person="person_id",
        who=SELLER_AND_LINE + ": evidence, the seller's own view, notes",
    ),
    rule(
        CoachingItem,
        "manage",
        R.LINE,
        person="person_id",
        who=LINE + ": agrees assignments, evaluates, closes",
    ),
    rule(CoachingEvent, "view", R.SELF, R.LINE, person="item__person_id", who=SELLER_AND_LINE),
    rule(Assignment, "view", R.SELF, R.LINE, person="item__person_id", who=SELLER_AND_LINE),
    rule(
        Assignment,
        "complete",
        R.SELF,
        R.LINE,
        person="item__person_id",
        who=SELLER_AND_LINE + ": marks it done",
    ),
    rule(Evaluation, "view", R.SELF, R.LINE, person="item__person_id", who=SELLER_AND_LINE),
    # -- Development plans
    rule(DevelopmentPlan, "view", R.SELF, R.LINE, person="person_id", who=SELLER_AND_LINE),
    rule(DevelopmentPlan, "change", R.LINE, person="person_id", who=LINE),
    rule(DevelopmentPlan, "comment", R.SELF, R.LINE, person="person_id", who=SELLER_AND_LINE),
    rule(PlanAction, "view", R.SELF, R.LINE, person="plan__person_id", who=SELLER_AND_LINE),
    rule(PlanReview, "view", R.SELF, R.LINE, person="plan__person_id", who=SELLER_AND_LINE),
    rule(PlanComment, "view", R.SELF, R.LINE, person="plan__person_id", who=SELLER_AND_LINE),
    # -- 1:1s
    rule(OneOnOneSeries, "view", R.PARTY, **SERIES, who=BOTH),
    rule(
        OneOnOneSeries,
        "plan",
        R.PARTY,
        **WHILE_SERIES,
        who=BOTH + ": plans the next meeting",
    ),
    rule(
        OneOnOneSeries,
        "change_day",
        R.LEADER,
        **WHILE_SERIES,
        who="the leader of the 1:1: the day it falls on",
    ),
    rule(Meeting, "view", R.PARTY, **IN_SERIES, who=BOTH),
    rule(
        Meeting,
        "change",
        R.PARTY,
        **WHILE_IN_SERIES,
        who=BOTH + ": points, actions, shared notes, own private note, held or missed",
    ),
    rule(
        Meeting,
        "answer",
        R.REPORT,
        **WHILE_IN_SERIES,
        who='the report of the 1:1: the answer to "What else can I do…?"',
    ),
    rule(
        Meeting,
        "act_on_answer",
        R.LEADER,
        **WHILE_IN_SERIES,
        who="the leader of the 1:1: turns the answer into their own actions",
    ),
    rule(TalkingPoint, "view", R.PARTY, **IN_SERIES, who=BOTH),
    rule(ActionItem, "view", R.PARTY, **IN_SERIES, who=BOTH),
    rule(
        ActionItem,
        "change",
        R.PARTY,
        **WHILE_IN_SERIES,
        who=BOTH + ": marks it done or open again",
    ),
    rule(PrivateNote, "view", R.AUTHOR, author="author_id", who="its author only, ever"),
)

# Appended to docs/access.md.
NOTES = """
## A 1:1 ends with its reporting line

A 1:1 belongs to a reporting line: when the report stops reporting to its leader (a move to
another team, a new leader of the team, however it was recorded), the 1:1 ends on that day
(`ended_on`, kept in step with the org chart on every change). From then on:

- both people still read its history: the meetings held up to that day, their points, actions,
  shared notes and each one's own private note;
- it shows nothing from after that day: a meeting planned for a later day is not found, and
  the agenda shows none of the seller's coaching (assignments, items to evaluate), which is
  live data of the seller's new line;
- nobody writes in it: every write answers 422 with the reason (`until` on the write rules).

Anything a 1:1 shows from coaching goes through the coaching rules for the viewer, not the
1:1's party rule: a leader who is no longer in the seller's line sees none of it. A report who
comes back to the same leader picks up the same 1:1 and its history.
"""
