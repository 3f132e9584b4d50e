"""The vision API: the same workflows as the pages (write, add goals, publish, change a goal
with its reason), 422 with the reason beside the field, and 404 for whoever may not read."""

import pytest

from leadwell.leadership.vision.models import GoalVersion

from .conftest import ANSWERS, write

pytestmark = pytest.mark.django_db

GOAL = {
    "title": "Twelve new customers",
    "metric": "new_accounts",
    "target": 12,
    "starts_on": "2025-01-01",
    "target_date": "2025-12-31",
}


def test_a_leader_writes_adds_goals_publishes_and_changes_a_goal(personas):
    api = personas.api("leader")
    assert (
        api.put("/api/v1/leadership/vision", ANSWERS, content_type="application/json").status_code
        == 200
    )
    for n in range(2):
        answer = api.post(
            "/api/v1/leadership/vision/goals",
            {**GOAL, "title": f"Goal {n}"},
            content_type="application/json",
        )
        assert answer.status_code == 201
    refused = api.post("/api/v1/leadership/vision/publish")
    assert refused.status_code == 422
    assert "you have 2" in refused.json()["detail"][0]["msg"]
    api.post("/api/v1/leadership/vision/goals", GOAL, content_type="application/json")
    published = api.post("/api/v1/leadership/vision/publish").json()
    assert published["published_at"] and len(published["goals"]) == 3
    goal_id = published["goals"][0]["id"]
    changes = f"/api/v1/leadership/vision/goals/{goal_id}/changes"
    missing = api.post(
        changes,
        {**GOAL, "target": 15, "change_kind": "market", "reason": "", "team_note": ""},
        content_type="application/json",
    )
    assert missing.status_code == 422
    assert {d["loc"][-1] for d in missing.json()["detail"]} == {"reason", "team_note"}
    changed = api.post(
        changes,
        {
            **GOAL,
            "target": 15,
            "change_kind": "market",
            "reason": "A competitor left",
            "team_note": "More doors",
        },
        content_type="application/json",
    )
    assert changed.status_code == 201
    goal = changed.json()["goals"][0]
    assert goal["current"]["number"] == 2 and goal["current"]["target"] == 15
    assert [v["number"] for v in goal["history"]] == [1]
    # A published goal is not rewritten in place.
    again = api.put(
        f"/api/v1/leadership/vision/goals/{goal_id}", GOAL, content_type="application/json"
    )
    assert again.status_code == 422
    assert GoalVersion.objects.filter(goal_id=goal_id).count() == 2


def test_who_reads_a_vision_through_the_api(personas, published):
    write(personas.other_leader)  # a draft
    detail = f"/api/v1/leadership/visions/{published.pk}"
    team = f"/api/v1/leadership/teams/{personas.boston.pk}/vision"
    for viewer, detail_status, team_status in [
        ("leader", 200, 200),
        ("director", 200, 200),
        ("seller", 404, 200),
        ("seller2", 404, 200),
        ("other_seller", 404, 404),
        ("other_leader", 404, 404),
        ("admin", 404, 404),
    ]:
        api = personas.api(viewer)
        assert api.get(detail).status_code == detail_status, viewer
        answer = api.get(team)
        assert answer.status_code == team_status, viewer
        if team_status == 200:
            assert [v["id"] for v in answer.json()] == [published.pk]
        else:
            assert "Twelve" not in answer.content.decode()
    draft = personas.other_leader.vision
    assert personas.api("director").get(f"/api/v1/leadership/visions/{draft.pk}").status_code == 404
    assert [
        v["id"] for v in personas.api("director").get("/api/v1/leadership/leaders-visions").json()
    ] == [published.pk]
    assert personas.api("seller").get("/api/v1/leadership/leaders-visions").json() == []


def test_only_the_owner_changes_a_goal(personas, published):
    goal = published.goals.first()
    for viewer in ("director", "seller", "other_leader", "admin"):
        answer = personas.api(viewer).post(
            f"/api/v1/leadership/vision/goals/{goal.pk}/changes",
            {**GOAL, "change_kind": "market", "reason": "x", "team_note": "y"},
            content_type="application/json",
        )
        assert answer.status_code == 404, viewer
    assert goal.versions.count() == 1
