"""What the audit trail records of the challenge register (collected by leadwell.audit).
Challenges are confidential to the team and its line: the trail records that they changed and
which fields, never what they say."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.challenges.models import Challenge, ChallengeAction


def _describe(part: str):
    def describe(obj, action: str) -> str:
        challenge = obj if isinstance(obj, Challenge) else obj.challenge
        return f"{challenge.team}'s challenge #{challenge.pk}: {part} {action}"

    return describe


AUDITED = (
    tracked(
        Challenge,
        kind=Kind.CHALLENGE,
        fields=(
            "description",
            "category",
            "leader_only",
            "status",
            "options",
            "ask",
            "business_case",
            "answer",
            "answer_note",
            "outcome",
        ),
        subject="raised_by_id",
        confidential=True,
        describe=_describe("the challenge"),
    ),
    tracked(
        ChallengeAction,
        kind=Kind.CHALLENGE,
        fields=("text", "owner_id", "due_on", "done_on", "coaching_item_id"),
        subject="challenge__raised_by_id",
        confidential=True,
        describe=_describe("an action"),
    ),
)
