"""A vision in a real browser: the leader answers the four questions, adds three goals (one
linked to a metric), publishes, then changes that goal with what changed, why and a note for
the team (refused first without them); the team's scorecard then shows the changed goal, and
its history both versions."""

import pytest
from playwright.sync_api import Page, expect

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERS = {
    "What value do we bring to the market?": "Renewals our customers plan for",
    "How do we approach the market?": "Discovery first, a payback case in every deal",
    "Where do we stand among our competitors?": "Second in the region, first on service",
    "Where is the economy heading?": "Tight budgets; buyers want proof",
}


def add_goal(page: Page, title: str, **measured: str) -> None:
    form = page.locator("#goal-form")
    form.get_by_label("Goal", exact=True).fill(title)
    if measured:
        form.get_by_label("Measured by").select_option(label=measured["metric"])
        form.get_by_label("Target", exact=True).fill(measured["target"])
        form.get_by_label("Counted from").fill("2026-01-01")
        form.get_by_label("Target date").fill("2026-12-31")
    form.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_text("Goal added to your draft.")).to_be_visible()


def test_a_leader_publishes_a_vision_and_changes_a_goal_the_team_sees_it(page: Page, personas):
    sign_in(page, "lena.hart@example.com")
    page.goto("/leadership/vision/")
    for question, answer in ANSWERS.items():
        page.get_by_label(question).fill(answer)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your vision is saved.")).to_be_visible()

    add_goal(page, "Twelve new mid-market customers", metric="New customers", target="12")
    add_goal(page, "Win one in three")
    page.get_by_role("button", name="Publish the vision").click()
    expect(page.locator("#publish-errors")).to_contain_text("you have 2")
    add_goal(page, "Customers who recommend us")
    page.get_by_role("button", name="Publish the vision").click()
    expect(page.get_by_text("Published: your team reads")).to_be_visible()

    page.get_by_role("link", name="Twelve new mid-market customers").click()
    form = page.locator("#change-form")
    form.get_by_label("Goal", exact=True).fill("Fifteen new mid-market customers")
    form.get_by_label("Target", exact=True).fill("15")
    form.get_by_role("button", name="Change the goal").click()
    expect(page.locator("#id_reason_error")).to_contain_text("Give the reason")
    expect(page.locator("#id_team_note_error")).to_contain_text("Tell the team")
    form = page.locator("#change-form")
    form.get_by_label("What changed").select_option(label="The market changed")
    form.get_by_label("Why the goal must change").fill("A competitor left the region")
    form.get_by_label("How the team should see the change").fill("More doors, same approach")
    form.get_by_role("button", name="Change the goal").click()
    expect(page.get_by_text("its earlier version stays in its history")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sam.ortiz@example.com")
    page.goto(f"/scorecards/teams/{personas.boston.pk}/")
    section = page.locator("#team-vision")
    expect(section).to_contain_text("Fifteen new mid-market customers")
    expect(section).to_contain_text("More doors, same approach")
    section.get_by_text("History: 2 versions").click()
    history = section.locator(".history .versions")
    expect(history.locator("li")).to_have_count(2)
    expect(history).to_contain_text("Version 2")
    expect(history).to_contain_text("Twelve new mid-market customers")
    expect(history).to_contain_text("A competitor left the region")
