"""The skills library and the assignment library: organisation-wide, editable by
administrators, seeded with a sensible default (see leadwell.coaching.library)."""

from django.db import models


class Skill(models.Model):
    """A skill or behaviour a gap can be rooted in (prospecting, discovery, ...)."""

    class Kind(models.TextChoices):
        SKILL = "skill", "Skill"
        BEHAVIOUR = "behaviour", "Behaviour"

    name = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SKILL)
    description = models.TextField(blank=True)
    # Metric keys (leadwell.metrics.catalog) whose gaps this skill often explains: suggested
    # first when diagnosing a gap in one of them.
    metrics = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssignmentTemplate(models.Model):
    """A developmental assignment from the library, mapped to the skills it develops."""

    title = models.CharField(max_length=160, unique=True)
    description = models.TextField(blank=True)
    skills = models.ManyToManyField(Skill, related_name="assignment_templates", blank=True)
    # How long it usually takes: the default due date is this many days from the start.
    days = models.PositiveIntegerField(default=28)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
