"""The outbox: a digest or reminder becomes an in-app notification and, if its person chose
that kind by e-mail, a delivery the worker sends (leadwell/cadences/delivery.py).

The digests compose the subject, the lines and both parts of the mail; this module only
keeps them. Composing the same notification twice (upkeep run by two workers, a worker
restarted mid-round) finds it made and queues nothing more: one notification per person and
key, held by the database's unique constraint rather than by a read before the write.
"""

import logging
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leadwell.cadences import choices
from leadwell.cadences.models import Delivery, Kind, MailImage, Notification
from leadwell.org.models import Person

log = logging.getLogger("leadwell.cadences")

# (content_id, png_bytes, alt): a chart the HTML part shows as <img src="cid:content_id">.
Image = tuple[str, bytes, str]


def notification_send(
    *,
    person: Person,
    kind: Kind | str,
    key: str,
    subject: str,
    lines: Sequence[dict],
    text: str,
    html: str,
    images: Iterable[Image] = (),
) -> Notification | None:
    """Keep the notification and queue its e-mail if the person gets this kind by e-mail.

    Returns None, doing nothing, when the person already has a notification with this key."""
    kind = Kind(kind)
    if Notification.objects.filter(person=person, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                person=person, kind=kind, key=key, subject=subject, lines=list(lines)
            )
            delivery = _queue(notification, person=person, text=text, html=html, images=images)
    except IntegrityError:
        # Another worker made it between the read above and this write.
        if Notification.objects.filter(person=person, key=key).exists():
            return None
        raise
    log.info(
        "notification %s (%s) made; %s",
        notification.pk,
        kind.value,
        f"delivery {delivery.pk} queued" if delivery else "not by e-mail",
    )
    return notification


def _queue(
    notification: Notification, *, person: Person, text: str, html: str, images: Iterable[Image]
) -> Delivery | None:
    if not (person.is_active and person.email):
        return None
    if not choices.choices_of(person)[Kind(notification.kind)].by_email:
        return None
    delivery = Delivery.objects.create(
        notification=notification,
        to_address=person.email,
        subject=notification.subject,
        text=text,
        html=html,
    )
    MailImage.objects.bulk_create(
        MailImage(delivery=delivery, content_id=content_id, png=png, alt=alt)
        for content_id, png, alt in images
    )
    return delivery


def delivery_send_again(*, delivery: Delivery) -> Delivery:
    """Queue a failed or uncertain delivery once more, with its tries counted afresh, to its
    person's address today (the usual fix for a refused one is a corrected address). An
    uncertain one may reach its person twice: the administrator's decision."""
    person = delivery.notification.person
    again = (Delivery.Status.FAILED, Delivery.Status.UNCERTAIN)
    updated = Delivery.objects.filter(pk=delivery.pk, status__in=again).update(
        status=Delivery.Status.QUEUED,
        to_address=person.email or delivery.to_address,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_at=None,
        last_error="",
    )
    if not updated:
        raise ValidationError(
            "This e-mail is no longer waiting to be sent again: it was sent or is on its way."
        )
    delivery.refresh_from_db()
    log.info("delivery %s (%s): queued again by an administrator", delivery.pk, delivery.status)
    return delivery
