"""The figures the signals show, against a hand computation: a seller's bias is the metrics
app's forecast bias per quarter, a leader's is their call for the team against the team's
bookings, and a leader's renegotiations are counted from the plan log."""

import datetime

import pytest

from leadwell.metrics.compute import recompute
from leadwell.plans.selectors import this_fiscal_year
from leadwell.signals import selectors

from ..conftest import deal
from .conftest import asked_to_change, called_and_booked, team_called

pytestmark = pytest.mark.django_db


@pytest.fixture
def six_quarters(personas, quarters):
    """Sam calls 80,000 and books 100,000 in five of the last six quarters (exact in the
    other); Sofia is exact but for one quarter called at 60,000; Lena calls her team 150,000
    each quarter while it books 200,000."""
    last_six = quarters[-6:]
    for number, quarter in enumerate(last_six):
        called_and_booked(
            personas.seller, quarter, called=100_000 if number == 3 else 80_000, booked=100_000
        )
        called_and_booked(
            personas.seller2, quarter, called=60_000 if number == 1 else 100_000, booked=100_000
        )
        team_called(personas.leader, personas.boston, quarter, 150_000)
    recompute()
    return last_six


def by_name(board):
    return {signal.person.name: signal for signal in board.reports}


def test_a_sellers_bias_per_quarter_is_the_call_less_the_bookings_over_the_bookings(
    personas, six_quarters
):
    signals = by_name(selectors.board(personas.user("leader")))
    sam, sofia = signals["Sam Ortiz"], signals["Sofia Berg"]
    assert dict(sam.trend) == {
        **dict.fromkeys(selectors.judged_quarters()[:2]),
        **{q: pytest.approx(0.0 if n == 3 else -0.2) for n, q in enumerate(six_quarters)},
    }
    assert sam.verdict.mean == pytest.approx(-1.0 / 6)
    assert (sam.verdict.low, sam.verdict.judged, sam.sandbagging) == (5, 6, True)
    assert dict(sofia.trend)[six_quarters[1]] == pytest.approx(-0.4)
    assert (sofia.verdict.low, sofia.sandbagging) == (1, False)
    assert not sam.leads and not sam.years


def test_a_leaders_bias_is_their_call_for_the_team_against_the_teams_bookings(
    personas, six_quarters
):
    lena = by_name(selectors.board(personas.user("director")))["Lena Hart"]
    assert lena.leads
    assert [value for _, value in lena.trend[-6:]] == [pytest.approx(-0.25)] * 6
    assert lena.sandbagging


def test_without_their_own_call_a_leader_is_judged_on_their_sellers_calls(personas, quarters):
    quarter = quarters[-1]
    called_and_booked(personas.seller, quarter, called=90_000, booked=100_000)
    called_and_booked(personas.seller2, quarter, called=130_000, booked=100_000)
    recompute()
    lena = by_name(selectors.board(personas.user("director")))["Lena Hart"]
    assert lena.trend[-1] == (quarter, pytest.approx((220_000 - 200_000) / 200_000))
    assert not lena.sandbagging


def test_a_quarter_some_sellers_did_not_call_is_not_judged_for_the_leader(personas, quarters):
    quarter = quarters[-1]
    called_and_booked(personas.seller, quarter, called=90_000, booked=100_000)
    deal(personas.seller2, "won", 100_000, quarter.start + datetime.timedelta(days=20))
    recompute()
    lena = by_name(selectors.board(personas.user("director")))["Lena Hart"]
    assert lena.trend[-1] == (quarter, None)


def test_a_leaders_renegotiations_are_counted_per_fiscal_year_with_the_share_granted(personas):
    year = this_fiscal_year()
    for quarter, answer in [(1, "granted"), (2, "partly"), (3, "refused"), (3, "")]:
        asked_to_change(personas.leader, personas.boston, year, quarter, answer=answer)
    asked_to_change(personas.leader, personas.boston, year, 4, lower=False, answer="granted")
    asked_to_change(personas.leader, personas.boston, year - 1, 2, answer="refused")
    asked_to_change(personas.other_leader, personas.denver, year, 1, answer="granted")
    signals = by_name(selectors.board(personas.user("director")))
    this_year, last_year = signals["Lena Hart"].years
    assert (this_year.fiscal_year, this_year.asked, this_year.lowering) == (year, 5, 4)
    assert (this_year.lowered_quarters, this_year.answered) == (3, 4)
    assert this_year.share_granted == pytest.approx(3 / 4)
    assert this_year.renegotiates and signals["Lena Hart"].renegotiating
    assert (last_year.asked, last_year.share_granted, last_year.renegotiates) == (1, 0.0, False)
    assert not signals["Owen Clarke"].renegotiating
