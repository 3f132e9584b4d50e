"""The layout on a phone and on a wide screen: on a 390 px phone no main page is wider than the
screen and the menu folds behind "Menu"; on every page exactly one menu item is the current one.
Each page at 390 px is saved to tests/browser/screenshots/ (git-ignored) for anyone to look at."""

import pathlib

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadwell.lib.periods import period_of
from leadwell.metrics import diagnostics
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Diagnosis, Target

from ..conftest import deal
from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = pathlib.Path(__file__).parent / "screenshots"
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
EMAIL = {
    "seller": "sam.ortiz@example.com",
    "leader": "lena.hart@example.com",
    "director": "dana.whitfield@example.com",
    "admin": "ada.ng@example.com",
}


@pytest.fixture
def with_figures(personas):
    """A quarter of figures, so the scorecard, gap and team tables and charts have rows."""
    diagnostics.seed(Diagnosis)
    start = period_of(timezone.localdate(), "quarter").start
    for outcome in ["won", "lost", "lost"]:
        deal(personas.seller, outcome, 10_000, start)
    deal(personas.seller2, "won", 25_000, start)
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.5, valid_from=start)
    recompute()
    return personas


def main_pages(role: str, personas) -> dict[str, tuple[str, str]]:
    """Each persona's main pages: name -> (path, the menu item that is current there)."""
    seller = personas.seller.pk
    pages: dict[str, tuple[str, str]] = {"home": ("/", "Home")}
    if role != "admin":
        pages.update(
            {
                "scorecard": (reverse("metrics:person", args=[seller]), "Scorecards"),
                "gaps": (reverse("metrics:gaps", args=[seller]), "Scorecards"),
                "team": (reverse("metrics:team", args=[personas.boston.pk]), "Scorecards"),
                "coaching": (reverse("coaching:home"), "Coaching"),
                "one-on-ones": (reverse("one_on_ones:list"), "1:1s"),
                "catalog": (reverse("metrics:catalog"), "Scorecards"),
                "forecast-call": (reverse("forecast-call"), "Forecast call"),
            }
        )
    if role == "seller":
        pages.pop("team")  # a seller's team scorecard is the leader's
        pages["my-page"] = (reverse("person", args=[seller]), "My page")
    else:
        pages["a-sellers-page"] = (reverse("person", args=[seller]), "People")
        if role != "admin":
            pages["lead-up"] = (reverse("lead-up"), "Lead up")
            pages["reports"] = (reverse("reports:list"), "Lead up")
    pages["people"] = (reverse("directory"), "People")
    pages["org-chart"] = (reverse("org-chart"), "Org chart")
    if role == "admin":
        pages["home"] = ("/", "Administration")
        pages["imports"] = (reverse("imports"), "Imports")
        pages["catalog"] = (reverse("metrics:catalog"), "Scorecards")
    return pages


@pytest.mark.parametrize("role", ["seller", "leader", "director", "admin"])
def test_on_a_phone_no_main_page_is_wider_than_the_screen(page: Page, with_figures, role):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    sign_in(page, EMAIL[role])
    expect(page.get_by_text("Menu", exact=True)).to_be_visible()
    widths = {}
    for name, (path, _current) in main_pages(role, with_figures).items():
        response = page.goto(path)
        assert response is not None and response.status == 200, (role, path)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(SCREENSHOTS / f"{role}-{name}-390.png"), full_page=True)
    assert all(width <= PHONE["width"] for width in widths.values()), widths


def test_on_a_phone_the_menu_opens_and_marks_the_current_page(page: Page, personas):
    page.set_viewport_size(PHONE)
    sign_in(page, EMAIL["director"])  # the longest menu a person has
    page.goto(reverse("coaching:home"))
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Org chart")).to_be_hidden()  # folded
    summary = page.locator("summary", has_text="Menu")
    expect(summary).to_contain_text("Coaching")  # the closed menu names the page
    summary.click()
    expect(menu.get_by_role("link", name="Org chart")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    current = menu.locator('a[aria-current="page"]')
    expect(current).to_have_count(1)
    expect(current).to_have_text("Coaching")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "director-menu-open-390.png"))
    menu.get_by_role("link", name="Org chart").click()
    expect(page.locator("summary", has_text="Menu")).to_contain_text("Org chart")
    expect(menu.get_by_role("link", name="Org chart")).to_be_hidden()  # folded again


@pytest.mark.parametrize("role", ["seller", "leader", "admin"])
def test_on_a_wide_screen_the_menu_shows_and_exactly_one_item_is_current(
    page: Page, with_figures, role
):
    page.set_viewport_size(WIDE)
    sign_in(page, EMAIL[role])
    menu = page.get_by_role("navigation", name="Main")
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(menu.get_by_role("link", name="People")).to_be_visible()
    for path, current in main_pages(role, with_figures).values():
        page.goto(path)
        marked = menu.locator('a[aria-current="page"]')
        expect(marked).to_have_count(1)
        expect(marked).to_have_text(current)


@pytest.mark.parametrize("role", ["leader", "director", "admin"])
def test_on_a_wide_screen_the_menu_fits_one_row(page: Page, personas, role):
    page.set_viewport_size(WIDE)
    sign_in(page, EMAIL[role])
    tops = (
        page.get_by_role("navigation", name="Main")
        .locator("a")
        .evaluate_all("links => links.map(link => Math.round(link.getBoundingClientRect().top))")
    )
    assert len(tops) > 3 and len(set(tops)) == 1, tops
