"""Sending the queued mail through the mail server, at most once each.

The worker's upkeep calls `deliveries_send_due` every minute. Each delivery is claimed
(QUEUED to SENDING) by a conditional update before it is sent, so two workers never send the
same one, and marked SENT in its own write right after the server took it. A worker that
dies between the two leaves it SENDING: the server may or may not have it, so
`deliveries_mark_uncertain` marks it UNCERTAIN and nothing sends it again by itself (an
administrator may). A temporary failure (no server, a timeout, a 4xx answer) is tried again
later, after a longer wait each time; a permanent one (the server refuses the recipient, or
the tries run out) is FAILED and shown to administrators.

The log names deliveries by id, kind and status, never their address, subject or body.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass, field
from email.mime.image import MIMEImage
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.db.models import F
from django.utils import timezone

from leadwell.cadences import unsubscribe
from leadwell.cadences.models import Delivery

log = logging.getLogger("leadwell.cadences.delivery")

# The wait before each new try after a temporary failure; after the last, the delivery fails.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
)
# A delivery SENDING for longer than this was claimed by a worker that died: the slowest send
# is a connection, a login and a message, each within EMAIL_TIMEOUT.
SENDING_TIMEOUT = datetime.timedelta(minutes=10)
# At most this many deliveries in one round: the rest wait for the next minute.
BATCH = 200


@dataclass
class Sent:
    """What one round of sending did, by delivery id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.retrying or self.failed)


class Temporary(Exception):
    """The server could not take the message now; it may later. `unreachable`: no answer
    at all (no server, a timeout, a dropped connection), which the next messages would meet
    too."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


class Permanent(Exception):
    """The server will not take this message."""


def deliveries_send_due(now: datetime.datetime | None = None, limit: int = BATCH) -> Sent:
    """Send the queued deliveries whose time has come, one by one, through one connection."""
    now = now or timezone.now()
    done = Sent()
    due = list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not due:
        return done
    connection = mail.get_connection(fail_silently=False)
    try:
        for pk in due:
            if not _claim(pk):
                continue  # another worker took it
            delivery = Delivery.objects.select_related("notification").get(pk=pk)
            try:
                _send(delivery, connection)
            except Temporary as error:
                if _retry_or_fail(delivery, str(error), now):
                    done.retrying.append(pk)
                else:
                    done.failed.append(pk)
                if error.unreachable:
                    # The rest wait for the next round, unclaimed, rather than each waiting
                    # out a timeout now.
                    break
            except Permanent as error:
                _fail(delivery, str(error))
                done.failed.append(pk)
            else:
                Delivery.objects.filter(pk=pk, status=Delivery.Status.SENDING).update(
                    status=Delivery.Status.SENT,
                    sent_at=timezone.now(),
                    message_id=message_id_of(delivery),
                    attempts=F("attempts") + 1,
                    last_error="",
                )
                log.info("delivery %s (%s): sent", pk, delivery.notification.kind)
                done.sent.append(pk)
    finally:
        _close(connection)
    return done


def deliveries_mark_uncertain(now: datetime.datetime | None = None) -> list[int]:
    """Mark UNCERTAIN the deliveries claimed by a worker that died while sending them."""
    now = now or timezone.now()
    stuck = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    )
    marked = list(stuck.values_list("pk", flat=True))
    if marked:
        Delivery.objects.filter(pk__in=marked, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.UNCERTAIN,
            last_error=(
                "The worker stopped while sending this e-mail: the mail server may have "
                "received it. It is not sent again unless an administrator asks."
            ),
        )
        for pk in marked:
            log.warning("delivery %s: its worker stopped while sending; uncertain", pk)
    return marked


def _claim(pk: int) -> bool:
    # One conditional UPDATE: on PostgreSQL a second worker's update waits for the first's
    # and then finds the status changed; on SQLite writes take turns. Either way one wins.
    return bool(
        Delivery.objects.filter(pk=pk, status=Delivery.Status.QUEUED).update(
            # The clock's time, not the round's `now`: it tells how long a worker has held it.
            status=Delivery.Status.SENDING,
            claimed_at=timezone.now(),
        )
    )


def _send(delivery: Delivery, connection) -> None:
    try:
        message = message_for(delivery, connection=connection)
    except Exception as error:
        # Trying again would build the same broken message.
        log.exception("delivery %s: the e-mail could not be built", delivery.pk)
        raise Permanent(f"The e-mail could not be built: {type(error).__name__}") from error
    try:
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        answer = "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
        if codes and all(code >= 500 for code in codes):
            raise Permanent(f"The mail server refused the recipient: {answer}") from error
        raise Temporary(f"The mail server could not take the recipient now: {answer}") from error
    except smtplib.SMTPDataError as error:
        answer = f"{error.smtp_code} {_text(error.smtp_error)}"
        if error.smtp_code >= 500:
            raise Permanent(f"The mail server refused the message: {answer}") from error
        raise Temporary(f"The mail server could not take the message now: {answer}") from error
    except smtplib.SMTPResponseException as error:
        # A refused sender or login: the server's settings, which an administrator fixes;
        # the tries go on meanwhile.
        answer = f"{error.smtp_code} {_text(error.smtp_error)}"
        raise Temporary(f"The mail server answered {answer}") from error
    except OSError as error:  # refused or dropped connection, timeout, TLS (smtplib's too)
        _close(connection)
        reason = str(error) or type(error).__name__
        raise Temporary(f"Could not reach the mail server: {reason}", unreachable=True) from error


class Mail(mail.EmailMultiAlternatives):
    # The charts belong to the HTML: mail clients show the "cid:" images of a
    # multipart/related message inline, where a multipart/mixed one lists them as attachments.
    mixed_subtype = "related"


def message_for(delivery: Delivery, *, connection=None) -> Mail:
    """The e-mail of a delivery: plain text, its HTML alternative and the HTML's charts."""
    notification = delivery.notification
    unsubscribe_url = unsubscribe.url_for(notification.person_id, notification.kind)
    message = Mail(
        subject=delivery.subject,
        body=delivery.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_address],
        connection=connection,
        headers={
            "Message-ID": message_id_of(delivery),
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            # RFC 8058: mail clients unsubscribe with one POST, no page to fill in.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no out-of-office replies to a digest.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(delivery.html, "text/html")
    images = list(delivery.images.all())
    if images:
        for image in images:
            part = MIMEImage(bytes(image.png), "png")
            part.add_header("Content-ID", f"<{image.content_id}>")
            part.add_header("Content-Disposition", "inline", filename=f"{image.content_id}.png")
            message.attach(part)
    return message


def message_id_of(delivery: Delivery) -> str:
    """The same Message-ID on every try of a delivery, so a server or client that sees the
    message twice can tell it is one."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<delivery-{delivery.pk}.{delivery.created_at:%Y%m%d%H%M%S}@{host}>"


def _retry_or_fail(delivery: Delivery, error: str, now: datetime.datetime) -> bool:
    """Queue the delivery again after its wait; False when its tries have run out."""
    attempts = delivery.attempts + 1
    if attempts > len(BACKOFF):
        _fail(delivery, f"Gave up after {attempts} tries. {error}", attempts=attempts)
        return False
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.QUEUED,
        attempts=attempts,
        next_attempt_at=now + BACKOFF[attempts - 1],
        claimed_at=None,
        last_error=error,
    )
    log.info(
        "delivery %s (%s): temporary failure, try %s; again in %s",
        delivery.pk,
        delivery.notification.kind,
        attempts,
        BACKOFF[attempts - 1],
    )
    return True


def _fail(delivery: Delivery, error: str, *, attempts: int | None = None) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED,
        attempts=attempts if attempts is not None else delivery.attempts + 1,
        last_error=error,
    )
    log.warning("delivery %s (%s): failed", delivery.pk, delivery.notification.kind)


def _close(connection) -> None:
    try:
        connection.close()
    except (OSError, smtplib.SMTPException):
        # A connection that broke cannot say goodbye; the next send opens a new one.
        connection.connection = None


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def undelivered():
    """The deliveries an administrator looks at: refused, or perhaps not sent; newest first."""
    return (
        Delivery.objects.filter(status__in=(Delivery.Status.FAILED, Delivery.Status.UNCERTAIN))
        .select_related("notification__person")
        .order_by("-created_at", "-pk")
    )
