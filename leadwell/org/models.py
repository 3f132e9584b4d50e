"""The org chart: people, teams, regional offices and effective-dated reporting lines.

A reporting line is a Membership: from `valid_from` (inclusive) until `valid_until`
(exclusive; open when empty) a person is a member of a team, or its leader. A person's
manager on a date is the leader of the team they are a member of on that date, so a seller
who changes team keeps their past periods with the old team and the old leader.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Office(models.Model):
    """A regional office or business unit; business units contain regions and offices."""

    class Kind(models.TextChoices):
        BUSINESS_UNIT = "business_unit", "Business unit"
        REGION = "region", "Region"
        OFFICE = "office", "Regional office"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> "PersonQuerySet":
        return self.filter(is_active=True)

    def search(self, text: str) -> "PersonQuerySet":
        text = " ".join(text.split())
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(email__icontains=text) | Q(title__icontains=text)
        )


class Person(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(null=True, blank=True, unique=True)
    # The person's id in the CRM they were imported from (a Salesforce user id): the records
    # imported later name their owner and manager by it.
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    title = models.CharField(max_length=120, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = " ".join(self.name.split())
        self.email = self.email.strip().lower() if self.email else None
        self.external_id = self.external_id.strip() if self.external_id else None
        super().save(*args, **kwargs)

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.name.split()[:2]).upper()


class MembershipQuerySet(models.QuerySet["Membership"]):
    def on(self, day: datetime.date) -> "MembershipQuerySet":
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=day), valid_from__lte=day
        )

    def members(self) -> "MembershipQuerySet":
        return self.filter(role=Membership.Role.MEMBER)

    def leaders(self) -> "MembershipQuerySet":
        return self.filter(role=Membership.Role.LEADER)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        LEADER = "leader", "Leader"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "id"]
        indexes = [
            models.Index(fields=["team", "role", "valid_from"]),
            models.Index(fields=["person", "role", "valid_from"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="membership_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "now"
        return (
            f"{self.person} {self.role} of {self.team} ({self.valid_from.isoformat()} to {until})"
        )

    @property
    def last_day(self) -> datetime.date | None:
        """The last day of the membership: `valid_until` is the first day after it."""
        return self.valid_until - datetime.timedelta(days=1) if self.valid_until else None
