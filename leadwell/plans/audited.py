"""What the audit trail records of teams' plans (collected by leadwell.audit). A plan is
about quotas, so its changes are filed with them: the input, the assigned figures, the
commitment and every change asked and answered, with who and when. The input's reasoning and
the negotiations are the leader's and their line's, and administrators read the whole trail, so
those are confidential: the trail names the fields that changed, never what they say. The
assigned amounts stay with their values, as the quotas a plan writes (recorded by crm's quota
service as any other quota change) do."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.plans.models import PlanChange, PlanCycle, PlanFigure


def _cycle(c: PlanCycle, action: str) -> str:
    return f"Plan of team {c.team} for FY{c.fiscal_year} {action}"


def _figure(f: PlanFigure, action: str) -> str:
    whose = f.person.name if f.person_id else "the team"  # type: ignore[union-attr]
    stage = "proposed" if f.stage == PlanFigure.Stage.INPUT else "assigned"
    plan = f"Plan of team {f.cycle.team} for FY{f.cycle.fiscal_year}"
    return f"{plan}: {stage} Q{f.quarter} for {whose} {action}"


def _change(c: PlanChange, action: str) -> str:
    plan = f"Plan of team {c.cycle.team} for FY{c.cycle.fiscal_year}"
    return f"{plan}: change request for Q{c.quarter} {action}"


AUDITED = (
    tracked(
        PlanCycle,
        kind=Kind.QUOTA,
        fields=(
            "team_id",
            "leader_id",
            "fiscal_year",
            "status",
            "pipeline",
            "market",
            "capacity",
            "assigned_by_id",
            "committed_by_id",
        ),
        subject="leader_id",
        team="team_id",
        confidential=True,
        describe=_cycle,
    ),
    tracked(
        PlanFigure,
        kind=Kind.QUOTA,
        fields=("stage", "quarter", "person_id", "amount"),
        subject="cycle__leader_id",
        team="cycle__team_id",
        # The amounts proposed and assigned are the negotiation's; the quotas a committed plan
        # writes are recorded as quota changes, which is what the organisation reads.
        confidential=True,
        describe=_figure,
    ),
    tracked(
        PlanChange,
        kind=Kind.QUOTA,
        fields=(
            "quarter",
            "person_id",
            "from_amount",
            "to_amount",
            "reason",
            "asked_by_id",
            "answer",
            "granted_amount",
            "answer_note",
            "answered_by_id",
        ),
        subject="cycle__leader_id",
        team="cycle__team_id",
        confidential=True,
        describe=_change,
    ),
)
