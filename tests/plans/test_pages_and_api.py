"""The plan pages and API, for every persona: who opens what, who may take each step, and the
forms that keep what was typed with the message beside the field."""

import json
import re

import pytest
from django.urls import reverse

from leadwell.plans.models import PlanChange
from leadwell.plans.selectors import this_fiscal_year
from tests.conftest import PERSONA_KEYS, field_beside_message, text_of

from .conftest import assigned, committed, given

pytestmark = pytest.mark.django_db

# Who opens Boston's plan page at all, and who reads its input and negotiations.
OPENS = {"leader", "director", "seller", "seller2"}
READS_ALL = {"leader", "director"}


def plan_url(p, name: str = "plans:plan") -> str:
    return reverse(name, args=[p.boston.pk, this_fiscal_year()])


def test_every_persona_opens_the_plan_page_as_the_rules_say(personas):
    p = personas
    cycle = committed(p)
    PlanChange.objects.create(
        cycle=cycle, quarter=2, person=p.seller, from_amount=1, to_amount=2, reason="Slipped deals"
    )
    for key in PERSONA_KEYS:
        response = p.client(key).get(plan_url(p))
        assert response.status_code == (200 if key in OPENS else 404), key
        if key not in OPENS:
            continue
        page = text_of(response.content.decode())
        assert "Team total" in page and "250,000" in page
        assert ("Three times coverage" in page) is (key in READS_ALL), key
        assert ("Slipped deals" in page) is (key in READS_ALL), key
        assert ("Plan negotiations" in page) is (key in READS_ALL), key
    # A seller reads their own quota, never a teammate's.
    sam = text_of(p.client("seller").get(plan_url(p)).content.decode())
    assert "You" in sam and "Sofia Berg" not in sam and "120,000" in sam


def test_a_seller_sees_nothing_of_a_plan_before_it_is_committed(personas):
    p = personas
    assigned(p)
    page = text_of(p.client("seller").get(plan_url(p)).content.decode())
    assert "not committed yet" in page and "250,000" not in page and "120,000" not in page


def test_the_plans_list_shows_each_persona_the_plans_they_may_open(personas):
    p = personas
    given(p)
    for key in PERSONA_KEYS:
        page = p.client(key).get(reverse("plans:home")).content.decode()
        assert (plan_url(p) in page) is (key in OPENS), key
    director = p.client("director").get(reverse("plans:home")).content.decode()
    assert reverse("plans:plan", args=[p.denver.pk, this_fiscal_year()]) in director
    assert "Leadership" not in text_of(director.split("<main", 1)[-1])


def test_sellers_find_the_plan_in_the_menu_and_leaders_and_directors_under_lead_up(personas):
    p = personas
    sellers = {"seller", "seller2", "other_seller"}
    for key in PERSONA_KEYS:
        page = p.client(key).get(reverse("home")).content.decode()
        assert (f'href="{reverse("plans:home")}"' in page) is (key in sellers), key
        leads_up = key not in sellers and key != "admin"
        assert (f'href="{reverse("lead-up")}"' in page) is leads_up, key


def test_the_leader_gives_input_and_a_refused_value_stays_beside_its_message(personas):
    p = personas
    client = p.client("leader")
    form = {f"team-q{q}": "240000" for q in range(1, 5)}
    form |= {f"person-{p.seller.pk}-q{q}": "115000" for q in range(1, 5)}
    form |= {f"person-{p.seller2.pk}-q{q}": "125000" for q in range(1, 5)}
    form |= {"pipeline": "Coverage is good.", "market": "Steady.", "capacity": ""}
    form["team-q2"] = "a lot"
    response = client.post(plan_url(p, "plans:input"), form)
    assert response.status_code == 400
    page = response.content.decode()
    tag = field_beside_message(page, "input-team-q2", "Enter an amount in")
    assert 'value="a lot"' in tag
    field_beside_message(page, "input-capacity", "Say what the team can carry.")
    assert "Coverage is good." in page
    form |= {"team-q2": "240000", "capacity": "Both sellers."}
    assert client.post(plan_url(p, "plans:input"), form).status_code == 302
    assert "Waiting for the director" not in text_of(client.get(plan_url(p)).content.decode())


def test_the_director_assigns_and_the_leader_commits_after_confirming(personas):
    p = personas
    given(p)
    director = p.client("director")
    page = director.get(plan_url(p)).content.decode()
    assert 'id="assign-form"' in page and 'id="input-form"' not in page
    form = {f"team-q{q}": "250000" for q in range(1, 5)}
    form |= {f"person-{p.seller.pk}-q{q}": "120000" for q in range(1, 5)}
    form |= {f"person-{p.seller2.pk}-q{q}": "130000" for q in range(1, 5)}
    assert director.post(plan_url(p, "plans:assign"), form).status_code == 302
    assert p.client("leader").post(plan_url(p, "plans:assign"), form).status_code == 404

    leader = p.client("leader")
    asking = leader.get(plan_url(p) + "?confirm=commit").content.decode()
    assert "Commit to this plan?" in asking and "I commit to this plan" in asking
    assert director.post(plan_url(p, "plans:commit")).status_code == 404
    assert leader.post(plan_url(p, "plans:commit")).status_code == 302
    assert "Committed" in text_of(leader.get(plan_url(p)).content.decode())


def test_the_leader_asks_a_change_and_the_director_answers_it_on_the_page(personas):
    p = personas
    committed(p)
    leader, director = p.client("leader"), p.client("director")
    refused = leader.post(
        plan_url(p, "plans:ask"),
        {"quarter": "2", "person": str(p.seller.pk), "to_amount": "90000", "reason": ""},
    )
    assert refused.status_code == 400
    field_beside_message(refused.content.decode(), "ask-reason", "Say why the plan should change.")
    assert 'value="90000"' in refused.content.decode()
    form = {"quarter": "2", "person": str(p.seller.pk), "to_amount": "90000", "reason": "Slipped"}
    assert leader.post(plan_url(p, "plans:ask"), form).status_code == 302
    change = PlanChange.objects.get()
    answer = reverse("plans:answer", args=[change.pk])
    assert leader.post(answer, {"answer": "granted"}).status_code == 404
    wrong = director.post(answer, {"answer": "partly", "granted_amount": "50000"})
    assert wrong.status_code == 400
    field_beside_message(wrong.content.decode(), f"granted-{change.pk}", "between")
    assert director.post(answer, {"answer": "granted"}).status_code == 302
    page = text_of(leader.get(plan_url(p)).content.decode())
    assert "Granted: the quota is now 90,000" in page


def api_get(p, key: str):
    return p.api(key).get(f"/api/v1/plans/{p.boston.pk}/{this_fiscal_year()}")


def test_every_persona_reads_the_plan_through_the_api_as_the_rules_say(personas):
    p = personas
    committed(p)
    for key in PERSONA_KEYS:
        response = api_get(p, key)
        assert response.status_code == (200 if key in OPENS else 404), key
        if key not in OPENS:
            continue
        body = response.json()
        assert body["status"] == "committed"
        assert body["team_row"]["quarters"][0]["assigned"] == "250000.00"
        if key in READS_ALL:
            assert body["reasoning"]["pipeline"].startswith("Three times")
            assert body["changes"] == [] and len(body["sellers"]) == 2
        else:
            assert body["reasoning"] is None and body["changes"] is None
            assert [row["person"]["id"] for row in body["sellers"]] == [getattr(p, key).pk]
            assert all(q["proposed"] is None for q in body["sellers"][0]["quarters"])


def test_the_api_takes_each_step_for_the_persona_allowed_only(personas):
    p = personas
    base = f"/api/v1/plans/{p.boston.pk}/{this_fiscal_year()}"
    amounts = {"1": 250000, "2": 250000, "3": 250000, "4": 250000}
    people = {str(p.seller.pk): {"1": 120000, "2": 120000, "3": 120000, "4": 120000}}
    people[str(p.seller2.pk)] = {"1": 130000, "2": 130000, "3": 130000, "4": 130000}
    body = {"team": amounts, "people": people, "pipeline": "p", "market": "m", "capacity": "c"}

    def post(key: str, path: str, payload: dict | None = None):
        return p.api(key).post(
            base + path, data=json.dumps(payload or {}), content_type="application/json"
        )

    for key in ("director", "seller", "other_leader", "admin"):
        assert post(key, "/input", body).status_code == 404, key
    assert post("leader", "/input", {**body, "market": ""}).status_code == 422
    assert post("leader", "/input", body).status_code == 200
    plan = {"team": amounts, "people": people}
    assert post("leader", "/assign", plan).status_code == 404
    assert post("director", "/assign", plan).status_code == 200
    assert post("director", "/commit").status_code == 404
    assert post("leader", "/commit").json()["status"] == "committed"
    ask = {"quarter": 3, "person_id": p.seller.pk, "to_amount": 100000, "reason": "Slipped"}
    assert post("director", "/changes", ask).status_code == 404
    change = post("leader", "/changes", ask).json()
    answer = f"/api/v1/plans/changes/{change['id']}/answer"
    for key in ("leader", "seller", "other_leader", "admin"):
        response = p.api(key).post(
            answer, data=json.dumps({"answer": "granted"}), content_type="application/json"
        )
        assert response.status_code == 404, key
    response = p.api("director").post(
        answer,
        data=json.dumps({"answer": "refused", "note": "Hold it"}),
        content_type="application/json",
    )
    assert response.json()["answer"] == "refused"
    listed = p.api("seller").get("/api/v1/plans").json()
    assert [one["team"]["id"] for one in listed] == [p.boston.pk]
    assert p.api("admin").get("/api/v1/plans").json() == []
    assert re.match(r"\d+", str(listed[0]["fiscal_year"]))
