"""One model of a person's ambitions, shown in both places: an aspiration written on the
leading-yourself page is the personal goal the coaching goals page shows, and a career goal
written on the goals page is an aspiration on the leading-yourself page."""

import pytest
from django.urls import reverse

from leadwell.coaching.models import PersonalGoal

from ...conftest import text_of

pytestmark = pytest.mark.django_db


def test_an_aspiration_written_here_is_the_goal_the_coaching_goals_page_shows(personas):
    sam = personas.client("seller")
    sam.post(
        reverse("leadership:yourself_aspiration_add"),
        {"horizon": "five_years", "title": "Open our Lisbon office"},
    )
    goal = PersonalGoal.objects.get()
    assert (goal.person, goal.area, goal.horizon) == (personas.seller, "career", "five_years")
    for viewer in ("seller", "leader"):
        goals = personas.client(viewer).get(reverse("coaching:goals", args=[personas.seller.pk]))
        assert "Open our Lisbon office" in goals.content.decode()
    api = personas.api("seller").get(f"/api/v1/people/{personas.seller.pk}/goals").json()
    assert [g["id"] for g in api["items"]] == [goal.pk]


def test_a_career_goal_written_on_the_goals_page_is_an_aspiration_here(personas):
    sam = personas.client("seller")
    sam.post(
        reverse("coaching:goals", args=[personas.seller.pk]),
        {"area": "career", "horizon": "three_years", "title": "Lead the Boston team"},
    )
    goal = PersonalGoal.objects.get()
    page = text_of(sam.get("/leadership/yourself/").content.decode())
    assert "In three years" in page and "Lead the Boston team" in page
    assert (
        reverse("leadership:yourself_aspiration", args=[goal.pk])
        in sam.get("/leadership/yourself/").content.decode()
    )
    # Changed on the goals page, it changes here: there is no second copy.
    sam.post(
        reverse("coaching:goal", args=[goal.pk]),
        {"area": "career", "horizon": "year", "title": "Lead the Boston team", "status": "active"},
    )
    page = sam.get("/leadership/yourself/").content.decode()
    aspirations = page[page.index('id="aspirations"') :]
    assert PersonalGoal.objects.count() == 1
    one_year, three_years = aspirations.index("In one year"), aspirations.index("In three years")
    assert one_year < aspirations.index("Lead the Boston team") < three_years


def test_the_goals_page_links_to_the_leading_yourself_page(personas):
    for viewer in ("seller", "leader"):
        goals = personas.client(viewer).get(reverse("coaching:goals", args=[personas.seller.pk]))
        link = reverse("leadership:yourself_person", args=[personas.seller.pk])
        assert link in goals.content.decode()
