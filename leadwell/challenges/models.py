"""The challenge register: an obstacle a seller or the leader meets, and what the team does
with it.

The leader triages each challenge: solved in the team (options and actions, each owned and
dated), or escalated (carried to the director with the ask and its business case, which the
director answers). The register is the leader's guard against relaying every obstacle upward
and against leaving obstacles unturned into coaching.
"""

from django.db import models

from leadwell.coaching.models import CoachingItem, TalkingPoint
from leadwell.crm.models import Account, Opportunity
from leadwell.org.models import Person, Team


def _without_content(obj: models.Model) -> str:
    # Confidential: wherever Django names it (admin, logs, error pages) its kind and number only.
    return f"{obj._meta.verbose_name} #{obj.pk}"


class Challenge(models.Model):
    class Category(models.TextChoices):
        PRODUCT = "product", "Product"
        PRICING = "pricing", "Pricing"
        COMPETITION = "competition", "Competition"
        PROCESS = "process", "Process"
        TERRITORY = "territory", "Territory"
        SKILLS = "skills", "Skills"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_TEAM = "in_team", "In team"
        ESCALATED = "escalated", "Escalated"
        SOLVED = "solved", "Solved"
        CLOSED = "closed", "Closed without solution"

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        NEEDS_MORE = "needs_more", "Needs more"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="challenges")
    # The team again while the challenge is open to it, empty while it is for the leader only:
    # the access policy reads the team's members through this field.
    shared_with = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="challenges")
    raised_on = models.DateField()
    # The 1:1 talking point it was raised from, if any.
    from_point = models.ForeignKey(
        TalkingPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField()
    category = models.CharField(max_length=12, choices=Category.choices)
    leader_only = models.BooleanField(
        default=False, help_text="Visible to the leader (and the line above) only"
    )
    deals = models.ManyToManyField(Opportunity, blank=True, related_name="+")
    accounts = models.ManyToManyField(Account, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Triage in the team: the options the leader sees.
    options = models.TextField(blank=True)
    triaged_on = models.DateField(null=True, blank=True)
    # Escalation: the ask carried to the director and why it pays.
    escalated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_on = models.DateField(null=True, blank=True)
    ask = models.TextField(blank=True)
    business_case = models.TextField(blank=True)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    answer_note = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return _without_content(self)

    def save(self, *args, **kwargs) -> None:
        self.shared_with_id = None if self.leader_only else self.team_id
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.SOLVED, self.Status.CLOSED)

    @property
    def awaits_answer(self) -> bool:
        return self.status == self.Status.ESCALATED and not self.answer


class ChallengeAction(models.Model):
    """An action the team takes on a challenge, owned and dated; it may work through a
    seller's coaching item."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="challenge_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    coaching_item = models.ForeignKey(
        CoachingItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return _without_content(self)
