"""For a leader, the manager's monthly feedback on their aspirations is part of the debrief with
their director: the debrief page shows the leader's aspirations and that month's feedback."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.leadership.yourself import services as yourself
from tests.conftest import text_of

from .conftest import hold, months_ago

pytestmark = pytest.mark.django_db


def debrief_text(personas, key: str, debrief) -> str:
    response = personas.client(key).get(reverse("debriefs:debrief", args=[debrief.pk]))
    assert response.status_code == 200
    return " ".join(text_of(response.content.decode()).split())


@pytest.fixture
def aspiring(personas):
    """Lena (the leader) aims to lead a region within three years; James (the director) gave
    feedback on it this month."""
    lena, director = personas.leader, personas.director
    yourself.own_page_write(person=lena, by=lena, why="I like building teams")
    goal = yourself.aspiration_save(
        person=lena, by=lena, horizon="three_years", title="Lead a region"
    )
    yourself.aspiration_feedback_give(
        person=lena,
        by=director,
        goal=goal,
        text="Take the Denver hiring round",
        on=timezone.localdate(),
    )
    return goal


def test_the_directors_debrief_shows_the_leaders_aspirations_and_this_months_feedback(
    personas, aspiring
):
    debrief = hold(personas.director, personas.leader, months_ago(0))
    text = debrief_text(personas, "director", debrief)
    assert f"{personas.leader.name}'s aspirations" in text
    assert "In three years: Lead a region" in text
    assert "Take the Denver hiring round" in text
    page = personas.client("director").get(reverse("debriefs:debrief", args=[debrief.pk]))
    give = reverse("leadership:yourself_person", args=[personas.leader.pk]) + "#feedback"
    assert f'href="{give}"' in page.content.decode()


def test_the_leader_reads_their_own_aspirations_in_the_debrief(personas, aspiring):
    debrief = hold(personas.director, personas.leader, months_ago(0))
    text = debrief_text(personas, "leader", debrief)
    assert "Your aspirations" in text and "Take the Denver hiring round" in text


def test_last_months_debrief_shows_only_last_months_feedback(personas, aspiring):
    debrief = hold(personas.director, personas.leader, months_ago(1))
    text = debrief_text(personas, "director", debrief)
    assert "Lead a region" in text
    assert "Take the Denver hiring round" not in text
    assert "None given in" in text
