"""Weekly 1:1s between a leader and a direct report.

Talking points and action items belong to the series, not to one meeting, so carrying them
over needs no copying: a meeting's agenda is every point raised up to that meeting and not
discussed before it, and every action item raised up to it and not done before it.
"""

import datetime

from django.db import models
from django.utils import timezone

from leadwell.coaching.models.labels import without_content
from leadwell.org.models import Person

MONDAY_QUESTION = "What else can I do to make you even more successful?"


class SeriesQuerySet(models.QuerySet["OneOnOneSeries"]):
    def current(self, today: datetime.date) -> "SeriesQuerySet":
        """The 1:1s whose reporting line still holds on `today`."""
        return self.filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=today))

    def ended(self, today: datetime.date) -> "SeriesQuerySet":
        return self.filter(ended_on__lte=today)


class OneOnOneSeries(models.Model):
    """The weekly 1:1 of a leader with a direct report. It lasts as long as that reporting
    line: from `ended_on` (the day the report stopped reporting to the leader, kept up to date
    from the org chart by coaching.services.series_follow_reporting_lines) its history stays
    readable to both, shows nothing from after, and takes no more writes."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="series_led")
    report = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="series_attended")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    started_on = models.DateField(default=timezone.localdate)
    # The day the reporting line ends (exclusive); None while it holds with no end recorded.
    ended_on = models.DateField(null=True, blank=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["report__name", "id"]
        verbose_name_plural = "1:1 series"
        constraints = [
            models.UniqueConstraint(fields=["leader", "report"], name="one_series_per_pair")
        ]

    def __str__(self) -> str:
        return without_content(self)

    def has_ended(self, today: datetime.date | None = None) -> bool:
        return self.ended_on is not None and self.ended_on <= (today or timezone.localdate())

    @property
    def is_active(self) -> bool:
        """Whether its reporting line holds today: a 1:1 that ended is history."""
        return not self.has_ended()

    def meeting_day_on_or_after(self, day: datetime.date) -> datetime.date:
        return day + datetime.timedelta(days=(self.weekday - day.weekday()) % 7)

    def meeting_day_on_or_before(self, day: datetime.date) -> datetime.date:
        return day - datetime.timedelta(days=(day.weekday() - self.weekday) % 7)

    def next_meeting(self, today: datetime.date) -> "Meeting | None":
        """The meeting to prepare: the earliest one planned from today on (None: none is)."""
        return (
            self.meetings.filter(status=Meeting.Status.PLANNED, scheduled_on__gte=today)
            .filter(self.before_end())
            .order_by("scheduled_on")
            .first()
        )

    def before_end(self, prefix: str = "") -> models.Q:
        """Meetings on days the reporting line still held (all of them while it holds)."""
        if self.ended_on is None:
            return models.Q()
        return models.Q(**{f"{prefix}scheduled_on__lt": self.ended_on})


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        MISSED = "missed", "Missed"

    series = models.ForeignKey(OneOnOneSeries, on_delete=models.CASCADE, related_name="meetings")
    scheduled_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    held_at = models.DateTimeField(null=True, blank=True)
    # The seller's answer to the standing question, written before the meeting.
    answer = models.TextField(blank=True)
    shared_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-scheduled_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "scheduled_on"], name="one_meeting_per_day")
        ]

    def __str__(self) -> str:
        return without_content(self)

    @property
    def person_id(self) -> int:
        """The report the meeting is about (for the access policy)."""
        return self.series.report_id


class TalkingPoint(models.Model):
    series = models.ForeignKey(OneOnOneSeries, on_delete=models.CASCADE, related_name="points")
    raised_for = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="points_raised")
    discussed_in = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="points_discussed"
    )
    added_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return without_content(self)


class ActionItem(models.Model):
    series = models.ForeignKey(OneOnOneSeries, on_delete=models.CASCADE, related_name="actions")
    raised_in = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions_raised")
    text = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done_in = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_done"
    )
    done_on = models.DateField(null=True, blank=True)
    # Came from the seller's answer to the standing question: owned by the leader.
    from_question = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "created_at", "id"]

    def __str__(self) -> str:
        return without_content(self)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


class PrivateNote(models.Model):
    """A note on a meeting that only its author ever sees."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="one_private_note_each")
        ]

    def __str__(self) -> str:
        return without_content(self)
