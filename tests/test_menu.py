"""On every main page exactly one menu item is the current one, for every persona, including a
form page shown again with its errors."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<nav class="mainnav" aria-label="Main">(.*?)</nav>', re.S)
CURRENT = re.compile(r'<a href="[^"]*" aria-current="page">([^<]*)</a>')


def current_items(page: str) -> list[str]:
    menu = MENU.search(page)
    assert menu is not None, "no main menu"
    return CURRENT.findall(menu.group(1))


def main_pages(role: str, personas) -> dict[str, str]:
    """The persona's main pages: path -> the one menu item current there."""
    me, seller = getattr(personas, role), personas.seller
    pages = {
        reverse("home"): "Administration" if role == "admin" else "Home",
        reverse("directory"): "People",
        reverse("org-chart"): "Org chart",
    }
    if role == "admin":
        pages[reverse("administration")] = "Administration"
        pages[reverse("imports")] = "Imports"
        pages[reverse("quotas")] = "Quotas"
        return pages
    pages |= {
        reverse("person", args=[me.pk]): "My page",
        reverse("metrics:person", args=[seller.pk]): "Scorecards",
        reverse("coaching:person", args=[seller.pk]): "Coaching",
        reverse("coaching:plan", args=[seller.pk]): "Coaching",
        reverse("one_on_ones:list"): "1:1s",
        # Vision, leading yourself and the pivot: one item for all three.
        reverse("leadership:home"): "Leadership",
        reverse("leadership:vision_mine"): "Leadership",
        reverse("leadership:yourself"): "Leadership",
        reverse("leadership:pivot_quarter"): "Leadership",
    }
    if role == "seller":
        # A seller's own goals and plan belong with their coaching.
        pages[reverse("coaching:goals", args=[seller.pk])] = "Coaching"
        pages[reverse("plans:home")] = "Plan"
    else:
        pages[reverse("person", args=[seller.pk])] = "People"
        # A leader's own goals and plan are part of leading themselves.
        pages[reverse("coaching:goals", args=[me.pk])] = "Leadership"
        pages[reverse("quotas")] = "Quotas"
        # Every page of leading up belongs to the one "Lead up" item.
        for lead_up_page in ("lead-up", "plans:home", "reports:list", "debriefs:home"):
            pages[reverse(lead_up_page)] = "Lead up"
        pages[reverse("debriefs:talks")] = "Lead up"
    return pages


@pytest.mark.parametrize("role", ["seller", "leader", "director", "admin"])
def test_each_main_page_marks_exactly_one_menu_item_as_current(personas, role):
    client = personas.client(role)
    for path, expected in main_pages(role, personas).items():
        response = client.get(path)
        assert response.status_code == 200, (role, path, response.status_code)
        assert current_items(response.content.decode()) == [expected.replace("&", "&amp;")], (
            role,
            path,
        )


def test_a_form_shown_again_with_its_errors_still_marks_one_menu_item(personas):
    page = personas.client("seller").post(
        reverse("coaching:goals", args=[personas.seller.pk]), {"area": "career", "title": ""}
    )
    assert page.status_code == 200
    assert current_items(page.content.decode()) == ["Coaching"]


def menu_items(page: str) -> list[str]:
    menu = MENU.search(page)
    assert menu is not None, "no main menu"
    return re.findall(r"<a [^>]*>([^<]*)</a>", menu.group(1))


LEAD_UP_APPS = ["Plan", "Reports", "Debriefs &amp; talks"]


@pytest.mark.parametrize(
    ("role", "has", "has_not"),
    [
        ("leader", ["Lead up"], [*LEAD_UP_APPS, "Audit trail"]),
        ("director", ["Lead up"], [*LEAD_UP_APPS, "Audit trail"]),
        ("seller", ["Plan"], ["Lead up", "Reports", "Debriefs &amp; talks", "Audit trail"]),
        ("admin", [], ["Lead up", *LEAD_UP_APPS, "Audit trail"]),
    ],
)
def test_leaders_and_directors_find_the_lead_up_in_one_menu_item(personas, role, has, has_not):
    items = menu_items(personas.client(role).get(reverse("home")).content.decode())
    assert all(item in items for item in has), items
    assert not any(item in items for item in has_not), items


@pytest.mark.parametrize("role", ["seller", "leader", "director", "admin"])
def test_the_audit_trail_is_in_the_footer_for_those_who_read_it(personas, role):
    page = personas.client(role).get(reverse("home")).content.decode()
    footer = re.search(r'<footer class="footer">(.*?)</footer>', page, re.S)
    assert footer is not None
    link = f'<a href="{reverse("audit-trail")}">Audit trail</a>'
    assert (link in footer.group(1)) == (role != "seller"), role


def test_the_audit_trail_marks_no_menu_item(personas):
    page = personas.client("leader").get(reverse("audit-trail")).content.decode()
    assert current_items(page) == []


@pytest.mark.parametrize(
    "path",
    ["/asks/", "/challenges/", "/signals/", "/conditioning/", "/agreements/", "/balance/"],
)
def test_the_pages_that_keep_the_balance_are_under_lead_up_for_a_leader(personas, path):
    page = personas.client("leader").get(path).content.decode()
    assert current_items(page) == ["Lead up"]
