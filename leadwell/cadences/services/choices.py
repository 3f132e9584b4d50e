"""What a person gets and when: their time zone, each kind of e-mail on or off with its day and
hour, unsubscribing in one click, and reading their notifications.

Each step is the person's own: the pages find the person from the signed-in account
(`policy.person_or_404`) or, for unsubscribing, from a signed token, and fetch a notification
through the policy before marking it read. A refusal is a ValidationError keyed by the field
it is about, shown beside that field.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leadwell.cadences import choices
from leadwell.cadences.models import (
    Kind,
    MailChoice,
    Notification,
    Preferences,
    validate_time_zone,
)
from leadwell.org.models import Person

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Wanted:
    """One kind as the person set it on their preferences page."""

    kind: str
    by_email: bool
    weekday: int
    hour: int


def mail_choice_set(
    *,
    person: Person,
    kind: str,
    by_email: bool,
    weekday: int,
    hour: int,
    today: datetime.date | None = None,
) -> MailChoice:
    """Whether the person gets `kind` by e-mail, and on which day (weekly digests) and hour in
    their time zone. Only a kind the person is offered today can be chosen."""
    today = today or timezone.localdate()
    try:
        chosen = Kind(kind)
    except ValueError:
        raise ValidationError({"kind": [f"“{kind}” is not an e-mail Leadwell sends."]}) from None
    if chosen not in choices.kinds_for(person, today):
        raise ValidationError({"kind": [f"{chosen.label} is not offered to {person.name}."]})
    errors = {}
    if not isinstance(weekday, int) or not 0 <= weekday <= 6:
        errors["weekday"] = [f"Pick a day of the week, {WEEKDAYS[0]} to {WEEKDAYS[6]}."]
    if not isinstance(hour, int) or not 0 <= hour <= 23:
        errors["hour"] = ["Pick an hour from 00:00 to 23:00."]
    if errors:
        raise ValidationError(errors)
    choice, _ = MailChoice.objects.update_or_create(
        person=person,
        kind=chosen,
        defaults={"by_email": bool(by_email), "weekday": weekday, "hour": hour},
    )
    return choice


def time_zone_set(*, person: Person, time_zone: str) -> Preferences:
    """The person's time zone, in which their e-mails' hours and their calendar's days are
    read."""
    name = (time_zone or "").strip()
    try:
        validate_time_zone(name)
    except ValidationError as error:
        raise ValidationError({"time_zone": error.messages}) from None
    preferences, _ = Preferences.objects.update_or_create(
        person=person, defaults={"time_zone": name}
    )
    return preferences


def preferences_save(
    *,
    person: Person,
    time_zone: str,
    wanted: list[Wanted],
    today: datetime.date | None = None,
) -> None:
    """The preferences page's one Save: the time zone and every kind shown, all or nothing.
    A refusal names its field as "<kind>-<field>" (or "time_zone"), every refusal at once."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        try:
            time_zone_set(person=person, time_zone=time_zone)
        except ValidationError as error:
            errors |= error.message_dict
        for each in wanted:
            try:
                mail_choice_set(
                    person=person,
                    kind=each.kind,
                    by_email=each.by_email,
                    weekday=each.weekday,
                    hour=each.hour,
                    today=today,
                )
            except ValidationError as error:
                errors |= {f"{each.kind}-{k}": v for k, v in error.message_dict.items()}
        if errors:
            # Nothing of a refused page is kept: the person corrects it and saves it whole.
            transaction.set_rollback(True)
    if errors:
        raise ValidationError(errors)


def mail_unsubscribe(*, person_id: int, kind: str) -> MailChoice:
    """Turn one kind of e-mail off for the person (the one-click link in each e-mail). The day
    and hour they chose are kept, so turning it on again brings it back as it was. The
    in-app notification still comes: only the e-mail stops."""
    chosen = Kind(kind)
    person = Person.objects.get(pk=person_id)
    default = choices.DEFAULTS[chosen]
    choice, made = MailChoice.objects.get_or_create(
        person=person,
        kind=chosen,
        defaults={"by_email": False, "weekday": default.weekday, "hour": default.hour},
    )
    if not made and choice.by_email:
        choice.by_email = False
        choice.save(update_fields=["by_email", "updated_at"])
    return choice


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, person: Person) -> int:
    """Mark every unread notification of the person read; how many were."""
    return Notification.objects.filter(person=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )
