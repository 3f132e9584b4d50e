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
        pages[reverse("audit-trail")] = "Audit trail"
        pages[reverse("quotas")] = "Quotas"
        return pages
    pages |= {
        reverse("person", args=[me.pk]): "My page",
        reverse("metrics:person", args=[seller.pk]): "Scorecards",
        reverse("coaching:person", args=[seller.pk]): "Coaching",
        reverse("coaching:plan", args=[seller.pk]): "Coaching",
        reverse("one_on_ones:list"): "1:1s",
    }
    if role == "seller":
        # A seller's own goals and plan belong with their coaching.
        pages[reverse("coaching:goals", args=[seller.pk])] = "Coaching"
    else:
        pages[reverse("person", args=[seller.pk])] = "People"
        pages[reverse("coaching:goals", args=[me.pk])] = "My goals & plan"
        pages[reverse("quotas")] = "Quotas"
        pages[reverse("audit-trail")] = "Audit trail"
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
