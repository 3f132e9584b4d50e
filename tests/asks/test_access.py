"""Who reaches extra asks, in the pages, the API and the Django admin, for every persona: an ask
is the leader's and their line's, and the leader alone answers it; a seller sees the deals asked
of them and nothing of the assessment; administrators, peers and other sellers see none of it."""

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from leadwell.asks import services
from leadwell.asks.models import Ask, AskedDeal, AssessedDeal, Assessment

from ..conftest import PERSONA_KEYS

pytestmark = pytest.mark.django_db

SECRET = "Zebra-7731"
READS_ASK = {"leader", "director"}  # the leader asked and their line
ANSWERS = {"leader"}


@pytest.fixture
def decided(personas, pipeline) -> Ask:
    """Lena's ask, assessed (a 7 % discount on Sam's deal) and partly accepted: Sam's deal."""
    services.ask_assess(
        ask=pipeline.ask,
        by=personas.leader,
        ticked=[
            services.Ticked(pipeline.commit_next.pk, Decimal(7), f"{SECRET} terms"),
            services.Ticked(pipeline.best_case_next.pk),
        ],
        recommendation=f"{SECRET} recommendation",
    )
    services.ask_decide(
        ask=pipeline.ask, by=personas.leader, decision="partly", deal_ids=[pipeline.commit_next.pk]
    )
    return pipeline.ask


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_an_ask_page_opens_for_the_leader_and_their_line_only(personas, decided, viewer):
    client = personas.client(viewer)
    page = client.get(reverse("asks:ask", args=[decided.pk]))
    assert page.status_code == (200 if viewer in READS_ASK else 404)
    text = page.content.decode()
    assert (f"{SECRET} recommendation" in text) is (viewer in READS_ASK)
    assert (f"{SECRET} board ask" in text) is (viewer in READS_ASK)
    listed = client.get(reverse("asks:home"))
    assert listed.status_code == 200
    link = reverse("asks:ask", args=[decided.pk])
    assert (link in listed.content.decode()) is (viewer in READS_ASK)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_a_seller_sees_the_deals_asked_of_them_and_nothing_of_the_assessment(
    personas, pipeline, decided, viewer
):
    page = personas.client(viewer).get(reverse("asks:home")).content.decode()
    asked_of_them = viewer == "seller"
    assert ('id="asked-of-me"' in page) is asked_of_them
    if asked_of_them:
        assert pipeline.commit_next.name in page
        # Not the deal ticked but not asked, not the concession, not the recommendation.
        assert pipeline.best_case_next.name not in page
        assert SECRET not in page
    answer = personas.api(viewer).get("/api/v1/asks/asked-of-me")
    assert answer.status_code == 200
    deals = [row["deal_id"] for row in answer.json()]
    assert deals == ([pipeline.commit_next.pk] if asked_of_them else [])
    assert SECRET not in answer.content.decode()


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_only_the_leader_asked_posts_an_assessment_or_a_decision(personas, pipeline, viewer):
    client = personas.client(viewer)
    assessed = client.post(
        reverse("asks:assess", args=[pipeline.ask.pk]),
        {f"deal-{pipeline.later.pk}": "1", f"discount-{pipeline.later.pk}": "5"},
    )
    assert assessed.status_code == (302 if viewer in ANSWERS else 404)
    assert Assessment.objects.filter(ask=pipeline.ask).exists() is (viewer in ANSWERS)
    decided = client.post(
        reverse("asks:decide", args=[pipeline.ask.pk]),
        {"decision": "declined", "decline_reason": "Next quarter would be empty."},
    )
    assert decided.status_code == (302 if viewer in ANSWERS else 404)
    pipeline.ask.refresh_from_db()
    assert (pipeline.ask.decision == "declined") is (viewer in ANSWERS)


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_asks_api_answers_the_leader_and_their_line_and_404_to_everyone_else(
    personas, pipeline, decided, viewer
):
    api = personas.api(viewer)
    one = api.get(f"/api/v1/asks/{decided.pk}")
    assert one.status_code == (200 if viewer in READS_ASK else 404)
    assert (SECRET in one.content.decode()) is (viewer in READS_ASK)
    candidates = api.get(f"/api/v1/asks/{decided.pk}/candidates")
    assert candidates.status_code == (200 if viewer in READS_ASK else 404)
    listed = api.get("/api/v1/asks")
    assert ([a["id"] for a in listed.json()] == [decided.pk]) is (viewer in READS_ASK)
    # A decided ask is not assessed again, by anyone; the others do not even find it.
    again = api.put(
        f"/api/v1/asks/{decided.pk}/assessment", {"deals": []}, content_type="application/json"
    )
    assert again.status_code == (422 if viewer in ANSWERS else 404)


def test_the_leader_assesses_and_decides_through_the_api(personas, pipeline):
    api = personas.api("leader")
    assessed = api.put(
        f"/api/v1/asks/{pipeline.ask.pk}/assessment",
        {
            "deals": [{"deal_id": pipeline.commit_next.pk, "discount_percent": "10"}],
            "recommendation": "Only if finance agrees.",
        },
        content_type="application/json",
    )
    assert assessed.status_code == 200
    summary = assessed.json()["assessment"]
    assert (Decimal(summary["gain"]), Decimal(summary["discounts"])) == (90_000, 10_000)
    assert Decimal(summary["next_pipeline_after"]) == 40_000
    decided = api.post(
        f"/api/v1/asks/{pipeline.ask.pk}/decision",
        {"decision": "accepted", "deal_ids": [pipeline.commit_next.pk]},
        content_type="application/json",
    )
    assert decided.status_code == 200
    body = decided.json()
    assert (body["decision"], body["without_assessment"]) == ("accepted", False)
    assert [d["seller"]["id"] for d in body["asked_deals"]] == [personas.seller.pk]
    assert body["outcome"]["measured"] is False


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_director_or_the_leader_records_an_ask_through_the_api(personas, viewer):
    answer = personas.api(viewer).post(
        "/api/v1/asks",
        {"leader_id": personas.leader.pk, "period": "FY2026-Q4", "amount": "25000"},
        content_type="application/json",
    )
    assert answer.status_code == (201 if viewer in READS_ASK else 404)


def test_the_director_records_an_ask_on_the_page_and_the_leader_finds_it_waiting(personas):
    page = personas.client("director").post(
        reverse("asks:home"),
        {
            "leader": personas.leader.pk,
            "period": "FY2026-Q4",
            "amount": "40000",
            "reason": "Close the year strong",
            "asked_on": "2026-12-01",
        },
    )
    ask = Ask.objects.get()
    assert page.status_code == 302
    assert (ask.director, ask.leader, ask.amount) == (personas.director, personas.leader, 40_000)
    waiting = personas.client("leader").get(reverse("asks:home")).content.decode()
    assert 'id="waiting"' in waiting and reverse("asks:ask", args=[ask.pk]) in waiting


def test_a_director_records_asks_of_their_leaders_not_of_themselves(personas):
    page = personas.client("director").get(reverse("asks:home")).content.decode()
    offered = re.findall(
        r'<option value="(\d+)"', page.split('name="leader"')[1].split("</select>")[0]
    )
    assert set(map(int, offered)) == {personas.leader.pk, personas.other_leader.pk}


def test_no_ask_is_in_the_django_admin(personas, decided):
    for model in (Ask, Assessment, AssessedDeal, AskedDeal):
        assert model not in admin.site._registry
        assert SECRET not in str(model.objects.first())
    client = personas.client("admin")
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/asks/" not in index and "extra ask" not in index.lower()
    assert client.get("/admin/asks/ask/").status_code == 404
