"""Issue 16: answers are never linkable to a person. Each test is an attack that fails: by the
rows' order, ids or times against participation, by the thresholds, by differencing groups and
pulses, and through what the database holds while answers wait."""

import base64
import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from leadwell.pulse import selectors, services
from leadwell.pulse.models import Answer, HeldAnswers, Participation, ResultGroup
from leadwell.pulse.sealing import CannotUnseal, seal, unseal

from .conftest import answer_all, open_pulse

pytestmark = pytest.mark.django_db


def rows_in_stored_order(table: str, column: str) -> list:
    """A table's rows in the order the database keeps them (what someone reading the file
    would see): SQLite's rowid, PostgreSQL's physical row position."""
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY {order}")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


def test_an_answer_carries_no_person_time_or_order_of_its_own():
    names = {f.name for f in Answer._meta.get_fields()}
    assert names == {"id", "group", "care", "help", "trust", "comment"}
    assert isinstance(Answer._meta.pk.default(), uuid.UUID)
    # Participation says who answered, and nothing of when or what.
    assert {f.name for f in Participation._meta.get_fields()} == {"id", "pulse", "person"}


def test_no_answer_row_exists_while_fewer_than_k_have_answered_and_what_waits_is_sealed(
    personas, boston_sellers, today
):
    pulse = open_pulse(personas, today)
    answer_all(pulse, boston_sellers[:4], today, comments=["Give me a weekly slot"] * 4)
    assert Answer.objects.count() == 0
    held = HeldAnswers.objects.get(team=personas.boston)
    assert held.count == 4
    # Not an encoding: under any other key the sealed text reads as nothing at all.
    assert "weekly slot" not in base64.b64decode(held.sealed).decode("latin-1")
    another_key = override_settings(SECRET_KEY="another installation's key")
    with another_key, pytest.raises(CannotUnseal):
        unseal(held.sealed)
    assert Participation.objects.filter(pulse=pulse).count() == 4


def test_the_sealed_text_says_how_many_answers_wait_and_nothing_of_how_long_a_comment_is():
    short = seal([{"care": 4, "help": 4, "trust": 4, "comment": "", "pulse": 1}])
    long = seal([{"care": 1, "help": 1, "trust": 1, "comment": "\u0001" * 2000, "pulse": 1}])
    assert len(short) == len(long)
    two = seal([{"care": 4, "help": 4, "trust": 4, "comment": "x", "pulse": 1}] * 2)
    assert len(two) > len(short)
    assert unseal(long)[0]["comment"] == "\u0001" * 2000


def test_answers_are_written_at_the_close_in_an_order_that_is_not_the_order_of_answering(
    personas, boston_sellers, today
):
    orders = []
    for round_ in range(4):
        on = today + datetime.timedelta(days=10 * round_)
        pulse = open_pulse(personas, on)
        marks = [f"round {round_} answer {i}" for i in range(len(boston_sellers))]
        answer_all(pulse, boston_sellers, on, comments=marks)
        (group,) = services.pulses_close_due(on + datetime.timedelta(days=7))
        stored = [
            c
            for c in rows_in_stored_order("pulse_answer", "comment")
            if c.startswith(f"round {round_} ")
        ]
        assert sorted(stored) == sorted(marks)
        orders.append(stored == marks)
        ids = list(Answer.objects.filter(group=group).values_list("id", flat=True))
        assert all(isinstance(i, uuid.UUID) for i in ids)
    # Six answers shuffled: the order of answering comes back by chance once in 720 rounds.
    assert not all(orders)


def test_a_group_is_written_only_once_k_people_have_answered_pooled_over_consecutive_pulses(
    personas, boston_sellers, today
):
    first = open_pulse(personas, today)
    answer_all(first, boston_sellers[:3], today)
    assert services.pulses_close_due(today + datetime.timedelta(days=7)) == []
    assert selectors.team_pulse(personas.leader, personas.boston).results == []

    later = today + datetime.timedelta(days=30)
    second = open_pulse(personas, later)
    answer_all(second, boston_sellers[3:5], later)
    (group,) = services.pulses_close_due(later + datetime.timedelta(days=7))
    assert group.answers_count == 5
    (result,) = selectors.team_pulse(personas.leader, personas.boston).results
    assert result.label == "pooled over Sep-Oct 2026, 5 answers"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.group == second.group == group


def test_answers_from_fewer_than_k_people_never_make_a_group_however_many_pulses_they_answer(
    personas, boston_sellers, today
):
    for month in range(3):
        on = today + datetime.timedelta(days=30 * month)
        pulse = open_pulse(personas, on)
        answer_all(pulse, boston_sellers[:3], on)
        services.pulses_close_due(on + datetime.timedelta(days=7))
    # Nine answers, from three people: three people do not hide each other.
    assert ResultGroup.objects.count() == 0
    assert HeldAnswers.objects.get(team=personas.boston).count == 9


def test_a_late_answer_cannot_change_a_result_already_shown(personas, boston_sellers, today):
    pulse = open_pulse(personas, today)
    answer_all(pulse, boston_sellers[:5], today)
    services.pulses_close_due(today + datetime.timedelta(days=7))
    with pytest.raises(ValidationError, match="closed"):
        services.pulse_answer(
            by=boston_sellers[5],
            pulse=pulse,
            care=1,
            help=1,
            trust=1,
            on=today + datetime.timedelta(days=8),
        )
    (group,) = ResultGroup.objects.all()
    assert group.answers_count == 5 and group.answers.count() == 5


def test_answers_to_a_pulse_still_open_wait_for_its_close_and_never_join_an_earlier_group(
    personas, boston_sellers, today
):
    first = open_pulse(personas, today, days=7)
    answer_all(first, boston_sellers[:5], today)
    later = today + datetime.timedelta(days=7)
    second = open_pulse(personas, later, days=7)
    answer_all(second, boston_sellers[:1], later)
    # The first pulse closes while the second is open: its group holds its own answers only.
    (group,) = services.pulses_close_due(later)
    assert group.answers_count == 5
    assert HeldAnswers.objects.get(team=personas.boston).count == 1
    second.refresh_from_db()
    assert second.group is None


def test_the_groups_of_a_team_never_overlap_so_no_difference_of_two_results_isolates_fewer_than_k(
    personas, boston_sellers, today
):
    """The differencing attack: two results that share answers would give away what one holds
    and the other does not. Every answer is in exactly one group, so any difference of shown
    results (a group, a roll-up of groups) is itself made of whole groups."""
    for month in range(4):
        on = today + datetime.timedelta(days=30 * month)
        pulse = open_pulse(personas, on)
        half = month % 2 * 3
        answer_all(pulse, boston_sellers[half : half + 3], on)
        services.pulses_close_due(on + datetime.timedelta(days=7))
    groups = list(ResultGroup.objects.order_by("last_closed_on"))
    assert [g.answers_count for g in groups] == [6, 6]
    # Each answer written once, in the one group its pulses made: no group holds another's.
    assert [g.answers.count() for g in groups] == [6, 6]
    assert Answer.objects.count() == 12
    # A director's roll-up is the union of whole groups: it holds nothing a group does not.
    roll_up = selectors.roll_up(personas.director, [personas.boston, personas.denver])
    assert roll_up is not None and roll_up.answers == sum(g.answers_count for g in groups)


def test_a_second_answer_to_the_same_pulse_is_refused(personas, boston_sellers, today):
    pulse = open_pulse(personas, today)
    answer_all(pulse, boston_sellers[:1], today)
    with pytest.raises(ValidationError, match="already"):
        answer_all(pulse, boston_sellers[:1], today)
    assert HeldAnswers.objects.get().count == 1


def test_the_leader_does_not_answer_their_own_teams_pulse_and_another_team_cannot(
    personas, boston_sellers, today
):
    pulse = open_pulse(personas, today)
    for outsider in (personas.leader, personas.other_seller, personas.director):
        with pytest.raises(ValidationError):
            services.pulse_answer(by=outsider, pulse=pulse, care=5, help=5, trust=5, on=today)
    assert HeldAnswers.objects.filter(count__gt=0).count() == 0


def test_a_score_outside_one_to_five_is_refused_before_anything_is_written(
    personas, boston_sellers, today
):
    pulse = open_pulse(personas, today)
    with pytest.raises(ValidationError, match="1"):
        services.pulse_answer(by=personas.seller, pulse=pulse, care=6, help=3, trust=3, on=today)
    assert not Participation.objects.exists()
