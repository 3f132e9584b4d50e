"""The in-app notifications: a person reads their own, newest first, 25 a page, marks one or
all read (opening the list marks nothing), and finds an explanation when there are none.
Another person's notification is not listed and cannot be marked; the menu counts the unread."""

import datetime
import re

import pytest
from django.urls import reverse

from leadwell.cadences.models import Notification, Preferences
from tests.conftest import text_of

from .conftest import notify

pytestmark = pytest.mark.django_db

LIST = reverse("cadences:list")


def subjects(page: str) -> list[str]:
    return re.findall(
        r'<li id="notification-\d+"[^>]*>\s*<div class="notification-head">\s*<h2>([^<]*)</h2>',
        page,
    )


def test_a_person_reads_their_notifications_newest_first_with_links(personas, notifications):
    page = personas.client("leader").get(LIST).content.decode()
    assert subjects(page) == [
        "Your team this week",
        "Reminder 2 for Lena Hart",
        "Reminder 3 for Lena Hart",
    ]
    assert '<a href="/coaching/">2 plan reviews due (1)</a>' in page
    assert "Owen&#x27;s own reminder" not in page and "Owen's own reminder" not in page
    assert "2</strong> unread" in page


def test_opening_the_list_marks_nothing_read(personas, notifications):
    personas.client("leader").get(LIST)
    assert Notification.objects.filter(person=personas.leader, read_at__isnull=True).count() == 2


def test_a_person_marks_one_notification_read(personas, notifications):
    client = personas.client("leader")
    newest = notifications["newest"]
    response = client.post(reverse("cadences:read", args=[newest.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}#notification-{newest.pk}"
    newest.refresh_from_db()
    assert newest.read_at is not None
    notifications["older"].refresh_from_db()
    assert notifications["older"].read_at is None


def test_mark_all_as_read_marks_only_the_persons_own(personas, notifications):
    client = personas.client("leader")
    client.post(reverse("cadences:read_all"))
    assert not Notification.objects.filter(person=personas.leader, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=notifications["owens"].pk).read_at is None
    page = client.get(LIST).content.decode()
    assert "All read" in page
    assert "Mark all as read" not in page


def test_another_persons_notification_cannot_be_marked_read(personas, notifications):
    owens = notifications["owens"]
    response = personas.client("leader").post(reverse("cadences:read", args=[owens.pk]))
    assert response.status_code == 404
    owens.refresh_from_db()
    assert owens.read_at is None
    # Nor by their manager: a person's notifications are theirs alone.
    response = personas.client("director").post(reverse("cadences:read", args=[owens.pk]))
    assert response.status_code == 404


def test_marking_read_needs_a_post(personas, notifications):
    response = personas.client("leader").get(
        reverse("cadences:read", args=[notifications["newest"].pk])
    )
    assert response.status_code == 405


def test_twenty_five_a_page(personas):
    for number in range(1, 28):
        notify(personas.seller, number)
    client = personas.client("seller")
    first = client.get(LIST).content.decode()
    assert len(subjects(first)) == 25
    assert subjects(first)[0] == "Reminder 1 for Sam Ortiz"
    assert "Page 1 of 2 · 27 in all" in first
    second = client.get(LIST, {"page": 2}).content.decode()
    assert subjects(second) == ["Reminder 26 for Sam Ortiz", "Reminder 27 for Sam Ortiz"]
    # Marked read from the second page, the person comes back to it.
    on_second = Notification.objects.get(person=personas.seller, key="reminders:27")
    response = client.post(reverse("cadences:read", args=[on_second.pk]), {"page": "2"})
    assert response["Location"] == f"{LIST}?page=2#notification-{on_second.pk}"


def test_no_notifications_explains_what_will_come_and_links_to_the_settings(personas):
    page = personas.client("seller").get(LIST).content.decode()
    assert "No notifications yet." in page
    assert "Your digests and reminders will appear here" in text_of(page)
    assert f'href="{reverse("cadences:preferences")}"' in page
    assert "Mark all as read" not in page


def test_a_line_without_a_leadwell_address_is_shown_without_a_link(personas):
    notify(
        personas.seller,
        1,
        lines=[
            {"text": "Plan review due", "link": "javascript:alert(1)", "section": "Due"},
            {"text": "Elsewhere", "link": "//example.com/", "section": "Due"},
        ],
    )
    page = personas.client("seller").get(LIST).content.decode()
    assert "javascript:" not in page
    assert 'href="//example.com/"' not in page
    assert '<li class="section">Due</li>' in page
    assert page.count('<li class="section">') == 1


def unread_badge(page: str) -> str | None:
    usernav = re.search(r'<div class="usernav">(.*?)</div>', page, re.S)
    assert usernav is not None
    link = re.search(
        r'<a class="notifications-link" href="/notifications/"[^>]*>(.*?)</a>',
        usernav.group(1),
        re.S,
    )
    assert link is not None, "no Notifications beside the person's name"
    return text_of(link.group(1))


def test_the_menu_shows_the_unread_count(personas, notifications):
    client = personas.client("leader")
    assert unread_badge(client.get(reverse("home")).content.decode()) == "Notifications 2 unread"
    client.post(reverse("cadences:read_all"))
    assert unread_badge(client.get(reverse("home")).content.decode()) == "Notifications"


def test_the_menu_marks_notifications_as_the_current_page_there(personas):
    page = personas.client("seller").get(LIST).content.decode()
    assert re.search(
        r'<a class="notifications-link" href="/notifications/"[^>]* aria-current="page">', page
    )
    assert '<span class="menu-here">Notifications</span>' in page


def test_when_each_came_is_shown_in_the_persons_time_zone(personas):
    Preferences.objects.create(person=personas.seller, time_zone="Asia/Tokyo")
    came = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)
    notify(personas.seller, 1, created_at=came)
    page = personas.client("seller").get(LIST).content.decode()
    assert '<time datetime="2026-03-03T08:30:00+09:00">' in page
