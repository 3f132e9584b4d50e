"""An extra ask from the director, the leader's assessment of pulling deals forward to meet it,
and the decision.

The assessment keeps the figures it was made on (each ticked deal's amount and close date, the
next quarter's pipeline, quota and forecast that day): the outcome is read against what the
leader knew, not against a CRM that has moved on since.
"""

from decimal import Decimal

from django.db import models

from leadwell.crm.models import Opportunity
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org.models import Person, Team


def _without_content(obj: models.Model) -> str:
    # Confidential: wherever Django names it (admin, logs, error pages) its kind and number only.
    return f"{obj._meta.verbose_name} #{obj.pk}"


class Ask(models.Model):
    """The director asks a leader's team for more in a quarter."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        DECLINED = "declined", "Declined"

    director = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="asks_made")
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="asks_received")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="asks")
    # The first day of the quarter the more is asked in.
    period_start = models.DateField()
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    reason = models.TextField(blank=True)
    asked_on = models.DateField()
    recorded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, related_name="asks_recorded"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # Decided with no assessment made first: what the balance dashboard counts.
    without_assessment = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_on", "-id"]

    def __str__(self) -> str:
        return _without_content(self)

    @property
    def period(self) -> Period:
        return period_of(self.period_start, PeriodKind.QUARTER)

    @property
    def next_period(self) -> Period:
        return self.period.next()

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)


class Assessment(models.Model):
    """The leader's answer before deciding: the deals that could be pulled in, the concessions
    they would need, what the next quarter would lose, and the leader's recommendation."""

    ask = models.OneToOneField(Ask, on_delete=models.CASCADE, related_name="assessment")
    assessed_on = models.DateField()
    recommendation = models.TextField(blank=True)
    # The next quarter as it stood when assessed, before pulling anything.
    next_pipeline = models.DecimalField(max_digits=18, decimal_places=2)
    next_quota = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    next_forecast = models.DecimalField(max_digits=18, decimal_places=2)
    # Whether next_forecast is the team's call, or else the CRM's commit.
    forecast_is_call = models.BooleanField(default=False)

    def __str__(self) -> str:
        return _without_content(self)


class AssessedDeal(models.Model):
    """A deal the leader ticked in the assessment, with the concession it would likely need."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="deals")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    close_date = models.DateField()
    # Whether the deal counted in the next quarter's open pipeline, and in its commit, when
    # assessed: what pulling it takes away from that quarter.
    in_next_pipeline = models.BooleanField(default=False)
    in_next_commit = models.BooleanField(default=False)
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    terms = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "opportunity"], name="a_deal_once_per_assessment"
            )
        ]

    def __str__(self) -> str:
        return _without_content(self)

    @property
    def discount(self) -> Decimal:
        """What the concession costs in money (terms cost nothing measurable)."""
        return (self.amount * (self.discount_percent or 0) / 100).quantize(Decimal("0.01"))

    @property
    def net(self) -> Decimal:
        return self.amount - self.discount


class AskedDeal(models.Model):
    """A deal the leader, deciding, asks its seller to close in the quarter."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="asked_deals")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    seller = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deals_asked_of")
    # The deal as it stood when asked: what the outcome compares with.
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    close_date = models.DateField()

    class Meta:
        ordering = ["seller__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ask", "opportunity"], name="a_deal_asked_once")
        ]

    def __str__(self) -> str:
        return _without_content(self)
