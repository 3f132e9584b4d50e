"""The debriefs and talks pages: a refused form keeps what was typed and says why beside the
field, and the home page flags an overdue debrief to both people and a missed talk to the
leader."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ..conftest import field_beside_message
from .conftest import months_ago

pytestmark = pytest.mark.django_db


def test_a_talk_without_whom_it_was_with_comes_back_with_the_message_beside_the_field(personas):
    answer = personas.client("leader").post(
        reverse("debriefs:talks"),
        {
            "department": "1",
            "held_on": timezone.localdate().isoformat(),
            "with_whom": "",
            "thanked_for": "Quick contract reviews",
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 422
    field_beside_message(page, "id_with_whom", "required", error_id="id_with_whom_error")
    assert "Quick contract reviews" in page


def test_a_debrief_held_twice_is_refused_beside_the_day_and_keeps_the_words(personas):
    client = personas.client("director")
    address = reverse("debriefs:new", args=[personas.leader.pk]) + "?month="
    address += months_ago(1).strftime("%Y-%m")
    day = months_ago(1).replace(day=20).isoformat()
    first = client.post(address, {"held_on": day, "going_well": "Pipeline"})
    assert first.status_code == 302
    again = client.post(address, {"held_on": day, "going_well": "Second try"})
    assert again.status_code == 422
    page = again.content.decode()
    assert "already recorded" in page and "Second try" in page


def test_an_action_without_words_is_refused_beside_its_field(personas):
    client = personas.client("director")
    address = reverse("debriefs:new", args=[personas.leader.pk]) + "?month="
    address += months_ago(1).strftime("%Y-%m")
    held = client.post(address, {"held_on": months_ago(1).replace(day=20).isoformat()})
    answer = client.post(
        held.url + "actions/", {"text": "", "owner": personas.leader.pk, "due_on": "2030-01-01"}
    )
    assert answer.status_code == 422
    field_beside_message(answer.content.decode(), "id_text", "required", error_id="id_text_error")


def test_the_home_page_flags_an_overdue_debrief_to_the_director_and_the_leader(personas):
    for key, name in (("director", personas.leader.name), ("leader", personas.director.name)):
        page = personas.client(key).get(reverse("home")).content.decode()
        assert 'id="leading-up"' in page
        assert "overdue" in page and name in page
    seller_home = personas.client("seller").get(reverse("home")).content.decode()
    assert 'id="leading-up"' not in seller_home


def test_the_home_page_flags_to_the_leader_the_departments_missed_last_quarter(personas):
    page = personas.client("leader").get(reverse("home")).content.decode()
    assert "passed without a talk with Finance, HR, Legal" in page
