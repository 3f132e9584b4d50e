"""What the audit trail records of debriefs, department talks and the list of departments
(collected by leadwell.audit). Debriefs and talks are confidential: the trail records that they
changed and which fields, never what they say."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.debriefs.models import Debrief, DebriefAction, Department, DepartmentTalk


def _debrief_part(part: str):
    def describe(obj, action: str) -> str:
        debrief = obj if isinstance(obj, Debrief) else obj.debrief
        return (
            f"{debrief.leader}'s debrief with {debrief.director} "
            f"({debrief.period.short_label}): {part} {action}"
        )

    return describe


def _talk(obj, action: str) -> str:
    return f"{obj.leader}'s talk with {obj.department}: {action}"


AUDITED = (
    tracked(
        Debrief,
        kind=Kind.DEBRIEF,
        fields=("held_on", "going_well", "to_continue", "could_improve"),
        subject="leader_id",
        confidential=True,
        describe=_debrief_part("the debrief"),
    ),
    tracked(
        DebriefAction,
        kind=Kind.DEBRIEF,
        fields=("text", "owner_id", "due_on", "done_on"),
        subject="debrief__leader_id",
        confidential=True,
        describe=_debrief_part("an action"),
    ),
    tracked(
        DepartmentTalk,
        kind=Kind.DEBRIEF,
        fields=("department_id", "held_on", "with_whom", "thanked_for", "ideas", "follow_ups"),
        subject="leader_id",
        confidential=True,
        describe=_talk,
    ),
    tracked(
        Department,
        kind=Kind.SETTING,
        fields=("name", "position", "is_listed"),
        describe=lambda d, action: f"Departments leaders talk with: {d.name} {action}",
    ),
)
