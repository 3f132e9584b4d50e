"""Coaching workflows reachable from pages, the API and the demo: one function each.

No HTTP here and no access decisions of their own: callers fetch through leadwell.policy first
(the rules are declared in leadwell/coaching/rules.py) and turn a ValidationError into a form
error or a 422 answer. Who did a step (`by`) is recorded, and decides whose rating, note or
answer it is; a 1:1's steps ask the policy about `by` too, to tell one of its two people why a
step is the other's.
"""

from leadwell.coaching.services.loop import (
    assignment_add,
    assignment_complete,
    assignment_evaluate,
    assignment_rate,
    goal_save,
    item_diagnose,
    item_note,
    item_open,
)
from leadwell.coaching.services.one_on_ones import (
    action_add,
    action_set_done,
    answer_to_actions,
    answer_write,
    meeting_hold,
    meeting_next,
    point_add,
    point_set_discussed,
    private_note_write,
    series_start,
    shared_notes_write,
)
from leadwell.coaching.services.plans import (
    plan_action_add,
    plan_action_set_done,
    plan_comment_add,
    plan_review_add,
    plan_save,
)

__all__ = [
    "action_add",
    "action_set_done",
    "answer_to_actions",
    "answer_write",
    "assignment_add",
    "assignment_complete",
    "assignment_evaluate",
    "assignment_rate",
    "goal_save",
    "item_diagnose",
    "item_note",
    "item_open",
    "meeting_hold",
    "meeting_next",
    "plan_action_add",
    "plan_action_set_done",
    "plan_comment_add",
    "plan_review_add",
    "plan_save",
    "point_add",
    "point_set_discussed",
    "private_note_write",
    "series_start",
    "shared_notes_write",
]
