"""Issue 16: a result is about the leader the team had when its pulses opened. When the team
changes leader, answers about the one never pool with answers about the other, and the next
leader reads none of their predecessor's results."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leadwell.org import services as org
from leadwell.pulse import selectors, services
from leadwell.pulse.models import HeldAnswers, ResultGroup

from .conftest import answer_all

pytestmark = pytest.mark.django_db


def test_answers_about_two_leaders_never_pool_and_the_next_leader_reads_only_their_own(
    personas, boston_sellers, today
):
    lenas = services.pulse_open(by=personas.leader, team=personas.boston, on=today)
    answer_all(lenas, boston_sellers[:3], today)
    services.pulses_close_due(today + datetime.timedelta(days=7))

    handover = today + datetime.timedelta(days=20)
    org.person_lead_team(person=personas.other_leader, team=personas.boston, on=handover)
    for month, who in ((1, boston_sellers[3:6]), (2, boston_sellers[:2])):
        on = today + datetime.timedelta(days=30 * month)
        owens = services.pulse_open(by=personas.other_leader, team=personas.boston, on=on)
        answer_all(owens, who, on)
        services.pulses_close_due(on + datetime.timedelta(days=7))

    # Five people answered about Owen: a result about him. Lena's three wait, sealed, for ever.
    (group,) = ResultGroup.objects.all()
    assert (group.leader, group.answers_count) == (personas.other_leader, 5)
    assert HeldAnswers.objects.get(team=personas.boston).count == 3

    today_then = today + datetime.timedelta(days=70)
    owen_reads = selectors.team_pulse(personas.other_leader, personas.boston, today_then)
    assert [r.group for r in owen_reads.results] == [group]
    # Lena no longer leads the team: the result about Owen is not hers to read.
    lena_reads = selectors.team_pulse(personas.leader, personas.boston, today_then)
    assert lena_reads.results == []
    with pytest.raises(ValidationError, match="leader"):
        services.response_write(by=personas.leader, group=group, heard="Not mine")


def test_the_next_pulse_shows_the_team_what_the_leader_heard_and_did_when_shared(
    personas, boston_sellers, today
):
    first = services.pulse_open(by=personas.leader, team=personas.boston, on=today)
    answer_all(first, boston_sellers[:5], today)
    (group,) = services.pulses_close_due(today + datetime.timedelta(days=7))
    later = today + datetime.timedelta(days=30)
    services.response_write(
        by=personas.leader,
        group=group,
        heard="You want more time with me",
        actions="A fixed weekly slot per seller",
        share=True,
        on=today + datetime.timedelta(days=10),
    )
    services.response_write(
        by=personas.leader,
        group=group,
        heard="PRIVATE-NOTE",
        on=today + datetime.timedelta(days=11),
    )
    nxt = services.pulse_open(by=personas.leader, team=personas.boston, on=later)
    shown = selectors.last_shared_response(personas.seller.user, nxt)
    assert shown is not None and shown.actions == "A fixed weekly slot per seller"
    # Another team's seller reads nothing of it.
    assert selectors.last_shared_response(personas.other_seller.user, nxt) is None
