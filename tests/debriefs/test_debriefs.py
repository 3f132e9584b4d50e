"""The monthly debrief: due every month, overdue once its month ends without one, and its
actions carried forward from debrief to debrief until done; the quarterly talks with each
department, flagged when a quarter passes without one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadwell.audit.models import Change
from leadwell.debriefs import selectors, services
from leadwell.debriefs.models import Department, DepartmentTalk
from leadwell.lib.periods import PeriodKind, period_of

from .conftest import hold, months_ago

pytestmark = pytest.mark.django_db


def test_a_month_that_ended_without_a_debrief_is_overdue_for_the_director_and_the_leader(
    personas,
):
    for back in range(2, selectors.LOOKBACK_MONTHS + 1):
        hold(personas.director, personas.leader, months_ago(back))
    today = timezone.localdate()

    overdue = selectors.overdue_debriefs(personas.director, today)
    assert [(s.leader, [p.start for p in s.overdue]) for s in overdue] == [
        (personas.leader, [months_ago(1)]),
        (personas.other_leader, [months_ago(b) for b in range(selectors.LOOKBACK_MONTHS, 0, -1)]),
    ]
    mine = selectors.overdue_debriefs(personas.leader, today)
    assert [(s.director, [p.start for p in s.overdue]) for s in mine] == [
        (personas.director, [months_ago(1)])
    ]


def test_this_months_debrief_is_due_not_overdue_and_holding_last_months_clears_the_flag(
    personas,
):
    for back in range(1, selectors.LOOKBACK_MONTHS + 1):
        hold(personas.director, personas.leader, months_ago(back))
    status = selectors.my_debrief_status(personas.leader, timezone.localdate())
    assert status is not None
    assert status.overdue == [] and status.held_this_month is None
    assert status.last is not None and status.last.month == months_ago(1)


def test_an_action_is_carried_into_every_next_debrief_until_it_is_done(personas):
    first = hold(personas.director, personas.leader, months_ago(3))
    action = services.debrief_action_add(
        debrief=first, by=personas.director, text="Share the recovery plan", owner=personas.leader
    )
    second = hold(personas.director, personas.leader, months_ago(2))
    assert list(selectors.carried_into(second)) == [action]

    services.debrief_action_done(action=action, by=personas.leader, on=months_ago(1).replace(day=5))
    third = hold(personas.director, personas.leader, months_ago(1))
    assert list(selectors.carried_into(third)) == []
    # The debrief it was still open at keeps showing it, done since.
    assert list(selectors.carried_into(second)) == [action]


def test_an_action_is_owned_by_the_director_or_the_leader_and_needs_words(personas, debrief):
    with pytest.raises(ValidationError) as refused:
        services.debrief_action_add(
            debrief=debrief, by=personas.director, text="Call", owner=personas.seller
        )
    assert "owner" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.debrief_action_add(
            debrief=debrief, by=personas.leader, text="  ", owner=personas.leader
        )
    assert "text" in refused.value.message_dict


def test_a_debrief_is_held_once_a_month_by_the_leaders_own_director(personas, debrief):
    with pytest.raises(ValidationError) as refused:
        hold(personas.director, personas.leader, months_ago(1))
    assert "already recorded" in refused.value.message_dict["month"][0]
    with pytest.raises(ValidationError) as refused:
        hold(personas.leader, personas.seller, months_ago(1))
    assert "leads no team" in refused.value.message_dict["leader"][0]
    with pytest.raises(ValidationError) as refused:
        hold(personas.other_leader, personas.leader, months_ago(1))
    assert "leader" in refused.value.message_dict


def test_a_debrief_is_not_held_ahead_of_its_day_or_before_its_month(personas):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.debrief_hold(
            director=personas.director,
            leader=personas.leader,
            month=today,
            held_on=today + datetime.timedelta(days=1),
        )
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.debrief_hold(
            director=personas.director,
            leader=personas.leader,
            month=period_of(today, PeriodKind.MONTH).end,
            held_on=today,
        )
    assert "month" in refused.value.message_dict


def test_only_the_two_people_write_in_a_debrief_and_the_trail_keeps_no_word_of_it(
    personas, debrief
):
    with pytest.raises(ValidationError):
        services.debrief_update(debrief=debrief, by=personas.other_leader, going_well="x")
    services.debrief_update(debrief=debrief, by=personas.leader, to_continue="The Monday review")
    change = Change.objects.filter(kind="debrief").order_by("-id").first()
    assert change is not None and change.subject_id == personas.leader.pk and change.confidential
    assert "to_continue" in str(change.changes)
    assert "Monday review" not in str(change.changes) + change.summary
    assert "Zebra-7731" not in str(list(Change.objects.values_list("changes", "summary")))


def quarters_back(count: int):
    quarter = period_of(timezone.localdate(), PeriodKind.QUARTER)
    for _ in range(count):
        quarter = period_of(quarter.start - datetime.timedelta(days=1), PeriodKind.QUARTER)
    return quarter


def talk(leader, name: str, day: datetime.date) -> DepartmentTalk:
    return services.talk_record(
        leader=leader,
        department=Department.objects.get(name=name),
        held_on=day,
        with_whom="Maria Lopez",
        thanked_for="The quick commission run",
    )


def test_a_quarter_that_passed_without_a_talk_with_a_department_is_flagged_to_the_leader(
    personas,
):
    last = quarters_back(1)
    talk(personas.leader, "Finance", last.start)
    talk(personas.leader, "HR", last.start + datetime.timedelta(days=10))
    entry = selectors.talks_of([personas.leader], timezone.localdate())[0]

    assert [d.name for d in entry.missed_last_quarter] == ["Legal"]
    assert entry.current.passed is False
    assert [d.name for d in entry.current.missing] == ["Finance", "HR", "Legal"]
    flags = selectors.home_flags(personas.leader, timezone.localdate())
    assert [d.name for d in flags["missed_talks"]] == ["Legal"]


def test_the_departments_are_finance_hr_and_legal_until_administrators_set_others(personas):
    assert [d.name for d in Department.objects.listed()] == ["Finance", "HR", "Legal"]
    legal_talk = talk(personas.leader, "Legal", quarters_back(1).start)
    with pytest.raises(ValidationError):
        services.departments_set(names=["Finance"], by=personas.user("director"))

    services.departments_set(
        names=["Finance", " Customer  success", "HR"], by=personas.user("admin")
    )

    assert [d.name for d in Department.objects.listed()] == ["Finance", "Customer success", "HR"]
    legal_talk.refresh_from_db()
    assert legal_talk.department.name == "Legal" and not legal_talk.department.is_listed
    with pytest.raises(ValidationError) as refused:
        services.departments_set(names=["HR", "hr"], by=personas.user("admin"))
    assert "twice" in refused.value.message_dict["names"][0]


def test_a_talk_says_with_whom_and_what_was_thanked_or_proposed(personas):
    with pytest.raises(ValidationError) as refused:
        services.talk_record(
            leader=personas.leader,
            department=Department.objects.get(name="HR"),
            held_on=timezone.localdate(),
            with_whom=" ",
        )
    assert "with_whom" in refused.value.message_dict
