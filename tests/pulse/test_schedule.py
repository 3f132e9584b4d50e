"""Issue 16: the organisation's monthly pulses open by themselves, and the worker's upkeep
closes the pulses whose window ended, writing their results once k people have answered.

The shared personas: Lena Hart leads Boston Enterprise (Sam, Sofia), Owen Clarke leads Denver
Mid-Market (Omar), and both are members of Dana Whitfield's Leadership team."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from leadwell.pulse import services
from leadwell.pulse.models import Pulse, ResultGroup
from leadwell.worker import upkeep
from tests.crm.test_recovery import leadwell

from .conftest import answer_all, open_pulse

pytestmark = pytest.mark.django_db

DECEMBER_5 = datetime.date(2026, 12, 5)


def monthly_on(personas, day: int, days_open: int = 7) -> None:
    services.rules_change(by=personas.admin, min_answers=5, monthly_on_day=day, days_open=days_open)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def test_the_monthly_pulse_opens_on_its_day_for_every_team_of_sellers_but_the_leadership_team(
    personas,
):
    monthly_on(personas, 5)
    assert services.pulses_open_scheduled(DECEMBER_5 - days(1)) == []

    opened = services.pulses_open_scheduled(DECEMBER_5)

    assert {p.team for p in opened} == {personas.boston, personas.denver}
    for pulse in opened:
        assert pulse.opened_by is None
        assert (pulse.opens_on, pulse.closes_on) == (DECEMBER_5, DECEMBER_5 + days(7))
        assert pulse.min_answers == 5
    # Dana's Leadership team holds the two leaders only: nobody there is a seller.
    assert not Pulse.objects.filter(team=personas.leadership).exists()


def test_the_schedule_opens_one_pulse_a_month_however_often_the_upkeep_runs(personas):
    monthly_on(personas, 5)
    assert len(services.pulses_open_scheduled(DECEMBER_5)) == 2
    assert services.pulses_open_scheduled(DECEMBER_5) == []
    assert services.pulses_open_scheduled(DECEMBER_5 + days(3)) == []
    services.pulses_close_due(DECEMBER_5 + days(7))
    # Closed before the month is out: the month has had its pulse.
    assert services.pulses_open_scheduled(DECEMBER_5 + days(20)) == []

    january = services.pulses_open_scheduled(datetime.date(2027, 1, 5))

    assert {p.team for p in january} == {personas.boston, personas.denver}
    assert Pulse.objects.count() == 4


def test_a_worker_stopped_on_the_day_opens_the_months_pulses_at_its_first_round_after(personas):
    monthly_on(personas, 5)
    opened = services.pulses_open_scheduled(DECEMBER_5 + days(4))
    assert [p.opens_on for p in opened] == [DECEMBER_5 + days(4)] * 2


def test_without_a_day_of_the_month_no_pulse_opens_by_itself(personas):
    monthly_on(personas, 0)
    for day in range(1, 29):
        assert services.pulses_open_scheduled(datetime.date(2026, 12, day)) == []
    assert not Pulse.objects.exists()


def test_a_team_whose_leader_opened_a_pulse_open_on_the_day_is_not_asked_twice_that_month(
    personas,
):
    monthly_on(personas, 5)
    own = open_pulse(personas, DECEMBER_5 - days(2))

    (denver,) = services.pulses_open_scheduled(DECEMBER_5)

    assert denver.team == personas.denver
    services.pulses_close_due(own.closes_on)
    assert services.pulses_open_scheduled(own.closes_on + days(1)) == []
    assert Pulse.objects.filter(team=personas.boston).count() == 1


def test_a_leaders_pulse_closed_before_the_day_does_not_stand_for_the_months_pulse(personas):
    monthly_on(personas, 15)
    open_pulse(personas, datetime.date(2026, 12, 1), days=7)
    services.pulses_close_due(datetime.date(2026, 12, 8))

    opened = services.pulses_open_scheduled(datetime.date(2026, 12, 15))

    assert {p.team for p in opened} == {personas.boston, personas.denver}


def test_the_monthly_pulse_stays_open_as_many_days_as_the_rules_say(personas):
    monthly_on(personas, 5, days_open=10)
    (boston, _) = services.pulses_open_scheduled(DECEMBER_5)
    assert boston.closes_on == DECEMBER_5 + days(10)


def pulse_of_last_month_answered_by_six(personas, boston_sellers) -> Pulse:
    """A pulse of Boston opened before this month began, answered by its six sellers, whose
    window ended before this month's first day."""
    month_start = timezone.localdate().replace(day=1)
    opened_on = month_start - days(10)
    pulse = open_pulse(personas, opened_on)
    answer_all(pulse, boston_sellers, opened_on + days(1))
    return pulse


def test_an_upkeep_round_closes_the_ended_pulses_writes_their_result_and_opens_the_monthly_ones(
    personas, boston_sellers
):
    monthly_on(personas, 1)
    ended = pulse_of_last_month_answered_by_six(personas, boston_sellers)

    done = upkeep()

    assert done.pulses_closed == 1
    (group,) = done.pulse_results
    assert (group.team, group.answers_count) == (personas.boston, 6)
    ended.refresh_from_db()
    assert ended.closed and ended.group == group
    # Closed first: Boston's ended pulse no longer stands in the way of this month's.
    assert {p.team for p in done.pulses_opened} == {personas.boston, personas.denver}
    assert done.did_something

    again = upkeep()
    assert (again.pulses_closed, again.pulse_results, again.pulses_opened) == (0, [], [])


def test_leadwell_upkeep_says_which_pulses_it_closed_wrote_and_opened(personas, boston_sellers):
    monthly_on(personas, 1)
    ended = pulse_of_last_month_answered_by_six(personas, boston_sellers)
    open_until = timezone.localdate() + days(6)

    output = leadwell("upkeep")

    assert "Closed 1 trust pulse(s) whose window ended." in output
    assert (
        "Wrote a trust pulse result of Boston Enterprise: 6 answers "
        f"from {ended.opens_on} to {ended.closes_on}." in output
    )
    assert (
        f"Opened the monthly trust pulse of Boston Enterprise, open until {open_until}." in output
    )
    assert (
        f"Opened the monthly trust pulse of Denver Mid-Market, open until {open_until}." in output
    )
    assert ResultGroup.objects.count() == 1
    assert leadwell("upkeep") == "Nothing to do.\n"


def test_two_pulses_of_one_team_are_never_opened_the_same_day_even_past_the_services_check(
    personas,
):
    """Two workers running the schedule at the same moment both pass the service's check; the
    database refuses the second."""
    day = datetime.date(2026, 9, 1)
    fields = {"team": personas.boston, "opens_on": day, "min_answers": 5, "eligible": 2}
    Pulse.objects.create(closes_on=day + datetime.timedelta(days=7), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pulse.objects.create(closes_on=day + datetime.timedelta(days=3), **fields)
