"""The whole coaching loop in a real browser: the leader opens a coaching item from a gap,
diagnoses its root cause and agrees an assignment; the seller adds a note and marks it done; the
leader evaluates it and sees the win rate measured before and since; the 1:1 that follows shows
a carried-over point and the Monday question."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadwell.coaching import library
from leadwell.coaching.models import AssignmentTemplate, Skill
from leadwell.coaching.models.one_on_ones import MONDAY_QUESTION
from leadwell.lib.periods import period_of
from leadwell.metrics import diagnostics
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Diagnosis, Target

from ..conftest import deal
from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _deals(owner, month: datetime.date, won: int, lost: int) -> None:
    for outcome in ["won"] * won + ["lost"] * lost:
        deal(owner, outcome, 10_000, month)


@pytest.fixture
def win_rate_gap(personas):
    """Sam won 1 of 4 deals two months ago and 1 of 2 last month; the team's standard is 50%, so
    the quarter holding the month two months ago shows a win-rate gap. An assignment started on
    the first of last month has had a whole month: it is measured over last month."""
    # Browser tests truncate tables between tests, the migrations' seed data included.
    diagnostics.seed(Diagnosis)
    library.seed(Skill, AssignmentTemplate)
    this_month = period_of(timezone.localdate(), "month").start
    last_month = period_of(this_month - datetime.timedelta(days=1), "month").start
    month_before = period_of(last_month - datetime.timedelta(days=1), "month").start
    _deals(personas.seller, month_before, won=1, lost=3)
    _deals(personas.seller, last_month, won=1, lost=1)
    Target.objects.create(
        team=personas.boston, metric="win_rate", value=0.5, valid_from=datetime.date(2020, 1, 1)
    )
    recompute()
    return last_month, period_of(month_before, "quarter")


def switch_to(page: Page, email: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, email)


def test_a_full_coaching_loop_from_gap_to_measured_result_and_the_next_one_on_one(
    page: Page, personas, win_rate_gap
):
    last_month, quarter = win_rate_gap
    sam = personas.seller

    # The leader opens an item from the win-rate gap, diagnoses it, and agrees an assignment.
    sign_in(page, "lena.hart@example.com")
    page.goto(f"/scorecards/people/{sam.pk}/gaps/?period={quarter.name}")
    gap = page.locator('.gap-item[data-metric="win_rate"]')
    gap.get_by_role("button", name="Open a coaching item").click()
    expect(page.get_by_role("heading", name="The gap")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("Win rate")
    page.get_by_label("Discovery").check()
    page.get_by_label("Evidence").fill("Lost three deals at the proposal: no pain found")
    page.get_by_role("button", name="Save the diagnosis").click()
    expect(page.locator(".history")).to_contain_text("root cause: Discovery")
    page.get_by_label("From the library").select_option(
        label="Shadow a top performer's discovery calls (21 days)"
    )
    page.get_by_label("Starts on").fill(last_month.isoformat())
    page.get_by_role("button", name="Agree the assignment").click()
    assignments = page.locator("#assignments").locator("..")
    expect(assignments).to_contain_text("Shadow a top performer's discovery calls")
    item_url = page.url

    # The seller adds a note and marks the assignment done.
    switch_to(page, "sam.ortiz@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coaching").click()
    page.get_by_role("link", name="Win rate").first.click()
    page.get_by_label("Add a note").fill("Joined Sofia's calls on Tuesday and Thursday")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".history")).to_contain_text("Joined Sofia's calls")
    page.get_by_label("How it went").fill("Used her three pain questions on two first meetings")
    page.get_by_role("button", name="Mark done").click()
    expect(page.locator(".history")).to_contain_text("Used her three pain questions")

    # The leader evaluates and sees the win rate before (25%) and since (50%).
    switch_to(page, "lena.hart@example.com")
    page.goto(item_url)
    page.get_by_role("link", name="Evaluate").click()
    measured = page.locator("#measured").locator("..")
    expect(measured).to_contain_text("25.0%")
    expect(measured).to_contain_text("50.0%")
    page.locator('input[name="was_done"][value="yes"]').check()
    page.locator('input[name="outcome"][value="closed"]').check()
    page.get_by_role("button", name="Save the evaluation").click()
    expect(page.locator("body")).to_contain_text("25.0%")
    expect(page.locator("body")).to_contain_text("50.0%")
    expect(page.locator(".history")).to_contain_text("Gap closed")

    # The weekly 1:1: a point left undiscussed carries over, and the Monday question is there.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="1:1s").click()
    page.locator(f'tr[data-report="{sam.pk}"]').get_by_role(
        "button", name="Start weekly 1:1"
    ).click()
    page.get_by_role("button", name="Plan the next 1:1").click()
    page.get_by_role("link", name="Open the agenda").click()
    page.get_by_label("Add a talking point").fill("Next step for the Acme renewal")
    page.get_by_role("button", name="Add point").click()
    expect(page.locator("#points")).to_contain_text("Next step for the Acme renewal")
    page.get_by_role("button", name="Mark as held").click()
    carried = page.locator("#points li", has=page.locator(".carried"))
    expect(carried).to_contain_text("Next step for the Acme renewal")
    expect(page.get_by_role("heading", name=MONDAY_QUESTION)).to_be_visible()
