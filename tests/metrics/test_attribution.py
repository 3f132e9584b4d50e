"""The team a seller counts for in a period is decided once: the summaries, the scorecards'
lists of sellers and the standards that apply to a seller agree on it.

The shared personas (tests/conftest.py): Sam Ortiz and Sofia Berg sell in Boston Enterprise,
Omar Reyes in Denver Mid-Market, all from 2024-01-01.
"""

import datetime

import pytest

from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics import selectors
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Scope, Target
from leadwell.org import services as org
from leadwell.org.models import Membership

from ..conftest import ORG_START, deal, figure_of

pytestmark = pytest.mark.django_db

Q2 = period_of(datetime.date(2025, 4, 1), PeriodKind.QUARTER)
MID_MAY = datetime.date(2025, 5, 15)


@pytest.fixture(autouse=True)
def _calendar_quarters(settings):
    settings.FISCAL_YEAR_START_MONTH = 1


def team_bookings(team) -> float | None:
    return figure_of(Scope.TEAM, team.pk, "quarter", Q2.start, "bookings")


def standard(team, metric: str, value: float) -> None:
    Target.objects.create(team=team, metric=metric, value=value, valid_from=ORG_START)


def test_a_seller_who_moved_mid_quarter_counts_that_quarter_for_the_team_they_ended_it_in(
    personas,
):
    sam = personas.seller
    deal(sam, "won", 10_000, datetime.date(2025, 4, 10))  # while still in Boston
    org.person_join_team(person=sam, team=personas.denver, on=MID_MAY)
    standard(personas.denver, "win_rate", 0.4)
    recompute(today=datetime.date(2025, 12, 31))
    assert team_bookings(personas.denver) == 10_000
    assert not team_bookings(personas.boston)
    assert sam in selectors.team_people(personas.denver, Q2)
    assert sam not in selectors.team_people(personas.boston, Q2)
    assert selectors.targets_for_people([sam.pk], Q2)[sam.pk]["win_rate"][0] == 0.4


def test_of_two_memberships_that_start_the_same_day_the_one_still_running_at_the_end_counts(
    personas,
):
    # Recorded by hand: Sam was put on Denver's team from the day he joined Boston too, and
    # his Boston membership then ended in mid-May. He ended the quarter in Denver only.
    sam = personas.seller
    boston = Membership.objects.members().get(person=sam, team=personas.boston)
    boston.valid_until = MID_MAY
    boston.save()
    Membership.objects.create(
        person=sam, team=personas.denver, role=Membership.Role.MEMBER, valid_from=ORG_START
    )
    deal(sam, "won", 10_000, datetime.date(2025, 4, 10))
    standard(personas.boston, "win_rate", 0.3)
    standard(personas.denver, "win_rate", 0.4)
    recompute(today=datetime.date(2025, 12, 31))

    # The summaries count Sam's quarter for Denver ...
    assert team_bookings(personas.denver) == 10_000
    # ... and so do the scorecards' sellers and the standard that applies to him (these read
    # only the start dates before, and took Boston, the membership recorded first).
    assert selectors.team_in_period([sam.pk], Q2) == {sam.pk: personas.denver.pk}
    assert sam in selectors.team_people(personas.denver, Q2)
    assert sam not in selectors.team_people(personas.boston, Q2)
    assert selectors.targets_for_people([sam.pk], Q2)[sam.pk]["win_rate"][0] == 0.4
    # The quarter before, both memberships ran to its end: the one that lasts longer counts.
    q1 = period_of(datetime.date(2025, 1, 1), PeriodKind.QUARTER)
    assert selectors.team_in_period([sam.pk], q1) == {sam.pk: personas.denver.pk}
