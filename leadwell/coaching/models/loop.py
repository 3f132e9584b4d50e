"""Personal goals and the coaching loop, one CoachingItem per gap.

An item is opened from a gap (the metric, its value and target at the time, the period) or by
hand; seller and leader diagnose it together (root-cause skills, evidence, the seller's own
view); the leader agrees developmental assignments; the seller marks them done; the leader
evaluates each one against the metric re-measured since it started. Every step is written to
the item's history (CoachingEvent) so the item keeps it after each round.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from leadwell.coaching.models.labels import without_content
from leadwell.coaching.models.library import AssignmentTemplate, Skill
from leadwell.org.models import Person


class PersonalGoal(models.Model):
    """A seller's own goal or ambition, written by the seller."""

    class Area(models.TextChoices):
        CAREER = "career", "Career"
        INCOME = "income", "Income"
        SKILLS = "skills", "Skills"
        LIFE = "life", "Life"

    class Horizon(models.TextChoices):
        QUARTER = "quarter", "This quarter"
        YEAR = "year", "Within a year"
        THREE_YEARS = "three_years", "Within three years"
        FIVE_YEARS = "five_years", "Within five years"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(max_length=10, choices=Area.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    horizon = models.CharField(max_length=12, choices=Horizon.choices, default=Horizon.YEAR)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "area", "created_at", "id"]

    def __str__(self) -> str:
        return without_content(self)


class CoachingItemQuerySet(models.QuerySet["CoachingItem"]):
    def open(self) -> "CoachingItemQuerySet":
        return self.filter(status=CoachingItem.Status.OPEN)

    def closed(self) -> "CoachingItemQuerySet":
        return self.filter(status=CoachingItem.Status.CLOSED)


class CoachingItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_items")
    opened_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="coaching_items_opened"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200)
    # The gap it was opened from: empty metric for an item opened by hand.
    metric = models.CharField(max_length=40, blank=True)
    period_kind = models.CharField(max_length=10, blank=True)
    period_start = models.DateField(null=True, blank=True)
    value_at_open = models.FloatField(null=True, blank=True)
    target_at_open = models.FloatField(null=True, blank=True)
    # The diagnosis, written together.
    skills = models.ManyToManyField(Skill, related_name="coaching_items", blank=True)
    evidence = models.TextField(blank=True)
    seller_view = models.TextField(blank=True)
    goal = models.ForeignKey(
        PersonalGoal, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CoachingItemQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            # One open item per gap: opening the same gap twice finds the first.
            models.UniqueConstraint(
                fields=["person", "metric"],
                condition=Q(status="open") & ~Q(metric=""),
                name="one_open_item_per_metric",
            )
        ]

    def __str__(self) -> str:
        return without_content(self)


class CoachingEvent(models.Model):
    """One step in an item's history: who did what, when, in words."""

    item = models.ForeignKey(CoachingItem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20)  # one of LABELS
    text = models.TextField(blank=True)

    # How the history names each step.
    LABELS = {
        "opened": "Opened",
        "diagnosed": "Diagnosis",
        "note": "Note",
        "assigned": "Assignment agreed",
        "done": "Marked done",
        "evaluated": "Evaluated",
        "closed": "Closed",
        "rediagnose": "Back to diagnosis",
    }

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return without_content(self)

    @property
    def label(self) -> str:
        return self.LABELS.get(self.kind, self.kind.capitalize())


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def unevaluated(self) -> "AssignmentQuerySet":
        return self.filter(evaluation__isnull=True).exclude(status=Assignment.Status.DROPPED)

    def waiting_for_evaluation(self, today: datetime.date) -> "AssignmentQuerySet":
        """Done, or due by today, and not evaluated yet."""
        return self.unevaluated().filter(Q(status=Assignment.Status.DONE) | Q(due_on__lte=today))


class Assignment(models.Model):
    """A developmental assignment agreed on an item: from the library or written by hand."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    item = models.ForeignKey(CoachingItem, on_delete=models.CASCADE, related_name="assignments")
    template = models.ForeignKey(
        AssignmentTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments")
    started_on = models.DateField(default=timezone.localdate)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(blank=True)
    # Skill ratings, 1 (weak) to 5 (strong): each side gives its own before and after.
    seller_rating_before = models.PositiveSmallIntegerField(null=True, blank=True)
    seller_rating_after = models.PositiveSmallIntegerField(null=True, blank=True)
    leader_rating_before = models.PositiveSmallIntegerField(null=True, blank=True)
    leader_rating_after = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return without_content(self)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today

    @property
    def is_evaluated(self) -> bool:
        # No query when the evaluation was select_related (as the selectors do).
        return hasattr(self, "evaluation")


class Evaluation(models.Model):
    """The leader's evaluation of one assignment at its due date, with the metric that showed
    the gap measured over the same number of months before and since the assignment started."""

    class Outcome(models.TextChoices):
        CLOSED = "closed", "Gap closed"
        CONTINUE = "continue", "Continue"
        NEW_CAUSE = "new_cause", "New root cause"

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="evaluation"
    )
    item = models.ForeignKey(CoachingItem, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    evaluated_on = models.DateField(default=timezone.localdate)
    was_done = models.BooleanField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField(blank=True)
    # The measurement as it stood when evaluated (the summaries may change later).
    metric = models.CharField(max_length=40, blank=True)
    before_from = models.DateField(null=True, blank=True)
    before_value = models.FloatField(null=True, blank=True)
    after_from = models.DateField(null=True, blank=True)
    after_until = models.DateField(null=True, blank=True)  # first day after the window
    after_value = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["evaluated_on", "id"]

    def __str__(self) -> str:
        return without_content(self)

    @property
    def before_last(self) -> datetime.date | None:
        """The last day of the window before the assignment (the day before it started)."""
        return self.after_from - datetime.timedelta(days=1) if self.after_from else None

    @property
    def after_last(self) -> datetime.date | None:
        return self.after_until - datetime.timedelta(days=1) if self.after_until else None
