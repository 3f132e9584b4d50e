"""Changes recorded in the audit trail, and notices to the people they concern."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Via(models.TextChoices):
    """How a change was made."""

    PAGE = "page", "a page"
    API = "api", "the API"
    ADMIN = "admin", "the admin"
    IMPORT = "import", "an import"
    COMMAND = "command", "the command line"
    SYSTEM = "system", "Leadwell itself"


class Kind(models.TextChoices):
    """What kind of thing changed, in the words of the audit trail's filter."""

    REPORTING_LINE = "reporting_line", "Reporting line"
    PERSON = "person", "Person"
    ACCOUNT = "account", "Sign-in account"
    TEAM = "team", "Team"
    OFFICE = "office", "Office"
    TARGET = "target", "Target"
    QUOTA = "quota", "Quota"
    FORECAST = "forecast", "Forecast call"
    PLAN = "plan", "Development plan"
    REPORT = "report", "Upward report"
    DEBRIEF = "debrief", "Debrief or department talk"
    AGREEMENT = "agreement", "Operating agreement"
    CHALLENGE = "challenge", "Challenge"
    ASK = "ask", "Extra ask"
    LEADERSHIP = "leadership", "Vision, goals, aspirations or pivot"
    IMPORT = "import", "Import"
    SETTING = "setting", "Setting"
    ERASURE = "erasure", "Erasure"


class ChangeQuerySet(models.QuerySet["Change"]):
    def about(self, person_id: int) -> "ChangeQuerySet":
        return self.filter(subject_id=person_id)


class Change(models.Model):
    """One change: who made it, when and how, what changed, and its old and new values. For a
    confidential object only the names of the fields that changed are kept, never their
    content, so reading the trail never reveals coaching."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who, as they were named at the time ("Ada Ng", "the demo generator").
    actor_label = models.CharField(max_length=200)
    via = models.CharField(max_length=10, choices=Via.choices)
    import_run_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.CharField(max_length=20)  # created, changed, removed, ran, erased, …
    object_type = models.CharField(max_length=100)  # "<app label>.<model>"
    object_id = models.CharField(max_length=64, blank=True)
    # The person, or team, the change is about (who may read it follows from them).
    subject = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=500)
    # {field: [old, new]}; for a confidential object {field: null}: it changed, nothing more.
    changes = models.JSONField(default=dict, blank=True)
    confidential = models.BooleanField(default=False)
    # Someone who made a change to the reporting lines gained access to the subject's
    # confidential content through it.
    flagged = models.BooleanField(default=False)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject", "at"]),
            models.Index(fields=["kind", "at"]),
            models.Index(fields=["team", "at"]),
        ]

    def __str__(self) -> str:
        # The summary holds no confidential content, but an admin page or a log line has no
        # need of it either.
        return f"Change {self.pk} ({self.kind}, {self.action})"

    @property
    def how(self) -> str:
        """ "a page", "the admin", "import #12"."""
        if self.import_run_id:
            return f"import #{self.import_run_id}"
        return self.get_via_display()

    @property
    def by_whom_and_how(self) -> str:
        """ "Ada Ng through an import #12", or "the demo generator" (Leadwell itself)."""
        if self.via == Via.SYSTEM:
            return self.actor_label
        return f"{self.actor_label} through {self.how}"


class Notice(models.Model):
    """Something a person is told because a change concerns them (their manager changed), or
    warned of (someone who changed their reporting line can now read their coaching)."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="notices")
    change = models.ForeignKey(
        Change, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    text = models.CharField(max_length=600)
    is_warning = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "read_at"])]

    def __str__(self) -> str:
        return f"Notice {self.pk}"
