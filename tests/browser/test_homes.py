"""Each persona signs in through the sign-in page and lands on the home that answers their
first question: the leader, who needs them this week; the seller, how they stand and when the
next 1:1 is; the director, each leader's team against quota to date; the administrator, the
administration home. Assertions are on names, figures and where the links go."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadwell.coaching import services as coaching
from leadwell.crm.models import Quota
from leadwell.lib.periods import period_of
from leadwell.metrics import selectors as metrics
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Scope, Target
from leadwell.metrics.templatetags.metrics import line_value

from ..conftest import deal
from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org(personas):
    """This quarter Sam has won one deal of three against a 100,000 quota, Sofia two large
    ones; Omar on the Denver team one. Lena has a weekly 1:1 with each of her two sellers."""
    today = timezone.localdate()
    start = period_of(today, "quarter").start
    deal(personas.seller, "won", 12_000, start)
    deal(personas.seller, "lost", 8_000, start)
    deal(personas.seller, "lost", 5_000, start)
    deal(personas.seller2, "won", 90_000, start)
    deal(personas.other_seller, "won", 30_000, start)
    for who in (personas.seller, personas.seller2, personas.other_seller):
        Quota.objects.create(person=who, period_kind="quarter", period_start=start, amount=100_000)
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.8, valid_from=start)
    recompute(today=today)
    personas.series = {  # type: ignore[attr-defined]
        who.pk: coaching.series_start(leader=personas.leader, report=who)
        for who in (personas.seller, personas.seller2)
    }
    personas.next_meeting = coaching.meeting_next(  # type: ignore[attr-defined]
        series=personas.series[personas.seller.pk]
    )
    return personas


def hrefs(locator) -> list[str]:
    return [link.get_attribute("href") or "" for link in locator.get_by_role("link").all()]


def test_the_leader_sees_who_needs_them_this_week_one_line_per_direct_report(page: Page, org):
    sign_in(page, "lena.hart@example.com")
    needs_you = page.locator("#needs-you")
    expect(needs_you.get_by_role("heading", name="Who needs you this week")).to_be_visible()
    lines = needs_you.locator("li.report-line")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Sam Ortiz")  # most behind pace first
    expect(lines.nth(1)).to_contain_text("Sofia Berg")
    for line, who in [(lines.nth(0), org.seller), (lines.nth(1), org.seller2)]:
        links = hrefs(line)
        for path in [
            reverse("person", args=[who.pk]),
            reverse("metrics:person", args=[who.pk]),
            reverse("metrics:gaps", args=[who.pk]),
            reverse("coaching:person", args=[who.pk]),
            reverse("coaching:plan", args=[who.pk]),
            reverse("one_on_ones:series", args=[org.series[who.pk].pk]),
        ]:
            assert any(link.split("?")[0] == path for link in links), (who.name, path, links)
    expect(needs_you).not_to_contain_text("Omar Reyes")  # Owen's seller, not Lena's
    expect(lines.nth(1)).to_contain_text("1 win this period")
    line = lines.nth(0)
    line.get_by_role("link", name="Gaps").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam Ortiz")


def test_the_seller_sees_their_own_results_and_their_next_one_on_one(page: Page, org):
    today = timezone.localdate()
    period, _note = metrics.default_period(Scope.PERSON, [org.seller.pk], today=today)
    card = metrics.person_card(org.seller, period, with_trend=False)
    sign_in(page, "sam.ortiz@example.com")
    results = page.locator("#my-results")
    expect(results.get_by_role("heading", name="My results")).to_be_visible()
    expect(results).to_contain_text(period.short_label)
    expect(results.locator(".attainment")).to_contain_text(
        line_value(card.line("quota_attainment"))
    )
    expect(results.locator(".bookings")).to_have_text(line_value(card.line("bookings")))
    expect(results).to_contain_text("1 win")
    expect(results.get_by_role("link", name="My scorecard")).to_have_attribute(
        "href", reverse("metrics:person", args=[org.seller.pk])
    )
    next_one = page.locator(".next-one-on-one")
    expect(next_one).to_contain_text("Next 1:1 with Lena Hart")
    next_one.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(f"/one-on-ones/meetings/{org.next_meeting.pk}/$"))


def test_the_director_sees_each_leaders_team_against_quota_to_date_with_links_down(page: Page, org):
    sign_in(page, "dana.whitfield@example.com")
    expect(page.get_by_role("heading", name="My leaders and their teams")).to_be_visible()
    team = page.locator("#team")
    for leader, squad, sellers in [
        (org.leader, org.boston, ["Sam Ortiz", "Sofia Berg"]),
        (org.other_leader, org.denver, ["Omar Reyes"]),
    ]:
        article = team.locator("article", has=page.get_by_role("link", name=leader.name))
        expect(article.get_by_role("link", name=leader.name)).to_have_attribute(
            "href", reverse("person", args=[leader.pk])
        )
        figures = article.locator(f'table.team-figures[data-team="{squad.pk}"]')
        expect(figures.locator("caption")).to_contain_text("to date")
        expect(figures.locator("[data-pace]")).to_contain_text("of the")
        links = hrefs(figures)
        assert any(link.split("?")[0] == reverse("metrics:team", args=[squad.pk]) for link in links)
        for name in sellers:
            expect(article.get_by_role("link", name=name)).to_be_visible()
    boston = team.locator(f'table.team-figures[data-team="{org.boston.pk}"]')
    boston.get_by_role("link", name="Team scorecard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boston Enterprise")


def test_the_administrator_on_no_team_lands_on_the_administration_home(page: Page, org):
    sign_in(page, "ada.ng@example.com")
    expect(page.get_by_role("heading", name="Administration", level=1)).to_be_visible()
    expect(page.locator("#admin-imports").get_by_role("link", name="Import a file")).to_be_visible()
    expect(page.locator("#admin-people")).to_contain_text("7 people")
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.locator('a[aria-current="page"]')).to_have_text("Administration")
    expect(page.locator("#needs-you")).to_have_count(0)
