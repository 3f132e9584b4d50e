"""The pivot to leadership: each quarter a leader challenges the people who report to them (a
leader their sellers, a director their leaders) to assess themselves against the seven
standards; each person answers, and their manager responds per standard.

Everything here is confidential to the person and their management line of today (the rules
are in rules.py): `__str__` names the kind and number only.
"""

from django.db import models

from leadwell.coaching.models import PlanAction
from leadwell.coaching.models.labels import without_content
from leadwell.leadership.pivot.standards import RATING_CHOICES, STANDARD_CHOICES
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org.models import Person

__all__ = ["PivotAnswer", "PivotAssessment", "PivotChallenge", "PivotResponse"]


class PivotChallenge(models.Model):
    """The challenge a leader issues to the people reporting to them for one quarter, with an
    optional word to the team."""

    issuer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pivot_challenges")
    # The first day of the quarter it is for.
    quarter_start = models.DateField()
    message = models.TextField(blank=True)
    issued_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pivot challenge"
        ordering = ["-quarter_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "quarter_start"], name="one_pivot_challenge_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return without_content(self)

    @property
    def quarter(self) -> Period:
        return period_of(self.quarter_start, PeriodKind.QUARTER)


class PivotAssessment(models.Model):
    """One person's self-assessment for a quarter, answering their manager's challenge: a draft
    only they read the answers of, until they submit it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    challenge = models.ForeignKey(
        PivotChallenge, on_delete=models.CASCADE, related_name="assessments"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pivot_assessments")
    # Kept beside the challenge's so that a person has one self-assessment a quarter, even
    # when they change manager (and challenge) within it.
    quarter_start = models.DateField()
    practised = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pivot self-assessment"
        ordering = ["-quarter_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "quarter_start"], name="one_pivot_assessment_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return without_content(self)

    @property
    def quarter(self) -> Period:
        return period_of(self.quarter_start, PeriodKind.QUARTER)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class PivotAnswer(models.Model):
    """A person's rating of themself on one standard, with an example."""

    assessment = models.ForeignKey(
        PivotAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    standard = models.PositiveSmallIntegerField(choices=STANDARD_CHOICES)
    # None while the draft leaves it unrated; a submitted assessment rates every standard.
    rating = models.PositiveSmallIntegerField(choices=RATING_CHOICES, null=True, blank=True)
    example = models.TextField(blank=True)

    class Meta:
        verbose_name = "pivot answer"
        ordering = ["standard"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "standard"], name="one_pivot_answer_per_standard"
            )
        ]

    def __str__(self) -> str:
        return without_content(self)


class PivotResponse(models.Model):
    """The manager's response to one answer; it may have become an action in the person's
    development plan (kept as the link, so the plan shows it once)."""

    answer = models.OneToOneField(PivotAnswer, on_delete=models.CASCADE, related_name="response")
    by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    responded_on = models.DateField()
    plan_action = models.ForeignKey(
        PlanAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "pivot response"

    def __str__(self) -> str:
        return without_content(self)
