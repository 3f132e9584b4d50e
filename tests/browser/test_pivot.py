"""The pivot to leadership in a real browser: Lena issues the quarter's challenge to her team;
Sam completes his self-assessment with the CRM's signals shown beside it (a first submit is
stopped for a missing example, the draft kept); Lena responds per standard and adds one response
to Sam's development plan, which Sam then finds there."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from leadwell.crm.models import Account
from leadwell.metrics.compute import recompute
from tests.conftest import deal
from tests.leadership.pivot.conftest import this_quarter

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_challenges_the_seller_answers_and_the_leader_responds(page: Page, personas):
    quarter = this_quarter()
    far = quarter.next().next().start + datetime.timedelta(days=10)
    deal(personas.seller, "open", 30_000, far, created=quarter.start)
    deal(
        personas.seller,
        "won",
        12_000,
        quarter.start,
        account=Account.objects.create(name="Acme", segment="SMB"),
    )
    recompute()

    sign_in(page, "lena.hart@example.com")
    page.goto("/leadership/pivot/")
    page.get_by_label("A word to your team (optional)").fill("Lead from your seat.")
    page.get_by_role("button", name=f"Issue the challenge for {quarter.short_label}").click()
    expect(page.get_by_text("is issued to the 2 people reporting to you")).to_be_visible()
    expect(page.locator(".pivot-who")).to_contain_text("Not started")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sam.ortiz@example.com")
    page.goto("/leadership/pivot/")
    page.get_by_role("button", name="Start your self-assessment").click()
    signals = page.locator(".pivot-signals")
    expect(signals).to_contain_text("Pipeline horizon")
    expect(signals.locator('[data-signal="pipeline_horizon"]')).to_have_text("100.0%")
    expect(signals.locator('[data-signal="new_accounts"]')).to_have_text("1")
    expect(signals).to_contain_text("Segments sold into")
    expect(page.locator(".pivot-message")).to_contain_text("Lead from your seat.")
    for number in range(1, 8):
        page.locator(f"#id_rating_{number}_{3 if number != 5 else 4}").check()
        if number != 7:
            page.locator(f"#id_example_{number}").fill(f"My example for standard {number}")
    page.get_by_label("How have you practised leadership this quarter?").fill(
        "I ran the team's pricing clinic."
    )
    page.get_by_role("button", name="Submit to Lena Hart").click()
    expect(page.locator("#id_example_7_error")).to_contain_text("Give an example")
    page.locator("#id_example_7").fill("Mentored the new hire weekly.")
    page.get_by_role("button", name="Submit to Lena Hart").click()
    expect(page.get_by_text("Your self-assessment is submitted to Lena Hart.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "lena.hart@example.com")
    page.goto("/leadership/pivot/")
    expect(page.locator(".pivot-who")).to_contain_text("Submitted")
    page.locator(".pivot-who").get_by_role("link", name="Sam Ortiz").click()
    standard = page.locator("#standard-5")
    standard.get_by_label("Your response").fill("Add one new segment to your account plan.")
    standard.get_by_label("Also add it to Sam Ortiz's development plan").check()
    standard.get_by_role("button", name="Respond").click()
    expect(page.get_by_text("added to Sam Ortiz's development plan")).to_be_visible()
    expect(page.locator("#standard-5")).to_contain_text("In the development plan")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sam.ortiz@example.com")
    page.goto(f"/coaching/people/{personas.seller.pk}/plan/")
    expect(
        page.get_by_text("Diversity and depth: Add one new segment to your account plan.")
    ).to_be_visible()
