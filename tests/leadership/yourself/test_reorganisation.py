"""A reorganisation leaves nobody inside: when Sam moves from Lena's team to Owen's, Lena no
longer reads or gives feedback on his leading-yourself page, in the pages or the API; Owen, his
new leader, does; the director above both still does. What Lena wrote stays Sam's history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.leadership.yourself import services
from leadwell.org import services as org

from .conftest import in_a_year

pytestmark = pytest.mark.django_db

SAMS = "Osprey-3307: lead a team"


@pytest.fixture
def moved(personas):
    sam = personas.seller
    goal = services.aspiration_save(person=sam, by=sam, horizon="three_years", title=SAMS)
    action = services.aspiration_action_add(goal=goal, by=sam, text="Course", due_on=in_a_year())
    services.aspiration_feedback_give(person=sam, by=personas.leader, text="Lena's word")
    org.person_join_team(person=sam, team=personas.denver, on=timezone.localdate())
    return goal, action


def test_the_old_leader_loses_the_page_in_the_pages_and_the_api(personas, moved):
    goal, action = moved
    sam = personas.seller.pk
    lena, lena_api = personas.client("leader"), personas.api("leader")
    assert lena.get(reverse("leadership:yourself_person", args=[sam])).status_code == 404
    assert lena.get(reverse("leadership:yourself_aspiration", args=[goal.pk])).status_code == 404
    refused = lena.post(reverse("leadership:yourself_feedback", args=[sam]), {"text": "Late"})
    assert refused.status_code == 404
    for address in (
        f"/api/v1/leadership/yourself/people/{sam}",
        f"/api/v1/leadership/yourself/people/{sam}/feedback",
        f"/api/v1/leadership/yourself/aspirations/{goal.pk}",
    ):
        assert lena_api.get(address).status_code == 404, address
    done = lena_api.post(
        f"/api/v1/leadership/yourself/aspiration-actions/{action.pk}/done", {}, "application/json"
    )
    assert done.status_code == 404
    listed = lena_api.get("/api/v1/leadership/yourself/people").json()
    assert [one["person"]["name"] for one in listed] == ["Sofia Berg"]
    assert SAMS not in lena.get(reverse("leadership:yourself")).content.decode()


def test_the_new_leader_and_the_director_read_it_and_give_feedback(personas, moved):
    sam = personas.seller.pk
    for key in ("other_leader", "director"):
        page = personas.client(key).get(reverse("leadership:yourself_person", args=[sam]))
        assert page.status_code == 200 and SAMS in page.content.decode()
    given = personas.api("other_leader").post(
        f"/api/v1/leadership/yourself/people/{sam}/feedback",
        {"text": "Welcome"},
        "application/json",
    )
    assert given.status_code == 201


def test_what_the_old_leader_wrote_stays_sams_history(personas, moved):
    page = personas.client("seller").get(reverse("leadership:yourself")).content.decode()
    assert "Lena&#x27;s word" in page
    assert "Lena Hart" in page
