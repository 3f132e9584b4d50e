"""Scorecards and gap analysis through the API: who may read which card, and what it says."""

import pytest
from django.test import Client

from leadwell.metrics import catalog

from .conftest import PERIOD, PERIOD_NAME

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/scorecards/people/{seller}",
    "/api/v1/scorecards/teams/{boston}",
    "/api/v1/scorecards/offices/{office}",
    "/api/v1/scorecards/organisation",
    "/api/v1/gaps/people/{seller}",
]


def _url(template: str, personas) -> str:
    return template.format(
        seller=personas.seller.pk, boston=personas.boston.pk, office=personas.boston_office.pk
    )


def test_the_catalog_lists_every_metric_with_its_definition(personas):
    body = personas.api("seller").get("/api/v1/metrics/").json()
    assert [m["key"] for m in body] == [m.key for m in catalog.METRICS]
    win_rate = next(m for m in body if m["key"] == "win_rate")
    assert win_rate == {
        "key": "win_rate",
        "name": "Win rate",
        "definition": catalog.get("win_rate").definition,
        "unit": "percent",
        "direction": "higher",
        "group": "Results",
        "targetable": True,
        "period_kinds": ["month", "quarter", "year"],
        "rollup": "ratio",
    }
    assert next(m for m in body if m["key"] == "quota")["targetable"] is False


def test_the_api_needs_a_token(personas):
    assert Client().get("/api/v1/metrics/").status_code == 401
    assert Client().get(f"/api/v1/scorecards/people/{personas.seller.pk}").status_code == 401


def test_a_seller_reads_their_own_scorecard_with_its_trend(deals):
    body = deals.api("seller").get(f"/api/v1/scorecards/people/{deals.seller.pk}?period={PERIOD}")
    assert body.status_code == 200, body.content
    card = body.json()
    assert card["who"] == {
        "kind": "person",
        "id": deals.seller.pk,
        "name": "Sam Ortiz",
        "email": "sam.ortiz@example.com",
    }
    assert (card["period"], card["period_start"], card["period_end"]) == (
        PERIOD_NAME,
        "2025-04-01",
        "2025-07-01",
    )
    assert card["metrics"]["bookings"]["value"] == 30_000
    assert card["metrics"]["deals_won"]["value"] == 2
    assert card["metrics"]["win_rate"] == {
        "value": pytest.approx(2 / 3),
        "target": None,
        "target_source": None,
        "gap": None,
        "unit": "percent",
        "note": None,
        "paced": False,  # a ratio is never judged against pace
        "full_target": None,
    }
    bookings = card["trend"]["bookings"]
    assert len(bookings) == 8
    assert [p["period"] for p in bookings[-2:]] == ["FY2025-Q1", "FY2025-Q2"]
    assert [p["value"] for p in bookings[-2:]] == [12_000, 30_000]
    assert set(card["trend"]) == set(card["metrics"])


def test_the_api_and_the_exports_agree(deals):
    from leadwell.lib.periods import parse_period
    from leadwell.metrics.exports import card_record
    from leadwell.metrics.selectors import person_card

    body = deals.api("leader").get(f"/api/v1/scorecards/people/{deals.seller.pk}?period={PERIOD}")
    record = card_record(person_card(deals.seller, parse_period(PERIOD)))
    assert {k: v for k, v in body.json().items() if k not in ("trend", "period_note")} == record
    assert body.json()["period_note"] == ""  # a period asked for is shown as asked


@pytest.mark.parametrize("subject", ["seller", "seller2"])
@pytest.mark.parametrize("viewer", ["leader", "director"])
def test_the_management_line_reads_each_sellers_scorecard_and_gaps(deals, viewer, subject):
    client = deals.api(viewer)
    person = getattr(deals, subject)
    card = client.get(f"/api/v1/scorecards/people/{person.pk}?period={PERIOD}")
    assert card.status_code == 200
    assert card.json()["who"]["name"] == person.name
    assert client.get(f"/api/v1/gaps/people/{person.pk}?period={PERIOD}").status_code == 200


@pytest.mark.parametrize("viewer", ["seller2", "other_seller", "other_leader", "admin"])
def test_a_peer_another_leader_and_the_administrator_get_404(deals, viewer):
    client = deals.api(viewer)
    for path in [
        f"/api/v1/scorecards/people/{deals.seller.pk}",
        f"/api/v1/gaps/people/{deals.seller.pk}",
    ]:
        response = client.get(f"{path}?period={PERIOD}")
        assert response.status_code == 404, (viewer, path)
        assert "Sam" not in response.content.decode()


def test_an_unknown_person_is_404_like_a_refused_one(deals):
    assert deals.api("director").get("/api/v1/scorecards/people/999999").status_code == 404


def test_the_leader_sees_each_sellers_card_on_the_team_scorecard(deals):
    body = deals.api("leader").get(f"/api/v1/scorecards/teams/{deals.boston.pk}?period={PERIOD}")
    assert body.status_code == 200, body.content
    team = body.json()
    assert team["access"] == "full"
    assert team["team"]["who"]["name"] == "Boston Enterprise"
    assert team["team"]["metrics"]["bookings"]["value"] == 45_000
    assert team["team"]["metrics"]["win_rate"]["value"] == pytest.approx(0.75)
    sellers = {c["who"]["name"]: c for c in team["sellers"]}
    assert set(sellers) == {"Sam Ortiz", "Sofia Berg"}
    assert sellers["Sofia Berg"]["metrics"]["bookings"]["value"] == 15_000
    assert team["sellers_not_shown"] == 0
    assert team["recognition"] == [
        {"person": {"id": deals.seller.pk, "name": "Sam Ortiz"}, "deals_won": 2},
        {"person": {"id": deals.seller2.pk, "name": "Sofia Berg"}, "deals_won": 1},
    ]


def test_a_member_sees_only_the_team_totals_and_who_won_deals(deals):
    response = deals.api("seller2").get(
        f"/api/v1/scorecards/teams/{deals.boston.pk}?period={PERIOD}"
    )
    assert response.status_code == 200, response.content
    team = response.json()
    assert team["access"] == "totals"
    assert team["sellers"] is None
    assert team["team"]["metrics"]["bookings"]["value"] == 45_000
    assert [(w["person"]["name"], w["deals_won"]) for w in team["recognition"]] == [
        ("Sam Ortiz", 2),
        ("Sofia Berg", 1),
    ]
    # Nothing of a colleague's card: the only card in the answer is the team's.
    text = response.content.decode()
    assert text.count('"who"') == 1 and '"person"' not in text.replace('"person": {', "")
    assert "sam.ortiz@example.com" not in text and "0.6666" not in text


@pytest.mark.parametrize("viewer", ["other_seller", "other_leader", "admin"])
def test_outsiders_get_404_for_a_team_scorecard(deals, viewer):
    response = deals.api(viewer).get(f"/api/v1/scorecards/teams/{deals.boston.pk}")
    assert response.status_code == 404


def test_the_director_sees_the_team_in_full(deals):
    team = deals.api("director").get(f"/api/v1/scorecards/teams/{deals.boston.pk}?period={PERIOD}")
    assert team.json()["access"] == "full" and len(team.json()["sellers"]) == 2


def test_the_organisation_scorecard_is_for_the_director_only(deals):
    response = deals.api("director").get(f"/api/v1/scorecards/organisation?period={PERIOD}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["card"]["who"] == {
        "kind": "org",
        "id": 0,
        "name": "Whole organisation",
        "email": None,
    }
    assert body["card"]["metrics"]["bookings"]["value"] == 53_000
    assert [c["who"]["name"] for c in body["offices"]] == ["North America"]
    for viewer in ["leader", "other_leader", "seller", "admin"]:
        assert deals.api(viewer).get("/api/v1/scorecards/organisation").status_code == 404


def test_the_director_reads_an_office_scorecard_with_its_offices_and_teams(deals):
    client = deals.api("director")
    unit = deals.boston_office.parent
    body = client.get(f"/api/v1/scorecards/offices/{unit.pk}?period={PERIOD}").json()
    assert body["card"]["who"]["name"] == "North America"
    assert body["card"]["metrics"]["bookings"]["value"] == 53_000
    assert [c["who"]["name"] for c in body["offices"]] == ["Boston office", "Denver office"]
    assert [c["who"]["name"] for c in body["teams"]] == ["Leadership"]
    boston = client.get(f"/api/v1/scorecards/offices/{deals.boston_office.pk}?period={PERIOD}")
    assert boston.status_code == 200
    assert [c["who"]["name"] for c in boston.json()["teams"]] == ["Boston Enterprise"]
    assert boston.json()["teams"][0]["metrics"]["bookings"]["value"] == 45_000


def test_a_leader_reads_their_own_office_only(deals):
    client = deals.api("leader")
    assert client.get(f"/api/v1/scorecards/offices/{deals.boston_office.pk}").status_code == 200
    assert (
        client.get(f"/api/v1/scorecards/offices/{deals.boston_office.parent.pk}").status_code == 404
    )
    for viewer in ["other_leader", "seller", "admin"]:
        response = deals.api(viewer).get(f"/api/v1/scorecards/offices/{deals.boston_office.pk}")
        assert response.status_code == 404, viewer


@pytest.mark.parametrize("template", ENDPOINTS)
def test_a_bad_period_is_a_422_with_the_reason(deals, template):
    response = deals.api("director").get(_url(template, deals) + "?period=2017-Q5")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "period"] and "Not a period: '2017-Q5'" in problem["msg"]


@pytest.mark.parametrize("template", [e for e in ENDPOINTS if "/scorecards/" in e])
def test_the_period_defaults_to_the_latest_quarter_with_data_when_the_current_has_none(
    deals, template
):
    from leadwell.metrics.selectors import current_period

    response = deals.api("director").get(_url(template, deals))
    assert response.status_code == 200, response.content
    body = response.json()
    card = body.get("card") or body.get("team") or body
    # Every deal of the fixture closes in 2025; the current quarter is later and empty.
    assert card["period"].startswith("FY2025-Q")
    assert card["period_note"] == (
        f"No results yet for {current_period().short_label}: showing {card['period_label']}, "
        "the latest quarter with data."
    )


def test_a_gap_analysis_defaults_to_the_current_quarter(deals):
    from leadwell.metrics.selectors import current_period

    url = _url("/api/v1/gaps/people/{seller}", deals)
    body = deals.api("director").get(url).json()
    assert body["period"] == current_period().name


@pytest.mark.parametrize("period", ["FY2025-Q2", "FY2025", "2025-05"])
def test_periods_of_every_kind_are_read(deals, period):
    body = deals.api("seller").get(f"/api/v1/scorecards/people/{deals.seller.pk}?period={period}")
    assert body.status_code == 200, body.content
    assert (
        body.json()["metrics"]["bookings"]["value"]
        == {
            "FY2025-Q2": 30_000,
            "FY2025": 42_000,
            "2025-05": 20_000,
        }[period]
    )


def test_the_gap_analysis_names_the_gaps_their_causes_and_the_drivers(deals):
    leader = deals.api("leader")
    leader.post(
        "/api/v1/targets/",
        {
            "metric": "bookings",
            "value": 50_000,
            "valid_from": "2025-04-01",
            "person_id": deals.seller.pk,
        },
        content_type="application/json",
    )
    response = leader.get(f"/api/v1/gaps/people/{deals.seller.pk}?period={PERIOD}")
    assert response.status_code == 200, response.content
    analysis = response.json()
    assert analysis["who"]["name"] == "Sam Ortiz" and analysis["period"] == PERIOD_NAME
    assert analysis["bookings_gap"] == -20_000
    bookings = next(g for g in analysis["gaps"] if g["metric"] == "bookings")
    assert (bookings["value"], bookings["target"], bookings["gap"]) == (30_000, 50_000, 20_000)
    assert bookings["target_source"] == "personal target"
    assert bookings["causes"] and all(c["cause"] for c in bookings["causes"])
    drivers = {d["key"]: d for d in analysis["drivers"]}
    assert {"volume", "win_rate", "deal_size"} <= set(drivers)
    assert sum(d["amount"] for d in drivers.values()) == pytest.approx(-20_000)
    assert analysis["main_driver"] == min(drivers.values(), key=lambda d: d["amount"])["key"]
    # The seller reads their own gaps too.
    own = deals.api("seller").get(f"/api/v1/gaps/people/{deals.seller.pk}?period={PERIOD}")
    assert own.json()["bookings_gap"] == -20_000


def test_every_endpoint_is_documented_in_the_schema(personas):
    schema = Client().get("/api/v1/openapi.json").json()
    operations = [
        operation
        for path, item in schema["paths"].items()
        if path.startswith(
            ("/api/v1/scorecards", "/api/v1/gaps", "/api/v1/targets", "/api/v1/metrics")
        )
        for operation in item.values()
    ]
    assert len(operations) == 8
    for operation in operations:
        assert operation["tags"] == ["Scorecards"]
        assert operation["summary"] and operation.get("description")


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_bigger_team_costs_no_more_queries(deals):
    from leadwell.org import services as org

    from ..conftest import ORG_START

    client = deals.api("leader")
    url = f"/api/v1/scorecards/teams/{deals.boston.pk}?period={PERIOD}"
    client.get(url)  # the token's first use is recorded once
    before = _queries(client, url)
    for i in range(5):
        person = org.person_create(name=f"Extra Seller {i}")
        org.person_join_team(person=person, team=deals.boston, on=ORG_START)
    assert len(client.get(url).json()["sellers"]) == 7
    assert _queries(client, url) == before


def test_a_seller_who_has_since_moved_on_is_counted_but_not_shown(deals):
    import datetime

    from leadwell.org import services as org

    org.person_join_team(person=deals.seller2, team=deals.denver, on=datetime.date(2025, 8, 1))
    url = f"/api/v1/scorecards/teams/{deals.boston.pk}?period={PERIOD}"
    team = deals.api("leader").get(url).json()
    assert team["team"]["metrics"]["bookings"]["value"] == 45_000  # Sofia counted in Q2
    assert [c["who"]["name"] for c in team["sellers"]] == ["Sam Ortiz"]
    assert team["sellers_not_shown"] == 1
    assert [w["person"]["name"] for w in team["recognition"]] == ["Sam Ortiz", "Sofia Berg"]
    # The director's line still holds her.
    team = deals.api("director").get(url).json()
    assert len(team["sellers"]) == 2 and team["sellers_not_shown"] == 0


def test_scorecards_and_gaps_say_their_currency_and_keep_money_as_the_unit(deals, settings):
    client = deals.api("leader")
    card = client.get(f"/api/v1/scorecards/people/{deals.seller.pk}?period={PERIOD}").json()
    assert card["currency"] == "USD"
    assert card["metrics"]["bookings"]["unit"] == "money"
    team = client.get(f"/api/v1/scorecards/teams/{deals.boston.pk}?period={PERIOD}").json()
    assert team["currency"] == team["team"]["currency"] == "USD"
    gaps = client.get(f"/api/v1/gaps/people/{deals.seller.pk}?period={PERIOD}").json()
    assert gaps["currency"] == "USD"
    settings.LEADWELL_CURRENCY = "EUR"
    card = client.get(f"/api/v1/scorecards/people/{deals.seller.pk}?period={PERIOD}").json()
    assert card["currency"] == "EUR"
