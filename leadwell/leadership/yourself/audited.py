"""Leading yourself: what the audit trail records. Everything here is confidential: the trail
records that a page, an action or feedback changed and which fields, never what they say. The
aspirations are coaching's personal goals, recorded (or not) as coaching declares."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.leadership.yourself.models import AspirationAction, AspirationFeedback, OwnPage


def _part(part: str):
    def describe(obj, action: str) -> str:
        person = obj.goal.person if isinstance(obj, AspirationAction) else obj.person
        return f"{person}'s leading-yourself page: {part} {action}"

    return describe


AUDITED = (
    tracked(
        OwnPage,
        kind=Kind.LEADERSHIP,
        fields=("why", "motivation", "energy", "impact", "strengths", "asks_of_manager"),
        subject="person_id",
        confidential=True,
        describe=_part("purpose, strengths and asks"),
    ),
    tracked(
        AspirationAction,
        kind=Kind.LEADERSHIP,
        fields=("text", "due_on", "done_on"),
        subject="goal__person_id",
        confidential=True,
        describe=_part("an action towards an aspiration"),
    ),
    tracked(
        AspirationFeedback,
        kind=Kind.LEADERSHIP,
        fields=("text", "goal_id", "author_id", "written_on"),
        subject="person_id",
        confidential=True,
        describe=_part("feedback"),
    ),
)
