"""A weekly 1:1 in a real browser: the leader starts it and plans the first meeting, both sides
work the agenda with htmx (ticks, points, the Monday question), a refused write shows its
message in place, and marking the meeting held leads on to the next one with the carried-over
point."""

import pytest
from playwright.sync_api import Page, expect

from leadwell.coaching.models.one_on_ones import MONDAY_QUESTION

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_weekly_one_on_one_from_start_to_the_next_meeting(page: Page, personas):
    sign_in(page, "sam.ortiz@example.com")
    page.goto("/one-on-ones/")
    expect(page.get_by_text("Your manager has not started a weekly 1:1")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "lena.hart@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="1:1s").click()
    row = page.locator(f'tr[data-report="{personas.seller.pk}"]')
    expect(row.get_by_label("Every")).to_have_value("0")
    row.get_by_role("button", name="Start weekly 1:1").click()
    expect(page.get_by_role("heading", name="1:1 of Lena Hart with Sam Ortiz")).to_be_visible()
    # Opening the page plans nothing: Lena plans the first meeting herself.
    expect(page.locator(".next-meeting time")).to_contain_text("Mon")
    page.get_by_role("button", name="Plan the next 1:1").click()
    expect(page.get_by_text("The next 1:1 is planned for Mon")).to_be_visible()
    page.get_by_role("link", name="Open the agenda").click()
    page.wait_for_url("**/one-on-ones/meetings/*/")
    meeting_url = page.url

    # Points added and ticked without leaving the page.
    page.get_by_label("Add a talking point").fill("Renewal risk at Acme")
    page.get_by_role("button", name="Add point").click()
    # The list is swapped in place: wait for it before typing into the new form.
    expect(page.locator("#points")).to_contain_text("Renewal risk at Acme")
    page.get_by_label("Add a talking point").fill("Training budget")
    page.get_by_role("button", name="Add point").click()
    expect(page.locator("#points")).to_contain_text("Training budget")
    page.get_by_label("Renewal risk at Acme").check()
    expect(page.locator("#points")).to_contain_text("Marked as discussed.")
    expect(page.get_by_label("Renewal risk at Acme")).to_be_checked()
    # A refused write shows its message in place, beside the field (the server answers 422).
    page.get_by_label("Add an action").fill("   ")
    page.get_by_role("button", name="Add action").click()
    expect(page.locator("#action-text-error")).to_have_text("Enter the action.")
    expect(page.get_by_label("Add an action")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sam.ortiz@example.com")
    page.goto(meeting_url)
    expect(page.get_by_role("heading", name=MONDAY_QUESTION)).to_be_visible()
    page.get_by_label("Your answer").fill("Help me reach Acme's CFO")
    page.get_by_role("button", name="Save my answer").click()
    expect(page.locator("#answer")).to_contain_text("Your answer is saved")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "lena.hart@example.com")
    page.goto(meeting_url)
    expect(page.locator("#answer blockquote")).to_contain_text("Help me reach Acme's CFO")
    page.get_by_label("One action per line").fill("Introduce Sam to Acme's CFO")
    page.get_by_role("button", name="Add as my actions").click()
    expect(page.locator("#actions")).to_contain_text("Introduce Sam to Acme's CFO")
    expect(page.locator("#actions")).to_contain_text("Lena Hart")
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("is marked as held")).to_be_visible()
    assert page.url != meeting_url
    expect(page.locator("#points")).to_contain_text("Training budget")
    expect(page.locator("#points .carried")).to_contain_text("carried over from")
    expect(page.locator("#points")).not_to_contain_text("Renewal risk at Acme")
    expect(page.locator("#actions")).to_contain_text("Introduce Sam to Acme's CFO")
