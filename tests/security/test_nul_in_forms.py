"""A page's form or query holding the NUL character (which PostgreSQL cannot store) is refused
with a clear 400 before any view sees it, never a server error, and nothing is saved."""

import pytest

from leadwell.coaching import services
from leadwell.coaching.models import TalkingPoint

pytestmark = pytest.mark.django_db


def test_a_talking_point_with_a_nul_character_is_refused_and_nothing_is_saved(personas):
    series = services.series_start(leader=personas.leader, report=personas.seller)
    meeting = services.meeting_next(series=series)
    answer = personas.client("leader").post(
        f"/one-on-ones/meetings/{meeting.pk}/points/", {"text": "Pricing\x00 review"}
    )
    assert answer.status_code == 400
    assert "NUL character" in answer.content.decode()
    assert not TalkingPoint.objects.exists()


def test_a_search_with_a_nul_character_is_refused(personas):
    answer = personas.client("seller").get("/people/", {"q": "Sam\x00"})
    assert answer.status_code == 400


def test_the_page_that_refuses_it_keeps_the_content_policy(personas):
    answer = personas.client("seller").get("/people/", {"q": "\x00"})
    assert "'unsafe-inline'" not in answer["Content-Security-Policy"]
    assert "style=" not in answer.content.decode()
