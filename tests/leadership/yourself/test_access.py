"""Who reaches a leading-yourself page, in the pages, the API and the Django admin, for every
persona: the person and their management line read it; the person alone writes it; the line
alone gives feedback. A peer, the other team's leader and an administrator as such find
nothing (404), and no record says what it holds wherever Django prints it."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from leadwell.leadership.yourself.models import AspirationAction, AspirationFeedback, OwnPage

from ...conftest import PERSONA_KEYS
from .conftest import SECRET, in_a_year

pytestmark = pytest.mark.django_db

# Lena's page: she and her line (Dana) read it; Dana gives feedback.
READS = {"leader", "director"}
WRITES = {"leader"}
GIVES_FEEDBACK = {"director"}


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_pages_open_for_the_person_and_their_line_only(personas, lenas_page, viewer):
    _, goal, _, _ = lenas_page
    client = personas.client(viewer)
    person_page = client.get(reverse("leadership:yourself_person", args=[personas.leader.pk]))
    expected = 302 if viewer == "leader" else 200 if viewer in READS else 404
    assert person_page.status_code == expected
    assert (SECRET in person_page.content.decode()) is (viewer == "director")
    aspiration = client.get(reverse("leadership:yourself_aspiration", args=[goal.pk]))
    assert aspiration.status_code == (200 if viewer in READS else 404)
    assert (SECRET in aspiration.content.decode()) is (viewer in READS)
    # Everyone's own page opens, and holds only their own words.
    mine = client.get(reverse("leadership:yourself"))
    assert mine.status_code == 200
    assert (f"{SECRET} why" in mine.content.decode()) is (viewer == "leader")


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_the_person_writes_and_only_their_line_gives_feedback_in_the_pages(
    personas, lenas_page, viewer
):
    _, goal, action, _ = lenas_page
    client = personas.client(viewer)
    changed = client.post(
        reverse("leadership:yourself_aspiration", args=[goal.pk]),
        {"horizon": "five_years", "title": "Changed", "detail": "", "status": "active"},
    )
    assert changed.status_code == (302 if viewer in WRITES else 404)
    added = client.post(
        reverse("leadership:yourself_action_add", args=[goal.pk]),
        {"text": "Another", "due_on": in_a_year().isoformat()},
    )
    assert added.status_code == (302 if viewer in WRITES else 404)
    done = client.post(reverse("leadership:yourself_action_done", args=[action.pk]))
    assert done.status_code == (302 if viewer in WRITES else 404)
    given = client.post(
        reverse("leadership:yourself_feedback", args=[personas.leader.pk]), {"text": "Well done"}
    )
    assert given.status_code == (302 if viewer in GIVES_FEEDBACK else 404)
    assert AspirationAction.objects.count() == (2 if viewer in WRITES else 1)
    assert AspirationFeedback.objects.count() == (2 if viewer in GIVES_FEEDBACK else 1)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_api_answers_the_person_and_their_line_and_404_to_everyone_else(
    personas, lenas_page, viewer
):
    _, goal, action, feedback = lenas_page
    api = personas.api(viewer)
    lena = personas.leader.pk
    page = api.get(f"/api/v1/leadership/yourself/people/{lena}")
    assert page.status_code == (200 if viewer in READS else 404)
    assert (SECRET in page.content.decode()) is (viewer in READS)
    if viewer in READS:
        body = page.json()
        assert body["why"] == f"{SECRET} why"
        assert [a["id"] for a in body["aspirations"]] == [goal.pk]
        assert [a["id"] for a in body["aspirations"][0]["actions"]] == [action.pk]
        assert [f["id"] for f in body["feedback"]] == [feedback.pk]
        assert body["feedback"][0]["author"]["name"] == "Dana Whitfield"
    reads = [
        f"/api/v1/leadership/yourself/aspirations/{goal.pk}",
        f"/api/v1/leadership/yourself/people/{lena}/feedback",
    ]
    for address in reads:
        assert api.get(address).status_code == (200 if viewer in READS else 404), address
    writes = [
        ("patch", f"/api/v1/leadership/yourself/people/{lena}/page", {"energy": "x"}, 200),
        ("post", f"/api/v1/leadership/yourself/people/{lena}/aspirations",
         {"horizon": "year", "title": "x"}, 201),
        ("patch", f"/api/v1/leadership/yourself/aspirations/{goal.pk}", {"status": "achieved"}, 200),
        ("post", f"/api/v1/leadership/yourself/aspirations/{goal.pk}/actions",
         {"text": "x", "due_on": in_a_year().isoformat()}, 201),
        ("patch", f"/api/v1/leadership/yourself/aspiration-actions/{action.pk}", {"text": "y"}, 200),
        ("post", f"/api/v1/leadership/yourself/aspiration-actions/{action.pk}/done",
         {"done": True}, 200),
    ]  # fmt: skip
    for method, address, payload, ok in writes:
        answer = getattr(api, method)(address, json.dumps(payload), "application/json")
        assert answer.status_code == (ok if viewer in WRITES else 404), address
    given = api.post(
        f"/api/v1/leadership/yourself/people/{lena}/feedback",
        {"text": "Keep going", "goal_id": goal.pk},
        "application/json",
    )
    assert given.status_code == (201 if viewer in GIVES_FEEDBACK else 404)


def test_the_api_refuses_nonsense_with_a_message_per_field(personas, lenas_page):
    _, goal, _, _ = lenas_page
    lena = personas.leader.pk
    wrong_horizon = personas.api("leader").post(
        f"/api/v1/leadership/yourself/people/{lena}/aspirations",
        {"horizon": "quarter", "title": "Soon"},
        "application/json",
    )
    assert wrong_horizon.status_code == 422
    assert wrong_horizon.json()["detail"][0]["loc"][-1] == "horizon"
    others = personas.api("director").post(
        f"/api/v1/leadership/yourself/people/{personas.other_leader.pk}/feedback",
        {"text": "x", "goal_id": goal.pk},
        "application/json",
    )
    assert others.status_code == 422
    assert others.json()["detail"][0]["loc"][-1] == "goal_id"


def test_the_people_list_of_the_api_is_the_viewers_line(personas, lenas_page):
    names = lambda key: [  # noqa: E731
        one["person"]["name"]
        for one in personas.api(key).get("/api/v1/leadership/yourself/people").json()
    ]
    assert names("leader") == ["Sam Ortiz", "Sofia Berg"]
    assert "Lena Hart" in names("director")
    assert names("seller") == [] and names("admin") == []


def test_nothing_of_leading_yourself_is_in_the_django_admin(personas, lenas_page):
    for model in (OwnPage, AspirationAction, AspirationFeedback):
        assert model not in admin.site._registry
        record = model.objects.first()
        assert SECRET not in str(record) and str(record).endswith(f"#{record.pk}")
    client = personas.client("admin")
    assert "leadership" not in client.get(reverse("admin:index")).content.decode().lower()
    assert client.get("/admin/leadership/ownpage/").status_code == 404
