"""The leader's report to their director for a period, its strategies to recover and its thread.

A draft is computed from the summaries each time it is read; sending freezes those figures in
`snapshot`, so what the director reads later is what the leader sent, not live numbers.
"""

import datetime

from django.db import models
from django.db.models import Q

from leadwell.org.models import Person, Team
from leadwell.reports.periods import ReportPeriod


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


DEFAULT_CADENCE = Cadence.MONTHLY


class ReportCadence(models.Model):
    """How often a leader reports, as their director chose (monthly when none is set)."""

    leader = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="report_cadence")
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=DEFAULT_CADENCE)
    set_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.leader}: {self.get_cadence_display()}"


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="upward_reports")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="upward_reports")
    # "week", "month" or "quarter"; a week starts on a Monday.
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()  # the first day after the period
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    # The gaps, challenges or lost deals behind a miss: one per line, "text" or "text | URL".
    explanation_links = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "team", "period_kind", "period_start"],
                name="one_report_per_team_and_period",
            )
        ]
        ordering = ["-period_start", "team__name"]

    def __str__(self) -> str:
        return f"{self.leader}'s report for {self.team} ({self.period_kind} {self.period_start})"

    @property
    def period_label(self) -> str:
        """The period as people read it: "September 2026", "Q3 FY2026 (…)", "Week of …"."""
        return ReportPeriod(self.period_kind, self.period_start, self.period_end).label

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_sent and self.due_on < today

    @property
    def links(self) -> list[tuple[str, str]]:
        """The explanation's links as (text, URL), the URL empty where none was given."""
        found = []
        for line in self.explanation_links.splitlines():
            text, _, url = line.partition("|")
            if text.strip() or url.strip():
                found.append((text.strip() or url.strip(), url.strip()))
        return found


class Strategy(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="strategies")
    what = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    # The expected effect: an amount of money, or a metric and the value it should reach.
    effect_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    effect_metric = models.CharField(max_length=40, blank=True)
    effect_value = models.FloatField(null=True, blank=True)
    # The team's value of `effect_metric` when the report was sent, to compare with later.
    metric_then = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effect_amount__isnull=False)
                | (~Q(effect_metric="") & Q(effect_value__isnull=False)),
                name="strategy_has_an_expected_effect",
            )
        ]

    def __str__(self) -> str:
        # What the leader commits to is the report's content: wherever Django names a
        # strategy (admin, logs, error pages) its kind and number only.
        return f"{self._meta.verbose_name} #{self.pk}"


class ReportComment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        QUESTION = "question", "Question"
        ANSWER = "answer", "Answer"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author}"
