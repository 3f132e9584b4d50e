import datetime

import pytest
from django.utils import timezone

from leadwell.leadership.yourself import services

SECRET = "Kestrel-5512"  # in every text written on Lena's page


def in_a_year() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


@pytest.fixture
def lenas_page(personas):
    """Lena's page: her purpose, a three-year aspiration with an action, and Dana's feedback."""
    lena = personas.leader
    page = services.own_page_write(
        person=lena, by=lena, why=f"{SECRET} why", strengths=f"{SECRET} strengths"
    )
    goal = services.aspiration_save(
        person=lena, by=lena, horizon="three_years", title=f"{SECRET} lead a region"
    )
    action = services.aspiration_action_add(
        goal=goal, by=lena, text=f"{SECRET} finish the course", due_on=in_a_year()
    )
    feedback = services.aspiration_feedback_give(
        person=lena, by=personas.director, text=f"{SECRET} feedback", goal=goal
    )
    return page, goal, action, feedback
