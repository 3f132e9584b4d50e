"""The rhythm coming to people: their calendar feed, the e-mails they choose to get, the
notifications those e-mails are copies of, and the mail on its way out.

Nothing here holds confidential text. A notification is a subject and lines of counts, names
of what is due and links, composed by the digests (leadwell/cadences/digests.py); the mail
is that notification rendered as plain text and HTML.
"""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from leadwell.org.models import Person

FEED_TOKEN_PREFIX = "lwcal_"  # noqa: S105 (a prefix, not a secret)


class Kind(models.TextChoices):
    """What a person can get: each is an in-app notification and, if they choose, an e-mail."""

    LEADER_DIGEST = "leader_digest", "Monday digest: your team this week"
    PRE_ONE_ON_ONE = "pre_one_on_one", "Before your 1:1: the Monday question and talking points"
    DIRECTOR_DIGEST = "director_digest", "Weekly digest: your leaders"
    REMINDERS = "reminders", "Reminders: what is due or overdue, at most one a day"


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(f"“{name}” is not a time zone; pick one such as Europe/London.")


class Preferences(models.Model):
    """A person's time zone, in which their feed's days and their e-mails' hours are read.
    No row: the organisation's time zone (settings.TIME_ZONE)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"Preferences #{self.pk}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)


class MailChoice(models.Model):
    """Whether a person gets one kind of e-mail, and when, in their own time zone. No row: the
    kind's defaults (leadwell/cadences/choices.py)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by_email = models.BooleanField(default=True)
    # For a weekly digest: the day it comes (0 is Monday). Other kinds ignore it.
    weekday = models.PositiveSmallIntegerField(default=0)
    hour = models.PositiveSmallIntegerField(default=8)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_mail_choice_per_kind"),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6) & models.Q(hour__lte=23),
                name="mail_choice_day_and_hour",
            ),
        ]

    def __str__(self) -> str:
        return f"Mail choice #{self.pk} ({self.kind})"


class CalendarFeed(models.Model):
    """A person's private calendar feed address. Only the token's hash is kept: the address
    is shown once, when it is made; a new one revokes the old."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Calendar feed #{self.pk} ({self.hint}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @staticmethod
    def new_secret() -> str:
        return FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)


class Notification(models.Model):
    """One digest or reminder, as the person reads it in the app and, if they chose, by
    e-mail. `key` names the kind and the period it is for ("leader_digest:2026-12-07"): one
    per person and key, so composing it again (a worker restarted, upkeep run twice) finds it
    made and sends nothing more."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=80)
    subject = models.CharField(max_length=200)
    # [{"text": "...", "link": "/path/", "section": "..."}]: counts, names of what is due
    # and links; never coaching text, notes or pulse comments.
    lines = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="one_notification_per_key")
        ]

    def __str__(self) -> str:
        return f"Notification #{self.pk} ({self.kind})"


class Delivery(models.Model):
    """A notification on its way out by e-mail, sent by the background worker.

    QUEUED waits for `next_attempt_at`; SENDING is claimed by a worker; SENT is done; FAILED
    is a permanent failure an administrator sees. A delivery left SENDING by a worker that
    died may have reached the server: it is marked UNCERTAIN and never sent again by itself,
    so nothing is sent twice (an administrator can send it again)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNCERTAIN = "uncertain", "May not have been sent"

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="delivery"
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=200)
    text = models.TextField()
    html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"Delivery #{self.pk} ({self.status})"


class MailImage(models.Model):
    """A chart in an e-mail, as a PNG the mail carries inline (most mail clients block SVG)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="images")
    content_id = models.CharField(max_length=100)
    png = models.BinaryField()
    alt = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"Mail image #{self.pk}"
