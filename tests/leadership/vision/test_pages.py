"""The vision pages: the leader writes, adds goals, publishes and changes a goal with its
reason; refused input comes back beside its field; the team page and the standards page show
the goals (through the metrics app's signals); the director reads each leader's."""

import datetime

import pytest
from django.urls import reverse

from leadwell.leadership.vision import services
from leadwell.leadership.vision.models import GoalVersion
from leadwell.metrics.services import target_set

from ...conftest import field_beside_message, text_of
from .conftest import ANSWERS, write

pytestmark = pytest.mark.django_db


def test_the_leader_writes_adds_goals_and_publishes_from_the_page(personas):
    client = personas.client("leader")
    assert client.post(reverse("leadership:vision_save"), ANSWERS).status_code == 302
    for title in ("Twelve new customers", "Win one in three", "Referrals from every customer"):
        answer = client.post(
            reverse("leadership:vision_goal_add"),
            {
                "title": title,
                "metric": "new_accounts" if "Twelve" in title else "",
                "target": "12" if "Twelve" in title else "",
                "starts_on": "2025-01-01",
                "target_date": "2025-12-31",
            },
        )
        assert answer.status_code == 302, answer.content.decode()
    assert client.post(reverse("leadership:vision_publish")).status_code == 302
    page = text_of(client.get(reverse("leadership:vision_mine")).content.decode())
    assert "published" in page and "Twelve new customers" in page
    assert "Measured by New customers: target 12" in page


def test_publishing_with_two_goals_says_why(personas):
    from .conftest import GOALS

    write(personas.leader, goals=GOALS[:2])
    answer = personas.client("leader").post(reverse("leadership:vision_publish"))
    assert answer.status_code == 422
    assert "Set 3 to 5 high-level goals before publishing (you have 2)." in answer.content.decode()


def test_a_goal_change_without_its_reason_comes_back_beside_the_fields(personas, published):
    goal = published.goals.first()
    answer = personas.client("leader").post(
        reverse("leadership:vision_goal_edit", args=[goal.pk]),
        {
            "title": "Fifteen new customers",
            "metric": "new_accounts",
            "target": "15",
            "target_date": "2025-12-31",
            "change_kind": "",
            "reason": "",
            "team_note": "",
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 422
    field_beside_message(page, "id_reason", "Give the reason", error_id="id_reason_error")
    field_beside_message(page, "id_team_note", "Tell the team", error_id="id_team_note_error")
    assert "Fifteen new customers" in page  # what was typed is kept
    assert GoalVersion.objects.filter(goal=goal).count() == 1


def test_the_team_page_shows_the_changed_goal_and_its_history_under_the_units_vision(
    personas, published
):
    write(personas.director, publish=True)
    goal = published.goals.first()
    answer = personas.client("leader").post(
        reverse("leadership:vision_goal_edit", args=[goal.pk]),
        {
            "title": "Fifteen new customers",
            "metric": "new_accounts",
            "target": "15",
            "target_date": "2025-12-31",
            "change_kind": "market",
            "reason": "A competitor left the region",
            "team_note": "More doors, same approach",
        },
    )
    assert answer.status_code == 302
    html = personas.client("seller").get(reverse("metrics:team", args=[personas.boston.pk]))
    page = text_of(html.content.decode())
    assert "Business unit vision · Dana Whitfield" in page
    assert page.index("Business unit vision") < page.index("Lena Hart's vision")
    assert "Fifteen new customers" in page and "History: 2 versions" in page
    assert "Twelve new mid-market customers this year" in page  # version 1, in the history
    assert "More doors, same approach" in page
    # The other team's seller sees neither on their own team page.
    other = personas.client("other_seller").get(reverse("metrics:team", args=[personas.denver.pk]))
    assert "Lena Hart's vision" not in other.content.decode()


def test_the_standards_page_says_which_goal_each_standard_serves(personas, published):
    target_set(
        team=personas.boston,
        metric="win_rate",
        value=0.3,
        valid_from=datetime.date(2025, 1, 1),
        set_by=personas.leader,
    )
    target_set(
        team=personas.boston,
        metric="calls_per_week",
        value=20,
        valid_from=datetime.date(2025, 1, 1),
        set_by=personas.leader,
    )
    page = (
        personas.client("seller")
        .get(reverse("metrics:team_standards", args=[personas.boston.pk]))
        .content.decode()
    )
    assert "serves: Win one in three deals we decide" in page
    assert page.count("serves:") == 1
    services.goal_serving_set(
        goal=published.goals.last(), by=personas.leader, metrics=["calls_per_week"]
    )
    page = (
        personas.client("leader")
        .get(reverse("metrics:team_standards", args=[personas.boston.pk]))
        .content.decode()
    )
    assert "serves: Be the team customers recommend" in page


def test_the_director_reads_each_leaders_vision_and_their_own_above(personas, published):
    write(personas.director, publish=True)
    page = text_of(
        personas.client("director").get(reverse("leadership:vision_leaders")).content.decode()
    )
    assert "Lena Hart's vision" in page
    assert "Owen Clarke has not published a vision yet." in page
    detail = personas.client("director").get(
        reverse("leadership:vision_detail", args=[published.pk])
    )
    assert detail.status_code == 200


def test_a_draft_goal_is_removed_only_after_confirming(personas):
    vision = write(personas.leader)
    goal = vision.goals.first()
    client = personas.client("leader")
    ask = client.get(reverse("leadership:vision_goal_remove", args=[goal.pk]))
    assert "cannot be undone" in ask.content.decode()
    assert vision.goals.count() == 3
    client.post(reverse("leadership:vision_goal_remove", args=[goal.pk]))
    assert vision.goals.count() == 2


def test_a_seller_reads_the_team_view_and_leading_no_team_writes_nothing(personas, published):
    client = personas.client("seller")
    page = text_of(client.get(reverse("leadership:vision_mine")).content.decode())
    assert "Boston Enterprise: vision and goals" in page
    assert "Your vision" not in page
    team = client.get(reverse("leadership:vision_team", args=[personas.boston.pk]))
    assert "Twelve new mid-market customers this year" in team.content.decode()
    assert client.post(reverse("leadership:vision_save"), ANSWERS).status_code == 422
