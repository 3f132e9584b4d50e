"""A team's plan for a fiscal year, and every change asked of it once committed.

A cycle moves from the leader's input to the director's assigned plan to the leader's
commitment. Its figures are kept per quarter: the team's and each seller's, once as the leader
proposed them and once as the director assigned them. The assigned figures are the plan: once
committed they are the quotas the scorecards read, and a granted change moves them.
"""

from django.db import models
from django.utils import timezone

from leadwell.org.models import Person, Team


class PlanCycle(models.Model):
    class Status(models.TextChoices):
        INPUT = "input", "Leader's input"
        ASSIGNED = "assigned", "Plan assigned"
        COMMITTED = "committed", "Committed"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="plan_cycles")
    # The leader the plan is agreed with: they give the input, commit and ask for changes; the
    # line above them assigns and answers.
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plan_cycles")
    fiscal_year = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INPUT)
    pipeline = models.TextField(blank=True)
    market = models.TextField(blank=True)
    capacity = models.TextField(blank=True)
    input_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "fiscal_year"], name="one_plan_per_team_year")
        ]

    def __str__(self) -> str:
        return f"{self.team} FY{self.fiscal_year}"

    @property
    def is_committed(self) -> bool:
        return self.status == self.Status.COMMITTED


class PlanFigure(models.Model):
    """One amount of a plan: the team's (no person) or a seller's, for one quarter."""

    class Stage(models.TextChoices):
        INPUT = "input", "Proposed by the leader"
        ASSIGNED = "assigned", "Assigned by the director"

    cycle = models.ForeignKey(PlanCycle, on_delete=models.CASCADE, related_name="figures")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    quarter = models.PositiveSmallIntegerField()
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="plan_figures"
    )
    amount = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["cycle", "stage", "quarter", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "stage", "quarter", "person"],
                name="one_plan_figure_per_person",
                condition=models.Q(person__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["cycle", "stage", "quarter"],
                name="one_plan_figure_per_team",
                condition=models.Q(person__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        # The amount is the negotiation's: a team's delete page must not list it.
        return f"{self.cycle} Q{self.quarter}, {self.get_stage_display().lower()}"


class PlanChange(models.Model):
    """A request to change a committed plan, and the director's answer: the plan
    negotiations."""

    class Answer(models.TextChoices):
        GRANTED = "granted", "Granted"
        PARTLY = "partly", "Partly granted"
        REFUSED = "refused", "Refused"

    cycle = models.ForeignKey(PlanCycle, on_delete=models.CASCADE, related_name="changes")
    quarter = models.PositiveSmallIntegerField()
    # The seller whose quota it is about; none: the team's.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="plan_changes"
    )
    from_amount = models.DecimalField(max_digits=18, decimal_places=2)
    to_amount = models.DecimalField(max_digits=18, decimal_places=2)
    reason = models.TextField()
    asked_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="plan_changes_asked"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    granted_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    answer_note = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return f"Change to {self.cycle} Q{self.quarter}"

    @property
    def is_open(self) -> bool:
        return not self.answer

    @property
    def form_key(self) -> str:
        """The name the plan page gives the form answering it."""
        return f"answer-{self.pk}"
