"""Exporting a seller's coaching history: a standalone HTML document for the seller and their
management line, never for peers, the other team or an administrator, and never with a
private note in it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadwell.coaching import services
from leadwell.coaching.models import AssignmentTemplate, Skill
from leadwell.lib.periods import period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Target
from tests.conftest import deal

pytestmark = pytest.mark.django_db

GOAL = "Lead a team within three years"
SHADOW = "Shadow a top performer's discovery calls"
REVIEW = "Shadowed three calls and used the questions twice"
COMMENT = "I would like to shadow Sofia next"
SHARED = "Went through the two deals closing this month"
ACTION = "Send the revised proposal to Acme"
LEADERS_PRIVATE = "Lena's own thought: Sam seemed tired today"
SELLERS_PRIVATE = "Sam's own thought: ask about the territory change"


def _url(person, fmt: str = "html") -> str:
    return reverse("coaching:history", args=[person.pk, fmt])


def _last_month_start() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _open_item(personas, metric: str, period, number: int):
    """An item from a gap, diagnosed, assigned on the first of last month (so a whole month has
    passed and it is measured), done and evaluated today."""
    seller, leader = personas.seller, personas.leader
    item = services.item_open(person=seller, by=leader, metric=metric, period=period)
    services.item_diagnose(
        item=item,
        by=leader,
        skills=[Skill.objects.get(name="Discovery")],
        evidence=f"Evidence {number}: proposals after one meeting",
    )
    services.item_diagnose(item=item, by=seller, seller_view=f"My view {number}")
    assignment = services.assignment_add(
        item=item,
        by=leader,
        template=AssignmentTemplate.objects.get(title=SHADOW),
        started_on=_last_month_start(),
        leader_rating_before=2,
    )
    services.assignment_complete(assignment=assignment, by=seller, note=f"Done {number}")
    services.assignment_evaluate(
        assignment=assignment, by=leader, was_done=True, outcome="closed", leader_rating_after=4
    )
    return item


@pytest.fixture
def history(personas):
    """Sam's coaching history: two months ago he won one deal of four against a team win-rate
    standard of 80%, last month three of four. A win-rate item was opened from the gap two
    months ago, diagnosed, its assignment started on the first of last month, done and
    evaluated today, over last month against the month before: 25.0% -> 75.0%.
    A goal, a development plan with a review and a comment, and a 1:1 with shared notes, an
    action, and a private note each."""
    seller, leader = personas.seller, personas.leader
    last_month = _last_month_start()
    month_before = (last_month - datetime.timedelta(days=1)).replace(day=10)
    for outcome in ["won", "lost", "lost", "lost"]:
        deal(seller, outcome, 5_000, month_before)
    for outcome in ["won", "won", "won", "lost"]:
        deal(seller, outcome, 5_000, last_month)
    start = month_before.replace(day=1) - datetime.timedelta(days=90)
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.8, valid_from=start)
    recompute(today=timezone.localdate())

    services.goal_save(person=seller, area="career", title=GOAL, horizon="three_years")
    personas.item = _open_item(personas, "win_rate", period_of(month_before, "month"), 1)
    plan = services.plan_save(person=seller, strengths="Persistent", aspiration="Team lead")
    services.plan_review_add(plan=plan, by=leader, progress=REVIEW, next_steps="Shadow again")
    services.plan_comment_add(plan=plan, by=seller, text=COMMENT)

    series = services.series_start(leader=leader, report=seller)
    meeting = services.meeting_next(series=series)
    services.shared_notes_write(meeting=meeting, by=leader, text=SHARED)
    services.action_add(meeting=meeting, by=leader, text=ACTION, owner=seller)
    services.private_note_write(meeting=meeting, by=leader, text=LEADERS_PRIVATE)
    services.private_note_write(meeting=meeting, by=seller, text=SELLERS_PRIVATE)
    return personas


def _document(personas, key: str) -> str:
    response = personas.client(key).get(_url(personas.seller))
    assert response.status_code == 200
    return response.content.decode()


def test_a_seller_downloads_their_history_as_a_self_contained_html_attachment(history):
    response = history.client("seller").get(_url(history.seller))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="coaching-history-sam-ortiz-{today}.html"'
    )
    document = response.content.decode()
    assert document.startswith("<!doctype html>")
    # Nothing runs and nothing is fetched: inline styles only.
    assert not re.search(r"<script|<link|<img|<iframe|\bsrc=|@import|url\(", document, re.I)
    assert "<style>" in document


def test_the_history_holds_goals_items_assignments_evaluations_plan_and_one_on_ones(history):
    document = _document(history, "seller")

    assert GOAL in document
    assert history.item.title in document
    assert "Win rate" in document and "25.0%" in document and "80.0%" in document
    assert "Discovery" in document and "Evidence 1: proposals after one meeting" in document
    assert "My view 1" in document
    assert SHADOW.replace("'", "&#x27;") in document and "Done 1" in document
    assert "Leader: 2 → 4" in document
    assert "Gap closed" in document
    assert "measured before: <strong>25.0%</strong>" in document
    assert "after: <strong>75.0%</strong>" in document and "better" in document
    assert REVIEW in document and COMMENT in document and "Persistent" in document
    assert SHARED in document and ACTION in document
    assert "Private notes are not exported" in document


def test_the_leader_and_the_director_may_export_it_too(history):
    for key in ["leader", "director"]:
        document = _document(history, key)
        assert GOAL in document and history.item.title in document and REVIEW in document
    # A 1:1 belongs to its two people: the director's export leaves it out.
    assert SHARED in _document(history, "leader")
    director = _document(history, "director")
    assert SHARED not in director and ACTION not in director
    assert "No 1:1 you take part in." in director


@pytest.mark.parametrize("key", ["seller2", "other_seller", "other_leader", "admin"])
def test_peers_the_other_team_and_administrators_get_not_found(history, key):
    assert history.client(key).get(_url(history.seller)).status_code == 404


def test_private_notes_are_never_exported_not_even_to_their_author(history):
    for key in ["seller", "leader", "director"]:
        document = _document(history, key)
        assert LEADERS_PRIVATE not in document
        assert SELLERS_PRIVATE not in document


def test_text_written_with_markup_is_escaped(history):
    attack = "<script>alert('coach')</script>"
    item = services.item_open(person=history.seller, by=history.leader, title=attack)
    services.item_diagnose(item=item, by=history.seller, seller_view=attack)
    services.goal_save(person=history.seller, area="life", title="<b>Run</b> a marathon")

    document = _document(history, "seller")

    assert "<script" not in document and "<b>Run</b>" not in document
    assert "&lt;script&gt;alert(&#x27;coach&#x27;)&lt;/script&gt;" in document
    assert "&lt;b&gt;Run&lt;/b&gt; a marathon" in document


def test_only_html_is_exported(history):
    client = history.client("seller")
    assert client.get(_url(history.seller, "pdf")).status_code == 404
    assert client.get(reverse("coaching:history", args=[999_999, "html"])).status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_history(history):
    client = history.client("seller")
    url = _url(history.seller)
    before = _queries(client, url)

    # Four more items, each with a diagnosis, an evaluated assignment and its history; more
    # goals, plan reviews and 1:1 meetings with points and actions.
    last_month = period_of(
        timezone.localdate().replace(day=1) - datetime.timedelta(days=1), "month"
    )
    for number, metric in enumerate(["bookings", "deals_won", "activities_per_week"], 2):
        Target.objects.create(
            person=history.seller, metric=metric, value=1_000_000, valid_from=last_month.start
        )
        _open_item(history, metric, last_month, number)
    services.item_open(person=history.seller, by=history.leader, title="Handled by hand")
    for number in range(3):
        services.goal_save(person=history.seller, area="skills", title=f"Skill goal {number}")
        plan = history.seller.plan
        services.plan_review_add(plan=plan, by=history.leader, progress=f"Review {number}")
        services.plan_action_add(plan=plan, text=f"Plan action {number}")
    series = history.seller.series_attended.get()
    for number in range(3):
        meeting = services.meeting_next(series=series)
        services.point_add(meeting=meeting, by=history.seller, text=f"Point {number}")
        services.action_add(
            meeting=meeting, by=history.leader, text=f"Do {number}", owner=history.seller
        )
        services.meeting_hold(meeting=meeting, by=history.leader)

    assert _queries(client, url) == before
