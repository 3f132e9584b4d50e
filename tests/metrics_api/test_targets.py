"""Targets through the API: who may set and read them, what a bad one answers, and how a target
then shows on the scorecard."""

import pytest

from leadwell.metrics.models import Target

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def post(client, **payload):
    return client.post("/api/v1/targets/", payload, content_type="application/json")


def messages(response) -> dict[str, list[str]]:
    """{field: [message, ...]} from a 422 answer."""
    found: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        found.setdefault(error["loc"][-1], []).append(error["msg"])
    return found


def test_the_leader_sets_a_team_standard_and_a_personal_target(deals):
    leader = deals.api("leader")
    standard = post(
        leader, metric="win_rate", value=0.8, valid_from="2025-04-01", team_id=deals.boston.pk
    )
    assert standard.status_code == 200, standard.content
    assert standard.json() == {
        "id": standard.json()["id"],
        "metric": "win_rate",
        "value": 0.8,
        "valid_from": "2025-04-01",
        "agreed_on": None,
        "team_id": deals.boston.pk,
        "person_id": None,
        "set_by": {"id": deals.leader.pk, "name": "Lena Hart"},
        "created_at": standard.json()["created_at"],
    }
    personal = post(
        leader,
        metric="bookings",
        value=50_000,
        valid_from="2025-04-01",
        person_id=deals.seller.pk,
    )
    assert personal.status_code == 200, personal.content
    assert personal.json()["person_id"] == deals.seller.pk
    assert personal.json()["agreed_on"] == "2025-04-01"  # defaults to valid_from

    # The scorecards now show the targets and the gaps.
    card = leader.get(f"/api/v1/scorecards/people/{deals.seller.pk}?period={PERIOD}").json()
    assert card["metrics"]["bookings"] == {
        "value": 30_000,
        "target": 50_000,
        "target_source": "personal target",
        "gap": 20_000,
        "unit": "money",
        "note": None,
        "paced": False,  # a finished period: judged against its whole target
        "full_target": None,
    }
    assert card["metrics"]["win_rate"]["target"] == 0.8
    assert card["metrics"]["win_rate"]["target_source"] == "team standard"
    assert card["metrics"]["win_rate"]["gap"] == pytest.approx(0.8 - 2 / 3)
    team = leader.get(f"/api/v1/scorecards/teams/{deals.boston.pk}?period={PERIOD}").json()
    assert team["team"]["metrics"]["win_rate"]["target"] == 0.8
    assert team["team"]["metrics"]["win_rate"]["gap"] == pytest.approx(0.05)
    sofia = next(c for c in team["sellers"] if c["who"]["name"] == "Sofia Berg")
    assert (
        sofia["metrics"]["win_rate"]["target"] == 0.8
        and sofia["metrics"]["win_rate"]["gap"] is None
    )
    # ... and the seller sees their own.
    own = deals.api("seller").get(f"/api/v1/scorecards/people/{deals.seller.pk}?period={PERIOD}")
    assert own.json()["metrics"]["bookings"]["gap"] == 20_000


def test_the_director_sets_targets_down_the_line(deals):
    director = deals.api("director")
    for subject in [{"person_id": deals.seller.pk}, {"team_id": deals.denver.pk}]:
        response = post(director, metric="bookings", value=1, valid_from="2025-04-01", **subject)
        assert response.status_code == 200, response.content
    # A director agrees a leader's personal targets too.
    response = post(
        director, metric="bookings", value=1, valid_from="2025-04-01", person_id=deals.leader.pk
    )
    assert response.status_code == 200, response.content
    written = Target.objects.filter(set_by=deals.director, metric="bookings", value=1)
    assert {(t.person, t.team) for t in written} == {
        (deals.seller, None),
        (None, deals.denver),
        (deals.leader, None),
    }


@pytest.mark.parametrize("viewer", ["seller", "seller2", "other_seller", "other_leader", "admin"])
def test_sellers_outsiders_and_the_administrator_cannot_set_targets(deals, viewer):
    client = deals.api(viewer)
    personal = post(
        client, metric="bookings", value=1, valid_from="2025-04-01", person_id=deals.seller.pk
    )
    standard = post(
        client, metric="win_rate", value=0.1, valid_from="2025-04-01", team_id=deals.boston.pk
    )
    assert (personal.status_code, standard.status_code) == (404, 404)
    assert not Target.objects.exists()


def test_a_leader_cannot_set_their_own_personal_target(deals):
    response = post(
        deals.api("leader"),
        metric="bookings",
        value=1,
        valid_from="2025-04-01",
        person_id=deals.leader.pk,
    )
    assert response.status_code == 404
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"metric": "no_such_metric", "value": 1}, "metric", "Unknown metric 'no_such_metric'"),
        ({"metric": "quota", "value": 1}, "metric", "does not take a target"),
        ({"metric": "coverage_needed", "value": 1}, "metric", "does not take a target"),
        ({"metric": "win_rate", "value": 30}, "value", "Did you mean 0.3 for 30%?"),
        ({"metric": "win_rate", "value": 1.5}, "value", "entered as a fraction"),
        ({"metric": "bookings", "value": -5}, "value", "cannot be negative"),
        ({"metric": "forecast_bias", "value": -0.1}, "value", "tolerance"),
    ],
)
def test_a_target_that_makes_no_sense_is_a_422_with_a_message(deals, payload, field, words):
    response = post(
        deals.api("leader"), **payload, valid_from="2025-04-01", person_id=deals.seller.pk
    )
    assert response.status_code == 422, response.content
    found = messages(response)
    assert field in found and words in " ".join(found[field])
    assert not Target.objects.exists()


def test_exactly_one_of_team_and_person(deals):
    leader = deals.api("leader")
    both = post(
        leader,
        metric="bookings",
        value=1,
        valid_from="2025-04-01",
        team_id=deals.boston.pk,
        person_id=deals.seller.pk,
    )
    neither = post(leader, metric="bookings", value=1, valid_from="2025-04-01")
    for response in (both, neither):
        assert response.status_code == 422
        assert "exactly one of team_id" in messages(response)["team_id"][0]
    assert not Target.objects.exists()


def test_a_malformed_body_is_a_422_from_the_schema(deals):
    leader = deals.api("leader")
    no_date = post(leader, metric="bookings", value=1, person_id=deals.seller.pk)
    assert no_date.status_code == 422 and "valid_from" in messages(no_date)
    not_a_number = post(
        leader, metric="bookings", value="lots", valid_from="2025-04-01", person_id=deals.seller.pk
    )
    assert not_a_number.status_code == 422 and "value" in messages(not_a_number)
    assert not Target.objects.exists()


def test_setting_the_same_day_again_replaces_and_null_withdraws(deals):
    leader = deals.api("leader")
    first = post(
        leader, metric="bookings", value=40_000, valid_from="2025-04-01", person_id=deals.seller.pk
    )
    again = post(
        leader, metric="bookings", value=45_000, valid_from="2025-04-01", person_id=deals.seller.pk
    )
    assert again.json()["id"] == first.json()["id"] and again.json()["value"] == 45_000
    withdrawn = post(
        leader, metric="bookings", value=None, valid_from="2025-05-01", person_id=deals.seller.pk
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["value"] is None
    rows = Target.objects.filter(person=deals.seller).order_by("valid_from")
    assert [(str(t.valid_from), t.value) for t in rows] == [
        ("2025-04-01", 45_000),
        ("2025-05-01", None),
    ]
    card = leader.get(f"/api/v1/scorecards/people/{deals.seller.pk}?period={PERIOD}").json()
    assert card["metrics"]["bookings"]["target"] is None
    april = leader.get(f"/api/v1/scorecards/people/{deals.seller.pk}?period=2025-04").json()
    assert april["metrics"]["bookings"]["target"] == 45_000


def test_targets_are_listed_for_those_who_may_see_them(deals):
    leader = deals.api("leader")
    post(leader, metric="win_rate", value=0.5, valid_from="2025-01-01", team_id=deals.boston.pk)
    post(leader, metric="win_rate", value=0.6, valid_from="2025-04-01", team_id=deals.boston.pk)
    post(leader, metric="bookings", value=9, valid_from="2025-04-01", person_id=deals.seller.pk)

    standards = leader.get(f"/api/v1/targets/?team_id={deals.boston.pk}").json()
    assert [(t["metric"], t["value"], t["valid_from"]) for t in standards] == [
        ("win_rate", 0.6, "2025-04-01"),
        ("win_rate", 0.5, "2025-01-01"),
    ]
    # A member sees the team's standards and their own targets, not a peer's.
    seller = deals.api("seller")
    assert len(seller.get(f"/api/v1/targets/?team_id={deals.boston.pk}").json()) == 2
    own = seller.get(f"/api/v1/targets/?person_id={deals.seller.pk}").json()
    assert [(t["metric"], t["value"]) for t in own] == [("bookings", 9)]
    assert (
        deals.api("seller2").get(f"/api/v1/targets/?person_id={deals.seller.pk}").status_code == 404
    )
    # Outsiders see neither.
    for viewer in ["other_leader", "other_seller", "admin"]:
        client = deals.api(viewer)
        assert client.get(f"/api/v1/targets/?team_id={deals.boston.pk}").status_code == 404
        assert client.get(f"/api/v1/targets/?person_id={deals.seller.pk}").status_code == 404
    only = leader.get(f"/api/v1/targets/?team_id={deals.boston.pk}&metric=bookings").json()
    assert only == []


def test_listing_targets_needs_exactly_one_of_team_and_person(deals):
    leader = deals.api("leader")
    assert leader.get("/api/v1/targets/").status_code == 422
    both = leader.get(f"/api/v1/targets/?team_id={deals.boston.pk}&person_id={deals.seller.pk}")
    assert both.status_code == 422
