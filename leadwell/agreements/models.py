"""A leader's operating agreements: with each team they lead, and with the director above.

An agreement is a series of versions. A draft is the leader's to edit; publishing it freezes it
for good and asks the people concerned (the team's members, or the director) to acknowledge
it. Earlier versions stay as the agreement's history, with the acknowledgements they had.
"""

from django.db import models

from leadwell.org.models import Person, Team


def _without_content(obj: models.Model) -> str:
    # Confidential: wherever Django names it (admin, logs, error pages) its kind and number only.
    return f"{obj._meta.verbose_name} #{obj.pk}"


class Agreement(models.Model):
    class With(models.TextChoices):
        TEAM = "team", "With the team"
        DIRECTOR = "director", "With the director"

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="agreements")
    made_with = models.CharField(max_length=10, choices=With.choices)
    # The team a team agreement is with (None for the agreement with the director).
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="agreements"
    )
    # The director an upward agreement is with: the leader's manager when it was last
    # published, who acknowledges it (None for a team agreement).
    director = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements_with_me",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_with", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "team"],
                condition=models.Q(made_with="team"),
                name="one_agreement_per_team",
            ),
            models.UniqueConstraint(
                fields=["leader"],
                condition=models.Q(made_with="director"),
                name="one_agreement_with_the_director",
            ),
        ]

    def __str__(self) -> str:
        return _without_content(self)

    @property
    def is_with_team(self) -> bool:
        return self.made_with == self.With.TEAM


class PublishedVersionChanged(Exception):
    """A published version is the record of what was agreed: it never changes."""


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    # One commitment per line, in the leader's words.
    commitments = models.TextField()
    # None while it is a draft.
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return _without_content(self)

    def save(self, *args, **kwargs) -> None:
        # Guarded here, not only in the services, so no path (a shell, a script) rewrites
        # what people acknowledged.
        if self.pk is not None:
            stored = AgreementVersion.objects.filter(pk=self.pk).values_list(
                "published_at", "commitments"
            )
            for published_at, commitments in stored:
                if published_at is not None and (
                    commitments != self.commitments or published_at != self.published_at
                ):
                    raise PublishedVersionChanged(f"{self} is published: it never changes")
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def commitment_list(self) -> list[str]:
        return [line.strip() for line in self.commitments.splitlines() if line.strip()]


class Acknowledgement(models.Model):
    """A person concerned has read this version and agrees to work by it."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="agreement_acknowledgements"
    )
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["acknowledged_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="one_acknowledgement")
        ]

    def __str__(self) -> str:
        return _without_content(self)
