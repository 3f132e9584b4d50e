"""The trust pulse in a real browser: the leader opens a pulse, three sellers answer it from
their home page, and after its close the leader reads "waiting for more answers"; two more
answer the next pulse, and once five people have answered the leader reads the pooled result,
never an answer."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadwell.org import services as org
from leadwell.pulse import services
from leadwell.pulse.models import Pulse
from leadwell.pulse.selectors import QUESTIONS
from tests.conftest import ORG_START, _person

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_from_home(page: Page, email: str, score: str, comment: str) -> None:
    sign_in(page, email)
    page.locator(".pulse-to-answer").get_by_role("link").click()
    for _, question in QUESTIONS:
        # The ends of the scale are labelled "1 not at all" and "5 fully".
        page.get_by_role("group", name=question).get_by_label(re.compile(rf"^{score}\b")).check()
    page.get_by_label("What could your manager do").fill(comment)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(comment)
    page.get_by_role("button", name="Sign out").click()


def close_the_open_pulse(weeks_ago: int) -> None:
    """Time passes, and the worker's upkeep closes the pulse: its week is moved `weeks_ago`
    back (a team's pulses open on different days) and the pulses due today are closed."""
    today = timezone.localdate()
    opened = today - datetime.timedelta(weeks=weeks_ago, days=1)
    Pulse.objects.filter(closed=False).update(
        opens_on=opened, closes_on=opened + datetime.timedelta(days=7)
    )
    services.pulses_close_due(today)


def test_sellers_answer_and_the_leader_waits_for_five_people_then_reads_the_pooled_result(
    page: Page, personas
):
    more = []
    for name in ("Ines Duarte", "Jon Park", "Kai Moreau", "Lea Novak"):
        person = _person(name, "Account Executive")
        org.person_join_team(person=person, team=personas.boston, on=ORG_START)
        more.append(person)

    sign_in(page, "lena.hart@example.com")
    page.get_by_role("link", name="Trust pulse").click()
    page.get_by_role("button", name="Open the pulse").click()
    expect(page.locator(".open-pulse")).to_contain_text("0 of 6 answered")
    page.get_by_role("button", name="Sign out").click()

    for email, score in (
        ("sam.ortiz@example.com", "4"),
        ("sofia.berg@example.com", "5"),
        ("ines.duarte@example.com", "3"),
    ):
        answer_from_home(page, email, score, f"A comment from {email}")
    close_the_open_pulse(weeks_ago=2)

    sign_in(page, "lena.hart@example.com")
    page.get_by_role("link", name="Trust pulse").click()
    boston = page.locator(f"#team-{personas.boston.pk}")
    expect(boston.locator(".waiting")).to_contain_text(
        "Waiting for more answers: 3 answers from 3 people"
    )
    expect(boston).to_contain_text("No result yet")
    page.get_by_role("button", name="Open the pulse").click()
    page.get_by_role("button", name="Sign out").click()

    for email in ("jon.park@example.com", "kai.moreau@example.com"):
        answer_from_home(page, email, "4", f"A comment from {email}")
    close_the_open_pulse(weeks_ago=1)

    sign_in(page, "lena.hart@example.com")
    page.get_by_role("link", name="Trust pulse").click()
    expect(boston).to_contain_text("pooled over")
    expect(boston).to_contain_text("5 answers")
    trust = boston.locator('tr[data-question="trust"] .mean')
    expect(trust).to_have_text("4.0")  # (4 + 5 + 3 + 4 + 4) / 5
    # Five answers: fewer than the ten comments need, so none shows.
    expect(boston).not_to_contain_text("A comment from")
