"""The main flows in a real browser: Playwright driving Debian's Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, email: str) -> None:
    page.goto("/signin/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_leader_signs_in_sees_the_team_and_opens_a_sellers_page(page: Page, personas):
    sign_in(page, "lena.hart@example.com")
    expect(page.get_by_role("heading", name="My teams and people")).to_be_visible()
    expect(page.get_by_role("link", name="Boston Enterprise")).to_be_visible()
    page.locator("#team").get_by_role("link", name="Sam Ortiz").click()
    expect(page.get_by_role("heading", name="Sam Ortiz", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Reporting line", exact=True)).to_be_visible()
    expect(page.locator("ol.line")).to_contain_text("Lena Hart")


def test_a_seller_is_refused_a_peers_private_page(page: Page, personas):
    sign_in(page, "sam.ortiz@example.com")
    expect(page.get_by_role("heading", name="My manager")).to_be_visible()
    response = page.goto(f"/people/{personas.seller2.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Sofia Berg")


def test_signing_out_ends_the_session(page: Page, personas):
    sign_in(page, "sam.ortiz@example.com")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Leadwell")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/signin/\?next=/$"))


def test_a_wrong_password_shows_a_clear_message(page: Page, personas):
    page.goto("/signin/")
    page.get_by_label("E-mail").fill("sam.ortiz@example.com")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")


def test_the_directory_filters_as_you_type(page: Page, personas):
    sign_in(page, "dana.whitfield@example.com")
    page.get_by_role("link", name="People").click()
    page.get_by_placeholder("Name, e-mail or title").press_sequentially("omar")
    expect(page.locator("#people tbody tr")).to_have_count(1)
    expect(page.locator("#people")).to_contain_text("Omar Reyes")
    expect(page).to_have_url(re.compile(r"q=omar"))


def test_a_person_creates_an_api_token_and_revokes_it_after_confirming(page: Page, personas):
    sign_in(page, "sam.ortiz@example.com")
    page.goto("/profile/")
    page.get_by_label("Token name").fill("my script")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_contain_text("lw_")
    page.get_by_role("link", name="Revoke…").click()
    page.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    expect(page.locator("table")).to_contain_text("revoked")


def test_on_a_phone_the_menu_folds_and_no_page_scrolls_sideways(page: Page, personas):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "dana.whitfield@example.com")  # the director: the longest menu a person has
    expect(page.get_by_role("link", name="Org chart")).to_be_hidden()  # behind "Menu"
    for path in ["/", "/one-on-ones/", "/people/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_an_administrator_lands_on_the_administration_home_and_goes_to_imports(
    page: Page, personas
):
    sign_in(page, "ada.ng@example.com")
    expect(page.get_by_role("heading", name="Administration", level=1)).to_be_visible()
    expect(page.locator("#admin-imports")).to_contain_text("No import yet")
    expect(page.locator("#admin-people")).to_contain_text("7 people · 3 teams · 3 offices")
    page.locator("#admin-imports").get_by_role("link", name="All imports").click()
    expect(page.get_by_role("heading", name="Imports", level=1)).to_be_visible()


def test_on_a_phone_the_administration_home_does_not_scroll_sideways(page: Page, personas):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "ada.ng@example.com")
    expect(page.get_by_role("heading", name="Administration", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
