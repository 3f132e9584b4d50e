"""What teams' plans hold about a person, for their own data export
(leadwell.lib.personal_data): the plans they agreed as a team's leader, their quota in each
committed plan, and the changes they asked for. Plans are the organisation's quotas, not
confidential coaching: erasing a departed person removes none of them, as their quotas stay.
How a seller's quota was negotiated (the amount proposed, the changes asked and answered about
it) is their leader's and the line's, as on the plan's page: it goes into the leader's export."""

from leadwell.lib.personal_data import Holding, NotExported
from leadwell.plans.models import PlanChange, PlanCycle, PlanFigure

SIGNED = "who did it, kept in the plan of the team it is about"
NEGOTIATED = (
    "A change asked about a seller's quota is the negotiation of their leader and the line "
    "above; it goes into the export of the leader who asked."
)

PERSONAL_DATA = (
    Holding(
        key="plan_cycles",
        title="The plans you agreed as a team's leader: your input, and when you committed",
        model=PlanCycle,
        rows=lambda person: PlanCycle.objects.filter(leader=person),
        fields=(
            "id",
            "team",
            "fiscal_year",
            "status",
            "pipeline",
            "market",
            "capacity",
            "input_at",
            "assigned_at",
            "committed_at",
        ),
        via=("leader",),
    ),
    NotExported(PlanCycle, "assigned_by", SIGNED),
    NotExported(PlanCycle, "committed_by", SIGNED),
    Holding(
        key="plan_figures",
        title="Your quarterly quota in each committed plan",
        model=PlanFigure,
        rows=lambda person: PlanFigure.objects.filter(
            person=person,
            stage=PlanFigure.Stage.ASSIGNED,
            cycle__status=PlanCycle.Status.COMMITTED,
        ),
        fields=("id", "cycle", "stage", "quarter", "amount"),
        via=("person",),
    ),
    Holding(
        key="plan_changes",
        title="The changes you asked to a plan as a team's leader, and their answers",
        model=PlanChange,
        rows=lambda person: PlanChange.objects.filter(asked_by=person),
        fields=(
            "id",
            "cycle",
            "quarter",
            "from_amount",
            "to_amount",
            "reason",
            "asked_at",
            "answer",
            "granted_amount",
            "answer_note",
            "answered_at",
        ),
        via=("asked_by",),
    ),
    NotExported(PlanChange, "person", NEGOTIATED),
    NotExported(PlanChange, "answered_by", SIGNED),
)
