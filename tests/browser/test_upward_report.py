"""The upward report in a real browser: the leader prepares last month's report, below plan,
is stopped until it explains the miss and brings a strategy, and sends it; the director opens
it from the home page, asks a question in its thread, marks it read and downloads the PDF."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from leadwell.crm.models import Quota
from leadwell.metrics.compute import recompute
from leadwell.reports.periods import period_for
from tests.conftest import deal

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_below_plan_report_is_explained_sent_read_and_discussed(page: Page, personas):
    month = period_for("month", timezone.localdate()).previous()
    for seller in (personas.seller, personas.seller2):
        Quota.objects.create(
            person=seller, period_kind="month", period_start=month.start, amount=50_000
        )
    deal(personas.seller, "won", 30_000, month.start)
    recompute()

    sign_in(page, "lena.hart@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lead up").click()
    expect(page.locator("#lead-up-report")).to_contain_text(f"Next: {month.label}")
    page.get_by_role("link", name="Your reports").click()
    page.get_by_role("button", name=f"Prepare the report for {month.label}").click()
    expect(page.get_by_role("heading", name="Below plan")).to_be_visible()
    expect(page.locator(".below-plan")).to_contain_text("Attainment is 30% of quota")

    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("#explanation-text-error")).to_contain_text("explain what happened")
    expect(page.locator("#strategies-error")).to_contain_text("add at least one strategy")

    page.get_by_label("What happened").fill("Two renewals slipped into this month.")
    page.get_by_role("button", name="Save the explanation").click()
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("#strategies-error")).to_contain_text("add at least one strategy")

    page.get_by_label("What will be done").fill("Close plans for both renewals")
    page.get_by_label("Owner").select_option(label="Sam Ortiz")
    page.get_by_label("Due on").fill((month.end.replace(day=25)).isoformat())
    page.get_by_label("Amount").fill("40000")
    page.get_by_role("button", name="Add the strategy").click()
    expect(page.locator("#strategies")).to_contain_text("Close plans for both renewals")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Report sent: its figures are frozen")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("Not read yet")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "dana.whitfield@example.com")
    cards = page.locator(".upward-reports")
    expect(cards).to_contain_text("Lena Hart")
    cards.get_by_role("link", name=f"Lena Hart: {month.label}").click()
    expect(page.locator("#explanation")).to_contain_text("Two renewals slipped")
    expect(page.locator(".chart svg").first).to_be_visible()
    page.get_by_label("Kind").select_option("question")
    page.get_by_label("Your comment or question").fill("When do the renewals sign?")
    page.get_by_role("button", name="Add to the thread").click()
    expect(page.locator("#thread")).to_contain_text("When do the renewals sign?")
    page.get_by_role("button", name="Mark read").click()
    expect(page.locator(".lead")).to_contain_text("Read")
    expect(page.get_by_role("button", name="Mark read")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = PdfReader(download.value.path())
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Two renewals slipped" in text and "Close plans for both renewals" in text
