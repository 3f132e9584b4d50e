"""CRM data as Leadwell keeps it: what was imported from CRM exports or sent through the API.

Every record an import can touch carries `last_import`, the run that last wrote it: a second
row with the same key in the same file is then recognised as a duplicate without keeping
the file's keys in memory.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from leadwell.lib.currency import reporting_currency
from leadwell.lib.dbsql import MonthIndex
from leadwell.org.models import Person, Team


class ImportRun(models.Model):
    class Status(models.TextChoices):
        REVIEW = "review", "Uploaded: review the columns"
        PENDING = "pending", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Imported"
        REFUSED = "refused", "Refused: bad rows"
        NO_ROWS = "no_rows", "No rows: nothing to import"
        DRY_RUN = "dry_run", "Dry run"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    file_size = models.BigIntegerField(default=0)
    # An upload from the imports page (CLI imports keep none), kept until
    # LEADWELL_UPLOAD_RETENTION_DAYS after the import finished, then removed (and cleared).
    stored_file = models.CharField(max_length=500, blank=True)
    file_removed_at = models.DateTimeField(null=True, blank=True)
    preset = models.CharField(max_length=30, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.FloatField(default=0.0)  # 0..1, for the progress bar
    rows_read = models.IntegerField(default=0)
    created = models.IntegerField(default=0)
    updated = models.IntegerField(default=0)
    unchanged = models.IntegerField(default=0)
    skipped = models.IntegerField(default=0)
    people_created = models.IntegerField(default=0)  # owners created by --create-people
    error_count = models.IntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # the first ERRORS_KEPT, in file order
    unknown_owners = models.JSONField(default=list, blank=True)
    # Every column of the file and the field it went to, as {header, field, source}
    # (field None when the column is ignored), and what the file as a whole should be
    # known for, as {column, reason}: nothing in a file goes unaccounted for.
    columns = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    # How well the header fitted each preset, best first, as {preset, matched, of, score}.
    preset_fits = models.JSONField(default=list, blank=True)
    # The stages the stage map lacks, once each: {name, rows, first_lines} and a suggested
    # outcome and order for the stage table and the mapping file.
    unknown_stages = models.JSONField(default=list, blank=True)
    # How each date column that could be day-first or month-first was read, and why:
    # {column, order, source, line, reason} (importing/dates.DateOrder.as_json).
    dates = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    # The background task that runs it (imports started from the pages or the API).
    task_id = models.CharField(max_length=64, blank=True)
    # It stopped before it finished because its worker (or command) died: nothing was
    # written, and it can be started again as it was.
    interrupted = models.BooleanField(default=False)

    ERRORS_KEPT = 10_000

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} from {self.file_name} ({self.get_status_display()})"


class Stage(models.Model):
    """The stage map: each CRM stage name with its order in the funnel and its outcome."""

    class Outcome(models.TextChoices):
        OPEN = "open", "Open"
        WON = "won", "Won"
        LOST = "lost", "Lost"

    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=5, choices=Outcome.choices, default=Outcome.OPEN)
    probability = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    name = models.CharField(max_length=255)
    name_key = models.CharField(max_length=255, unique=True, editable=False)
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    segment = models.CharField(max_length=100, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    employees = models.IntegerField(null=True, blank=True)
    annual_revenue = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subsidiaries"
    )
    last_import = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = " ".join(self.name.split())
        self.name_key = self.key_for(self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join(name.split()).casefold()


class Opportunity(models.Model):
    class Type(models.TextChoices):
        NEW_BUSINESS = "new_business", "New business"
        EXPANSION = "expansion", "Expansion"
        RENEWAL = "renewal", "Renewal"

    class ForecastCategory(models.TextChoices):
        PIPELINE = "pipeline", "Pipeline"
        BEST_CASE = "best_case", "Best case"
        COMMIT = "commit", "Commit"
        CLOSED = "closed", "Closed"
        OMITTED = "omitted", "Omitted"

    external_id = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=255, blank=True)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities"
    )
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="opportunities")

    class Conversion(models.TextChoices):
        SAME = "same", "Already in the reporting currency"
        FILE = "file", "The file's converted amount"
        RATE = "rate", "Exchange rate"
        NONE = "", "Not converted"

    # The deal's own amount, in its own currency, as the CRM holds it ...
    amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default=reporting_currency)
    # ... and in the organisation's reporting currency (LEADWELL_CURRENCY): what every
    # figure adds up. Empty when the deal has no amount, or no rate converts it (then it
    # counts nowhere, and the pages say so: currencies are never added together).
    amount_in_reporting_currency = models.DecimalField(
        max_digits=18, decimal_places=2, null=True, blank=True
    )
    # The currency that amount is in: the reporting currency when it was converted (a
    # changed LEADWELL_CURRENCY leaves it behind until `leadwell recompute` converts again).
    reporting_currency = models.CharField(max_length=3, blank=True)
    # How it was converted, and the rate (reporting currency per unit of `currency`).
    conversion = models.CharField(max_length=4, choices=Conversion.choices, blank=True)
    exchange_rate = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    product = models.CharField(max_length=120, blank=True)
    type = models.CharField(max_length=20, choices=Type.choices, blank=True)
    stage = models.CharField(max_length=80)
    stage_order = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(
        max_length=5, choices=Stage.Outcome.choices, default=Stage.Outcome.OPEN
    )
    probability = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    forecast_category = models.CharField(
        max_length=20, choices=ForecastCategory.choices, blank=True
    )
    created_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    # The months of those two dates (`MonthIndex`), kept by the database itself whoever writes
    # the row: the summaries group deals by person and month on them.
    created_month = models.GeneratedField(
        expression=MonthIndex("created_date"), output_field=models.IntegerField(), db_persist=True
    )
    close_month = models.GeneratedField(
        expression=MonthIndex("close_date"), output_field=models.IntegerField(), db_persist=True
    )
    lost_reason = models.CharField(max_length=255, blank=True)
    last_import = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["close_date", "id"]
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["owner", "close_date"]),
            models.Index(fields=["outcome", "close_date"]),
        ]

    def __str__(self) -> str:
        return self.name or self.external_id

    def save(self, *args, **kwargs) -> None:
        self.fill_reporting_amount()
        super().save(*args, **kwargs)

    def fill_reporting_amount(self) -> None:
        """A deal in the reporting currency is its own reporting amount (deals in another
        currency are converted by the importer, which knows the rates)."""
        if self.currency == reporting_currency():
            known = self.amount is not None
            self.amount_in_reporting_currency = self.amount
            self.reporting_currency = self.currency if known else ""
            self.conversion = self.Conversion.SAME if known else self.Conversion.NONE
            self.exchange_rate = Decimal(1) if known else None


class OpportunityChange(models.Model):
    """One change of a tracked field, dated the day it happened (slips and pull-ins read this)."""

    class Field(models.TextChoices):
        STAGE = "stage", "Stage"
        AMOUNT = "amount", "Amount"
        CLOSE_DATE = "close_date", "Close date"
        OWNER = "owner", "Owner"
        FORECAST_CATEGORY = "forecast_category", "Forecast category"

    class Source(models.TextChoices):
        IMPORT = "import", "Import of a later file"
        HISTORY_REPORT = "history_report", "History report"
        API = "api", "API"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20, choices=Field.choices)
    old_value = models.CharField(max_length=255, blank=True)
    new_value = models.CharField(max_length=255, blank=True)
    changed_on = models.DateField()
    source = models.CharField(max_length=20, choices=Source.choices)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_on", "id"]
        indexes = [models.Index(fields=["opportunity", "field", "changed_on"])]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.field}: {self.old_value} → {self.new_value}"


class Activity(models.Model):
    class Type(models.TextChoices):
        CALL = "call", "Call"
        EMAIL = "email", "E-mail"
        MEETING = "meeting", "Meeting"
        DEMO = "demo", "Demo"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DONE = "done", "Done"
        PLANNED = "planned", "Planned"

    external_id = models.CharField(max_length=255, unique=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="activities")
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.OTHER)
    date = models.DateField()
    # The month of `date` (`MonthIndex`), kept by the database: the summaries count activities
    # per person and month from the index below alone.
    month = models.GeneratedField(
        expression=MonthIndex("date"), output_field=models.IntegerField(), db_persist=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    subject = models.CharField(max_length=255, blank=True)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    last_import = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name_plural = "activities"
        # Covers the summaries' count per person, month, status and type: 5,000,000
        # activities are counted without reading the table. (It replaces the index on owner
        # and date rather than adding one: each index slows every import's inserts.)
        indexes = [models.Index(fields=["owner", "month", "status", "type"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date}"


class ExchangeRate(models.Model):
    """How much one unit of a currency is worth in the reporting currency, from a day on
    (until the next rate of that currency): a deal is converted at the rate in force on its
    close date."""

    currency = models.CharField(max_length=3)
    # The reporting currency the rate converts to: rates kept under another reporting
    # currency (LEADWELL_CURRENCY changed since) are never applied.
    to_currency = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=20, decimal_places=10)
    valid_from = models.DateField()
    last_import = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["currency", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "to_currency", "valid_from"], name="one_rate_per_currency_day"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {self.to_currency} from {self.valid_from}"


class Quota(models.Model):
    """A person's quota for a month or a quarter; a team quota only when set explicitly
    (otherwise a team's quota is the sum of its members')."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="quotas"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="quotas"
    )
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    last_import = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period_kind", "period_start"], name="one_quota_per_person_period"
            ),
            models.UniqueConstraint(
                fields=["team", "period_kind", "period_start"], name="one_quota_per_team_period"
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, team__isnull=True)
                | models.Q(person__isnull=True, team__isnull=False),
                name="quota_for_a_person_or_a_team",
            ),
        ]

    def __str__(self) -> str:
        return f"Quota {self.amount} from {self.period_start} ({self.period_kind})"


class ForecastSubmission(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="forecasts")
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    submitted_on = models.DateField()
    commit = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    best_case = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    pipeline = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    last_import = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["period_start", "submitted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period_kind", "period_start", "submitted_on"],
                name="one_forecast_per_person_period_day",
            )
        ]

    def __str__(self) -> str:
        return f"Forecast of {self.submitted_on} for {self.period_start} ({self.period_kind})"


class TeamForecast(models.Model):
    """A leader's call for their team's quarter. Kept apart from ForecastSubmission, whose rows
    are each seller's own and add up into the team's forecast figures: the leader's call is a
    second opinion on the same deals, so counting it there would count the team twice."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="forecast_calls")
    # The leader who made the call (a team's leader changes; the call stays theirs).
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_forecasts")
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    submitted_on = models.DateField()
    commit = models.DecimalField(max_digits=18, decimal_places=2)
    best_case = models.DecimalField(max_digits=18, decimal_places=2)
    pipeline = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["period_start", "submitted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "period_kind", "period_start", "submitted_on"],
                name="one_team_forecast_per_period_day",
            )
        ]

    def __str__(self) -> str:
        return f"Call for {self.team} of {self.submitted_on} for {self.period_start}"
