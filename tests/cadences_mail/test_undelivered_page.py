"""Administrators see the mail that did not go out, and send it again; nobody else does, and
the page shows the subject, never what the e-mail says."""

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.cadences.delivery import SENDING_TIMEOUT, deliveries_mark_uncertain
from leadwell.cadences.delivery import deliveries_send_due as send_due
from leadwell.cadences.models import Delivery
from tests.conftest import PERSONA_KEYS, text_of

from .conftest import REFUSED, queue_mail

pytestmark = pytest.mark.django_db

PAGE = "/administration/mail/"


@pytest.fixture
def refused(personas, mail_server) -> Delivery:
    """The seller's reminder, refused for good by the mail server (a mistyped address)."""
    personas.seller.email = REFUSED
    personas.seller.save()
    queue_mail(personas.seller, key="reminders:2026-12-07")
    send_due()
    return Delivery.objects.get(to_address=REFUSED)


@pytest.fixture
def uncertain(personas, mail_server) -> Delivery:
    """The leader's reminder, claimed by a worker that then died."""
    queue_mail(personas.leader, key="reminders:2026-12-08")
    claimed = timezone.now() - SENDING_TIMEOUT * 2
    Delivery.objects.filter(to_address="lena.hart@example.com").update(
        status=Delivery.Status.SENDING, claimed_at=claimed
    )
    deliveries_mark_uncertain()
    return Delivery.objects.get(to_address="lena.hart@example.com")


def test_administrators_see_refused_and_uncertain_mail_with_the_servers_answer(
    personas, refused, uncertain
):
    queue_mail(personas.seller2, key="reminders:2026-12-09")  # sent: not listed
    send_due()

    page = personas.client("admin").get(PAGE)

    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert REFUSED in text
    assert "lena.hart@example.com" in text
    assert "sofia.berg@example.com" not in text
    assert "Leadwell: 2 things due (reminders:2026-12-07)" in text
    assert "Reminders: what is due or overdue" in text
    assert "550" in text and "no such mailbox" in text
    assert "May not have been sent" in text
    assert "Failed" in text
    # The subject and the server's answer, never the lines or the body.
    assert "plan reviews due" not in text


def test_with_nothing_undelivered_the_page_says_every_email_went_out(personas):
    page = personas.client("admin").get(PAGE)

    assert "Every e-mail went out" in page.content.decode()


def test_the_page_is_refused_to_everyone_but_administrators_and_each_refusal_logged(
    personas, refused, caplog
):
    caplog.set_level(logging.WARNING, logger="leadwell.security")
    for key in PERSONA_KEYS:
        if key == "admin":
            continue
        client = personas.client(key)
        send_again = reverse("cadences:undelivered-send-again", args=[refused.pk])
        assert client.get(PAGE).status_code == 404, key
        assert client.post(send_again).status_code == 404, key
        assert f"user={personas.user(key).pk} action=cadences.view_undelivered" in caplog.text
    refused.refresh_from_db()
    assert refused.status == Delivery.Status.FAILED


def test_sending_again_asks_first_then_goes_to_the_corrected_address(
    personas, refused, mail_server
):
    client = personas.client("admin")
    address = reverse("cadences:undelivered-send-again", args=[refused.pk])
    personas.seller.email = "sam.ortiz@example.com"
    personas.seller.save()

    confirm = client.get(address)
    assert confirm.status_code == 200
    assert "Send this e-mail again?" in confirm.content.decode()
    assert "it went to nobody@refused.example" in confirm.content.decode()
    refused.refresh_from_db()
    assert refused.status == Delivery.Status.FAILED  # asking changes nothing

    after = client.post(address, follow=True)
    refused.refresh_from_db()
    assert (refused.status, refused.attempts, refused.last_error) == ("queued", 0, "")
    assert "is queued" in after.content.decode()
    assert "Every e-mail went out" in after.content.decode()

    send_due()
    assert [m["To"] for m in mail_server.inbox.messages] == ["sam.ortiz@example.com"]
    assert client.post(address).status_code == 404  # sent now: nothing to send again


def test_an_uncertain_email_is_sent_again_only_when_an_administrator_warned_of_twice_asks(
    personas, uncertain, mail_server
):
    send_due()
    assert mail_server.inbox.messages == []

    client = personas.client("admin")
    address = reverse("cadences:undelivered-send-again", args=[uncertain.pk])
    assert "may get it twice" in client.get(address).content.decode()
    client.post(address)
    send_due()

    assert [m["To"] for m in mail_server.inbox.messages] == ["lena.hart@example.com"]


def test_the_administration_home_counts_undelivered_mail_and_links_to_it(
    personas, refused, uncertain
):
    page = personas.client("admin").get(reverse("administration")).content.decode()

    assert "2 undelivered" in text_of(page)
    assert f'href="{PAGE}"' in page


def test_the_administration_home_says_when_every_email_went_out(personas):
    page = personas.client("admin").get(reverse("administration")).content.decode()

    assert "Every e-mail went out." in page


def test_the_list_is_paginated(personas, mail_server):
    for day in range(1, 28):
        queue_mail(personas.leader, key=f"reminders:2026-12-{day:02}")
    Delivery.objects.update(status=Delivery.Status.FAILED, last_error="550 no")

    first = personas.client("admin").get(PAGE).content.decode()
    second = personas.client("admin").get(PAGE + "?page=2").content.decode()

    assert first.count("Send again…") == 25
    assert second.count("Send again…") == 2
    assert "Page 1 of 2" in first
