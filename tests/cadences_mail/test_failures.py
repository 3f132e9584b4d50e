"""When the mail server is down, refuses, or the worker dies mid-batch: tried again later,
failed for good, or left uncertain; never sent twice."""

import datetime
import logging

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.utils import timezone

from leadwell import worker
from leadwell.cadences.delivery import (
    BACKOFF,
    SENDING_TIMEOUT,
    deliveries_mark_uncertain,
    deliveries_send_due,
    message_id_of,
)
from leadwell.cadences.models import Delivery

from .conftest import GREYLISTED, REFUSED, queue_mail

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def test_mail_that_finds_no_server_is_tried_again_after_a_wait_and_arrives_once(
    personas, mail_server_off
):
    queue_mail(personas.leader, key="reminders:2026-12-07")
    start = timezone.now()

    done = deliveries_send_due(now=start)

    [delivery] = Delivery.objects.all()
    assert done.retrying == [delivery.pk]
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.attempts == 1
    assert delivery.next_attempt_at == start + BACKOFF[0]
    assert delivery.last_error.startswith("Could not reach the mail server")

    server = mail_server_off.start()
    assert not deliveries_send_due(now=start + BACKOFF[0] / 2)  # not yet due
    assert server.inbox.messages == []

    done = deliveries_send_due(now=start + BACKOFF[0])
    deliveries_send_due(now=start + BACKOFF[0] + MINUTE)

    assert done.sent == [delivery.pk]
    assert len(server.inbox.to("lena.hart@example.com")) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")


def test_with_no_server_the_rest_of_the_batch_waits_untouched_for_the_next_round(
    personas, mail_server_off
):
    for key in ("a", "b", "c"):
        queue_mail(personas.leader, key=f"reminders:{key}")

    done = deliveries_send_due()

    assert len(done.retrying) == 1
    untouched = Delivery.objects.exclude(pk__in=done.retrying)
    assert [(d.status, d.attempts) for d in untouched] == [("queued", 0), ("queued", 0)]


def test_each_wait_is_longer_and_after_the_last_the_mail_fails_for_good(personas, mail_server_off):
    queue_mail(personas.leader, key="reminders:2026-12-07")
    now = timezone.now()
    waits = []
    for _ in BACKOFF:
        deliveries_send_due(now=now)
        delivery = Delivery.objects.get()
        waits.append(delivery.next_attempt_at - now)
        now = delivery.next_attempt_at

    done = deliveries_send_due(now=now)

    assert waits == list(BACKOFF)
    assert waits == sorted(waits)
    delivery.refresh_from_db()
    assert done.failed == [delivery.pk]
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == len(BACKOFF) + 1
    assert delivery.last_error.startswith(f"Gave up after {len(BACKOFF) + 1} tries.")


def test_a_recipient_the_server_refuses_for_good_fails_at_once_and_the_others_still_go(
    personas, mail_server
):
    personas.seller.email = REFUSED
    personas.seller.save()
    queue_mail(personas.seller, key="reminders:2026-12-07")
    queue_mail(personas.leader, key="reminders:2026-12-07")

    done = deliveries_send_due()

    refused = Delivery.objects.get(to_address=REFUSED)
    assert done.failed == [refused.pk]
    assert refused.status == Delivery.Status.FAILED
    assert refused.attempts == 1
    assert "550" in refused.last_error
    assert "no such mailbox" in refused.last_error
    assert [m["To"] for m in mail_server.inbox.messages] == ["lena.hart@example.com"]


def test_a_recipient_the_server_asks_to_try_later_is_tried_later_and_the_others_still_go(
    personas, mail_server
):
    personas.seller.email = GREYLISTED
    personas.seller.save()
    queue_mail(personas.seller, key="reminders:2026-12-07")
    queue_mail(personas.leader, key="reminders:2026-12-07")

    done = deliveries_send_due()

    later = Delivery.objects.get(to_address=GREYLISTED)
    assert done.retrying == [later.pk]
    assert (later.status, later.attempts) == ("queued", 1)
    assert "451" in later.last_error
    assert [m["To"] for m in mail_server.inbox.messages] == ["lena.hart@example.com"]


def test_the_log_names_deliveries_by_id_never_their_address_subject_or_body(
    personas, mail_server, caplog
):
    caplog.set_level(logging.DEBUG)
    personas.seller.email = REFUSED
    personas.seller.save()
    queue_mail(personas.seller, key="reminders:2026-12-07")
    queue_mail(personas.leader, key="reminders:2026-12-07")

    deliveries_send_due()

    # Leadwell's own log (the test server's log, mail.log, is the server's business).
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("leadwell"))
    refused = Delivery.objects.get(to_address=REFUSED)
    sent = Delivery.objects.get(to_address="lena.hart@example.com")
    assert f"delivery {refused.pk} (reminders): failed" in ours
    assert f"delivery {sent.pk} (reminders): sent" in ours
    for secret in ("lena.hart@example.com", REFUSED, "2 things due", "plan reviews"):
        assert secret not in ours


class WorkerDies(BaseException):
    """The worker's process ends: no handler of the sending code runs."""


class DiesAfterTwoMessages(EmailBackend):
    sent = 0

    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)
        type(self).sent += count
        if type(self).sent == 2:
            raise WorkerDies  # after the server took the 2nd, before it was marked sent
        return count


def test_a_worker_that_dies_mid_batch_sends_nothing_twice_when_the_next_one_goes_on(
    personas, mail_server, settings
):
    people = [personas.leader, personas.seller, personas.seller2, personas.other_seller]
    people.append(personas.other_leader)
    for person in people:
        queue_mail(person, key="reminders:2026-12-07")
    ours = Delivery.objects.filter(pk__in=list(Delivery.objects.values_list("pk", flat=True)))
    DiesAfterTwoMessages.sent = 0
    settings.EMAIL_BACKEND = f"{__name__}.DiesAfterTwoMessages"

    with pytest.raises(WorkerDies):
        deliveries_send_due()

    statuses = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent", "sending", "queued", "queued", "queued"]
    assert len(mail_server.inbox.messages) == 2

    # The worker starts again: its upkeep sends the rest at once; the half-sent one waits
    # until its worker is surely gone, then is marked uncertain, never sent again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    worker.upkeep()
    assert Delivery.objects.filter(status="sending").count() == 1
    Delivery.objects.filter(status="sending").update(
        claimed_at=timezone.now() - SENDING_TIMEOUT - MINUTE
    )
    done = worker.upkeep()
    worker.upkeep()

    half_sent = Delivery.objects.get(to_address="sam.ortiz@example.com")
    assert done.mail_uncertain == [half_sent.pk]
    assert half_sent.status == Delivery.Status.UNCERTAIN
    # (The upkeep also made the personas' own digests and reminders due today, and sent them.)
    statuses = list(ours.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent", "uncertain", "sent", "sent", "sent"]
    received = [m["Message-ID"] for m in mail_server.inbox.messages]
    assert len(received) == len(set(received))
    assert {message_id_of(d) for d in ours.exclude(status="uncertain")} <= set(received)
    assert message_id_of(half_sent) in received


def test_a_delivery_another_worker_is_sending_is_left_to_it(personas, mail_server):
    queue_mail(personas.leader, key="reminders:2026-12-07")
    Delivery.objects.update(status=Delivery.Status.SENDING, claimed_at=timezone.now())

    assert not deliveries_send_due()
    assert deliveries_mark_uncertain() == []
    assert mail_server.inbox.messages == []
