"""Cadences: what is held about a person, for their export and erasure.

Their time zone, e-mail choices, notifications and the mail sent to them are theirs and go
into their own export. A calendar feed's token is a secret: only that a feed was made, when,
and whether it is revoked is exported, never its hash. Nothing here is confidential content
(no coaching text, notes or pulse comments), so erasing a departed person removes nothing of
it beyond what deleting the person does.
"""

from leadwell.cadences.models import (
    CalendarFeed,
    Delivery,
    MailChoice,
    Notification,
    Preferences,
)
from leadwell.lib.personal_data import Holding

PERSONAL_DATA = (
    Holding(
        key="time_zone",
        title="Your time zone, for your calendar feed and e-mails",
        model=Preferences,
        rows=lambda person: Preferences.objects.filter(person=person),
        fields=("time_zone", "updated_at"),
        via=("person",),
    ),
    Holding(
        key="mail_choices",
        title="Which e-mails you chose to get, and when",
        model=MailChoice,
        rows=lambda person: MailChoice.objects.filter(person=person).order_by("kind"),
        fields=("kind", "by_email", "weekday", "hour", "updated_at"),
        via=("person",),
    ),
    Holding(
        key="calendar_feeds",
        title="Your calendar feed addresses (the secret itself is not kept)",
        model=CalendarFeed,
        rows=lambda person: CalendarFeed.objects.filter(person=person).order_by("created_at"),
        fields=("hint", "created_at", "last_read_at", "revoked_at"),
        via=("person",),
    ),
    Holding(
        key="notifications",
        title="Your notifications: digests and reminders",
        model=Notification,
        rows=lambda person: Notification.objects.filter(person=person).order_by("created_at"),
        fields=("kind", "subject", "lines", "created_at", "read_at"),
        via=("person",),
    ),
    Holding(
        key="mail_sent",
        title="The e-mails sent to you",
        model=Delivery,
        rows=lambda person: Delivery.objects.filter(notification__person=person).order_by(
            "created_at"
        ),
        fields=("to_address", "subject", "status", "sent_at", "created_at"),
    ),
)

ERASABLE = ()
