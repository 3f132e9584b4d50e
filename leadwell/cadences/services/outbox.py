"""Notifications and the mail that carries them.

The digests' branch carries the simplest correct version of `notification_send`, to compose
against; the sending branch's version (with the worker's delivery, retries and backoff)
replaces this module when both are merged. The signature is the one both agree on.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from leadwell.cadences.choices import choices_of
from leadwell.cadences.models import Delivery, Kind, MailImage, Notification
from leadwell.org.models import Person


def notification_send(
    *,
    person: Person,
    kind: Kind | str,
    key: str,
    subject: str,
    lines: list[dict],
    text: str,
    html: str,
    images: Iterable[tuple[str, bytes, str]] = (),
) -> Notification | None:
    """Make the person's notification for `key` and, if they get this kind by e-mail, queue
    its delivery; None when the notification for `key` was already made (nothing more is)."""
    kind = Kind(kind)
    if Notification.objects.filter(person=person, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                person=person, kind=kind, key=key, subject=subject, lines=lines
            )
            if choices_of(person)[kind].by_email and person.email:
                delivery = Delivery.objects.create(
                    notification=notification,
                    to_address=person.email,
                    subject=subject,
                    text=text,
                    html=html,
                )
                MailImage.objects.bulk_create(
                    MailImage(delivery=delivery, content_id=cid, png=png, alt=alt)
                    for cid, png, alt in images
                )
    except IntegrityError:  # made at the same moment by another worker
        return None
    return notification
