"""The scorecard flow in a real browser: the leader drills from the team into a seller's
scorecard and gap analysis; a seller sees their own and is refused a peer's."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadwell.lib.periods import period_of
from leadwell.metrics import diagnostics
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Diagnosis, Target

from ..conftest import deal
from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def this_quarter(personas):
    """This quarter Sam won one deal and lost two; the team's win-rate standard is 50%."""
    # Browser tests truncate tables between tests, the migration's seed data included.
    diagnostics.seed(Diagnosis)
    start = period_of(timezone.localdate(), "quarter").start
    for outcome in ["won", "lost", "lost"]:
        deal(personas.seller, outcome, 10_000, start)
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.5, valid_from=start)
    recompute()
    return personas


def test_the_leader_drills_from_the_team_scorecard_into_a_sellers_gaps(page: Page, this_quarter):
    sign_in(page, "lena.hart@example.com")
    page.get_by_role("link", name="Scorecards").click()
    expect(page.get_by_role("heading", name="Boston Enterprise scorecard")).to_be_visible()
    sellers = page.locator("table.sellers")
    expect(sellers).to_contain_text("Sofia Berg")
    sellers.get_by_role("link", name="Sam Ortiz").click()
    expect(page.get_by_role("heading", name="Scorecard of Sam Ortiz")).to_be_visible()
    expect(page.locator('tr[data-metric="win_rate"]')).to_contain_text("33.3%")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    page.get_by_role("link", name="Gap analysis").click()
    expect(page.get_by_role("heading", name="Gap analysis of Sam Ortiz")).to_be_visible()
    gap = page.locator('.gap-item[data-metric="win_rate"]')
    expect(gap).to_contain_text("33.3% against 50.0%")
    expect(gap).to_contain_text("Qualification")


def test_a_seller_sees_their_own_scorecard_and_not_a_peers(page: Page, this_quarter):
    sign_in(page, "sam.ortiz@example.com")
    page.get_by_role("link", name="Scorecards").click()
    expect(page.get_by_role("heading", name="Scorecard of Sam Ortiz")).to_be_visible()
    response = page.goto(f"/scorecards/people/{this_quarter.seller2.pk}/")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text("Sofia Berg")
    page.goto(f"/scorecards/teams/{this_quarter.boston.pk}/")
    expect(page.get_by_role("heading", name="Wins this period")).to_be_visible()
    expect(page.locator("table.sellers")).to_have_count(0)
