"""The report API: every persona against a report of the leader, and the below-plan rule and
the frozen figures as a script sees them."""

import pytest

from leadwell.reports import services

from ..conftest import PERSONA_KEYS
from .conftest import SEPTEMBER

pytestmark = pytest.mark.django_db

READERS = {"leader", "director"}


def test_only_the_leader_and_their_line_read_and_list_the_report(below_plan):
    p = below_plan
    report = services.report_draft(leader=p.leader, period=SEPTEMBER, by=p.user("leader"))
    for key in PERSONA_KEYS:
        client = p.api(key)
        answer = client.get(f"/api/v1/reports/{report.pk}")
        assert answer.status_code == (200 if key in READERS else 404), key
        listed = [r["id"] for r in client.get("/api/v1/reports").json()]
        assert (report.pk in listed) is (key in READERS), key


def test_only_the_leader_writes_and_sends_and_only_the_line_marks_read(below_plan):
    p = below_plan
    report = services.report_draft(leader=p.leader, period=SEPTEMBER, by=p.user("leader"))
    url = f"/api/v1/reports/{report.pk}"
    for key in PERSONA_KEYS:
        if key == "leader":
            continue
        answer = p.api(key).patch(url, {"explanation": "x"}, content_type="application/json")
        assert answer.status_code == 404, key
        assert p.api(key).post(f"{url}/send").status_code == 404, key

    leader = p.api("leader")
    refused = leader.post(f"{url}/send")
    assert refused.status_code == 422
    assert {e["loc"][-1] for e in refused.json()["detail"]} == {"explanation", "strategies"}
    leader.patch(url, {"explanation": "Slipped deals"}, content_type="application/json")
    added = leader.post(
        f"{url}/strategies",
        {
            "what": "Review every stalled deal",
            "owner_id": p.seller.pk,
            "due_on": "2026-10-31",
            "effect_amount": 20000,
        },
        content_type="application/json",
    )
    assert added.status_code == 201
    sent = leader.post(f"{url}/send")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert sent.json()["figures"]["team"]["bookings"] == 40_000

    for key in PERSONA_KEYS:
        expected = 200 if key == "director" else 404
        assert p.api(key).post(f"{url}/read").status_code == expected, key
    asked = p.api("director").post(
        f"{url}/comments", {"kind": "question", "text": "Why?"}, content_type="application/json"
    )
    assert asked.status_code == 201
    for key in ("seller", "other_leader", "admin"):
        answer = p.api(key).post(
            f"{url}/comments", {"kind": "comment", "text": "Hi"}, content_type="application/json"
        )
        assert answer.status_code == 404, key
