import datetime

import pytest

from leadwell.org import services as org
from leadwell.pulse import services

from ..conftest import ORG_START, _person

MORE_SELLERS = ["Ines Duarte", "Jon Park", "Kai Moreau", "Lea Novak"]


@pytest.fixture
def boston_sellers(personas):
    """Lena's team of six sellers: Sam, Sofia and four more."""
    more = []
    for name in MORE_SELLERS:
        person = _person(name, "Account Executive")
        org.person_join_team(person=person, team=personas.boston, on=ORG_START)
        more.append(person)
    return [personas.seller, personas.seller2, *more]


@pytest.fixture
def today():
    return datetime.date(2026, 9, 1)


def open_pulse(personas, on, days=7):
    return services.pulse_open(by=personas.leader, team=personas.boston, on=on, days_open=days)


def answer_all(pulse, sellers, on, score=4, comments=()):
    for i, seller in enumerate(sellers):
        services.pulse_answer(
            by=seller,
            pulse=pulse,
            care=score,
            help=score,
            trust=score,
            comment=comments[i] if i < len(comments) else "",
            on=on,
        )
