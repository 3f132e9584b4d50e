"""The leadership hub: one menu item for vision, leading yourself and the pivot, each card
saying where the viewer stands."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.leadership.pivot import services as pivot
from leadwell.leadership.vision.models import Vision
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.org import services as org
from tests.conftest import text_of

pytestmark = pytest.mark.django_db


def hub(personas, key: str) -> str:
    response = personas.client(key).get(reverse("leadership:home"))
    assert response.status_code == 200
    return " ".join(text_of(response.content.decode()).split())


def test_a_leader_without_a_vision_is_asked_to_write_one_and_to_issue_the_quarters_challenge(
    personas,
):
    text = hub(personas, "leader")
    assert "Vision and goals Not written" in text
    assert "Write your vision" in text
    assert "Your team's challenge: Not issued" in text
    assert "Leading yourself Not started" in text


def test_a_leader_sees_a_draft_vision_as_theirs_alone(personas):
    Vision.objects.create(owner=personas.leader, value="We make renewals boring")
    text = hub(personas, "leader")
    assert "Vision and goals Draft · 0 goals" in text
    assert "Only you read it until you publish it." in text


def test_a_seller_reads_their_teams_vision_and_is_asked_to_answer_the_challenge(personas):
    quarter = period_of(timezone.localdate(), PeriodKind.QUARTER)
    pivot.challenge_issue(issuer=personas.leader, quarter=quarter)
    text = hub(personas, "seller")
    assert "Your team's vision" in text
    assert "To answer your manager's challenge this quarter" in text
    assert "Your team's challenge" not in text  # a seller leads no team


def test_a_director_reaches_the_leaders_visions_and_the_pivot_roll_up(personas):
    html = personas.client("director").get(reverse("leadership:home")).content.decode()
    assert reverse("leadership:vision_leaders") in html
    assert reverse("leadership:pivot_rollup") in html


def test_a_leader_of_a_team_with_nobody_in_it_is_not_asked_to_issue_a_challenge(personas):
    for seller in (personas.seller, personas.seller2):
        org.person_join_team(person=seller, team=personas.denver, on=timezone.localdate())
    assert "Your team's challenge" not in hub(personas, "leader")
