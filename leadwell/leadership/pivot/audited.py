"""The pivot to leadership: what the audit trail records. Everything in it is confidential: the
trail records that a challenge, a self-assessment or a response changed and which fields, never
what they say."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.leadership.pivot.models import (
    PivotAnswer,
    PivotAssessment,
    PivotChallenge,
    PivotResponse,
)


def _challenge(obj: PivotChallenge, action: str) -> str:
    return f"{obj.issuer}'s pivot challenge for {obj.quarter.short_label}: {action}"


def _assessment(part: str):
    def describe(obj, action: str) -> str:
        if isinstance(obj, PivotAssessment):
            assessment = obj
        elif isinstance(obj, PivotAnswer):
            assessment = obj.assessment
        else:
            assessment = obj.answer.assessment
        return (
            f"{assessment.person}'s pivot self-assessment ({assessment.quarter.short_label}): "
            f"{part} {action}"
        )

    return describe


AUDITED = (
    tracked(
        PivotChallenge,
        kind=Kind.LEADERSHIP,
        fields=("quarter_start", "message", "issued_on"),
        subject="issuer_id",
        confidential=True,
        describe=_challenge,
    ),
    tracked(
        PivotAssessment,
        kind=Kind.LEADERSHIP,
        fields=("practised", "status", "submitted_on"),
        subject="person_id",
        confidential=True,
        describe=_assessment("the self-assessment"),
    ),
    tracked(
        PivotAnswer,
        kind=Kind.LEADERSHIP,
        fields=("rating", "example"),
        subject="assessment__person_id",
        confidential=True,
        describe=_assessment("an answer"),
    ),
    tracked(
        PivotResponse,
        kind=Kind.LEADERSHIP,
        fields=("text", "responded_on", "plan_action_id"),
        subject="answer__assessment__person_id",
        confidential=True,
        describe=_assessment("a response"),
    ),
)
