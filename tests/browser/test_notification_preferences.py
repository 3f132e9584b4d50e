"""Notification settings in a real browser: Lena opens them from the menu (through her
notifications), moves her Monday digest to Tuesday at 09:00 and her time zone to Paris, saves,
and finds both after a reload; then she turns her reminder e-mails off."""

import pytest
from playwright.sync_api import Page, expect

from leadwell.cadences.models import Kind, MailChoice, Preferences

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_changes_the_monday_digest_and_time_zone_then_turns_an_email_off(
    page: Page, personas
):
    sign_in(page, "lena.hart@example.com")
    page.locator(".usernav").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_text("No notifications yet.")).to_be_visible()
    page.get_by_role("link", name="Choose which e-mails you get, and when").first.click()
    expect(page.get_by_role("heading", name="Notification settings")).to_be_visible()

    digest = page.locator("#kind-leader_digest")
    expect(digest.get_by_label("Day")).to_have_value("0")
    expect(digest.get_by_label("Hour")).to_have_value("7")
    digest.get_by_label("Day").select_option(label="Tuesday")
    digest.get_by_label("Hour").select_option(label="09:00")
    page.get_by_label("Your time zone").select_option("Europe/Paris")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your e-mail choices and time zone are saved.")).to_be_visible()

    page.reload()
    expect(digest.get_by_label("Day")).to_have_value("1")
    expect(digest.get_by_label("Hour")).to_have_value("9")
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/Paris")
    expect(page.locator(".now-there")).to_contain_text("in Europe/Paris")
    chosen = MailChoice.objects.get(person=personas.leader, kind=Kind.LEADER_DIGEST)
    assert (chosen.by_email, chosen.weekday, chosen.hour) == (True, 1, 9)
    assert Preferences.objects.get(person=personas.leader).time_zone == "Europe/Paris"

    reminders = page.locator("#kind-reminders").get_by_label("Send it by e-mail")
    expect(reminders).to_be_checked()
    reminders.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your e-mail choices and time zone are saved.")).to_be_visible()
    page.reload()
    expect(page.locator("#kind-reminders").get_by_label("Send it by e-mail")).not_to_be_checked()
    expect(digest.get_by_label("Send it by e-mail")).to_be_checked()
    assert MailChoice.objects.get(person=personas.leader, kind=Kind.REMINDERS).by_email is False
