"""Issue 16: more attacks that fail. Comment pools that two readers (or one reader before and
after a reorganisation) would see differently, and answers sealed under a key since changed."""

import datetime
import logging

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings

from leadwell.pulse import selectors, services
from leadwell.pulse.models import Answer, ResultGroup

from .conftest import answer_all, open_pulse

pytestmark = pytest.mark.django_db


def a_group(team, leader, answers: int, closed_on: datetime.date) -> ResultGroup:
    group = ResultGroup.objects.create(
        team=team,
        leader=leader,
        first_opened_on=closed_on - datetime.timedelta(days=7),
        last_closed_on=closed_on,
        answers_count=answers,
        eligible=answers,
    )
    Answer.objects.bulk_create(
        Answer(group=group, care=4, help=4, trust=4, comment=f"{leader.name} {closed_on} {n}")
        for n in range(answers)
    )
    return group


def test_comment_pools_are_the_same_for_every_reader_and_never_mix_two_leaders(personas, today):
    """Seven answers about Owen, then five and five about Lena: pooled by reader, the seller
    (who reads all three) would get Owen's seven with Lena's first five, and Lena (who reads
    her own two) Lena's ten; the difference would be Owen's seven, or one group of five."""
    team = personas.boston
    a_group(team, personas.other_leader, 7, today)
    first = a_group(team, personas.leader, 5, today + datetime.timedelta(days=30))
    second = a_group(team, personas.leader, 5, today + datetime.timedelta(days=60))

    assert selectors.comment_pools(team) == [[first, second]]
    for reader in (personas.seller, personas.leader, personas.director):
        shown = selectors.team_pulse(reader.user, team).comments
        assert [pool.groups for pool in shown] == [[first, second]], reader
        assert all("Owen" not in text for pool in shown for text in pool.comments)


def test_a_pool_the_reader_does_not_read_every_group_of_is_not_shown(personas, today):
    team = personas.boston
    a_group(team, personas.other_leader, 5, today)
    a_group(team, personas.other_leader, 5, today + datetime.timedelta(days=30))
    # The pool is about Owen; Lena, now Boston's leader, reads none of its groups.
    assert selectors.team_pulse(personas.leader.user, team).comments == []


def test_answers_sealed_under_a_changed_key_refuse_new_answers_and_stop_only_that_team(
    personas, boston_sellers, today, caplog
):
    boston = open_pulse(personas, today)
    answer_all(boston, boston_sellers[:2], today)
    denver = services.pulse_open(by=personas.other_leader, team=personas.denver, on=today)
    with override_settings(SECRET_KEY="the key after a careless change"):
        with pytest.raises(ValidationError, match="secret key"):
            answer_all(boston, boston_sellers[2:3], today)
        assert not boston.participations.filter(person=boston_sellers[2]).exists()
        with caplog.at_level(logging.ERROR, logger="leadwell.pulse"):
            assert services.pulses_close_due(today + datetime.timedelta(days=7)) == []
        assert "cannot close" in caplog.text
        denver.refresh_from_db()
        assert denver.closed  # the other team closed all the same
    # With the old key kept as a fallback, the answers read again, and are sealed anew.
    with override_settings(SECRET_KEY="the new key", SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        answer_all(boston, boston_sellers[2:5], today)
        (group,) = services.pulses_close_due(today + datetime.timedelta(days=7))
    assert group.answers_count == 5
