"""Leading yourself: a person's own page (their purpose, strengths and what they ask of their
manager), the actions with dates towards each career aspiration, and their line's feedback.

The aspirations themselves are not stored here: a one-, three- or five-year career aspiration
IS a coaching personal goal (area career, horizon year, three_years or five_years), written
through coaching's service, so a seller's ambitions are one model shown in both places (their
coaching goals page and this page). This package adds only what coaching has no place for.
"""

import datetime

from django.db import models
from django.utils import timezone

from leadwell.coaching.models import PersonalGoal
from leadwell.coaching.models.labels import without_content
from leadwell.org.models import Person

__all__ = ["AspirationAction", "AspirationFeedback", "OwnPage"]

# The horizons a career goal counts as an aspiration on, in the order the page shows them.
ASPIRATION_HORIZONS = (
    PersonalGoal.Horizon.YEAR,
    PersonalGoal.Horizon.THREE_YEARS,
    PersonalGoal.Horizon.FIVE_YEARS,
)
# How the page names each horizon's group.
HORIZON_HEADINGS = {
    PersonalGoal.Horizon.YEAR: "In one year",
    PersonalGoal.Horizon.THREE_YEARS: "In three years",
    PersonalGoal.Horizon.FIVE_YEARS: "In five years",
}


def is_aspiration(goal: PersonalGoal) -> bool:
    return goal.area == PersonalGoal.Area.CAREER and goal.horizon in ASPIRATION_HORIZONS


class OwnPage(models.Model):
    """A person's own leading-yourself page: their purpose in four answers, their strengths and
    what they ask of their manager. One per person, written by them alone."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="own_page")
    # The purpose: why I do what I do, what motivates me, what gives me energy, the impact I
    # want to have.
    why = models.TextField(blank=True)
    motivation = models.TextField(blank=True)
    energy = models.TextField(blank=True)
    impact = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    asks_of_manager = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "leading-yourself page"

    def __str__(self) -> str:
        return without_content(self)

    @property
    def has_purpose(self) -> bool:
        return any((self.why, self.motivation, self.energy, self.impact))


class AspirationActionQuerySet(models.QuerySet["AspirationAction"]):
    def open(self) -> "AspirationActionQuerySet":
        return self.filter(done_on__isnull=True)


class AspirationAction(models.Model):
    """A step towards a career aspiration, with the day it is due, marked done by its person."""

    goal = models.ForeignKey(
        PersonalGoal, on_delete=models.CASCADE, related_name="aspiration_actions"
    )
    text = models.CharField(max_length=300)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AspirationActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return without_content(self)

    def is_late(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on < today


class AspirationFeedback(models.Model):
    """Feedback from the person's line (their manager, or a director above) on their
    aspirations, recorded monthly: about one aspiration, or the page as a whole."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="aspiration_feedback_received"
    )
    # Kept when the author leaves: it is the person's history (shown as "a former manager").
    author = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="aspiration_feedback_given"
    )
    goal = models.ForeignKey(
        PersonalGoal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aspiration_feedback",
    )
    text = models.TextField()
    written_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = "aspiration feedback"
        verbose_name_plural = "aspiration feedback"

    def __str__(self) -> str:
        return without_content(self)
