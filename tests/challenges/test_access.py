"""Who reaches a challenge in the pages, the API and the Django admin, for every persona: the
team and its line read a shared challenge; one kept for the leader only is read by its raiser
and their line; the leader triages, the director answers; administrators read none of it."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from leadwell.challenges import services
from leadwell.challenges.models import Challenge, ChallengeAction

from ..conftest import PERSONA_KEYS
from .conftest import SECRET

pytestmark = pytest.mark.django_db

READS_SHARED = {"seller", "seller2", "leader", "director"}
READS_PRIVATE = {"seller", "leader", "director"}
TRIAGES = {"leader", "director"}


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_a_shared_challenge_opens_for_the_team_and_its_line_only(personas, shared, viewer):
    client = personas.client(viewer)
    page = client.get(reverse("challenges:challenge", args=[shared.pk]))
    assert page.status_code == (200 if viewer in READS_SHARED else 404)
    assert (SECRET in page.content.decode()) is (viewer in READS_SHARED)
    listed = client.get(reverse("challenges:register"))
    assert listed.status_code == 200  # everyone with a person: listing what they may read
    assert (SECRET in listed.content.decode()) is (viewer in READS_SHARED)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_a_private_challenge_is_for_its_raiser_the_leader_and_the_line(personas, private, viewer):
    page = personas.client(viewer).get(reverse("challenges:challenge", args=[private.pk]))
    assert page.status_code == (200 if viewer in READS_PRIVATE else 404)
    api = personas.api(viewer)
    one = api.get(f"/api/v1/challenges/{private.pk}")
    assert one.status_code == (200 if viewer in READS_PRIVATE else 404)
    listed = [c["id"] for c in api.get("/api/v1/challenges").json()]
    assert (private.pk in listed) is (viewer in READS_PRIVATE)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_the_leader_and_the_line_above_triage_in_the_page_and_the_api(
    personas, shared, viewer
):
    url = reverse("challenges:triage", args=[shared.pk])
    page = personas.client(viewer).post(url, {"options": "Coach it"})
    assert page.status_code == (302 if viewer in TRIAGES else 404)
    shared.refresh_from_db()
    assert (shared.status == Challenge.Status.IN_TEAM) is (viewer in TRIAGES)
    added = personas.api(viewer).post(
        f"/api/v1/challenges/{shared.pk}/escalate",
        {"ask": "Budget", "business_case": "ROI"},
        content_type="application/json",
    )
    assert added.status_code == (200 if viewer in TRIAGES else 404)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_the_director_answers_an_escalation(personas, escalated, viewer):
    answered = personas.api(viewer).post(
        f"/api/v1/challenges/{escalated.pk}/answer",
        {"answer": "accepted"},
        content_type="application/json",
    )
    assert answered.status_code == (200 if viewer == "director" else 404)
    waiting = personas.client(viewer).get(reverse("challenges:register"))
    if viewer == "director":
        assert "waiting for your answer" not in waiting.content.decode()


def test_the_director_sees_the_escalation_waiting_for_their_answer(personas, escalated):
    page = personas.client("director").get(reverse("challenges:register")).content.decode()
    assert "waiting for your answer" in page
    assert reverse("challenges:challenge", args=[escalated.pk]) in page


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_an_actions_owner_and_the_leader_mark_it_done(personas, shared, viewer):
    services.challenge_keep_in_team(challenge=shared, by=personas.leader, options="Coach")
    action = services.challenge_action_add(
        challenge=shared,
        by=personas.leader,
        text="Role-play",
        owner=personas.seller,
        due_on=timezone.localdate(),
    )
    done = personas.api(viewer).post(
        f"/api/v1/challenge-actions/{action.pk}/done", {"done": True}, "application/json"
    )
    assert done.status_code == (200 if viewer in {"seller", "leader", "director"} else 404)


def test_a_seller_raises_through_the_page_and_the_api_and_an_administrator_in_no_team_cannot(
    personas,
):
    page = personas.client("seller").post(
        reverse("challenges:register"),
        {"description": "Legal is slow", "category": "process", "leader_only": "on"},
    )
    assert page.status_code == 302
    raised = Challenge.objects.get()
    assert raised.leader_only and raised.team == personas.boston
    made = personas.api("seller2").post(
        "/api/v1/challenges",
        {"description": "Demo env down", "category": "product"},
        "application/json",
    )
    assert made.status_code == 201 and made.json()["team"]["name"] == "Boston Enterprise"
    nobody = {"description": "x", "category": "other"}
    # An administrator is in no team to raise one in.
    assert (
        personas.api("admin").post("/api/v1/challenges", nobody, "application/json").status_code
        == 422
    )
    refused = personas.client("seller").post(
        reverse("challenges:register"), {"description": "", "category": "process"}
    )
    assert refused.status_code == 422


def test_a_peer_reads_the_challenge_but_not_the_sellers_deals(personas, open_deal):
    challenge = services.challenge_raise(
        by=personas.seller,
        team=personas.boston,
        description="Procurement",
        category="pricing",
        deals=[open_deal],
    )
    url = f"/api/v1/challenges/{challenge.pk}"
    assert [d["id"] for d in personas.api("leader").get(url).json()["deals"]] == [open_deal.pk]
    assert personas.api("seller2").get(url).json()["deals"] == []


def test_no_challenge_is_in_the_django_admin_nor_in_its_name(personas, shared):
    for model in (Challenge, ChallengeAction):
        assert model not in admin.site._registry
    assert SECRET not in str(shared)
    assert personas.client("admin").get("/admin/challenges/challenge/").status_code == 404


def test_an_action_shows_the_coaching_item_it_serves_only_to_who_may_read_that_item(
    personas, shared
):
    from leadwell.coaching.models import CoachingItem, PersonalGoal

    goal = PersonalGoal.objects.create(person=personas.seller, area="career", title="Grow")
    item = CoachingItem.objects.create(
        person=personas.seller, title="Discovery-questions-7731", goal=goal
    )
    ChallengeAction.objects.create(
        challenge=shared,
        text="Practise the pricing talk",
        owner=personas.seller,
        due_on=timezone.localdate(),
        coaching_item=item,
    )
    url = reverse("challenges:challenge", args=[shared.pk])
    api = f"/api/v1/challenges/{shared.pk}"
    for viewer, sees in (
        ("seller", True),
        ("leader", True),
        ("director", True),
        ("seller2", False),
    ):
        page = personas.client(viewer).get(url).content.decode()
        assert ("Discovery-questions-7731" in page) is sees, viewer
        actions = personas.api(viewer).get(api).json()["actions"]
        assert (actions[0]["coaching_item_id"] == item.pk) is sees, viewer
