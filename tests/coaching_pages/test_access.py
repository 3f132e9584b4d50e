"""Who may open each coaching page and post each coaching form: the seller and their management
line, never a peer, another team, or an administrator as such. Refused is 404 and changes
nothing."""

import pytest
from django.urls import reverse

from leadwell.coaching.models import (
    Assignment,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    PersonalGoal,
    PlanAction,
    PlanComment,
    PlanReview,
)
from tests.conftest import PERSONA_KEYS

pytestmark = pytest.mark.django_db

SELLER_AND_LINE = {"seller", "leader", "director"}
LINE = {"leader", "director"}
SELLER = {"seller"}


def snapshot() -> tuple:
    """Everything a coaching form could change."""
    return (
        list(CoachingItem.objects.values()),
        list(CoachingEvent.objects.values_list("kind", "text")),
        list(Assignment.objects.values()),
        Evaluation.objects.count(),
        list(PersonalGoal.objects.values()),
        list(DevelopmentPlan.objects.values()),
        list(PlanAction.objects.values()),
        PlanReview.objects.count(),
        PlanComment.objects.count(),
    )


PAGES = {
    "the seller's coaching": lambda p: reverse("coaching:person", args=[p.seller.pk]),
    "a coaching item": lambda p: reverse("coaching:item", args=[p.item.pk]),
    "the seller's goals": lambda p: reverse("coaching:goals", args=[p.seller.pk]),
    "the seller's development plan": lambda p: reverse("coaching:plan", args=[p.seller.pk]),
}


@pytest.mark.parametrize("page", PAGES)
def test_coaching_pages_open_for_the_seller_and_their_line_only(loop, page):
    url = PAGES[page](loop)
    for viewer in PERSONA_KEYS:
        response = loop.client(viewer).get(url)
        expected = 200 if viewer in SELLER_AND_LINE else 404
        assert response.status_code == expected, (page, viewer)
        if expected == 404:
            html = response.content.decode()
            assert "Discovery calls without a plan" not in html
            assert "Lead a team within three years" not in html


def test_only_the_line_may_evaluate_and_edit_a_goal_only_the_seller(loop):
    evaluate = reverse("coaching:assignment_evaluate", args=[loop.assignment.pk])
    goal = reverse("coaching:goal", args=[loop.goal.pk])
    for viewer in PERSONA_KEYS:
        client = loop.client(viewer)
        assert client.get(evaluate).status_code == (200 if viewer in LINE else 404), viewer
        assert client.get(goal).status_code == (200 if viewer in SELLER else 404), viewer


def test_the_team_coaching_page_is_the_leaders_and_the_line_aboves(loop):
    url = reverse("coaching:team", args=[loop.boston.pk])
    for viewer in PERSONA_KEYS:
        expected = 200 if viewer in LINE else 404
        assert loop.client(viewer).get(url).status_code == expected, viewer


# (url, form, who may post it)
POSTS = {
    "open an item": (
        lambda p: reverse("coaching:item_open", args=[p.seller.pk]),
        {"title": "Proposals go out late"},
        LINE,
    ),
    "diagnose": (
        lambda p: reverse("coaching:item_diagnose", args=[p.item.pk]),
        {"evidence": "Two calls listened to", "seller_view": "I run out of time"},
        SELLER_AND_LINE,
    ),
    "add a note": (
        lambda p: reverse("coaching:item_note", args=[p.item.pk]),
        {"text": "Talked it through"},
        SELLER_AND_LINE,
    ),
    "agree an assignment": (
        lambda p: reverse("coaching:assignment_add", args=[p.item.pk]),
        {"title": "Write a call plan before each first meeting"},
        LINE,
    ),
    "mark done": (
        lambda p: reverse("coaching:assignment_complete", args=[p.assignment.pk]),
        {"note": "Shadowed three calls"},
        SELLER_AND_LINE,
    ),
    "rate": (
        lambda p: reverse("coaching:assignment_rate", args=[p.assignment.pk]),
        {"before": "2"},
        SELLER_AND_LINE,
    ),
    "evaluate": (
        lambda p: reverse("coaching:assignment_evaluate", args=[p.assignment.pk]),
        {"was_done": "yes", "outcome": "continue"},
        LINE,
    ),
    "write a goal": (
        lambda p: reverse("coaching:goals", args=[p.seller.pk]),
        {"area": "income", "title": "Earn the accelerator", "horizon": "year"},
        SELLER,
    ),
    "change a goal": (
        lambda p: reverse("coaching:goal", args=[p.goal.pk]),
        {"area": "career", "title": "Lead a team", "horizon": "year", "status": "active"},
        SELLER,
    ),
    "write the plan": (
        lambda p: reverse("coaching:plan", args=[p.seller.pk]),
        {"strengths": "Tenacious", "readiness": "ready_now"},
        LINE,
    ),
    "add a plan action": (
        lambda p: reverse("coaching:plan_action_add", args=[p.seller.pk]),
        {"text": "Mentor the new hire"},
        LINE,
    ),
    "tick a plan action": (
        lambda p: reverse("coaching:plan_action_done", args=[p.action.pk]),
        {"done": "1"},
        LINE,
    ),
    "review the plan": (
        lambda p: reverse("coaching:plan_review_add", args=[p.seller.pk]),
        {"progress": "Ran the win-loss review"},
        LINE,
    ),
    "comment on the plan": (
        lambda p: reverse("coaching:plan_comment_add", args=[p.seller.pk]),
        {"text": "I would like to mentor too"},
        SELLER_AND_LINE,
    ),
}


@pytest.mark.parametrize("form", POSTS)
def test_coaching_forms_refuse_everyone_outside_the_loop_and_change_nothing(loop, form):
    url_for, data, allowed = POSTS[form]
    url = url_for(loop)
    before = snapshot()
    for viewer in PERSONA_KEYS:
        if viewer in allowed:
            continue
        assert loop.client(viewer).post(url, data).status_code == 404, (form, viewer)
    assert snapshot() == before, form


@pytest.mark.parametrize(
    ("form", "viewer"), [(form, viewer) for form in POSTS for viewer in sorted(POSTS[form][2])]
)
def test_coaching_forms_work_for_who_may_post_them(loop, form, viewer):
    url_for, data, _ = POSTS[form]
    before = snapshot()
    response = loop.client(viewer).post(url_for(loop), data)
    assert response.status_code == 302, (form, viewer, response.status_code)
    assert snapshot() != before, (form, viewer)
