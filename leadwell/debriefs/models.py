"""The monthly debrief of a director with each leader who reports to them, and a leader's
quarterly talks with the organisation's other departments.

Agreed actions belong to the debrief they were raised in and carry over by themselves: a
debrief shows its own actions and every action of the same two people's earlier debriefs that
was still open when it was held, so nothing is copied from one month to the next.
"""

import datetime

from django.db import models

from leadwell.lib.periods import PeriodKind, period_of
from leadwell.org.models import Person


def _without_content(obj: models.Model) -> str:
    # Confidential: wherever Django names it (admin, logs, error pages) its kind and number only.
    return f"{obj._meta.verbose_name} #{obj.pk}"


class DepartmentQuerySet(models.QuerySet["Department"]):
    def listed(self) -> "DepartmentQuerySet":
        """The departments on the organisation's list today (a removed one keeps its talks)."""
        return self.filter(is_listed=True)


class Department(models.Model):
    """A department leaders talk with each quarter (Finance, HR and Legal unless the
    organisation's administrators list others)."""

    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_listed = models.BooleanField(default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Debrief(models.Model):
    """A director's monthly debrief with a leader: what is going well, what to continue and
    what could be improved (the director's feedback)."""

    director = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="debriefs_given")
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="debriefs_received")
    # The first day of the month the debrief is for.
    month = models.DateField()
    held_on = models.DateField()
    going_well = models.TextField(blank=True)
    to_continue = models.TextField(blank=True)
    could_improve = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The day the leader stopped reporting to the director (None while the line holds), kept in
    # step with the org chart by services.debriefs_follow_reporting_lines: from then on neither
    # writes in it, and both still read it.
    line_ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "month"], name="one_debrief_per_month")
        ]

    def __str__(self) -> str:
        return _without_content(self)

    @property
    def period(self):
        return period_of(self.month, PeriodKind.MONTH)

    @property
    def person_id(self) -> int:
        """The director, whose management line reads the debrief (for the access policy)."""
        return self.director_id


class DebriefActionQuerySet(models.QuerySet["DebriefAction"]):
    def carried_into(self, debrief: Debrief) -> "DebriefActionQuerySet":
        """The actions of the two people's earlier debriefs still open when `debrief` was held
        (done on that day or later, or not yet)."""
        return self.filter(
            debrief__director_id=debrief.director_id,
            debrief__leader_id=debrief.leader_id,
            debrief__month__lt=debrief.month,
        ).filter(models.Q(done_on__isnull=True) | models.Q(done_on__gte=debrief.held_on))

    def open(self) -> "DebriefActionQuerySet":
        return self.filter(done_on__isnull=True)


class DebriefAction(models.Model):
    """An action agreed in a debrief, owned by the director or the leader."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="debrief_actions")
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    objects = DebriefActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return _without_content(self)

    def is_late(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


class DepartmentTalk(models.Model):
    """A leader's talk with a department: whom they met, what they thanked them for, ideas to
    work better together and what follows up."""

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="department_talks")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="talks")
    held_on = models.DateField()
    with_whom = models.CharField(max_length=200)
    thanked_for = models.TextField(blank=True)
    ideas = models.TextField(blank=True)
    follow_ups = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return _without_content(self)

    @property
    def quarter(self):
        return period_of(self.held_on, PeriodKind.QUARTER)
