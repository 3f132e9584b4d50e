"""Issue 16: the trust pulse's API for every persona, under the same rules and thresholds as the
pages. An answer is taken with 204 and nothing echoed; no endpoint returns an answer."""

import datetime

import pytest
from django.utils import timezone

from leadwell.pulse import services
from leadwell.pulse.models import Participation, Pulse

from .conftest import answer_all

pytestmark = pytest.mark.django_db

ANSWER = {"care": 4, "help": 3, "trust": 2, "comment": "More time for my deals"}


def today() -> datetime.date:
    return timezone.localdate()


def open_now(personas) -> Pulse:
    return services.pulse_open(by=personas.leader, team=personas.boston, on=today(), days_open=7)


def close() -> None:
    services.pulses_close_due(today() + datetime.timedelta(days=7))


def test_a_seller_lists_the_pulse_to_answer_answers_it_with_204_and_nothing_else_once(
    personas, boston_sellers
):
    pulse = open_now(personas)
    api = personas.api("seller")
    (listed,) = api.get("/api/v1/pulse/to-answer").json()
    assert listed["id"] == pulse.pk and listed["team"]["name"] == "Boston Enterprise"
    answered = api.post(f"/api/v1/pulse/{pulse.pk}/answer", ANSWER, content_type="application/json")
    assert answered.status_code == 204 and answered.content == b""
    assert api.get("/api/v1/pulse/to-answer").json() == []
    again = api.post(f"/api/v1/pulse/{pulse.pk}/answer", ANSWER, content_type="application/json")
    assert again.status_code == 422
    assert "answered this pulse already" in again.json()["detail"][0]["msg"]
    assert "More time" not in again.content.decode()
    assert Participation.objects.filter(pulse=pulse).count() == 1


def test_a_score_out_of_the_scale_is_refused_without_recording_anything(personas, boston_sellers):
    pulse = open_now(personas)
    refused = personas.api("seller").post(
        f"/api/v1/pulse/{pulse.pk}/answer", {**ANSWER, "care": 6}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert not Participation.objects.exists()


@pytest.mark.parametrize("key", ["leader", "director", "other_seller", "other_leader", "admin"])
def test_only_the_teams_sellers_answer_its_pulse(personas, boston_sellers, key):
    pulse = open_now(personas)
    refused = personas.api(key).post(
        f"/api/v1/pulse/{pulse.pk}/answer", ANSWER, content_type="application/json"
    )
    assert refused.status_code == 404
    assert not Participation.objects.exists()


def test_a_leader_opens_a_pulse_for_their_team_and_not_for_another(personas, boston_sellers):
    api = personas.api("leader")
    opened = api.post(
        "/api/v1/pulse", {"team_id": personas.boston.pk}, content_type="application/json"
    )
    assert opened.status_code == 201
    assert opened.json()["eligible"] == 6 and opened.json()["min_answers"] == 5
    assert (
        api.post(
            "/api/v1/pulse", {"team_id": personas.boston.pk}, content_type="application/json"
        ).status_code
        == 422
    )
    other = api.post(
        "/api/v1/pulse", {"team_id": personas.denver.pk}, content_type="application/json"
    )
    assert other.status_code == 404
    for key in ("seller", "admin"):
        assert (
            personas.api(key)
            .post("/api/v1/pulse", {"team_id": personas.boston.pk}, content_type="application/json")
            .status_code
            == 404
        ), key


def test_a_teams_results_wait_until_k_people_have_answered_then_show_as_a_group(
    personas, boston_sellers
):
    path = f"/api/v1/pulse/teams/{personas.boston.pk}"
    pulse = open_now(personas)
    answer_all(pulse, boston_sellers[:4], today())
    close()
    waiting = personas.api("leader").get(path).json()
    assert waiting["results"] == []
    assert waiting["waiting"] == {
        "answered_since_last_result": 4,
        "closed_pulses_answers": 4,
        "closed_pulses_people": 4,
        "open_pulse_answers": 0,
        "needed": 5,
    }

    later = today() + datetime.timedelta(days=8)
    second = services.pulse_open(by=personas.leader, team=personas.boston, on=later)
    answer_all(second, boston_sellers[4:], later, score=2)
    services.pulses_close_due(later + datetime.timedelta(days=7))
    for key in ("leader", "director", "seller"):
        (result,) = personas.api(key).get(path).json()["results"]
        assert result["answers"] == 6 and result["pulses"] == 2, key
        assert result["label"].startswith("pooled over ")
        care = result["scores"][0]
        assert care["key"] == "care" and care["distribution"] == [0, 2, 0, 4, 0]
        assert care["mean"] == pytest.approx(20 / 6)


@pytest.mark.parametrize("key", ["other_leader", "other_seller", "admin"])
def test_another_leader_another_teams_seller_and_the_administrator_read_no_team_result(
    personas, boston_sellers, key
):
    pulse = open_now(personas)
    answer_all(pulse, boston_sellers, today())
    close()
    assert personas.api(key).get(f"/api/v1/pulse/teams/{personas.boston.pk}").status_code == 404
    assert personas.api(key).get("/api/v1/pulse/roll-up").json()["answers"] == 0


def test_the_director_reads_the_roll_up_of_their_leaders_teams(personas, boston_sellers):
    pulse = open_now(personas)
    answer_all(pulse, boston_sellers, today(), score=3)
    close()
    rolled = personas.api("director").get("/api/v1/pulse/roll-up").json()
    assert rolled["answers"] == 6 and rolled["results"] == 1
    assert {t["name"] for t in rolled["teams"]} == {
        "Boston Enterprise",
        "Denver Mid-Market",
        "Leadership",
    }
    assert [s["mean"] for s in rolled["scores"]] == [3.0, 3.0, 3.0]


def test_the_leader_responds_and_the_team_reads_the_response_once_shared(personas, boston_sellers):
    pulse = open_now(personas)
    answer_all(pulse, boston_sellers, today())
    path = f"/api/v1/pulse/teams/{personas.boston.pk}/response"
    body = {"heard": "Keep confidences", "actions": "No forwarding", "share_with_team": True}
    before = personas.api("leader").post(path, body, content_type="application/json")
    assert before.status_code == 422
    assert "no result to respond to yet" in before.json()["detail"][0]["msg"]
    close()
    written = personas.api("leader").post(path, body, content_type="application/json")
    assert written.status_code == 201 and written.json()["shared_with_team"] is True
    team = f"/api/v1/pulse/teams/{personas.boston.pk}"
    (seen,) = personas.api("seller").get(team).json()["responses"]
    assert seen["heard"] == "Keep confidences"
    for key in ("seller", "other_leader", "admin"):
        refused = personas.api(key).post(path, body, content_type="application/json")
        assert refused.status_code == 404, key


def test_the_administrator_reads_participation_and_sets_the_rules_and_nobody_else_does(
    personas, boston_sellers
):
    pulse = open_now(personas)
    answer_all(pulse, boston_sellers[:5], today())
    admin = personas.api("admin")
    (team,) = admin.get("/api/v1/pulse/participation").json()
    assert team["team"]["name"] == "Boston Enterprise"
    assert team["pulses"][0]["answered"] == 5 and team["pulses"][0]["eligible"] == 6
    assert "scores" not in str(team)
    assert admin.get("/api/v1/pulse/rules").json()["min_answers"] == 5
    changed = admin.put(
        "/api/v1/pulse/rules",
        {"min_answers": 8, "monthly_on_day": 1, "days_open": 7},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["min_answers"] == 8
    too_small = admin.put(
        "/api/v1/pulse/rules",
        {"min_answers": 2, "monthly_on_day": 1, "days_open": 7},
        content_type="application/json",
    )
    assert too_small.status_code == 422
    for key in ("leader", "director", "seller"):
        api = personas.api(key)
        assert api.get("/api/v1/pulse/participation").status_code == 404, key
        assert api.get("/api/v1/pulse/rules").status_code == 404, key
        assert (
            api.put(
                "/api/v1/pulse/rules",
                {"min_answers": 3, "monthly_on_day": 1, "days_open": 7},
                content_type="application/json",
            ).status_code
            == 404
        ), key
    assert services.rules().min_answers == 8
