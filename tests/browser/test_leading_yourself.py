"""Leading yourself in a real browser: a leader writes their purpose and a three-year
aspiration with an action and its day; the director opens the leader's page, reads it and
leaves feedback about that aspiration; the leader then sees it with the director's name."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_writes_an_aspiration_the_director_gives_feedback_the_leader_reads_it(
    page: Page, personas
):
    due = timezone.localdate() + datetime.timedelta(days=90)
    sign_in(page, "lena.hart@example.com")
    page.goto("/leadership/yourself/")
    expect(page.get_by_role("heading", name="Leading yourself", level=1)).to_be_visible()
    page.get_by_label("Why I do what I do").fill("I was coached into this job; I coach back.")
    page.get_by_label("My strengths").fill("Discovery coaching")
    page.get_by_label("What I ask of my manager to support me").fill("A stretch project")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#purpose")).to_contain_text("I was coached into this job")

    page.get_by_text("Write an aspiration").click()
    page.get_by_label("When").select_option(label="In three years")
    page.get_by_label("My aspiration").fill("Lead a second-line team")
    page.get_by_role("button", name="Save the aspiration").click()
    expect(page.get_by_role("heading", name="Lead a second-line team")).to_be_visible()
    # An action without its day is refused beside the field, keeping the words typed.
    page.get_by_label("What I will do").fill("Finish the leadership course")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#id_due_on_error")).to_be_visible()
    page.get_by_label("Due").fill(due.isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#actions")).to_contain_text("Finish the leadership course")
    page.get_by_role("link", name="Leading yourself").click()
    expect(page.locator("#aspirations")).to_contain_text("In three years")
    expect(page.locator("#aspirations")).to_contain_text("Finish the leadership course")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "dana.whitfield@example.com")
    page.goto(f"/leadership/yourself/people/{personas.leader.pk}/")
    expect(page.get_by_role("heading", name="Lena Hart: leading yourself")).to_be_visible()
    expect(page.locator("#purpose")).to_contain_text("I was coached into this job")
    expect(page.locator("#aspirations")).to_contain_text("Lead a second-line team")
    page.get_by_label("About").select_option(label="Within three years: Lead a second-line team")
    page.get_by_label("Your feedback").fill("Take the regional pricing review next quarter.")
    page.get_by_role("button", name="Record the feedback").click()
    expect(page.locator("#feedback")).to_contain_text("Take the regional pricing review")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "lena.hart@example.com")
    page.goto("/leadership/yourself/")
    feedback = page.locator("#feedback")
    expect(feedback).to_contain_text("Dana Whitfield")
    expect(feedback).to_contain_text("Take the regional pricing review next quarter.")
    expect(feedback).to_contain_text("Lead a second-line team")
