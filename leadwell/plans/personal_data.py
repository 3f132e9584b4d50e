"""What teams' plans hold about a person, for their own data export
(leadwell.lib.personal_data): the plans they agreed as a team's leader, the amounts planned for
them, and the changes they asked for. Plans are the organisation's quotas, not confidential
coaching: erasing a departed person removes none of them, as their quotas stay."""

from leadwell.lib.personal_data import Holding, NotExported
from leadwell.plans.models import PlanChange, PlanCycle, PlanFigure

SIGNED = "who did it, kept in the plan of the team it is about"

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
        title="The quarterly amounts planned for you",
        model=PlanFigure,
        rows=lambda person: PlanFigure.objects.filter(person=person),
        fields=("id", "cycle", "stage", "quarter", "amount"),
        via=("person",),
    ),
    Holding(
        key="plan_changes",
        title="Changes to a plan about your quota or asked by you, and their answers",
        model=PlanChange,
        rows=lambda person: (
            PlanChange.objects.filter(person=person) | PlanChange.objects.filter(asked_by=person)
        ),
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
        via=("person", "asked_by"),
    ),
    NotExported(PlanChange, "answered_by", SIGNED),
)
