"""The trust pulse: three questions a team's sellers answer about their leader, anonymously.

Who answered and what was answered live apart and share no key (docs/decisions.md, "The trust
pulse: anonymity"):

- `Participation` says that a person answered a pulse: it stops a second answer and drives the
  reminders. It holds no answer and no time.
- An answer is first *held*: sealed (encrypted with a key derived from the installation's
  secret key, which is not in the database) in the team's one `HeldAnswers` row, shuffled
  each time one joins. No answer row exists yet, so nothing in the database orders or dates it.
- When a pulse closes and the team's held answers to closed pulses reach the pulses' k, from
  k different people or more, they are written together as one `ResultGroup`: `Answer` rows
  with random ids, in a shuffled order, carrying the group and nothing else. A group is the
  smallest set of answers anyone can read, and the groups of a team never overlap, so no
  subtraction of one result from another isolates less.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from leadwell.org.models import Person, Team

DEFAULT_K = 5
K_RANGE = (3, 10)
COMMENTS_FROM = 10  # answers a group needs before its comments are shown
DEFAULT_DAYS_OPEN = 7
SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class PulseRules(models.Model):
    """The organisation's choice of k: the answers a result needs before it is shown (one row)."""

    min_answers = models.PositiveSmallIntegerField(
        default=DEFAULT_K, validators=[MinValueValidator(K_RANGE[0]), MaxValueValidator(K_RANGE[1])]
    )
    # Pulses opened for every team each month by the schedule (0: no schedule).
    monthly_on_day = models.PositiveSmallIntegerField(default=0)
    days_open = models.PositiveSmallIntegerField(default=DEFAULT_DAYS_OPEN)

    class Meta:
        verbose_name = "pulse rules"
        verbose_name_plural = "pulse rules"

    def __str__(self) -> str:
        return f"Pulse rules (k = {self.min_answers})"


class Pulse(models.Model):
    """One team's pulse, open for answers from `opens_on` to the day before `closes_on`."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="pulses")
    leader = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    opens_on = models.DateField()
    closes_on = models.DateField()
    # Fixed when the pulse opens: a later change of the organisation's k never applies to it.
    min_answers = models.PositiveSmallIntegerField()
    # The sellers asked: the team's members but its leader, the day it opened.
    eligible = models.PositiveIntegerField()
    answered = models.PositiveIntegerField(default=0)
    closed = models.BooleanField(default=False)
    group = models.ForeignKey(
        "ResultGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="pulses"
    )

    class Meta:
        ordering = ["-opens_on", "team__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gt=models.F("opens_on")), name="pulse_open_a_day"
            ),
            # Two workers running the monthly schedule at once, or a leader and the schedule,
            # never ask the same sellers twice in a day.
            models.UniqueConstraint(fields=["team", "opens_on"], name="one_pulse_a_team_a_day"),
        ]

    def __str__(self) -> str:
        return f"Pulse of {self.team.name} from {self.opens_on}"

    def is_open(self, today) -> bool:
        return not self.closed and self.opens_on <= today < self.closes_on

    @property
    def participation(self) -> float | None:
        return self.answered / self.eligible if self.eligible else None


class Participation(models.Model):
    """That a person answered a pulse: never what, never when."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="pulse_participations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pulse", "person"], name="one_answer_per_pulse")
        ]

    def __str__(self) -> str:
        return f"Participation #{self.pk}"


class HeldAnswers(models.Model):
    """A team's answers not yet written: sealed, shuffled, one row per team."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="held_answers")
    sealed = models.TextField(blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "held answers"

    def __str__(self) -> str:
        return f"Held answers #{self.pk}"


class ResultGroup(models.Model):
    """Answers written together: one or more consecutive closed pulses of a team, with k answers
    or more. The smallest set anything is ever shown of."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="pulse_groups")
    # Whom the answers are about: the team's leader when its pulses opened. A group never mixes
    # two leaders, and a team's next leader does not read their predecessor's.
    leader = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="pulse_results"
    )
    first_opened_on = models.DateField()
    last_closed_on = models.DateField()
    answers_count = models.PositiveIntegerField()
    eligible = models.PositiveIntegerField()  # the sellers asked, over its pulses

    class Meta:
        ordering = ["team__name", "last_closed_on"]

    def __str__(self) -> str:
        return f"Pulse result of {self.team.name} to {self.last_closed_on}"


class Answer(models.Model):
    """One seller's answer, with a random id, and no person, time or order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ResultGroup, on_delete=models.CASCADE, related_name="answers")
    care = models.PositiveSmallIntegerField(validators=SCORE)
    help = models.PositiveSmallIntegerField(validators=SCORE)
    trust = models.PositiveSmallIntegerField(validators=SCORE)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]  # random: no order of answering

    def __str__(self) -> str:
        return "An answer"


class Response(models.Model):
    """What the leader heard in a result and the actions they take to earn trust."""

    group = models.ForeignKey(ResultGroup, on_delete=models.CASCADE, related_name="responses")
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pulse_responses")
    heard = models.TextField()
    actions = models.TextField(blank=True)
    shared_with_team = models.BooleanField(default=False)
    written_on = models.DateField()

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"Pulse response #{self.pk}"
