"""Who may read and write each coaching object through the API: the seller and their management
line for goals, coaching items, assignments, evaluations and plans; the two people of a 1:1 for
its series and meetings; the author alone for a private note. Everyone else gets 404."""

import pytest

from leadwell.coaching.models import (
    ActionItem,
    Assignment,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    PersonalGoal,
    PlanAction,
    PlanComment,
    PlanReview,
    PrivateNote,
    TalkingPoint,
)
from tests.conftest import PERSONA_KEYS

from .conftest import (
    NOT_IN_THE_ONE_ON_ONE,
    NOT_SAMS_LINE,
    SAMS_LINE,
    SAMS_ONE_ON_ONE,
)

pytestmark = pytest.mark.django_db


def _reads(c, sam: int) -> dict[str, str]:
    """Every read about Sam's coaching, by the object kind it shows."""
    return {
        "goals": f"/api/v1/people/{sam}/goals",
        "coaching items": f"/api/v1/people/{sam}/coaching-items",
        "coaching item": f"/api/v1/coaching-items/{c.item.pk}",
        "assignment": f"/api/v1/assignments/{c.assignment.pk}",
        "evaluated assignment": f"/api/v1/assignments/{c.evaluated.pk}",
        "plan": f"/api/v1/people/{sam}/plan",
    }


def test_sams_coaching_is_read_by_sam_and_his_line_and_by_nobody_else(coaching, personas):
    sam = personas.seller.pk
    for viewer in PERSONA_KEYS:
        client = personas.api(viewer)
        for kind, url in _reads(coaching, sam).items():
            response = client.get(url)
            if viewer in SAMS_LINE:
                assert response.status_code == 200, (viewer, kind, response.content)
            else:
                assert viewer in NOT_SAMS_LINE
                assert response.status_code == 404, (viewer, kind)
                assert "Become a team lead" not in response.content.decode()


def test_what_each_read_carries_is_there_for_those_who_may_read_it(coaching, personas):
    c, sam = coaching, personas.seller.pk
    for viewer in sorted(SAMS_LINE):
        client = personas.api(viewer)
        goals = client.get(f"/api/v1/people/{sam}/goals").json()
        assert [g["title"] for g in goals["items"]] == ["Become a team lead"]
        item = client.get(f"/api/v1/coaching-items/{c.item.pk}").json()
        assert item["goal"] == {"id": c.goal.pk, "title": "Become a team lead"}
        assert [e["outcome"] for e in item["evaluations"]] == ["continue"]
        evaluated = client.get(f"/api/v1/assignments/{c.evaluated.pk}").json()
        assert evaluated["evaluation"]["note"] == "Keep going"
        plan = client.get(f"/api/v1/people/{sam}/plan").json()
        assert [r["progress"] for r in plan["reviews"]] == ["Good first month"]
        assert [m["text"] for m in plan["comments"]] == ["I'd like a mentor too"]
        assert [a["text"] for a in plan["actions"]] == ["Attend the discovery workshop"]


def test_a_one_on_one_is_read_by_its_two_people_only_not_the_director(coaching, personas):
    c = coaching
    reads = {
        "series": f"/api/v1/one-on-ones/{c.series.pk}",
        "meetings": f"/api/v1/one-on-ones/{c.series.pk}/meetings",
        "next meeting": f"/api/v1/one-on-ones/{c.series.pk}/next-meeting",
        "meeting": f"/api/v1/meetings/{c.meeting.pk}",
    }
    for viewer in PERSONA_KEYS:
        client = personas.api(viewer)
        listed = client.get("/api/v1/one-on-ones/").json()["items"]
        for kind, url in reads.items():
            response = client.get(url)
            if viewer in SAMS_ONE_ON_ONE:
                assert response.status_code == 200, (viewer, kind, response.content)
                assert [s["id"] for s in listed] == [c.series.pk]
            else:
                assert viewer in NOT_IN_THE_ONE_ON_ONE
                assert response.status_code == 404, (viewer, kind)
                assert listed == []


def test_a_private_note_is_only_ever_in_its_authors_meeting_json(coaching, personas):
    url = f"/api/v1/meetings/{coaching.meeting.pk}"
    lena = personas.api("leader").get(url)
    sam = personas.api("seller").get(url)
    assert lena.json()["private_note"]["text"] == "Lena's own thought on Sam"
    assert sam.json()["private_note"]["text"] == "Sam's own thought on Lena"
    assert "Sam's own thought" not in lena.content.decode()
    assert "Lena's own thought" not in sam.content.decode()
    # Writing one's own note answers with it, and still not with the other's.
    written = personas.api("seller").put(
        url + "/private-note", {"text": "Ask about the promotion"}, content_type="application/json"
    )
    assert written.json()["private_note"]["text"] == "Ask about the promotion"
    assert "Lena's own thought" not in written.content.decode()
    assert "Ask about the promotion" not in personas.api("leader").get(url).content.decode()


def written() -> tuple:
    """Everything a coaching or 1:1 write could change."""
    return (
        list(CoachingItem.objects.values()),
        list(CoachingEvent.objects.values_list("kind", "text")),
        list(Assignment.objects.values()),
        list(Evaluation.objects.values()),
        list(PersonalGoal.objects.values()),
        list(DevelopmentPlan.objects.values()),
        list(PlanAction.objects.values()),
        list(PlanReview.objects.values()),
        list(PlanComment.objects.values()),
        list(Meeting.objects.values()),
        list(TalkingPoint.objects.values()),
        list(ActionItem.objects.values()),
        list(PrivateNote.objects.values()),
    )


def _post(client, url: str, payload: dict, method: str = "post"):
    return getattr(client, method)(url, payload, content_type="application/json")


def test_writes_about_sams_coaching_are_refused_as_not_found_outside_his_line(coaching, personas):
    c, sam = coaching, personas.seller.pk
    writes = [
        (f"/api/v1/people/{sam}/coaching-items", {"title": "Peer meddling"}, "post"),
        (f"/api/v1/coaching-items/{c.item.pk}/diagnosis", {"evidence": "x"}, "post"),
        (f"/api/v1/coaching-items/{c.item.pk}/notes", {"text": "x"}, "post"),
        (f"/api/v1/coaching-items/{c.item.pk}/assignments", {"title": "x"}, "post"),
        (f"/api/v1/assignments/{c.assignment.pk}/done", {"note": "x"}, "post"),
        (f"/api/v1/assignments/{c.assignment.pk}/ratings", {"before": 2}, "post"),
        (
            f"/api/v1/assignments/{c.assignment.pk}/evaluation",
            {"was_done": True, "outcome": "continue"},
            "post",
        ),
        (f"/api/v1/people/{sam}/plan", {"strengths": "x"}, "put"),
        (f"/api/v1/people/{sam}/plan/actions", {"text": "x"}, "post"),
        (f"/api/v1/plan-actions/{c.plan_action.pk}/done", {}, "post"),
        (f"/api/v1/people/{sam}/plan/reviews", {"progress": "x"}, "post"),
        (f"/api/v1/people/{sam}/plan/comments", {"text": "x"}, "post"),
        (f"/api/v1/goals/{c.goal.pk}", {"status": "dropped"}, "patch"),
    ]
    before = written()
    for viewer in sorted(NOT_SAMS_LINE):
        client = personas.api(viewer)
        for url, payload, method in writes:
            assert _post(client, url, payload, method).status_code == 404, (viewer, url)
    assert written() == before
    c.item.refresh_from_db()
    assert c.item.evidence == "Few questions about the cost of the problem"
    assert c.goal.__class__.objects.get(pk=c.goal.pk).status == "active"


def test_the_line_manages_the_loop_and_the_plan_while_sam_writes_his_own_side(coaching, personas):
    c, sam = coaching, personas.seller.pk
    # Only Sam writes his goals; his line reads them.
    before = written()
    for viewer in ["leader", "director"]:
        client = personas.api(viewer)
        assert (
            _post(client, f"/api/v1/people/{sam}/goals", {"area": "life", "title": "x"}).status_code
            == 404
        )
        assert (
            _post(client, f"/api/v1/goals/{c.goal.pk}", {"status": "dropped"}, "patch").status_code
            == 404
        )
    # Sam does not open items, agree assignments, evaluate, or write his plan...
    client = personas.api("seller")
    for url, payload, method in [
        (f"/api/v1/people/{sam}/coaching-items", {"title": "Self-made item"}, "post"),
        (f"/api/v1/coaching-items/{c.item.pk}/assignments", {"title": "x"}, "post"),
        (
            f"/api/v1/assignments/{c.assignment.pk}/evaluation",
            {"was_done": True, "outcome": "closed"},
            "post",
        ),
        (f"/api/v1/people/{sam}/plan", {"strengths": "Everything"}, "put"),
        (f"/api/v1/people/{sam}/plan/reviews", {"progress": "x"}, "post"),
        (f"/api/v1/plan-actions/{c.plan_action.pk}/done", {}, "post"),
    ]:
        assert _post(client, url, payload, method).status_code == 404, url
    assert written() == before
    # ... but he writes the diagnosis with Lena, notes, his assignment's completion and his
    # comments on the plan.
    assert (
        _post(
            client, f"/api/v1/coaching-items/{c.item.pk}/diagnosis", {"seller_view": "Mine"}
        ).status_code
        == 200
    )
    assert (
        _post(client, f"/api/v1/coaching-items/{c.item.pk}/notes", {"text": "Tried it"}).status_code
        == 201
    )
    assert (
        _post(
            client, f"/api/v1/assignments/{c.assignment.pk}/done", {"note": "Written"}
        ).status_code
        == 200
    )
    assert (
        _post(client, f"/api/v1/people/{sam}/plan/comments", {"text": "Thanks"}).status_code == 201
    )
    c.item.refresh_from_db()
    c.assignment.refresh_from_db()
    assert c.item.seller_view == "Mine"
    assert c.item.events.filter(kind="note", text="Tried it", by=personas.seller).exists()
    assert (c.assignment.status, c.assignment.done_note) == ("done", "Written")
    assert c.plan.comments.filter(author=personas.seller, text="Thanks").exists()
    # The director, in Sam's line, may manage his coaching too.
    director = personas.api("director")
    assert (
        _post(director, f"/api/v1/people/{sam}/plan/reviews", {"progress": "Seen"}).status_code
        == 201
    )
    assert c.plan.reviews.filter(by=personas.director, progress="Seen").exists()


def test_the_director_cannot_write_in_a_one_on_one_he_is_not_part_of(coaching, personas):
    meeting = f"/api/v1/meetings/{coaching.meeting.pk}"
    before = written()
    for viewer in sorted(NOT_IN_THE_ONE_ON_ONE):
        client = personas.api(viewer)
        for url, payload, method in [
            (f"/api/v1/one-on-ones/{coaching.series.pk}/next-meeting", {}, "post"),
            (meeting + "/points", {"text": "x"}, "post"),
            (meeting + "/actions", {"text": "x"}, "post"),
            (meeting + "/shared-notes", {"text": "x"}, "put"),
            (meeting + "/private-note", {"text": "x"}, "put"),
            (meeting + "/answer", {"text": "x"}, "put"),
            (meeting + "/answer/actions", {"texts": ["x"]}, "post"),
            (meeting + "/held", {"held": True}, "post"),
        ]:
            assert _post(client, url, payload, method).status_code == 404, (viewer, url)
    assert written() == before


def test_the_libraries_are_for_everyone(coaching, personas):
    for viewer in PERSONA_KEYS:
        client = personas.api(viewer)
        skills = client.get("/api/v1/skills/")
        templates = client.get("/api/v1/assignment-templates/")
        assert skills.status_code == templates.status_code == 200, viewer
        assert "Discovery" in [s["name"] for s in skills.json()]
        assert templates.json() and all(t["skill_ids"] for t in templates.json())
