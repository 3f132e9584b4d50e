"""Professional development plans, one per direct report, reviewed monthly."""

import datetime

from django.db import models
from django.utils import timezone

from leadwell.coaching.models.labels import without_content
from leadwell.coaching.models.library import Skill
from leadwell.org.models import Person

# A monthly review is overdue when the last one (or the plan's start) is older than this.
REVIEW_EVERY_DAYS = 31


class DevelopmentPlan(models.Model):
    class Readiness(models.TextChoices):
        NOT_ASSESSED = "not_assessed", "Not assessed yet"
        READY_NOW = "ready_now", "Ready now"
        ONE_TO_TWO = "one_to_two_years", "Ready in 1 to 2 years"
        THREE_PLUS = "three_plus_years", "Ready in 3 or more years"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="plan")
    strengths = models.TextField(blank=True)
    skills_to_develop = models.ManyToManyField(Skill, blank=True, related_name="+")
    development_notes = models.TextField(blank=True)
    aspiration = models.TextField(blank=True)
    readiness = models.CharField(
        max_length=20, choices=Readiness.choices, default=Readiness.NOT_ASSESSED
    )
    started_on = models.DateField(default=timezone.localdate)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return without_content(self)

    def review_due_on(self, last_review: datetime.date | None) -> datetime.date:
        return (last_review or self.started_on) + datetime.timedelta(days=REVIEW_EVERY_DAYS)


class PlanAction(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return without_content(self)


class PlanReview(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=timezone.localdate)
    progress = models.TextField()
    next_steps = models.TextField(blank=True)
    by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return without_content(self)


class PlanComment(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return without_content(self)
