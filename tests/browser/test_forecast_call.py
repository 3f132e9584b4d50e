"""The forecast call in a real browser: a seller opens it from the menu, finds the form filled
in from their deals, makes the call and sees it confirmed; their leader then finds the call in
the team's table, beside the seller's deals."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadwell.lib.periods import PeriodKind, period_of
from tests.conftest import deal

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_seller_calls_the_quarter_and_the_leader_sees_it_in_the_team_table(
    page: Page, personas, settings
):
    settings.FISCAL_YEAR_START_MONTH = 1
    quarter = period_of(timezone.localdate(), PeriodKind.QUARTER)
    last_day = quarter.end - datetime.timedelta(days=1)
    deal(personas.seller, "won", 40_000, timezone.localdate(), forecast_category="closed")
    deal(personas.seller, "open", 20_000, last_day, forecast_category="commit")
    deal(personas.seller, "open", 15_000, last_day, forecast_category="best_case")

    sign_in(page, "sam.ortiz@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Forecast call").click()
    expect(page.get_by_role("heading", name="Forecast call", exact=True)).to_be_visible()
    own = page.locator("#your-call")
    expect(own).to_contain_text("No call yet")
    expect(own.get_by_label("Commit")).to_have_value("60000")
    expect(own.get_by_label("Best case")).to_have_value("75000")
    expect(own.get_by_label("Pipeline")).to_have_value("75000")
    own.get_by_label("Commit").fill("55000")
    own.get_by_label("Pipeline").fill("90000")
    own.get_by_role("button", name="Submit my call").click()
    expect(
        page.get_by_text(f"Your call for {quarter.short_label} is in: commit 55,000")
    ).to_be_visible()
    expect(page.locator("#your-call .last-call")).to_contain_text("commit 55,000")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "lena.hart@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Forecast call").click()
    sam = page.locator(f'#team-{personas.boston.pk} tr[data-person="{personas.seller.pk}"]')
    expect(sam).to_contain_text("55,000")
    expect(sam).to_contain_text("deals 60,000")
    sofia = page.locator(f'#team-{personas.boston.pk} tr[data-person="{personas.seller2.pk}"]')
    expect(sofia).to_contain_text("No call yet")
