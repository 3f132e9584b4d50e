"""What the audit trail records of extra asks (collected by leadwell.audit). An ask, its
assessment and its decision are confidential to the leader and their line: the trail records
that they changed and which fields, never what they say."""

from leadwell.asks.models import Ask, AskedDeal, AssessedDeal, Assessment
from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked


def _ask_part(part: str):
    def describe(obj, action: str) -> str:
        ask = obj if isinstance(obj, Ask) else getattr(obj, "ask", None) or obj.assessment.ask
        return f"An extra ask of {ask.leader} ({ask.period.short_label}): {part} {action}"

    return describe


AUDITED = (
    tracked(
        Ask,
        kind=Kind.ASK,
        fields=(
            "director_id",
            "leader_id",
            "period_start",
            "amount",
            "reason",
            "asked_on",
            "decision",
            "decided_on",
            "decline_reason",
            "without_assessment",
        ),
        subject="leader_id",
        confidential=True,
        describe=_ask_part("the ask"),
    ),
    tracked(
        Assessment,
        kind=Kind.ASK,
        fields=("assessed_on", "recommendation"),
        subject="ask__leader_id",
        confidential=True,
        describe=_ask_part("the assessment"),
    ),
    tracked(
        AssessedDeal,
        kind=Kind.ASK,
        fields=("opportunity_id", "discount_percent", "terms"),
        subject="assessment__ask__leader_id",
        confidential=True,
        describe=_ask_part("a deal assessed"),
    ),
    tracked(
        AskedDeal,
        kind=Kind.ASK,
        fields=("opportunity_id", "seller_id"),
        subject="ask__leader_id",
        confidential=True,
        describe=_ask_part("a deal asked"),
    ),
)
