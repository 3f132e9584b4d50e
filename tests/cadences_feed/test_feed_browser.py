"""The calendar feed's section in a real browser (Playwright driving Debian's Chromium): a
leader makes their feed from the profile, copies its address, a calendar reads it, and the
leader turns it off; no page breaks the content policy (the `page` fixture fails on a breach)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

# Browser tests commit: the seed rows are put back after this module, as after tests/browser's.
from tests.browser.conftest import _seed_rows_back_after_the_module  # noqa: F401

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, email: str) -> None:
    page.goto("/signin/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_leader_makes_their_calendar_feed_and_turns_it_off(page: Page, personas):
    sign_in(page, "lena.hart@example.com")
    page.goto("/profile/")
    section = page.locator("section.calendar-feed")
    expect(section).to_contain_text("You have no calendar feed.")
    section.get_by_role("button", name="Make my calendar feed").click()

    expect(page.get_by_role("heading", name="Your calendar feed", level=1)).to_be_visible()
    address = page.locator("#feed-address").inner_text().strip()
    # The copy button is the static script's: shown only once the script ran.
    expect(page.get_by_role("button", name="Copy address")).to_be_visible()
    for app in ("Google Calendar", "Outlook", "Apple Calendar"):
        expect(page.locator("dl.calendar-steps")).to_contain_text(app)
    path = urlsplit(address).path
    read = page.request.get(path)
    assert read.status == 200
    assert read.headers["content-type"] == "text/calendar; charset=utf-8"
    assert read.text().startswith("BEGIN:VCALENDAR")

    page.get_by_role("link", name="Back to your profile").click()
    expect(section).to_contain_text("On: address made")
    expect(section).not_to_contain_text(address)
    section.get_by_role("link", name="Turn off the feed…").click()
    page.get_by_role("button", name="Turn off the feed").click()
    expect(page.locator("section.calendar-feed")).to_contain_text("You have no calendar feed.")
    assert page.request.get(path).status == 404
