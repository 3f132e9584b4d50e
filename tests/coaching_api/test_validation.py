"""Bad input answers 422 with a message per field, named as the caller sent it, and changes
nothing."""

import pytest

from leadwell.coaching.models import Assignment, CoachingItem, PersonalGoal

from .conftest import PERIOD, messages

pytestmark = pytest.mark.django_db


def send(client, url: str, method: str = "post", **payload):
    return getattr(client, method)(url, payload, content_type="application/json")


def test_a_goal_needs_a_title_and_a_known_area(personas):
    sam = personas.api("seller")
    url = f"/api/v1/people/{personas.seller.pk}/goals"
    assert messages(send(sam, url, area="fame", title="  ", horizon="soon")) == {
        "area": ["Choose career, income, skills or life."],
        "title": ["Enter the goal."],
        "horizon": ["Choose a horizon."],
    }
    # A missing field is refused by the schema itself, naming the field.
    assert "title" in messages(send(sam, url, area="life"))
    assert not PersonalGoal.objects.exists()


def test_opening_an_item_needs_a_known_metric_and_period_or_a_title(results):
    lena = results.api("leader")
    url = f"/api/v1/people/{results.seller.pk}/coaching-items"
    assert messages(send(lena, url, title=" ")) == {"title": ["Enter what the coaching is about."]}
    assert list(messages(send(lena, url, metric="bookings", period="Q5 2025"))) == ["period"]
    assert messages(send(lena, url, metric="bookings")) == {
        "period": ["Say which period the gap was found in."]
    }
    assert list(messages(send(lena, url, metric="charm", period=PERIOD))) == ["metric"]
    assert not CoachingItem.objects.exists()


def test_a_diagnosis_takes_only_known_skills_and_the_sellers_own_goals(coaching, personas):
    lena = personas.api("leader")
    url = f"/api/v1/coaching-items/{coaching.item.pk}/diagnosis"
    assert messages(send(lena, url, skill_ids=[99_999])) == {
        "skill_ids": ["No skill with id 99999 in the skills library."]
    }
    sofias = PersonalGoal.objects.create(person=personas.seller2, area="life", title="Travel")
    assert messages(send(lena, url, goal_id=sofias.pk)) == {
        "goal_id": ["Link a goal of the seller this item is about."]
    }


def test_an_assignment_is_owned_by_the_seller_or_the_line_and_due_after_it_starts(
    coaching, personas
):
    lena = personas.api("leader")
    url = f"/api/v1/coaching-items/{coaching.item.pk}/assignments"
    before = Assignment.objects.count()
    assert messages(send(lena, url, title="x", owner_id=personas.other_leader.pk)) == {
        "owner_id": ["The owner must be the seller or someone in the seller's management line."]
    }
    assert messages(send(lena, url, title="x", owner_id=personas.seller2.pk)) == {
        "owner_id": ["The owner must be the seller or someone in the seller's management line."]
    }
    assert messages(send(lena, url, template_id=99_999)) == {
        "template_id": ["No such assignment in the assignment library."]
    }
    assert list(messages(send(lena, url, title="x", skill_id=99_999))) == ["skill_id"]
    assert messages(
        send(
            lena,
            url,
            title="  ",
            started_on="2025-05-01",
            due_on="2025-04-01",
            leader_rating_before=9,
        )
    ) == {
        "title": ["Enter the assignment."],
        "due_on": ["The due date must be after the start."],
        "leader_rating_before": ["Rate from 1 (weak) to 5 (strong)."],
    }
    assert Assignment.objects.count() == before


def test_ratings_and_evaluations_are_checked(coaching, personas):
    lena, sam = personas.api("leader"), personas.api("seller")
    url = f"/api/v1/assignments/{coaching.assignment.pk}"
    assert messages(send(sam, url + "/ratings", before=0, after=6)) == {
        "before": ["Rate from 1 (weak) to 5 (strong)."],
        "after": ["Rate from 1 (weak) to 5 (strong)."],
    }
    assert messages(send(lena, url + "/evaluation", was_done=True, outcome="great")) == {
        "outcome": ["Choose gap closed, continue or new root cause."]
    }
    assert "was_done" in messages(send(lena, url + "/evaluation", outcome="continue"))
    # An assignment is evaluated once; done once.
    evaluated = f"/api/v1/assignments/{coaching.evaluated.pk}"
    assert messages(send(lena, evaluated + "/evaluation", was_done=True, outcome="closed")) == {
        "payload": ["This assignment has been evaluated."]
    }
    assert messages(send(sam, evaluated + "/done", note="again")) == {
        "payload": ["This assignment is not open."]
    }


def test_plans_need_a_known_readiness_and_reviews_their_progress(coaching, personas):
    lena = personas.api("leader")
    sam = personas.seller.pk
    assert messages(send(lena, f"/api/v1/people/{sam}/plan", "put", readiness="soon")) == {
        "readiness": ["Choose a readiness."]
    }
    assert messages(
        send(lena, f"/api/v1/people/{sam}/plan/reviews", progress=" ", reviewed_on="2999-01-01")
    ) == {
        "progress": ["Write the progress made since the last review."],
        "reviewed_on": ["A review cannot be dated in the future."],
    }
    assert messages(send(lena, f"/api/v1/people/{sam}/plan/comments", text="")) == {
        "text": ["Enter a comment."]
    }


def test_a_1on1_needs_text_and_an_owner_who_takes_part(coaching, personas):
    lena = personas.api("leader")
    meeting = f"/api/v1/meetings/{coaching.meeting.pk}"
    assert messages(send(lena, meeting + "/points", text=" ")) == {
        "text": ["Enter a talking point."]
    }
    assert messages(send(lena, meeting + "/actions", text="x", owner_id=personas.director.pk)) == {
        "owner_id": ["An action is owned by one of the two people."]
    }
    assert messages(send(lena, meeting + "/answer/actions", texts=[" "])) == {
        "texts": ["Write at least one action from the answer."]
    }
