"""Vision and goals: what the audit trail records (collected by leadwell.audit).

A vision is read by its team and line only, so the trail records that it was written,
reworded or published, and which fields changed, never what they say; each goal version is
recorded when written (a change of a published goal is a new version), and re-ticking the
standards that serve a goal."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.leadership.vision.models import QUESTIONS, Goal, GoalVersion, Vision


def _vision(obj, action: str) -> str:
    return f"{obj.owner}'s vision: {action}"


def _goal(obj, action: str) -> str:
    return f"{obj.vision.owner}'s goal {obj.position}: {action}"


def _version(obj, action: str) -> str:
    goal = obj.goal
    return f"{goal.vision.owner}'s goal {goal.position}, version {obj.number}: {action}"


AUDITED = (
    tracked(
        Vision,
        kind=Kind.LEADERSHIP,
        fields=(*(name for name, _ in QUESTIONS), "published_at"),
        subject="owner_id",
        confidential=True,
        describe=_vision,
    ),
    tracked(
        Goal,
        kind=Kind.LEADERSHIP,
        fields=("position", "serving"),
        subject="vision__owner_id",
        confidential=True,
        describe=_goal,
    ),
    tracked(
        GoalVersion,
        kind=Kind.LEADERSHIP,
        fields=(*GoalVersion.FIXED, "change_kind", "reason", "team_note"),
        subject="goal__vision__owner_id",
        confidential=True,
        describe=_version,
    ),
)
