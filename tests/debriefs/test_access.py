"""Who reaches debriefs and talks, in the pages, the API and the Django admin, for every
persona: a debrief is the director's and the leader's (and the director's line's); a talk is
the leader's and their line's; administrators and sellers read none of it."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from leadwell.debriefs import services
from leadwell.debriefs.models import Debrief, DebriefAction, Department, DepartmentTalk

from ..conftest import PERSONA_KEYS
from .conftest import hold, months_ago

pytestmark = pytest.mark.django_db

SECRET = "Zebra-7731"
READS_DEBRIEF = {"director", "leader"}  # the director has no line above in the personas
WRITES_DEBRIEF = {"director", "leader"}
READS_TALK = {"leader", "director"}  # the leader and their line


@pytest.fixture
def records(personas):
    debrief = hold(personas.director, personas.leader, months_ago(1), going_well=SECRET)
    action = services.debrief_action_add(
        debrief=debrief, by=personas.director, text=f"{SECRET} action", owner=personas.leader
    )
    talk = services.talk_record(
        leader=personas.leader,
        department=Department.objects.get(name="Legal"),
        held_on=timezone.localdate(),
        with_whom="Priya Shah",
        thanked_for=f"{SECRET} thanks",
    )
    return debrief, action, talk


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_a_debrief_page_opens_for_its_two_people_only(personas, records, viewer):
    debrief, action, _ = records
    client = personas.client(viewer)
    page = client.get(reverse("debriefs:debrief", args=[debrief.pk]))
    assert page.status_code == (200 if viewer in READS_DEBRIEF else 404)
    assert (SECRET in page.content.decode()) is (viewer in READS_DEBRIEF)
    # Everyone's list opens; it lists what they may read (an administrator's, nothing).
    listed = client.get(reverse("debriefs:home"))
    assert listed.status_code == 200
    link = reverse("debriefs:debrief", args=[debrief.pk])
    assert (link in listed.content.decode()) is (viewer in READS_DEBRIEF)
    done = client.post(reverse("debriefs:action_done", args=[action.pk]), {"done": "1"})
    assert done.status_code == (302 if viewer in WRITES_DEBRIEF else 404)
    action.refresh_from_db()
    assert (action.done_on is not None) is (viewer in WRITES_DEBRIEF)
    DebriefAction.objects.filter(pk=action.pk).update(done_on=None)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_the_leaders_director_opens_the_form_to_hold_their_debrief(personas, viewer):
    page = personas.client(viewer).get(reverse("debriefs:new", args=[personas.leader.pk]))
    assert page.status_code == (200 if viewer == "director" else 404)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_debrief_api_answers_its_two_people_and_404_to_everyone_else(personas, records, viewer):
    debrief, action, talk = records
    api = personas.api(viewer)
    one = api.get(f"/api/v1/debriefs/{debrief.pk}")
    assert one.status_code == (200 if viewer in READS_DEBRIEF else 404)
    listed = api.get("/api/v1/debriefs")
    assert listed.status_code == 200
    assert ([d["id"] for d in listed.json()] == [debrief.pk]) is (viewer in READS_DEBRIEF)
    assert (SECRET in listed.content.decode()) is False  # a list names, never says
    changed = api.patch(
        f"/api/v1/debriefs/{debrief.pk}", {"to_continue": "More"}, content_type="application/json"
    )
    assert changed.status_code == (200 if viewer in WRITES_DEBRIEF else 404)
    added = api.post(
        f"/api/v1/debriefs/{debrief.pk}/actions",
        {"text": "Call finance", "owner_id": personas.director.pk},
        content_type="application/json",
    )
    assert added.status_code == (201 if viewer in WRITES_DEBRIEF else 404)
    done = api.post(f"/api/v1/debrief-actions/{action.pk}/done", {"done": True}, "application/json")
    assert done.status_code == (200 if viewer in WRITES_DEBRIEF else 404)
    talk_one = api.get(f"/api/v1/talks/{talk.pk}")
    assert talk_one.status_code == (200 if viewer in READS_TALK else 404)
    talks = api.get("/api/v1/talks").json()
    assert ([t["id"] for t in talks] == [talk.pk]) is (viewer in READS_TALK)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_talks_page_shows_a_leaders_talks_to_them_and_their_line(personas, records, viewer):
    page = personas.client(viewer).get(reverse("debriefs:talks"))
    assert page.status_code == 200
    assert (f"{SECRET} thanks" in page.content.decode()) is (viewer in READS_TALK)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_administrators_alone_set_the_departments_in_the_page_and_the_api(personas, viewer):
    page = personas.client(viewer).get(reverse("debriefs:departments"))
    assert page.status_code == (200 if viewer == "admin" else 404)
    answer = personas.api(viewer).put(
        "/api/v1/departments", {"names": ["Finance", "HR"]}, content_type="application/json"
    )
    assert answer.status_code == (200 if viewer == "admin" else 404)


def test_the_director_records_a_debrief_through_the_api_and_a_leader_cannot(personas):
    payload = {"leader_id": personas.leader.pk, "month": months_ago(1).strftime("%Y-%m")}
    refused = personas.api("leader").post("/api/v1/debriefs", payload, "application/json")
    assert refused.status_code == 404
    held = personas.api("director").post("/api/v1/debriefs", payload, "application/json")
    assert held.status_code == 201
    assert held.json()["month"] == months_ago(1).isoformat()
    again = personas.api("director").post("/api/v1/debriefs", payload, "application/json")
    assert again.status_code == 422


def test_no_debrief_or_talk_is_in_the_django_admin(personas, records):
    for model in (Debrief, DebriefAction, DepartmentTalk):
        assert model not in admin.site._registry
        assert SECRET not in str(model.objects.first())
    client = personas.client("admin")
    index = client.get(reverse("admin:index")).content.decode()
    assert "debrief" not in index.lower()
    assert client.get("/admin/debriefs/debrief/").status_code == 404


def test_a_debrief_past_its_day_is_not_in_the_line_of_an_unrelated_leader(personas):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    debrief = services.debrief_hold(
        director=personas.director,
        leader=personas.other_leader,
        month=yesterday,
        held_on=yesterday,
    )
    assert personas.client("leader").get(f"/debriefs/{debrief.pk}/").status_code == 404
