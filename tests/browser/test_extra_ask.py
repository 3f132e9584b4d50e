"""An extra ask in a real browser: the director records it, the leader finds it waiting on the
Lead up hub, assesses it (two deals ticked, a discount on one), accepts it partly, and the
director reads the assessment and the decision; the seller asked finds the deal from their
home page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadwell.lib.periods import PeriodKind, period_of
from tests.conftest import deal

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_asks_the_leader_assesses_and_decides_and_the_director_reads_it(
    page: Page, personas
):
    this = period_of(timezone.localdate(), PeriodKind.QUARTER)
    after = this.next()
    deal(
        personas.seller, "open", 50_000, after.start + datetime.timedelta(days=10),
        name="Globex renewal", stage="Negotiation", stage_order=4, probability=80,
        forecast_category="commit",
    )  # fmt: skip
    deal(
        personas.seller2, "open", 20_000, after.start + datetime.timedelta(days=20),
        name="Initech pilot", stage="Proposal", stage_order=3, probability=50,
        forecast_category="best_case",
    )  # fmt: skip

    sign_in(page, "dana.whitfield@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lead up").click()
    page.get_by_role("link", name="Extra asks").click()
    page.get_by_label("Leader asked").select_option(label="Lena Hart")
    page.get_by_label("Quarter").select_option(this.name)
    page.get_by_label("Amount asked").fill("60000")
    page.get_by_label("Reason given").fill("The board wants the year closed above plan.")
    page.get_by_role("button", name="Record the ask").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"60,000 USD more in {this.short_label}"
    )
    expect(page.locator("#decision")).to_contain_text("Waiting for Lena Hart's decision")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "lena.hart@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lead up").click()
    expect(page.locator("#lead-up-asks")).to_contain_text("1 waiting for your assessment")
    page.get_by_role("link", name="Extra asks").click()
    page.locator("#waiting").get_by_role("link").click()
    rows = page.locator("table.candidates tbody tr")
    expect(rows.first).to_contain_text("Globex renewal")  # the furthest along first
    page.get_by_label("Pull in Globex renewal").check()
    page.get_by_label("Discount % for Globex renewal").fill("10")
    page.get_by_label("Pull in Initech pilot").check()
    page.get_by_label("Terms for Initech pilot").fill("60-day payment terms")
    page.get_by_label("Your recommendation").fill("Globex can close now; Initech would empty Q1.")
    page.get_by_role("button", name="Save the assessment").click()
    summary = page.locator("#summary")
    # 50,000 less 10 % and 20,000: 65,000 gained, 5,000 in discounts.
    expect(summary).to_contain_text("65,000")
    expect(summary).to_contain_text("5,000")
    expect(summary.locator("table.ask-next")).to_contain_text("70,000")  # the pipeline before
    page.get_by_label("Partly accepted").check()
    page.locator("#decision").get_by_label("Initech pilot", exact=False).uncheck()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision")).to_contain_text("Partly accepted")
    expect(page.locator("#decision table")).to_contain_text("Globex renewal")
    expect(page.locator("#decision table")).not_to_contain_text("Initech pilot")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "dana.whitfield@example.com")
    page.goto("/asks/")
    page.locator("#line").get_by_role("link").first.click()
    expect(page.locator("#summary")).to_contain_text("Globex can close now")
    expect(page.locator("#decision")).to_contain_text("Partly accepted")
    expect(page.locator("#decision")).to_contain_text("Sam Ortiz")
    expect(page.locator("#assessment")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sam.ortiz@example.com")
    notice = page.locator(".asked-of-me")
    expect(notice).to_contain_text("Your leader asked you to close 1 deal this quarter, 50,000")
    notice.get_by_role("link", name="see the deals asked of you").click()
    expect(page.locator("#asked-of-me")).to_contain_text("Globex renewal")
