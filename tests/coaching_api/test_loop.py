"""The coaching loop through the API, as a script would run it: the leader opens a coaching item
from a real gap, seller and leader diagnose it, the leader assigns from the library, the seller
rates and marks it done, the leader evaluates and gets the metric measured before and after."""

import datetime

import pytest

from leadwell.coaching.models import PlanAction, Skill

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def post(client, url: str, **payload):
    return client.post(url, payload, content_type="application/json")


def test_a_gap_goes_round_the_whole_loop_to_a_measured_before_and_after(results):
    sam = results.seller.pk
    lena, seller = results.api("leader"), results.api("seller")
    goal = post(seller, f"/api/v1/people/{sam}/goals", area="income", title="Earn the accelerator")
    assert goal.status_code == 201, goal.content

    # Open from the gap: bookings 30,000 against a quota of 100,000 in FY2025-Q2.
    opened = post(lena, f"/api/v1/people/{sam}/coaching-items", metric="bookings", period=PERIOD)
    assert opened.status_code == 201, opened.content
    item = opened.json()
    assert item["metric"] == "bookings" and item["period"] == "FY2025-Q2"
    assert item["value_at_open"] == 30_000 and item["target_at_open"] == 100_000
    assert item["title"].startswith("Bookings in Q2 FY2025")
    assert [e["kind"] for e in item["events"]] == ["opened"]
    # The same gap again answers the open item rather than a second one.
    again = post(lena, f"/api/v1/people/{sam}/coaching-items", metric="bookings", period=PERIOD)
    assert again.status_code == 200 and again.json()["id"] == item["id"]
    url = f"/api/v1/coaching-items/{item['id']}"

    # Diagnose together: Lena the root cause and evidence, Sam his own view and his goal.
    prospecting = Skill.objects.get(name="Prospecting")
    diagnosis = post(
        lena, url + "/diagnosis", skill_ids=[prospecting.pk], evidence="Two new deals a month"
    )
    assert diagnosis.status_code == 200, diagnosis.content
    mine = post(
        seller, url + "/diagnosis", seller_view="I wait for inbound", goal_id=goal.json()["id"]
    )
    assert mine.json()["skills"] == [{"id": prospecting.pk, "name": "Prospecting"}]
    assert mine.json()["evidence"] == "Two new deals a month"
    assert mine.json()["seller_view"] == "I wait for inbound"
    assert mine.json()["goal"]["title"] == "Earn the accelerator"

    # Assign from the library: the templates that develop prospecting.
    templates = lena.get(f"/api/v1/assignment-templates/?skill_id={prospecting.pk}").json()
    block = next(t for t in templates if t["title"] == "Prospecting block 3x a week")
    assert prospecting.pk in block["skill_ids"]
    assigned = post(
        lena,
        url + "/assignments",
        template_id=block["id"],
        started_on="2025-04-01",
        leader_rating_before=2,
    )
    assert assigned.status_code == 201, assigned.content
    assignment = assigned.json()
    assert assignment["title"] == "Prospecting block 3x a week"
    assert assignment["template_id"] == block["id"]
    assert assignment["skill"] == {"id": prospecting.pk, "name": "Prospecting"}
    assert assignment["owner"]["name"] == "Sam Ortiz"
    assert assignment["due_on"] == "2025-05-13"  # the template's 42 days
    assert assignment["leader_rating_before"] == 2
    done_url = f"/api/v1/assignments/{assignment['id']}"

    # Sam rates himself before (his side, not Lena's), then marks it done with a note.
    rated = post(seller, done_url + "/ratings", before=3)
    assert rated.json()["seller_rating_before"] == 3 and rated.json()["leader_rating_before"] == 2
    done = post(
        seller, done_url + "/done", note="Blocked Tuesdays and Thursdays", seller_rating_after=4
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done" and done.json()["done_note"].startswith("Blocked")
    assert done.json()["item"]["id"] == item["id"]

    # Before a whole month has passed since 1 April there is nothing to measure yet.
    early = lena.get(done_url + "/measurement?on=2025-04-30").json()
    assert early["pending"] is True and early["measured_from"] == "2025-05-01"
    assert early["before"]["value"] is None and early["after"]["value"] is None
    assert early["after"]["months"] == 0 and early["improved"] is None

    # The live measurement the day after the quarter ended: January to March before (12,000
    # won in February), April to June since (30,000).
    live = lena.get(done_url + "/measurement?on=2025-07-01").json()
    assert live["metric"] == "bookings" and live["on"] == "2025-07-01"
    assert live["measured_from"] == "2025-05-01" and live["pending"] is False
    assert (live["before"]["start"], live["before"]["until"]) == ("2025-01-01", "2025-04-01")
    assert (live["after"]["start"], live["after"]["until"]) == ("2025-04-01", "2025-07-01")
    assert (live["before"]["value"], live["after"]["value"]) == (12_000, 30_000)
    assert live["change"] == 18_000 and live["improved"] is True

    # Lena evaluates: the measurement is taken and kept on the evaluation.
    evaluated = post(
        lena, done_url + "/evaluation", was_done=True, outcome="closed", leader_rating_after=4
    )
    assert evaluated.status_code == 201, evaluated.content
    evaluation = evaluated.json()
    assert evaluation["metric"] == "bookings" and evaluation["outcome"] == "closed"
    assert evaluation["after"]["start"] == "2025-04-01"
    assert evaluation["before"]["until"] == "2025-04-01"
    assert evaluation["before"]["value"] == 12_000
    assert evaluation["after"]["value"] == 30_000

    # The item keeps its history and shows the measured effect to Sam as well.
    closed = seller.get(url).json()
    assert closed["status"] == "closed" and closed["closed_at"]
    assert [e["kind"] for e in closed["events"]] == [
        "opened",
        "diagnosed",
        "diagnosed",
        "assigned",
        "done",
        "evaluated",
        "closed",
    ]
    assert closed["assignments"][0]["leader_rating_after"] == 4
    assert closed["evaluations"][0]["before"]["value"] == 12_000
    assert closed["evaluations"][0]["after"]["value"] == 30_000
    listed = seller.get(f"/api/v1/people/{sam}/coaching-items?status=closed").json()
    assert [i["id"] for i in listed["items"]] == [item["id"]]
    assert seller.get(f"/api/v1/people/{sam}/coaching-items?status=open").json()["count"] == 0


def test_an_item_by_hand_has_no_measurement(coaching, personas):
    response = personas.api("leader").get(
        f"/api/v1/assignments/{coaching.assignment.pk}/measurement"
    )
    assert response.status_code == 422
    assert "no metric" in response.json()["detail"][0]["msg"]


def test_new_root_cause_sends_the_item_back_to_diagnosis(coaching, personas):
    lena = personas.api("leader")
    evaluated = post(
        lena,
        f"/api/v1/assignments/{coaching.assignment.pk}/evaluation",
        was_done=False,
        outcome="new_cause",
        note="Not discovery after all",
    )
    assert evaluated.status_code == 201
    assert evaluated.json()["before"] is None  # by hand: nothing to measure
    item = lena.get(f"/api/v1/coaching-items/{coaching.item.pk}").json()
    assert item["status"] == "open" and item["skills"] == []
    assert item["events"][-1]["kind"] == "rediagnose"
    assert "Discovery" in item["events"][-1]["text"]


def test_the_director_in_the_line_may_own_an_assignment(coaching, personas):
    assigned = post(
        personas.api("leader"),
        f"/api/v1/coaching-items/{coaching.item.pk}/assignments",
        title="Ride along with Dana",
        owner_id=personas.director.pk,
        due_on=(datetime.date.today() + datetime.timedelta(days=10)).isoformat(),
    )
    assert assigned.status_code == 201, assigned.content
    assert assigned.json()["owner"]["name"] == "Dana Whitfield"


def test_personal_goals_are_written_and_changed_by_the_seller(coaching, personas):
    sam = personas.api("seller")
    url = f"/api/v1/goals/{coaching.goal.pk}"
    patched = sam.patch(url, {"status": "achieved"}, content_type="application/json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["status"] == "achieved"
    assert patched.json()["title"] == "Become a team lead"  # untouched
    replaced = sam.put(
        url,
        {"area": "career", "title": "Become a sales director", "horizon": "five_years"},
        content_type="application/json",
    )
    assert replaced.json()["title"] == "Become a sales director"
    assert replaced.json()["status"] == "active" and replaced.json()["horizon"] == "five_years"
    lena_sees = personas.api("leader").get(f"/api/v1/people/{personas.seller.pk}/goals")
    assert [g["title"] for g in lena_sees.json()["items"]] == ["Become a sales director"]


def test_a_development_plan_is_written_reviewed_and_commented_on(personas):
    sam = personas.seller.pk
    lena, seller = personas.api("leader"), personas.api("seller")
    assert seller.get(f"/api/v1/people/{sam}/plan").status_code == 404  # none yet
    assert post(lena, f"/api/v1/people/{sam}/plan/actions", text="x").status_code == 404
    assert not PlanAction.objects.exists()
    discovery = Skill.objects.get(name="Discovery")
    written = lena.put(
        f"/api/v1/people/{sam}/plan",
        {
            "strengths": "Customer trust",
            "skill_ids": [discovery.pk],
            "aspiration": "Team lead",
            "readiness": "one_to_two_years",
        },
        content_type="application/json",
    )
    assert written.status_code == 200, written.content
    assert written.json()["readiness_label"] == "Ready in 1 to 2 years"
    assert written.json()["last_review"] is None
    # Writing one part leaves the others as they were.
    ready = lena.put(
        f"/api/v1/people/{sam}/plan", {"readiness": "ready_now"}, content_type="application/json"
    )
    assert ready.json()["readiness"] == "ready_now"
    assert ready.json()["strengths"] == "Customer trust"
    assert ready.json()["skills_to_develop"] == [{"id": discovery.pk, "name": "Discovery"}]
    action = post(lena, f"/api/v1/people/{sam}/plan/actions", text="Lead the team meeting")
    assert action.status_code == 201
    done = post(lena, f"/api/v1/plan-actions/{action.json()['id']}/done")
    assert done.json()["done_on"] is not None
    review = post(
        lena,
        f"/api/v1/people/{sam}/plan/reviews",
        progress="Led two meetings",
        reviewed_on="2025-05-02",
    )
    assert review.status_code == 201 and review.json()["by"]["name"] == "Lena Hart"
    assert post(seller, f"/api/v1/people/{sam}/plan/comments", text="Thank you").status_code == 201
    plan = seller.get(f"/api/v1/people/{sam}/plan").json()
    assert plan["skills_to_develop"] == [{"id": discovery.pk, "name": "Discovery"}]
    assert plan["last_review"] == "2025-05-02"
    assert plan["review_due_on"] == "2025-06-02" and plan["review_overdue"] is True
    assert [c["text"] for c in plan["comments"]] == ["Thank you"]
