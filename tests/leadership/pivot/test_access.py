"""Who reads and writes the pivot, in the pages, the API, the personal data export, the audit
trail and Django's own names for things: Sam's self-assessment is his and his line's (Lena,
Dana); Sofia, Owen, Omar and Ada as an administrator find nothing (404). Lena's challenge is hers
and Dana's. Only Sam writes his; only his manager responds. After Sam moves to Owen's team, Lena
no longer reads it and Owen does."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.leadership.pivot import services
from leadwell.leadership.pivot.models import (
    PivotAnswer,
    PivotAssessment,
    PivotChallenge,
    PivotResponse,
)
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.org import services as org

from ...conftest import PERSONA_KEYS
from .conftest import submitted, this_quarter

pytestmark = pytest.mark.django_db

SECRET = "Quill-5521 my honest example"
READS_SAMS = {"seller", "leader", "director"}
READS_LENAS_TEAM = {"leader", "director"}


@pytest.fixture
def sams(personas, challenged):
    assessment = services.assessment_start(person=personas.seller, quarter=this_quarter())
    services.assessment_save(
        assessment=assessment,
        by=personas.seller,
        ratings={n: 4 for n in range(1, 8)},
        examples={n: f"{SECRET} {n}" for n in range(1, 8)},
        practised=SECRET,
        submit=True,
    )
    answer = assessment.answers.get(standard=1)
    services.response_write(answer=answer, by=personas.leader, text=f"Response {SECRET}")
    return assessment


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_sams_self_assessment_page_is_his_and_his_lines(personas, sams, viewer):
    page = personas.client(viewer).get(f"/leadership/pivot/assessments/{sams.pk}/")
    if viewer in READS_SAMS:
        assert page.status_code == 200 and SECRET in page.content.decode()
    else:
        assert page.status_code == 404 and SECRET not in page.content.decode()


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_sams_self_assessment_in_the_api_is_his_and_his_lines(personas, sams, viewer):
    api = personas.api(viewer)
    answer = api.get(f"/api/v1/pivot/assessments/{sams.pk}")
    listed = [a["id"] for a in api.get("/api/v1/pivot/assessments").json()]
    if viewer in READS_SAMS:
        assert answer.status_code == 200 and answer.json()["practised"] == SECRET
        assert sams.pk in listed
    else:
        assert answer.status_code == 404 and SECRET not in answer.content.decode()
        assert sams.pk not in listed


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_sams_manager_responds_in_pages_and_api(personas, sams, viewer):
    answer = sams.answers.get(standard=2)
    page = personas.client(viewer).post(
        f"/leadership/pivot/answers/{answer.pk}/response/", {f"r{answer.pk}-text": "Mine"}
    )
    api = personas.api(viewer).put(
        f"/api/v1/pivot/answers/{answer.pk}/response",
        {"text": "Mine"},
        content_type="application/json",
    )
    if viewer == "leader":
        assert page.status_code == 302 and api.status_code == 200
    elif viewer == "director":
        # In Sam's line, so he reads it; not his manager, so the response is refused.
        assert page.status_code == 422 and api.status_code == 422
    else:
        assert page.status_code == 404 and api.status_code == 404
    expected = {"Mine"} if viewer == "leader" else set()
    assert set(PivotResponse.objects.filter(answer=answer).values_list("text", flat=True)) == (
        expected
    )


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_sam_writes_his_self_assessment(personas, challenged, viewer):
    draft = services.assessment_start(person=personas.seller, quarter=this_quarter())
    page = personas.client(viewer).post(
        f"/leadership/pivot/assessments/{draft.pk}/", {"practised": "Written by someone"}
    )
    api = personas.api(viewer).patch(
        f"/api/v1/pivot/assessments/{draft.pk}",
        {"practised": "Written by someone"},
        content_type="application/json",
    )
    draft.refresh_from_db()
    if viewer == "seller":
        assert page.status_code == 302 and api.status_code == 200
        assert draft.practised == "Written by someone"
    else:
        assert page.status_code == 404 and api.status_code == 404
        assert draft.practised == ""


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_lenas_team_quarter_is_hers_and_her_lines(personas, sams, viewer):
    page = personas.client(viewer).get(f"/leadership/pivot/leaders/{personas.leader.pk}/")
    api = personas.api(viewer).get(f"/api/v1/pivot/leaders/{personas.leader.pk}/quarter")
    challenge = personas.api(viewer).get(f"/api/v1/pivot/challenges/{sams.challenge_id}")
    if viewer in READS_LENAS_TEAM:
        # Lena's own is her quarter page: she is sent there.
        assert page.status_code == (302 if viewer == "leader" else 200)
        assert api.status_code == 200 and api.json()["answered"] == 1
        assert challenge.status_code == 200
    else:
        assert page.status_code == 404 and api.status_code == 404
        assert challenge.status_code == 404


@pytest.mark.parametrize("viewer", ["seller2", "other_leader", "other_seller", "admin"])
def test_nobody_outside_sams_line_meets_a_word_of_it_anywhere(personas, sams, viewer):
    client = personas.client(viewer)
    for address in (
        reverse("leadership:pivot_quarter"),
        reverse("leadership:pivot_rollup"),
        reverse("personal-data"),
    ):
        answer = client.get(address)
        assert answer.status_code in (200, 404)
        assert SECRET not in answer.content.decode()
    roll_up = personas.api(viewer).get("/api/v1/pivot/roll-up")
    assert SECRET not in roll_up.content.decode()
    if viewer != "admin":
        assert "Sam Ortiz" not in roll_up.content.decode()


def test_the_roll_up_in_the_api_has_each_team_for_the_director(personas, sams):
    body = personas.api("director").get(f"/api/v1/pivot/roll-up?quarter={this_quarter().name}")
    teams = {t["leader"]["name"]: t for t in body.json()["teams"]}
    assert teams["Lena Hart"]["answered"] == 1 and teams["Owen Clarke"]["challenge"] is None
    assert body.json()["own"]["people"][0]["status"] == "Not started"


def test_sams_export_holds_his_answers_and_lenas_response(personas, sams):
    export = personas.client("seller").get(reverse("personal-data")).content.decode()
    data = json.loads(export)["data"]
    assert SECRET in json.dumps(data["leadership"]["pivot_assessments"])
    assert f"Response {SECRET}" in json.dumps(data["leadership"]["pivot_responses"])
    lenas = json.loads(personas.client("leader").get(reverse("personal-data")).content)["data"]
    assert SECRET not in json.dumps(lenas)
    assert "Lead from your seat." in json.dumps(lenas["leadership"]["pivot_challenges"])


def test_the_trail_names_the_change_never_its_words(personas, sams):
    trail = personas.api("director").get("/api/v1/audit/changes").content.decode()
    assert "pivot self-assessment" in trail
    assert SECRET not in trail


def test_django_names_them_without_content(personas, sams):
    answer = PivotAnswer.objects.get(assessment=sams, standard=1)
    for obj in (sams, sams.challenge, answer, answer.response):
        assert SECRET not in str(obj) and "#" in str(obj)


def test_nothing_of_the_pivot_is_in_the_django_admin():
    from django.contrib import admin

    for model in (PivotChallenge, PivotAssessment, PivotAnswer, PivotResponse):
        assert not admin.site.is_registered(model)


# -- After a reorganisation -------------------------------------------------------------------


@pytest.fixture
def moved(personas, sams):
    """Sam moves today from Lena's team to Owen's."""
    org.person_join_team(person=personas.seller, team=personas.denver, on=timezone.localdate())
    return sams


def test_after_sam_moves_lena_finds_nothing_and_owen_reads_it(personas, moved):
    address = f"/leadership/pivot/assessments/{moved.pk}/"
    assert personas.client("leader").get(address).status_code == 404
    assert personas.api("leader").get(f"/api/v1/pivot/assessments/{moved.pk}").status_code == 404
    owens = personas.client("other_leader").get(address)
    assert owens.status_code == 200 and SECRET in owens.content.decode()
    assert personas.client("seller").get(address).status_code == 200


def test_after_sam_moves_lena_can_no_longer_respond_and_owen_can(personas, moved):
    answer = moved.answers.get(standard=3)
    url = f"/api/v1/pivot/answers/{answer.pk}/response"
    lena = personas.api("leader").put(url, {"text": "x"}, content_type="application/json")
    assert lena.status_code == 404
    owen = personas.api("other_leader").put(
        url, {"text": "Welcome"}, content_type="application/json"
    )
    assert owen.status_code == 200


def test_after_sam_moves_lenas_team_lists_only_sofia(personas, moved):
    body = personas.api("leader").get(f"/api/v1/pivot/leaders/{personas.leader.pk}/quarter").json()
    assert [p["person"]["name"] for p in body["people"]] == ["Sofia Berg"]
    assert SECRET not in json.dumps(body)


def test_submitted_helper_works_for_a_second_seller(personas, challenged):
    assert submitted(personas.seller2).is_submitted


def test_after_sam_moves_lena_no_longer_reads_his_ratings_of_a_finished_quarter(personas):
    this = period_of(timezone.localdate(), PeriodKind.QUARTER)
    last = period_of(this.start - datetime.timedelta(days=1), PeriodKind.QUARTER)
    day_in_it = last.start + datetime.timedelta(days=20)
    challenge = PivotChallenge.objects.create(
        issuer=personas.leader, quarter_start=last.start, issued_on=last.start
    )
    assessment = PivotAssessment.objects.create(
        challenge=challenge,
        person=personas.seller,
        quarter_start=last.start,
        started_on=day_in_it,
        status=PivotAssessment.Status.SUBMITTED,
        submitted_on=day_in_it,
    )
    PivotAnswer.objects.create(assessment=assessment, standard=1, rating=5, example="x")
    address = f"/api/v1/pivot/leaders/{personas.leader.pk}/quarter?quarter={last.name}"
    before = personas.api("leader").get(address).json()
    assert "Sam Ortiz" in [p["person"]["name"] for p in before["people"]]
    org.person_join_team(person=personas.seller, team=personas.denver, on=timezone.localdate())
    after = personas.api("leader").get(address).json()
    assert [p["person"]["name"] for p in after["people"]] == ["Sofia Berg"]
    assert after["scores"] == []  # Sofia has not answered: no mean is left of Sam's rating
