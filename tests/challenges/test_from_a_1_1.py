"""A seller raises a challenge from a talking point of their 1:1: the point's link opens the
register's form with its text, and the challenge keeps the link."""

import pytest
from django.urls import reverse

from leadwell.challenges.models import Challenge
from leadwell.coaching import services as one_on_ones

pytestmark = pytest.mark.django_db


def test_a_seller_raises_a_challenge_from_a_point_of_their_1_1(personas):
    series = one_on_ones.series_start(leader=personas.leader, report=personas.seller)
    meeting = one_on_ones.meeting_next(series=series)
    point = one_on_ones.point_add(meeting=meeting, by=personas.seller, text="Legal is too slow")
    seller = personas.client("seller")
    page = seller.get(reverse("one_on_ones:meeting", args=[meeting.pk])).content.decode()
    link = f"{reverse('challenges:register')}?point={point.pk}#raise"
    assert link in page
    assert (
        link
        not in personas.client("leader")
        .get(reverse("one_on_ones:meeting", args=[meeting.pk]))
        .content.decode()
    )
    form = seller.get(f"{reverse('challenges:register')}?point={point.pk}").content.decode()
    assert "Legal is too slow" in form
    raised = seller.post(
        reverse("challenges:register"),
        {"description": "Legal is too slow", "category": "process", "point": point.pk},
    )
    assert raised.status_code == 302
    assert Challenge.objects.get().from_point == point
    # A point of someone else's 1:1 is not found.
    assert (
        personas.client("seller2")
        .get(f"{reverse('challenges:register')}?point={point.pk}")
        .status_code
        == 404
    )
