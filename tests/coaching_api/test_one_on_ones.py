"""A weekly 1:1 through the API: the leader starts it with a direct report, the seller answers
the standing question, the answer becomes the leader's actions, and what was not discussed or
done carries over to the next meeting."""

import pytest

from .conftest import messages

pytestmark = pytest.mark.django_db


def send(client, method: str, url: str, **payload):
    return getattr(client, method)(url, payload, content_type="application/json")


def test_a_point_not_discussed_and_an_action_not_done_carry_over_to_next_week(personas):
    lena, sam = personas.api("leader"), personas.api("seller")
    started = send(lena, "post", "/api/v1/one-on-ones/", report_id=personas.seller.pk)
    assert started.status_code == 201, started.content
    assert started.json()["weekday_name"] == "Monday"
    moved = send(lena, "post", "/api/v1/one-on-ones/", report_id=personas.seller.pk, weekday=2)
    assert moved.status_code == 200 and moved.json()["id"] == started.json()["id"]
    assert moved.json()["weekday_name"] == "Wednesday"
    series = started.json()["id"]

    # Nothing is planned until one of the two plans it; reading never plans.
    next_meeting = f"/api/v1/one-on-ones/{series}/next-meeting"
    unplanned = lena.get(next_meeting)
    assert unplanned.status_code == 404
    assert unplanned.json() == {
        "detail": "No meeting is planned: POST to this address to plan the next one."
    }
    planned = send(lena, "post", next_meeting)
    assert planned.status_code == 201
    assert send(sam, "post", next_meeting).json()["id"] == planned.json()["id"]  # 200, the same
    first = lena.get(next_meeting).json()
    assert first == planned.json()
    assert first["question"] == "What else can I do to make you even more successful?"
    assert first["status"] == "planned"
    meeting = f"/api/v1/meetings/{first['id']}"

    # Sam answers the question before the meeting; Lena turns it into her own actions.
    answered = send(sam, "put", meeting + "/answer", text="More time with a solution engineer")
    assert answered.json()["answer"] == "More time with a solution engineer"
    assert messages(send(lena, "put", meeting + "/answer", text="Mine")) == {
        "payload": ["The answer is the seller's to write."]
    }
    assert messages(send(sam, "post", meeting + "/answer/actions", texts=["Lena does x"])) == {
        "texts": ["The leader turns the answer into their own actions."]
    }
    actions = send(lena, "post", meeting + "/answer/actions", texts=["Book SE time for Sam"])
    assert actions.status_code == 201
    assert actions.json()[0]["owner"]["name"] == "Lena Hart"
    assert actions.json()[0]["from_question"] is True

    # Two points; one is discussed. Shared notes both read.
    territory = send(sam, "post", meeting + "/points", text="My territory split")
    forecast = send(lena, "post", meeting + "/points", text="The Q3 forecast")
    assert territory.status_code == forecast.status_code == 201
    ticked = send(lena, "post", meeting + f"/points/{forecast.json()['id']}/discussed")
    assert ticked.json()["discussed_in_id"] == first["id"]
    send(lena, "put", meeting + "/shared-notes", text="Agreed to revisit the territory")
    assert sam.get(meeting).json()["shared_notes"] == "Agreed to revisit the territory"
    held = send(lena, "post", meeting + "/held", held=True)
    assert held.json()["status"] == "held" and held.json()["held_at"]

    # Next week: the territory point and Lena's action are carried over.
    second = sam.get(f"/api/v1/one-on-ones/{series}/next-meeting").json()
    assert second["id"] != first["id"] and second["status"] == "planned"
    agenda = second["agenda"]
    assert [p["text"] for p in agenda["carried_over"]] == ["My territory split"]
    assert agenda["new_points"] == [] and agenda["discussed"] == []
    assert [a["text"] for a in agenda["open_actions"]] == ["Book SE time for Sam"]

    # Done in the second meeting, it shows there as done and no longer open.
    done = send(
        lena, "post", f"/api/v1/meetings/{second['id']}/actions/{actions.json()[0]['id']}/done"
    )
    assert done.json()["done_in_id"] == second["id"]
    again = lena.get(f"/api/v1/meetings/{second['id']}").json()["agenda"]
    assert again["open_actions"] == []
    assert [a["text"] for a in again["done_actions"]] == ["Book SE time for Sam"]

    history = lena.get(f"/api/v1/one-on-ones/{series}/meetings").json()
    assert [m["status"] for m in history["items"]] == ["planned", "held"]


def test_a_leader_starts_1on1s_only_with_direct_reports(personas):
    lena = personas.api("leader")
    refused = send(lena, "post", "/api/v1/one-on-ones/", report_id=personas.other_seller.pk)
    assert messages(refused) == {"report_id": ["Omar Reyes is not a direct report of Lena Hart."]}
    # The director leads Lena, not Sam.
    director = personas.api("director")
    refused = send(director, "post", "/api/v1/one-on-ones/", report_id=personas.seller.pk)
    assert "report_id" in messages(refused)
    assert messages(send(lena, "post", "/api/v1/one-on-ones/", report_id=99_999)) == {
        "report_id": ["No such person."]
    }
    assert "weekday" in messages(
        send(lena, "post", "/api/v1/one-on-ones/", report_id=personas.seller.pk, weekday=6)
    )


def test_the_agenda_lists_the_sellers_open_assignments_and_those_to_evaluate(coaching, personas):
    lena = personas.api("leader")
    agenda = lena.get(f"/api/v1/meetings/{coaching.meeting.pk}").json()["agenda"]
    # The assignment already evaluated is on neither list; the open one is not due yet.
    assert agenda["items_to_evaluate"] == []
    assert [a["title"] for a in agenda["open_assignments"]] == ["Write a discovery guide"]
    assert agenda["open_assignments"][0]["item_title"] == "Discovery calls run short"
    coaching.assignment.due_on = coaching.meeting.scheduled_on
    coaching.assignment.save()
    agenda = lena.get(f"/api/v1/meetings/{coaching.meeting.pk}").json()["agenda"]
    assert [a["title"] for a in agenda["items_to_evaluate"]] == ["Write a discovery guide"]


def test_a_point_or_action_of_another_1on1_is_refused_as_the_pages_refuse_it(coaching, personas):
    lena, sofia = personas.api("leader"), personas.api("seller2")
    series = send(lena, "post", "/api/v1/one-on-ones/", report_id=personas.seller2.pk).json()
    other = send(lena, "post", f"/api/v1/one-on-ones/{series['id']}/next-meeting").json()
    point = coaching.meeting.points_raised.get()
    action = coaching.meeting.actions_raised.get()
    base = f"/api/v1/meetings/{other['id']}"
    # Lena is in both 1:1s: she is told why; Sofia is not in Sam's, so finds nothing.
    ticked = send(lena, "post", base + f"/points/{point.pk}/discussed")
    assert messages(ticked) == {"payload": ["That point belongs to another 1:1."]}
    done = send(lena, "post", base + f"/actions/{action.pk}/done")
    assert messages(done) == {"payload": ["That action belongs to another 1:1."]}
    assert send(sofia, "post", base + f"/points/{point.pk}/discussed").status_code == 404
    assert send(sofia, "post", base + f"/actions/{action.pk}/done").status_code == 404
    point.refresh_from_db()
    action.refresh_from_db()
    assert point.discussed_in is None and action.done_on is None
