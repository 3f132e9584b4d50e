"""One click in an e-mail turns that kind of e-mail off for its person, and only that: the page
asks first (a GET changes nothing, as mail scanners fetch links), the button or the mail
client's one-click POST (no session, no CSRF token) does it. A tampered address is not found."""

import pytest
from django.test import Client
from django.urls import reverse

from leadwell.cadences.models import Kind, MailChoice
from leadwell.cadences.unsubscribe import token_for
from tests.conftest import text_of

pytestmark = pytest.mark.django_db


def address(person, kind: Kind) -> str:
    return reverse("cadences:unsubscribe", args=[token_for(person.pk, kind)])


def emails_on(person) -> dict[str, bool]:
    return dict(MailChoice.objects.filter(person=person).values_list("kind", "by_email"))


def test_the_page_asks_before_stopping_and_a_get_changes_nothing(personas):
    page = Client().get(address(personas.leader, Kind.LEADER_DIGEST))
    assert page.status_code == 200
    assert "Stop Monday digest e-mails for Lena?" in text_of(page.content.decode())
    assert emails_on(personas.leader) == {}


def test_the_button_turns_off_that_kind_for_that_person_only(personas):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(address(personas.leader, Kind.REMINDERS))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "No more reminder e-mails for Lena" in text
    assert reverse("cadences:preferences") in response.content.decode()
    assert emails_on(personas.leader) == {Kind.REMINDERS: False}
    assert emails_on(personas.other_leader) == {}


def test_a_mail_clients_one_click_post_without_session_or_csrf_token_unsubscribes(personas):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        address(personas.seller, Kind.REMINDERS),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert emails_on(personas.seller) == {Kind.REMINDERS: False}


def test_unsubscribing_keeps_the_chosen_day_and_hour_and_the_other_kinds(personas):
    MailChoice.objects.create(
        person=personas.leader, kind=Kind.LEADER_DIGEST, by_email=True, weekday=1, hour=9
    )
    MailChoice.objects.create(person=personas.leader, kind=Kind.REMINDERS, by_email=True, hour=6)
    Client().post(address(personas.leader, Kind.LEADER_DIGEST))
    digest = MailChoice.objects.get(person=personas.leader, kind=Kind.LEADER_DIGEST)
    assert (digest.by_email, digest.weekday, digest.hour) == (False, 1, 9)
    assert MailChoice.objects.get(person=personas.leader, kind=Kind.REMINDERS).by_email is True


def test_unsubscribing_twice_is_harmless(personas):
    one_click = address(personas.leader, Kind.LEADER_DIGEST)
    assert Client().post(one_click).status_code == 200
    assert Client().post(one_click).status_code == 200
    assert emails_on(personas.leader) == {Kind.LEADER_DIGEST: False}


def test_a_tampered_address_is_not_found(personas):
    token = token_for(personas.leader.pk, Kind.LEADER_DIGEST)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (tampered, "not-a-token"):
        url = reverse("cadences:unsubscribe", args=[bad])
        assert Client().get(url).status_code == 404
        assert Client().post(url).status_code == 404
    assert emails_on(personas.leader) == {}


def test_an_address_for_a_person_no_longer_here_is_not_found(personas):
    url = address(personas.seller2, Kind.REMINDERS)
    personas.seller2.delete()
    assert Client().get(url).status_code == 404
