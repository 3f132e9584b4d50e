"""The profile's calendar feed section: a person makes their feed's address (shown once),
gets a new one after confirming the old stops working, and turns it off; nobody reaches
another person's."""

import pytest
from django.urls import reverse

from leadwell.cadences.models import CalendarFeed
from leadwell.cadences.services import feeds

from ..conftest import text_of

pytestmark = pytest.mark.django_db


def address_on(page: str) -> str:
    start = page.index('id="feed-address">') + len('id="feed-address">')
    return page[start : page.index("</code>", start)]


def test_the_profile_offers_to_make_a_calendar_feed(personas):
    page = text_of(personas.client("leader").get(reverse("profile")).content.decode())
    assert "Calendar feed" in page
    assert "You have no calendar feed." in page
    assert "Make my calendar feed" in page


def test_making_the_feed_shows_its_address_once_and_the_calendar_reads_it(personas):
    client = personas.client("leader")
    made = client.post(reverse("cadences:feed_make"))
    assert made.status_code == 200
    page = made.content.decode()
    address = address_on(page)
    assert address.startswith("http://localhost:8000/calendar/lwcal_")
    assert 'href="webcal://localhost:8000/calendar/lwcal_' in page
    for app in ("Google Calendar", "Outlook", "Apple Calendar"):
        assert app in page
    path = address.removeprefix("http://localhost:8000")
    assert client.get(path).status_code == 200
    profile = text_of(client.get(reverse("profile")).content.decode())
    assert "On: address made" in profile
    assert address not in profile  # shown once, when made
    assert "Get a new address…" in profile and "Turn off the feed…" in profile


def test_a_new_address_asks_first_and_then_the_old_one_stops_working(personas):
    client = personas.client("leader")
    old_feed, old = feeds.feed_create(person=personas.leader)
    asked = text_of(client.get(reverse("cadences:feed_make")).content.decode())
    assert "stops working" in asked
    assert CalendarFeed.objects.get(pk=old_feed.pk).revoked_at is None  # asking changes nothing
    page = client.post(reverse("cadences:feed_make")).content.decode()
    assert "no longer works" in text_of(page)
    new = address_on(page).removeprefix("http://localhost:8000")
    assert client.get(reverse("cadences:feed", args=[old])).status_code == 404
    assert client.get(new).status_code == 200


def test_turning_the_feed_off_asks_then_stops_the_address(personas):
    client = personas.client("leader")
    feed, secret = feeds.feed_create(person=personas.leader)
    url = reverse("cadences:feed_revoke", args=[feed.pk])
    assert "stops working" in text_of(client.get(url).content.decode())
    assert client.get(reverse("cadences:feed", args=[secret])).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    assert client.get(reverse("cadences:feed", args=[secret])).status_code == 404
    assert "You have no calendar feed." in text_of(client.get(reverse("profile")).content.decode())


def test_nobody_turns_off_or_sees_another_persons_feed(personas):
    feed, secret = feeds.feed_create(person=personas.seller)
    url = reverse("cadences:feed_revoke", args=[feed.pk])
    for key in ("leader", "director", "admin"):
        client = personas.client(key)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert "You have no calendar feed." in text_of(
            client.get(reverse("profile")).content.decode()
        )
    assert personas.client("seller").get(reverse("cadences:feed", args=[secret])).status_code == 200


def test_the_feed_address_needs_no_sign_in_but_making_one_does(personas):
    from django.test import Client

    _, secret = feeds.feed_create(person=personas.leader)
    assert Client().get(reverse("cadences:feed", args=[secret])).status_code == 200
    response = Client().post(reverse("cadences:feed_make"))
    assert response.status_code == 302
    assert "/signin/" in response["Location"]
