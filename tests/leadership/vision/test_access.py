"""Who reads a vision, in pages, the API and exports: the owner and their line read the vision
itself; the team's members and those leading the team read it on the team's pages; a seller
of another team, a peer leader and an administrator as such read none of it."""

import json

import pytest
from django.urls import reverse

from ...conftest import PERSONA_KEYS
from .conftest import write

pytestmark = pytest.mark.django_db

SECRET = "Zebra-5521 renewals"
GOAL_TITLE = "Twelve new mid-market customers this year"
# Who reads the leader's published vision, by where.
READS_VISION = {"leader", "director"}
READS_TEAM = {"leader", "director", "seller", "seller2"}


@pytest.fixture
def secret_vision(personas):
    vision = write(personas.leader, publish=True)
    vision.value = SECRET
    vision.save()
    return vision


def test_the_vision_pages_open_for_the_rules_and_answer_404_otherwise(personas, secret_vision):
    goal = secret_vision.goals.first()
    for viewer in PERSONA_KEYS:
        client = personas.client(viewer)
        pages = {
            reverse("leadership:vision_detail", args=[secret_vision.pk]): (READS_VISION, SECRET),
            reverse("leadership:vision_goal", args=[goal.pk]): (READS_VISION, GOAL_TITLE),
            reverse("leadership:vision_team", args=[personas.boston.pk]): (READS_TEAM, SECRET),
        }
        for address, (readers, words) in pages.items():
            answer = client.get(address)
            expected = 200 if viewer in readers else 404
            assert answer.status_code == expected, (viewer, address)
            assert (words in answer.content.decode()) is (viewer in readers), (viewer, address)


def test_the_team_scorecard_shows_the_vision_only_to_its_team_and_line(personas, secret_vision):
    address = reverse("metrics:team", args=[personas.boston.pk])
    for viewer in PERSONA_KEYS:
        answer = personas.client(viewer).get(address)
        shown = answer.status_code == 200 and SECRET in answer.content.decode()
        assert shown is (viewer in READS_TEAM), viewer


def test_a_draft_is_read_by_its_owner_alone(personas):
    draft = write(personas.leader)
    draft.value = SECRET
    draft.save()
    for viewer in PERSONA_KEYS:
        answer = personas.client(viewer).get(reverse("leadership:vision_detail", args=[draft.pk]))
        assert answer.status_code == (200 if viewer == "leader" else 404), viewer
        team = personas.client(viewer).get(reverse("metrics:team", args=[personas.boston.pk]))
        assert SECRET not in team.content.decode(), viewer


def test_only_the_owners_own_data_export_holds_the_vision(personas, secret_vision):
    for viewer in PERSONA_KEYS:
        answer = personas.client(viewer).get(reverse("personal-data"))
        assert answer.status_code == 200, viewer
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        text = body.decode(errors="ignore")
        assert (SECRET in text) is (viewer == "leader"), viewer
        if viewer == "leader":
            exported = json.loads(text)
            assert exported  # the export is JSON with the vision in it
