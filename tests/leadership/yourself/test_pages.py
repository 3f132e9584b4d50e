"""Leading yourself, the pages: a leader writes their page, an aspiration and its actions;
their director reads it and gives feedback, which the leader then sees with its author and
day. A refused form keeps what was typed and says why beside the field."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.coaching.models import PersonalGoal
from leadwell.leadership.yourself import services
from leadwell.leadership.yourself.models import AspirationAction, AspirationFeedback, OwnPage
from leadwell.lib import dates

from ...conftest import text_of
from .conftest import SECRET, in_a_year

pytestmark = pytest.mark.django_db

MINE = "/leadership/yourself/"


def test_a_leader_writes_their_purpose_strengths_and_asks(personas):
    client = personas.client("leader")
    empty = client.get(MINE)
    assert empty.status_code == 200
    assert "Nothing written yet" in empty.content.decode()
    saved = client.post(
        MINE,
        {
            "why": "People grow here",
            "motivation": "Winning as a team",
            "energy": "Customers",
            "impact": "Leaders grown",
            "strengths": "Discovery",
            "asks_of_manager": "A stretch project",
        },
    )
    assert saved.status_code == 302
    page = client.get(MINE).content.decode()
    for words in ("People grow here", "Winning as a team", "Discovery", "A stretch project"):
        assert words in page
    assert OwnPage.objects.get(person=personas.leader).impact == "Leaders grown"


def test_a_leader_writes_a_three_year_aspiration_then_an_action_with_its_day(personas):
    client = personas.client("leader")
    added = client.post(
        reverse("leadership:yourself_aspiration_add"),
        {"horizon": "three_years", "title": "Lead a region", "detail": ""},
    )
    goal = PersonalGoal.objects.get(person=personas.leader)
    assert added.status_code == 302 and added["Location"].endswith(f"/aspirations/{goal.pk}/")
    due = in_a_year()
    action = client.post(
        reverse("leadership:yourself_action_add", args=[goal.pk]),
        {"text": "Finish the leadership course", "due_on": due.isoformat()},
    )
    assert action.status_code == 302
    page = text_of(client.get(MINE).content.decode())
    assert "In three years" in page and "Lead a region" in page
    assert "Finish the leadership course" in page and f"due {dates.day(due)}" in page
    done = client.post(
        reverse("leadership:yourself_action_done", args=[AspirationAction.objects.get().pk])
    )
    assert done.status_code == 302
    assert AspirationAction.objects.get().done_on == timezone.localdate()


def test_a_refused_aspiration_or_action_says_why_beside_the_field_and_keeps_the_words(personas):
    client = personas.client("leader")
    refused = client.post(
        reverse("leadership:yourself_aspiration_add"),
        {"horizon": "three_years", "title": "", "detail": "Kept words"},
    )
    assert refused.status_code == 422
    body = refused.content.decode()
    assert 'id="id_title_error"' in body and "Kept words" in body
    goal = services.aspiration_save(
        person=personas.leader, by=personas.leader, horizon="year", title="Senior"
    )
    no_day = client.post(
        reverse("leadership:yourself_action_add", args=[goal.pk]), {"text": "Course"}
    )
    assert no_day.status_code == 422
    assert 'id="id_due_on_error"' in no_day.content.decode()
    assert 'value="Course"' in no_day.content.decode()


def test_the_director_reads_the_leaders_page_gives_feedback_and_the_leader_sees_it(
    personas, lenas_page
):
    _, goal, _, _ = lenas_page
    dana = personas.client("director")
    address = reverse("leadership:yourself_person", args=[personas.leader.pk])
    page = dana.get(address)
    assert page.status_code == 200
    assert f"{SECRET} lead a region" in page.content.decode()
    given = dana.post(
        reverse("leadership:yourself_feedback", args=[personas.leader.pk]),
        {"goal": str(goal.pk), "text": "Take the Denver opening next spring"},
    )
    assert given.status_code == 302
    mine = text_of(personas.client("leader").get(MINE).content.decode())
    assert "Take the Denver opening next spring" in mine
    assert "Dana Whitfield" in mine and dates.day(timezone.localdate()) in mine
    # The leader's own page is the one at /leadership/yourself/, not a second address.
    own = personas.client("leader").get(address)
    assert own.status_code == 302 and own["Location"] == MINE


def test_empty_feedback_is_refused_beside_the_field(personas):
    refused = personas.client("director").post(
        reverse("leadership:yourself_feedback", args=[personas.leader.pk]), {"text": " "}
    )
    assert refused.status_code == 422
    assert 'id="id_text_error"' in refused.content.decode()
    assert not AspirationFeedback.objects.exists()


def test_a_manager_lists_the_people_they_lead_with_overdue_feedback_flagged(personas):
    sam = personas.seller
    goal = services.aspiration_save(person=sam, by=sam, horizon="year", title="Senior AE")
    PersonalGoal.objects.filter(pk=goal.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=75)
    )
    # A career goal alone asks for no feedback: the cadence starts with Sam's page.
    assert "feedback overdue" not in personas.client("leader").get(MINE).content.decode()
    services.own_page_write(person=sam, by=sam, why="Customers")
    OwnPage.objects.filter(person=sam).update(
        created_at=timezone.now() - datetime.timedelta(days=75)
    )
    lena = personas.client("leader").get(MINE).content.decode()
    assert "The people you lead" in lena and "feedback overdue" in lena
    assert reverse("leadership:yourself_person", args=[sam.pk]) in lena
    sams = personas.client("seller").get(MINE).content.decode()
    assert "No feedback from your manager on your aspirations for" in sams
    assert "The people you lead" not in sams


def test_a_sellers_page_starts_from_the_personal_goals_they_already_have(personas):
    from leadwell.coaching import services as coaching

    sam = personas.seller
    coaching.goal_save(person=sam, area="career", horizon="three_years", title="Team lead")
    coaching.goal_save(person=sam, area="income", horizon="year", title="Buy a flat")
    page = text_of(personas.client("seller").get(MINE).content.decode())
    assert "In three years" in page and "Team lead" in page
    assert "Other personal goals" in page and "Buy a flat" in page
