"""Vision and goals: a leader's vision for their teams (a director's for the business unit), and
its three to five high-level goals, each a series of versions.

A vision is written as a draft, then published; its four answers may be reworded afterwards
(the audit trail keeps each change). A goal is fixed once published: the only way to change it
is a new version that says what kind of change forced it, why, and how the team should see it.
Every version is kept, and the goal's history is its versions.
"""

from django.db import models

from leadwell.coaching.models.labels import without_content
from leadwell.metrics import catalog
from leadwell.metrics.formatting import format_value
from leadwell.org.models import Person

# What Django collects through leadwell/leadership/models.py (the areas share one module).
__all__ = ["Goal", "GoalVersion", "Vision"]


# The four questions a vision answers, in the order the page asks them: (field, question).
QUESTIONS = (
    ("value", "What value do we bring to the market?"),
    ("approach", "How do we approach the market?"),
    ("standing", "Where do we stand among our competitors?"),
    ("economy", "Where is the economy heading?"),
)
FEWEST_GOALS = 3
MOST_GOALS = 5


class Vision(models.Model):
    """One person's vision: a leader's for the teams they lead, a director's for the unit."""

    owner = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="vision")
    value = models.TextField(blank=True)
    approach = models.TextField(blank=True)
    standing = models.TextField(blank=True)
    economy = models.TextField(blank=True)
    # None while it is a draft: nobody but its owner reads it.
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return without_content(self)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def answers(self) -> list[tuple[str, str]]:
        """(question, answer) in the order the page asks them."""
        return [(question, getattr(self, field)) for field, question in QUESTIONS]


class Goal(models.Model):
    """A high-level goal of a vision: what it says is in its versions."""

    vision = models.ForeignKey(Vision, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    # Metric keys (catalog) whose team standards serve this goal, beyond its own linked metric,
    # ticked by the leader: how the team's process is tied to the destination. Not part of the
    # goal itself, so re-ticking them is no change of the goal (the audit trail records it).
    serving = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vision", "position"], name="one_goal_per_position")
        ]

    def __str__(self) -> str:
        return without_content(self)


class ChangeKind(models.TextChoices):
    COMPETITION = "competition", "Competition changed"
    MARKET = "market", "The market changed"
    TECHNOLOGY = "technology", "Technology changed"
    OTHER = "other", "Another considerable change"


class PublishedGoalChanged(Exception):
    """A published goal's version is the record of what the team was told: it never changes."""


class GoalVersion(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    # The metric the goal is measured by (a catalog key; blank: not measured), its target and
    # the window it is measured over, from `starts_on` to `target_date`.
    metric = models.CharField(max_length=60, blank=True)
    target = models.FloatField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    # Why a published goal changed (blank for the first version).
    change_kind = models.CharField(max_length=20, choices=ChangeKind.choices, blank=True)
    reason = models.TextField(blank=True)
    team_note = models.TextField(blank=True)
    written_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["goal_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "number"], name="one_goal_version_number")
        ]

    FIXED = ("title", "detail", "metric", "target", "starts_on", "target_date")

    def __str__(self) -> str:
        return without_content(self)

    def save(self, *args, **kwargs) -> None:
        # Guarded here, not only in the services: once the vision is published no path (a
        # shell, a script) rewrites what the team was told; a change is a new version.
        if self.pk is not None:
            stored = (
                GoalVersion.objects.filter(pk=self.pk, goal__vision__published_at__isnull=False)
                .values(*self.FIXED)
                .first()
            )
            if stored and any(stored[name] != getattr(self, name) for name in self.FIXED):
                raise PublishedGoalChanged(f"{self} is published: it never changes")
        super().save(*args, **kwargs)

    @property
    def is_change(self) -> bool:
        return self.number > 1

    @property
    def metric_name(self) -> str:
        metric = catalog.BY_KEY.get(self.metric)
        return metric.name if metric else self.metric

    @property
    def target_shown(self) -> str:
        """The target in its metric's unit: 12, 33.0%, 250,000."""
        metric = catalog.BY_KEY.get(self.metric)
        if self.target is None or metric is None:
            return ""
        return format_value(self.target, metric.unit)
