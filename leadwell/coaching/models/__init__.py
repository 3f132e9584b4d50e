"""Coaching: a seller's personal goals, the coaching loop (gap -> root cause -> developmental
assignment -> evaluation), weekly 1:1s and development plans.

Everything here except the two libraries (skills, assignments) is confidential between the
seller and their management line; leadwell.policy decides who sees what.
"""

from leadwell.coaching.models.library import AssignmentTemplate, Skill
from leadwell.coaching.models.loop import (
    Assignment,
    CoachingEvent,
    CoachingItem,
    Evaluation,
    PersonalGoal,
)
from leadwell.coaching.models.one_on_ones import (
    ActionItem,
    Meeting,
    OneOnOneSeries,
    PrivateNote,
    TalkingPoint,
)
from leadwell.coaching.models.plans import DevelopmentPlan, PlanAction, PlanComment, PlanReview

__all__ = [
    "ActionItem",
    "Assignment",
    "AssignmentTemplate",
    "CoachingEvent",
    "CoachingItem",
    "DevelopmentPlan",
    "Evaluation",
    "Meeting",
    "OneOnOneSeries",
    "PersonalGoal",
    "PlanAction",
    "PlanComment",
    "PlanReview",
    "PrivateNote",
    "Skill",
    "TalkingPoint",
]
