"""Who reaches operating agreements, in the pages, the API and the Django admin, for every
persona: a team agreement is read by the team's members, its leader and the leader's line; the
agreement with the director by the leader and their line; only the leader writes; only the
person concerned acknowledges; administrators read none of it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from leadwell.agreements.models import Acknowledgement, Agreement, AgreementVersion

from ..conftest import PERSONA_KEYS
from .conftest import SECRET

pytestmark = pytest.mark.django_db

READS_TEAM = {"leader", "director", "seller", "seller2"}
ACKNOWLEDGES_TEAM = {"seller", "seller2"}
READS_UPWARD = {"leader", "director"}


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_a_team_agreement_page_opens_for_the_team_the_leader_and_the_line_only(
    personas, team_agreement, viewer
):
    client = personas.client(viewer)
    page = client.get(reverse("agreements:agreement", args=[team_agreement.pk]))
    assert page.status_code == (200 if viewer in READS_TEAM else 404)
    assert (SECRET in page.content.decode()) is (viewer in READS_TEAM)
    listed = client.get(reverse("agreements:home"))
    assert listed.status_code == 200  # everyone's list opens: it lists what they may read
    link = reverse("agreements:agreement", args=[team_agreement.pk])
    assert (link in listed.content.decode()) is (viewer in READS_TEAM)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_a_member_of_the_team_acknowledges_on_the_page(personas, team_agreement, viewer):
    version = team_agreement.versions.get()
    page = personas.client(viewer).get(reverse("agreements:agreement", args=[team_agreement.pk]))
    assert ("I acknowledge this version" in page.content.decode()) is (viewer in ACKNOWLEDGES_TEAM)
    done = personas.client(viewer).post(reverse("agreements:acknowledge", args=[version.pk]))
    assert done.status_code == (302 if viewer in ACKNOWLEDGES_TEAM else 404)
    assert Acknowledgement.objects.filter(version=version).exists() is (viewer in ACKNOWLEDGES_TEAM)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_the_leader_writes_and_publishes_on_the_page(personas, team_agreement, viewer):
    client = personas.client(viewer)
    url = reverse("agreements:draft", args=[team_agreement.pk])
    saved = client.post(url, {"commitments": "Rewritten by someone", "publish": "1"})
    assert saved.status_code == (302 if viewer == "leader" else 404)
    assert team_agreement.versions.count() == (2 if viewer == "leader" else 1)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_agreement_with_the_director_is_the_leaders_and_their_lines(
    personas, upward_agreement, viewer
):
    page = personas.client(viewer).get(reverse("agreements:agreement", args=[upward_agreement.pk]))
    assert page.status_code == (200 if viewer in READS_UPWARD else 404)
    assert ("I acknowledge this version" in page.content.decode()) is (viewer == "director")
    one = personas.api(viewer).get(f"/api/v1/agreements/{upward_agreement.pk}")
    assert one.status_code == (200 if viewer in READS_UPWARD else 404)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_agreements_api_answers_those_who_read_it_and_404_to_everyone_else(
    personas, team_agreement, viewer
):
    api = personas.api(viewer)
    one = api.get(f"/api/v1/agreements/{team_agreement.pk}")
    assert one.status_code == (200 if viewer in READS_TEAM else 404)
    if viewer in READS_TEAM:
        assert one.json()["current"]["commitments"] == ["I hear you", f"{SECRET} promise"]
        assert {p["name"] for p in one.json()["not_yet"]} == {"Sam Ortiz", "Sofia Berg"}
    listed = api.get("/api/v1/agreements")
    assert listed.status_code == 200
    assert ([a["id"] for a in listed.json()] == [team_agreement.pk]) is (viewer in READS_TEAM)
    assert SECRET not in listed.content.decode()  # a list names, never says
    draft = api.put(
        f"/api/v1/agreements/{team_agreement.pk}/draft",
        {"commitments": ["Listen first"]},
        content_type="application/json",
    )
    assert draft.status_code == (200 if viewer == "leader" else 404)
    version = team_agreement.versions.filter(published_at__isnull=False).get()
    ack = api.post(f"/api/v1/agreement-versions/{version.pk}/acknowledge")
    assert ack.status_code == (200 if viewer in ACKNOWLEDGES_TEAM else 404)


def test_the_leader_starts_writes_and_publishes_through_the_api(personas):
    api = personas.api("leader")
    started = api.post(
        "/api/v1/agreements",
        {"made_with": "team", "team_id": personas.boston.pk},
        content_type="application/json",
    )
    assert started.status_code == 201
    body = started.json()
    assert body["current"] is None and body["draft"]["number"] == 1
    published = api.post(f"/api/v1/agreements/{body['id']}/publish")
    assert published.status_code == 200 and published.json()["current_version"] == 1
    again = api.post(f"/api/v1/agreements/{body['id']}/publish")
    assert again.status_code == 422


def test_the_draft_is_hidden_from_the_team_in_the_api(personas, team_agreement):
    personas.api("leader").put(
        f"/api/v1/agreements/{team_agreement.pk}/draft",
        {"commitments": ["Secret draft"]},
        content_type="application/json",
    )
    assert personas.api("leader").get(f"/api/v1/agreements/{team_agreement.pk}").json()["draft"]
    seen = personas.api("seller").get(f"/api/v1/agreements/{team_agreement.pk}")
    assert seen.json()["draft"] is None and "Secret draft" not in seen.content.decode()


def test_nothing_of_agreements_is_in_the_django_admin():
    for model in (Agreement, AgreementVersion, Acknowledgement):
        assert not admin.site.is_registered(model)
