"""Summaries of CRM data per person, team, office and the whole organisation, per period, and the
targets a leader sets.

Pages and the API read figures only, never raw CRM rows. `Parts` rows hold the numbers the
figures are computed from when they are read (`figures.py`), so an import refreshes only the
parts of the people and periods it touched.
"""

from django.db import models
from django.utils import timezone

from leadwell.org.models import Person, Team


class Scope(models.TextChoices):
    PERSON = "person", "Person"
    TEAM = "team", "Team"
    OFFICE = "office", "Office"
    ORG = "org", "Organisation"


ORG_ID = 0  # the organisation scope has a single id
# The office scope of the people on no office (on no team, or on a team in no office): the
# organisation's "No office" drill-down row, so the rows add up to the organisation's totals.
NO_OFFICE_ID = 0


class Parts(models.Model):
    """The parts (catalog.PARTS) of one scope and period: one column each."""

    scope_kind = models.CharField(max_length=10, choices=Scope.choices)
    scope_id = models.IntegerField()
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    # One column per catalog.PARTS entry, in the same order (a test holds them together).
    won_amount = models.FloatField(null=True)
    won_count = models.FloatField(null=True)
    lost_amount = models.FloatField(null=True)
    lost_count = models.FloatField(null=True)
    open_amount = models.FloatField(null=True)
    open_count = models.FloatField(null=True)
    weighted_amount = models.FloatField(null=True)
    rush_won_amount = models.FloatField(null=True)
    created_amount = models.FloatField(null=True)
    created_count = models.FloatField(null=True)
    activities = models.FloatField(null=True)
    calls = models.FloatField(null=True)
    emails = models.FloatField(null=True)
    meetings = models.FloatField(null=True)
    demos = models.FloatField(null=True)
    slipped_count = models.FloatField(null=True)
    pulled_in_count = models.FloatField(null=True)
    forecast_commit = models.FloatField(null=True)
    forecast_people = models.FloatField(null=True)
    forecast_won = models.FloatField(null=True)
    quota = models.FloatField(null=True)
    team_quota = models.FloatField(null=True)
    standing_amount = models.FloatField(null=True)
    horizon_amount = models.FloatField(null=True)
    median_cycle_days = models.FloatField(null=True)
    accounts_won = models.FloatField(null=True)
    new_accounts = models.FloatField(null=True)
    segments_won = models.FloatField(null=True)
    top_account_amount = models.FloatField(null=True)

    class Meta:
        verbose_name_plural = "parts"
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "period_kind", "period_start"],
                name="one_parts_row_per_scope_period",
            )
        ]

    def __str__(self) -> str:
        return f"parts of {self.scope_kind} {self.scope_id} for {self.period_start}"


class CalendarDay(models.Model):
    """Each day with the fiscal month, quarter and year it falls in, so that SQL can group raw
    rows by period with a plain join (rebuilt when the fiscal year start changes)."""

    day = models.DateField()
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()  # the first day after the period
    # In the last two weeks of its fiscal quarter (for quarter-end concentration).
    quarter_end_rush = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "period_kind"], name="one_day_per_period_kind")
        ]

    def __str__(self) -> str:
        return f"{self.day} in the {self.period_kind} from {self.period_start}"


class Target(models.Model):
    """A target for one metric: a team standard set by its leader, or a seller's personal target
    agreed between seller and leader (which overrides the standard). Effective from
    `valid_from` until a later target for the same team or person and metric."""

    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    metric = models.CharField(max_length=40)
    # None withdraws the target from `valid_from` on.
    value = models.FloatField(null=True, blank=True)
    valid_from = models.DateField()
    agreed_on = models.DateField(null=True, blank=True)
    set_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["metric", "-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=False, person__isnull=True)
                | models.Q(team__isnull=True, person__isnull=False),
                name="target_for_a_team_or_a_person",
            ),
            models.UniqueConstraint(
                fields=["team", "metric", "valid_from"], name="one_team_target_per_day"
            ),
            models.UniqueConstraint(
                fields=["person", "metric", "valid_from"], name="one_personal_target_per_day"
            ),
        ]

    def __str__(self) -> str:
        whose = f"team {self.team_id}" if self.team_id else f"person {self.person_id}"
        return f"{self.metric} target {self.value} for {whose} from {self.valid_from}"


class Diagnosis(models.Model):
    """The diagnostic map: a likely root cause (a skill or behaviour) of a gap in a metric.
    Seeded with defaults; administrators edit it in the admin."""

    metric = models.CharField(max_length=40)
    cause = models.CharField(max_length=80)  # e.g. "Prospecting"
    explanation = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["metric", "order", "cause"]
        verbose_name_plural = "diagnoses"
        constraints = [
            models.UniqueConstraint(fields=["metric", "cause"], name="one_cause_per_metric")
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.cause}"


class TeamSettings(models.Model):
    """A team's scorecard settings, chosen by its leader."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="scorecard_settings")
    # Whether members see a ranking of the team's sellers by bookings (never their gaps).
    public_ranking = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "team settings"

    def __str__(self) -> str:
        return f"Scorecard settings of team {self.team_id}"
