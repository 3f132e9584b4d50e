"""Mail reaches a real SMTP server: its headers, both parts, its chart and the one-click
unsubscribe address; nothing is queued or sent twice."""

import re

import pytest
from django.urls import reverse

from leadwell.cadences import unsubscribe
from leadwell.cadences.delivery import deliveries_send_due, message_id_of
from leadwell.cadences.models import Delivery, Kind, MailChoice, Notification

from .conftest import chart_png, queue_mail

pytestmark = pytest.mark.django_db


def test_a_queued_email_reaches_the_server_with_both_parts_its_chart_and_one_click_unsubscribe(
    personas, mail_server
):
    png = chart_png()
    notification = queue_mail(
        personas.leader, key="reminders:2026-12-07", images=[("chart-due", png, "Due by week")]
    )
    delivery = Delivery.objects.get(notification=notification)

    done = deliveries_send_due()

    assert done.sent == [delivery.pk]
    [message] = mail_server.inbox.messages
    assert message["From"] == "Leadwell <leadwell@leadwell.example>"
    assert message["To"] == "lena.hart@example.com"
    assert message["Subject"] == "Leadwell: 2 things due (reminders:2026-12-07)"
    assert message["Message-ID"] == message_id_of(delivery)
    assert message["Message-ID"].endswith("@leadwell.example>")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = re.fullmatch(
        r"<(https://leadwell\.example/\S+)>", message["List-Unsubscribe"].strip()
    )
    assert address, message["List-Unsubscribe"]
    token = address[1].rstrip("/").rsplit("/", 1)[1]
    assert unsubscribe.read_token(token) == (personas.leader.pk, Kind.REMINDERS)

    assert message.get_content_type() == "multipart/related"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain.get_content().strip() == "2 plan reviews due: https://leadwell.example/plans/"
    assert '<img src="cid:chart-due" alt="Due by week">' in html.get_content()
    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert image["Content-ID"] == "<chart-due>"
    assert image.get_content_disposition() == "inline"
    assert image.get_content() == png

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.sent_at is not None
    assert delivery.attempts == 1
    assert delivery.message_id == message["Message-ID"]


def test_an_email_without_charts_is_its_text_and_html_as_alternatives(personas, mail_server):
    queue_mail(personas.seller, key="reminders:2026-12-08")

    deliveries_send_due()

    [message] = mail_server.inbox.messages
    assert message.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]


def test_the_mail_clients_one_click_post_to_the_unsubscribe_address_turns_that_kind_off(
    personas, mail_server, client
):
    queue_mail(personas.seller, key="pre:2026-12-09", kind=Kind.PRE_ONE_ON_ONE)
    deliveries_send_due()

    [message] = mail_server.inbox.messages
    url = message["List-Unsubscribe"].strip().strip("<>")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert url.endswith(reverse("cadences:unsubscribe", args=[token]))
    # RFC 8058: the mail client POSTs the header's body, signed out and without a CSRF token.
    path = url.removeprefix("https://leadwell.example")
    answer = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert answer.status_code == 200
    choice = MailChoice.objects.get(person=personas.seller, kind=Kind.PRE_ONE_ON_ONE)
    assert choice.by_email is False
    assert not MailChoice.objects.filter(person=personas.seller, kind=Kind.REMINDERS).exists()
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(reverse("cadences:unsubscribe", args=[altered])).status_code == 404


def test_composing_the_same_notification_twice_sends_one_email(personas, mail_server):
    first = queue_mail(personas.leader, key="leader_digest:2026-12-07", kind=Kind.LEADER_DIGEST)
    again = queue_mail(personas.leader, key="leader_digest:2026-12-07", kind=Kind.LEADER_DIGEST)
    deliveries_send_due()
    queue_mail(personas.leader, key="leader_digest:2026-12-07", kind=Kind.LEADER_DIGEST)
    deliveries_send_due()

    assert first is not None
    assert again is None
    assert Notification.objects.filter(person=personas.leader).count() == 1
    assert len(mail_server.inbox.messages) == 1


def test_a_person_who_chose_no_email_of_a_kind_gets_the_notification_in_the_app_only(
    personas, mail_server
):
    MailChoice.objects.create(person=personas.leader, kind=Kind.REMINDERS, by_email=False)

    notification = queue_mail(personas.leader, key="reminders:2026-12-07")
    by_email = queue_mail(personas.leader, key="leader_digest:2026-12-07", kind="leader_digest")
    deliveries_send_due()

    assert notification is not None
    assert not Delivery.objects.filter(notification=notification).exists()
    assert Delivery.objects.filter(notification=by_email).exists()
    assert [m["Subject"] for m in mail_server.inbox.messages] == [
        "Leadwell: 2 things due (leader_digest:2026-12-07)"
    ]


def test_nobody_who_left_or_has_no_address_is_sent_mail(personas, mail_server):
    personas.other_seller.is_active = False
    personas.other_seller.save()
    personas.seller2.email = None
    personas.seller2.save()

    queue_mail(personas.other_seller, key="reminders:2026-12-07")
    queue_mail(personas.seller2, key="reminders:2026-12-07")
    deliveries_send_due()

    assert Notification.objects.filter(key="reminders:2026-12-07").count() == 2
    assert not Delivery.objects.exists()
    assert mail_server.inbox.messages == []


def test_leadwell_upkeep_says_what_mail_it_sent(personas, mail_server):
    from tests.crm.test_recovery import leadwell

    queued = queue_mail(personas.leader, key="reminders:2026-12-07")

    output = leadwell("upkeep")

    # The round also makes and sends the personas' own digests due now, whatever the day.
    sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
    assert f"Sent {sent} e-mail(s)." in output
    assert Delivery.objects.get(notification=queued).status == Delivery.Status.SENT
    assert len(mail_server.inbox.messages) == sent
