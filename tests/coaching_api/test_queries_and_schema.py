"""Lists and details run a fixed number of queries however many rows they show, and the OpenAPI
schema documents every coaching endpoint."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from leadwell.coaching import services
from leadwell.coaching.models import Skill

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
    return len(captured)


def _more_of_everything(c, personas) -> None:
    """Three more of every row the reads list, each with its own related rows."""
    sam, lena, sofia = personas.seller, personas.leader, personas.seller2
    skills = list(Skill.objects.all()[:3])
    for n in range(3):
        services.goal_save(person=sam, area="skills", title=f"Goal {n}")
        item = services.item_open(person=sam, by=lena, title=f"Item {n}")
        services.item_diagnose(item=item, by=lena, skills=skills)
        assignment = services.assignment_add(
            item=c.item, by=lena, title=f"Assignment {n}", skill=skills[n]
        )
        services.assignment_evaluate(
            assignment=assignment, by=lena, was_done=False, outcome="continue"
        )
        services.item_note(item=c.item, by=sam, text=f"Note {n}")
        services.point_add(meeting=c.meeting, by=lena, text=f"Point {n}")
        services.action_add(meeting=c.meeting, by=sam, text=f"Action {n}", owner=sam)
        services.plan_action_add(plan=c.plan, text=f"Plan action {n}")
        services.plan_review_add(
            plan=c.plan,
            by=lena,
            progress=f"Month {n}",
            reviewed_on=datetime.date(2025, 1 + n, 1),
        )
        services.plan_comment_add(plan=c.plan, by=sam, text=f"Comment {n}")
    services.series_start(leader=lena, report=sofia)


def _assignments_due(c, personas, count: int) -> None:
    for n in range(count):
        item = services.item_open(person=personas.seller, by=personas.leader, title=f"Due {n}")
        services.assignment_add(
            item=item,
            by=personas.leader,
            title=f"Due now {n}",
            started_on=c.meeting.scheduled_on - datetime.timedelta(days=7),
            due_on=c.meeting.scheduled_on,
        )


def test_reads_do_not_grow_with_the_rows_they_show(coaching, personas):
    c, sam = coaching, personas.seller.pk
    urls = [
        f"/api/v1/people/{sam}/goals",
        f"/api/v1/people/{sam}/coaching-items",
        f"/api/v1/coaching-items/{c.item.pk}",
        f"/api/v1/meetings/{c.meeting.pk}",
        "/api/v1/one-on-ones/",
        f"/api/v1/one-on-ones/{c.series.pk}/meetings",
        f"/api/v1/people/{sam}/plan",
        "/api/v1/assignment-templates/",
    ]
    lena = personas.api("leader")
    _queries(lena, urls[0])  # the token's first use is recorded once
    # One item waiting for an assignment already, so the agenda's list of them is not empty
    # (an empty list skips the query fetching its items' skills).
    waiting = services.item_open(person=personas.seller, by=personas.leader, title="Waiting")
    services.item_diagnose(item=waiting, by=personas.leader, skills=[Skill.objects.first()])
    before = [_queries(lena, url) for url in urls]
    _more_of_everything(c, personas)
    after = [_queries(lena, url) for url in urls]
    assert after == before, list(zip(urls, before, after, strict=True))
    # The rows were there to be counted.
    meeting = lena.get(f"/api/v1/meetings/{c.meeting.pk}").json()["agenda"]
    assert len(meeting["new_points"]) == 4 and len(meeting["open_actions"]) == 4
    assert len(lena.get(f"/api/v1/coaching-items/{c.item.pk}").json()["evaluations"]) == 4
    assert lena.get(f"/api/v1/people/{sam}/coaching-items").json()["count"] == 5
    assert len(lena.get("/api/v1/one-on-ones/").json()["items"]) == 2


def test_a_meetings_agenda_does_not_grow_with_the_sellers_assignments(coaching, personas):
    lena = personas.api("leader")
    url = f"/api/v1/meetings/{coaching.meeting.pk}"
    _assignments_due(coaching, personas, 1)
    _queries(lena, url)
    before = _queries(lena, url)
    _assignments_due(coaching, personas, 3)
    after = _queries(lena, url)
    # The four added and the one the fixture's item already had.
    assert len(lena.get(url).json()["agenda"]["open_assignments"]) == 5
    assert after == before


def test_the_openapi_schema_documents_every_coaching_endpoint():
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    expected = {
        "/api/v1/skills/": {"get"},
        "/api/v1/assignment-templates/": {"get"},
        "/api/v1/people/{person_id}/goals": {"get", "post"},
        "/api/v1/goals/{goal_id}": {"put", "patch"},
        "/api/v1/people/{person_id}/coaching-items": {"get", "post"},
        "/api/v1/coaching-items/{item_id}": {"get"},
        "/api/v1/coaching-items/{item_id}/diagnosis": {"post"},
        "/api/v1/coaching-items/{item_id}/notes": {"post"},
        "/api/v1/coaching-items/{item_id}/assignments": {"post"},
        "/api/v1/assignments/{assignment_id}": {"get"},
        "/api/v1/assignments/{assignment_id}/done": {"post"},
        "/api/v1/assignments/{assignment_id}/ratings": {"post"},
        "/api/v1/assignments/{assignment_id}/evaluation": {"post"},
        "/api/v1/assignments/{assignment_id}/measurement": {"get"},
        "/api/v1/one-on-ones/": {"get", "post"},
        "/api/v1/one-on-ones/{series_id}": {"get"},
        "/api/v1/one-on-ones/{series_id}/meetings": {"get"},
        "/api/v1/one-on-ones/{series_id}/next-meeting": {"get", "post"},
        "/api/v1/meetings/{meeting_id}": {"get"},
        "/api/v1/meetings/{meeting_id}/points": {"post"},
        "/api/v1/meetings/{meeting_id}/points/{point_id}/discussed": {"post"},
        "/api/v1/meetings/{meeting_id}/actions": {"post"},
        "/api/v1/meetings/{meeting_id}/actions/{action_id}/done": {"post"},
        "/api/v1/meetings/{meeting_id}/answer": {"put"},
        "/api/v1/meetings/{meeting_id}/answer/actions": {"post"},
        "/api/v1/meetings/{meeting_id}/shared-notes": {"put"},
        "/api/v1/meetings/{meeting_id}/private-note": {"put"},
        "/api/v1/meetings/{meeting_id}/held": {"post"},
        "/api/v1/people/{person_id}/plan": {"get", "put"},
        "/api/v1/people/{person_id}/plan/actions": {"post"},
        "/api/v1/plan-actions/{action_id}/done": {"post"},
        "/api/v1/people/{person_id}/plan/reviews": {"post"},
        "/api/v1/people/{person_id}/plan/comments": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert set(paths[path]) == methods, path
    tags = {tag for path in expected for op in paths[path].values() for tag in op.get("tags", [])}
    assert tags == {"Coaching", "1:1s", "Development plans"}
    meeting = schema["components"]["schemas"]["MeetingOut"]["properties"]
    assert {"question", "answer", "shared_notes", "private_note", "agenda"} <= set(meeting)
