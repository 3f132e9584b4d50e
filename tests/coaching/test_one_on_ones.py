"""Weekly 1:1s: a series per leader and direct report, meetings that carry over what was not
discussed or done, the standing question, notes, and the 1:1s a leader has let slip."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leadwell.coaching import selectors, services
from leadwell.coaching.models import ActionItem, Meeting, OneOnOneSeries, PrivateNote
from leadwell.org.models import Person

from .conftest import next_monday_after

# A fixed week for the date-driven checks: Monday 9 June 2025 to Sunday 15 June.
MON = datetime.date(2025, 6, 9)
WED = datetime.date(2025, 6, 11)
WEEK = datetime.timedelta(days=7)


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


# -- The series --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_series_is_weekly_on_monday_unless_another_day_is_chosen(personas):
    series = services.series_start(leader=personas.leader, report=personas.seller)
    assert (series.leader, series.report, series.weekday) == (
        personas.leader,
        personas.seller,
        OneOnOneSeries.Weekday.MONDAY,
    )
    again = services.series_start(leader=personas.leader, report=personas.seller, weekday=3)
    assert again == series and again.weekday == 3
    assert OneOnOneSeries.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("leader", "report"),
    [
        ("leader", "other_seller"),  # not in her team
        ("director", "seller"),  # in the line, but not the direct manager
        ("seller", "seller2"),  # a peer
        ("admin", "seller"),
    ],
)
def test_a_series_is_only_with_a_direct_report(personas, leader, report):
    with pytest.raises(ValidationError) as raised:
        services.series_start(leader=getattr(personas, leader), report=getattr(personas, report))
    assert "is not a direct report of" in errors_of(raised)["report"][0]
    assert not OneOnOneSeries.objects.exists()


@pytest.mark.django_db
def test_a_director_holds_a_series_with_a_leader_who_reports_to_her(personas):
    series = services.series_start(leader=personas.director, report=personas.leader)
    assert series.report == personas.leader


@pytest.mark.django_db
def test_a_series_meets_on_weekdays_only(personas):
    with pytest.raises(ValidationError) as raised:
        services.series_start(leader=personas.leader, report=personas.seller, weekday=5)
    assert "weekday" in errors_of(raised)


# -- Meetings -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_next_meeting_is_on_the_series_next_weekday_or_today_when_today_is_the_day(series):
    assert services.meeting_next(series=series, today=WED).scheduled_on == MON + WEEK
    # The same meeting is prepared until it is held.
    assert services.meeting_next(series=series, today=WED) == Meeting.objects.get()
    assert services.meeting_next(series=series, today=MON + WEEK).scheduled_on == MON + WEEK
    assert Meeting.objects.count() == 1
    thursday = services.series_start(
        leader=series.leader, report=series.report, weekday=OneOnOneSeries.Weekday.THURSDAY
    )
    Meeting.objects.all().delete()
    assert services.meeting_next(series=thursday, today=WED).scheduled_on == WED + (
        datetime.timedelta(days=1)
    )


@pytest.mark.django_db
def test_holding_a_meeting_plans_the_next_one_a_week_later(series, future_monday):
    first = services.meeting_next(series=series, today=future_monday)
    held = services.meeting_hold(meeting=first, by=series.leader)
    assert held.status == "held" and held.held_at is not None
    planned = series.meetings.get(status="planned")
    assert planned.scheduled_on == future_monday + WEEK
    missed = services.meeting_hold(meeting=planned, by=series.report, held=False)
    assert missed.status == "missed" and missed.held_at is None
    assert series.meetings.get(status="planned").scheduled_on == future_monday + 2 * WEEK


@pytest.mark.django_db
def test_holding_a_late_meeting_plans_the_next_one_from_today(series):
    today = timezone.localdate()
    old = Meeting.objects.create(series=series, scheduled_on=today - 3 * WEEK)
    services.meeting_hold(meeting=old, by=series.leader)
    planned = series.meetings.get(status="planned")
    assert planned.scheduled_on == series.meeting_day_on_or_after(today)


@pytest.mark.django_db
def test_only_the_two_people_write_in_a_1_1(series, personas, future_monday):
    meeting = services.meeting_next(series=series, today=future_monday)
    for outsider in (personas.director, personas.seller2, personas.admin):
        with pytest.raises(ValidationError):
            services.point_add(meeting=meeting, by=outsider, text="What about me?")
        with pytest.raises(ValidationError):
            services.shared_notes_write(meeting=meeting, by=outsider, text="x")
        with pytest.raises(ValidationError):
            services.private_note_write(meeting=meeting, by=outsider, text="x")
        with pytest.raises(ValidationError):
            services.meeting_hold(meeting=meeting, by=outsider)
    meeting.refresh_from_db()
    assert meeting.status == "planned" and meeting.shared_notes == ""
    assert not meeting.points_raised.exists() and not PrivateNote.objects.exists()


# -- Carry-over ---------------------------------------------------------------------------------


@pytest.fixture
def three_weeks(series, future_monday) -> list[Meeting]:
    """Three weekly meetings of Lena and Sam, the first two held as the test goes."""
    return [
        Meeting.objects.create(series=series, scheduled_on=future_monday + n * WEEK)
        for n in range(3)
    ]


@pytest.mark.django_db
def test_a_point_not_discussed_carries_over_until_it_is_discussed(three_weeks, personas):
    first, second, third = three_weeks
    today = first.scheduled_on
    pricing = services.point_add(meeting=first, by=personas.seller, text="Pricing approval")
    territory = services.point_add(meeting=first, by=personas.leader, text="Territory split")
    assert selectors.agenda(first, today, personas.leader).new_points == [pricing, territory]

    services.point_set_discussed(point=territory, meeting=first, by=personas.leader, discussed=True)
    agenda = selectors.agenda(first, today, personas.leader)
    assert (agenda.new_points, agenda.discussed) == ([pricing], [territory])

    agenda = selectors.agenda(second, today, personas.leader)
    assert agenda.carried_over == [pricing]
    assert agenda.new_points == [] and agenda.discussed == []

    services.point_set_discussed(point=pricing, meeting=second, by=personas.seller, discussed=True)
    agenda = selectors.agenda(second, today, personas.leader)
    assert (agenda.carried_over, agenda.discussed) == ([], [pricing])
    agenda = selectors.agenda(third, today, personas.leader)
    assert agenda.carried_over == [] and agenda.discussed == [] and agenda.new_points == []

    # Unticked, it carries over again.
    services.point_set_discussed(point=pricing, meeting=second, by=personas.seller, discussed=False)
    assert selectors.agenda(third, today, personas.leader).carried_over == [pricing]


@pytest.mark.django_db
def test_a_point_raised_for_a_later_meeting_is_not_on_an_earlier_agenda(three_weeks, personas):
    first, second, _ = three_weeks
    point = services.point_add(meeting=second, by=personas.seller, text="Holiday plans")
    assert point not in selectors.agenda(first, first.scheduled_on, personas.leader).new_points
    assert selectors.agenda(second, first.scheduled_on, personas.leader).new_points == [point]


@pytest.mark.django_db
def test_a_talking_point_needs_text_and_is_ticked_only_in_its_own_series(three_weeks, personas):
    first = three_weeks[0]
    with pytest.raises(ValidationError):
        services.point_add(meeting=first, by=personas.seller, text=" ")
    point = services.point_add(meeting=first, by=personas.seller, text="Pricing")
    owens = services.series_start(leader=personas.other_leader, report=personas.other_seller)
    elsewhere = Meeting.objects.create(series=owens, scheduled_on=first.scheduled_on)
    with pytest.raises(ValidationError) as raised:
        services.point_set_discussed(
            point=point, meeting=elsewhere, by=personas.other_leader, discussed=True
        )
    assert errors_of(raised) == {"point": ["That point belongs to another 1:1."]}
    with pytest.raises(ValidationError) as raised:
        services.point_set_discussed(
            point=point, meeting=first, by=personas.director, discussed=True
        )
    assert "by" in errors_of(raised)
    point.refresh_from_db()
    assert point.discussed_in is None


@pytest.mark.django_db
def test_a_point_for_a_later_meeting_cannot_be_ticked_in_an_earlier_one(three_weeks, personas):
    first, second, _ = three_weeks
    point = services.point_add(meeting=second, by=personas.seller, text="Holiday plans")
    with pytest.raises(ValidationError) as raised:
        services.point_set_discussed(point=point, meeting=first, by=personas.leader, discussed=True)
    assert errors_of(raised) == {"point": ["That point is on the agenda of a later meeting."]}


@pytest.mark.django_db
def test_an_action_carries_forward_until_done_and_shows_as_done_only_where_it_was_done(
    three_weeks, personas
):
    first, second, third = three_weeks
    today = first.scheduled_on
    action = services.action_add(
        meeting=first,
        by=personas.leader,
        text="Send the reference case study",
        owner=personas.seller,
        due_on=today + datetime.timedelta(days=3),
    )
    assert selectors.agenda(first, today, personas.leader).open_actions == [action]
    assert selectors.agenda(second, today, personas.leader).open_actions == [action]

    services.action_set_done(action=action, meeting=second, by=personas.seller, done=True)
    action.refresh_from_db()
    assert action.done_in == second and action.done_on is not None
    done_in_second = selectors.agenda(second, today, personas.leader)
    assert (done_in_second.open_actions, done_in_second.done_actions) == ([], [action])
    for other in (first, third):
        agenda = selectors.agenda(other, today, personas.leader)
        assert agenda.open_actions == [] and agenda.done_actions == [], other

    services.action_set_done(action=action, meeting=None, by=personas.leader, done=False)
    assert selectors.agenda(third, today, personas.leader).open_actions == [action]


@pytest.mark.django_db
def test_an_action_is_owned_by_one_of_the_two_and_ticked_only_in_its_series(three_weeks, personas):
    first = three_weeks[0]
    with pytest.raises(ValidationError) as raised:
        services.action_add(meeting=first, by=personas.leader, text="x", owner=personas.director)
    assert "owner" in errors_of(raised)
    with pytest.raises(ValidationError):
        services.action_add(meeting=first, by=personas.leader, text="", owner=personas.seller)
    action = services.action_add(
        meeting=first, by=personas.leader, text="Book the demo", owner=personas.seller
    )
    owens = services.series_start(leader=personas.other_leader, report=personas.other_seller)
    elsewhere = Meeting.objects.create(series=owens, scheduled_on=first.scheduled_on)
    with pytest.raises(ValidationError) as raised:
        services.action_set_done(action=action, meeting=elsewhere, by=personas.seller, done=True)
    assert errors_of(raised) == {"action": ["That action belongs to another 1:1."]}
    for outsider in (personas.director, personas.other_leader):
        with pytest.raises(ValidationError) as raised:
            services.action_set_done(action=action, meeting=first, by=outsider, done=True)
        assert "by" in errors_of(raised)
    action.refresh_from_db()
    assert action.done_on is None


# -- The standing question and notes -------------------------------------------------------------


@pytest.mark.django_db
def test_every_agenda_asks_the_standing_question(three_weeks, personas):
    agenda = selectors.agenda(three_weeks[0], three_weeks[0].scheduled_on, personas.leader)
    assert agenda.question == "What else can I do to make you even more successful?"


@pytest.mark.django_db
def test_the_seller_alone_writes_the_answer_to_the_standing_question(three_weeks, personas):
    meeting = three_weeks[0]
    services.answer_write(meeting=meeting, by=personas.seller, text=" More help on pricing ")
    meeting.refresh_from_db()
    assert meeting.answer == "More help on pricing"
    for someone in (personas.leader, personas.director):
        with pytest.raises(ValidationError) as raised:
            services.answer_write(meeting=meeting, by=someone, text="Nothing")
        assert errors_of(raised) == {"answer": ["The answer is the seller's to write."]}
    meeting.refresh_from_db()
    assert meeting.answer == "More help on pricing"


@pytest.mark.django_db
def test_the_answer_becomes_actions_owned_by_the_leader(three_weeks, personas):
    meeting = three_weeks[0]
    due = meeting.scheduled_on + WEEK
    actions = services.answer_to_actions(
        meeting=meeting,
        by=personas.leader,
        texts=["Get a pricing desk contact", "  ", "Join the Acme call"],
        due_on=due,
    )
    assert [a.text for a in actions] == ["Get a pricing desk contact", "Join the Acme call"]
    for action in ActionItem.objects.all():
        assert (action.owner, action.from_question, action.due_on) == (personas.leader, True, due)
        assert action.raised_in == meeting
    with pytest.raises(ValidationError) as raised:
        services.answer_to_actions(meeting=meeting, by=personas.leader, texts=["", " "])
    assert "texts" in errors_of(raised)
    for someone in (personas.seller, personas.director):
        with pytest.raises(ValidationError):
            services.answer_to_actions(meeting=meeting, by=someone, texts=["Mine to do"])
    assert ActionItem.objects.count() == 2


@pytest.mark.django_db
def test_shared_notes_are_written_by_either_party(three_weeks, personas):
    meeting = three_weeks[0]
    services.shared_notes_write(meeting=meeting, by=personas.seller, text="Agreed the plan")
    services.shared_notes_write(meeting=meeting, by=personas.leader, text="Agreed the plan. Go.")
    meeting.refresh_from_db()
    assert meeting.shared_notes == "Agreed the plan. Go."


@pytest.mark.django_db
def test_each_party_keeps_one_private_note_per_meeting(three_weeks, personas):
    meeting = three_weeks[0]
    services.private_note_write(meeting=meeting, by=personas.leader, text="Seems tired")
    services.private_note_write(meeting=meeting, by=personas.seller, text="Ask about promotion")
    services.private_note_write(meeting=meeting, by=personas.leader, text="Seems tired; ask HR")
    notes = {n.author: n.text for n in PrivateNote.objects.filter(meeting=meeting)}
    assert notes == {personas.leader: "Seems tired; ask HR", personas.seller: "Ask about promotion"}


# -- The coaching on the agenda -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_agenda_lists_the_sellers_open_assignments_and_those_waiting_for_evaluation(
    three_weeks, personas
):
    meeting = three_weeks[0]
    day = meeting.scheduled_on
    item = services.item_open(person=personas.seller, by=personas.leader, title="Discovery")
    soon = services.assignment_add(
        item=item, by=personas.leader, title="Soon", started_on=day - WEEK, due_on=day + WEEK
    )
    later = services.assignment_add(
        item=item, by=personas.leader, title="Later", started_on=day, due_on=day + 3 * WEEK
    )
    done = services.assignment_add(
        item=item, by=personas.leader, title="Done", started_on=day, due_on=day + 3 * WEEK
    )
    services.assignment_complete(assignment=done, by=personas.seller, note="ok")
    sofias = services.item_open(person=personas.seller2, by=personas.leader, title="Not Sam's")
    services.assignment_add(
        item=sofias, by=personas.leader, title="Sofia's", started_on=day, due_on=day + WEEK
    )
    agenda = selectors.agenda(meeting, day, personas.leader)
    assert agenda.open_assignments == [soon, later]
    assert agenda.items_to_evaluate == [done]


@pytest.mark.django_db
def test_the_agenda_runs_the_same_queries_however_many_assignments_it_lists(three_weeks, personas):
    meeting = three_weeks[0]
    day = meeting.scheduled_on
    item = services.item_open(person=personas.seller, by=personas.leader, title="Discovery")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            leader = Person.objects.get(pk=personas.leader.pk)  # asks the org chart afresh
            selectors.agenda(Meeting.objects.get(pk=meeting.pk), day, leader)
        return len(captured)

    services.assignment_add(item=item, by=personas.leader, title="1", started_on=day)
    one = count()
    for n in range(5):
        services.assignment_add(item=item, by=personas.leader, title=str(n), started_on=day)
        services.point_add(meeting=meeting, by=personas.seller, text=f"Point {n}")
        services.action_add(
            meeting=meeting, by=personas.leader, text=f"A{n}", owner=personas.seller
        )
    assert count() == one


# -- Late 1:1s ------------------------------------------------------------------------------------


def dated_series(leader, report, started_on: datetime.date) -> OneOnOneSeries:
    series = services.series_start(leader=leader, report=report)
    OneOnOneSeries.objects.filter(pk=series.pk).update(started_on=started_on)
    series.refresh_from_db()
    return series


def meeting_on(series: OneOnOneSeries, day: datetime.date, status: str) -> Meeting:
    return Meeting.objects.create(series=series, scheduled_on=day, status=status)


@pytest.mark.django_db
def test_a_series_whose_last_slot_passed_without_a_held_meeting_is_late(personas):
    series = dated_series(personas.leader, personas.seller, datetime.date(2025, 5, 1))
    meeting_on(series, MON - WEEK, "held")
    meeting_on(series, MON, "planned")  # left planned after its day
    late = selectors.late_one_on_ones(personas.leader, WED)
    assert [(x.series, x.last_held, x.missed) for x in late] == [(series, MON - WEEK, [MON])]


@pytest.mark.django_db
def test_meetings_marked_missed_since_the_last_held_one_are_listed(personas):
    series = dated_series(personas.leader, personas.seller, datetime.date(2025, 4, 1))
    meeting_on(series, MON - 3 * WEEK, "missed")  # before the last held one: made up for
    meeting_on(series, MON - 2 * WEEK, "held")
    meeting_on(series, MON - WEEK, "missed")
    meeting_on(series, MON, "planned")
    (late,) = selectors.late_one_on_ones(personas.leader, WED)
    assert late.missed == [MON - WEEK, MON]


@pytest.mark.django_db
def test_a_series_held_this_week_is_not_late(personas):
    series = dated_series(personas.leader, personas.seller, datetime.date(2025, 5, 1))
    meeting_on(series, MON - WEEK, "held")
    meeting_on(series, MON, "held")
    meeting_on(series, MON + WEEK, "planned")  # the next one, still ahead
    assert selectors.late_one_on_ones(personas.leader, WED) == []
    # On the meeting day itself, the meeting not held yet is not late either.
    assert selectors.late_one_on_ones(personas.leader, MON + WEEK) == []


@pytest.mark.django_db
def test_a_meeting_moved_a_few_days_within_the_week_still_counts(personas):
    series = dated_series(personas.leader, personas.seller, datetime.date(2025, 5, 1))
    meeting_on(series, MON - datetime.timedelta(days=3), "held")  # the Friday before
    assert selectors.late_one_on_ones(personas.leader, WED) == []


@pytest.mark.django_db
def test_a_new_series_is_not_late_before_its_first_slot_has_passed(personas):
    dated_series(personas.leader, personas.seller, WED)  # started today
    dated_series(personas.leader, personas.seller2, MON + datetime.timedelta(days=1))
    assert selectors.late_one_on_ones(personas.leader, WED) == []


@pytest.mark.django_db
def test_a_series_never_held_since_a_slot_passed_is_late(personas):
    series = dated_series(personas.leader, personas.seller, MON - datetime.timedelta(days=6))
    (late,) = selectors.late_one_on_ones(personas.leader, WED)
    assert (late.series, late.last_held, late.missed) == (series, None, [])


@pytest.mark.django_db
def test_late_1_1s_are_the_leaders_own_and_current_ones(personas):
    mine = dated_series(personas.leader, personas.seller, datetime.date(2025, 5, 1))
    dated_series(personas.other_leader, personas.other_seller, datetime.date(2025, 5, 1))
    ended = dated_series(personas.leader, personas.seller2, datetime.date(2025, 5, 1))
    OneOnOneSeries.objects.filter(pk=ended.pk).update(ended_on=MON)
    assert [x.series for x in selectors.late_one_on_ones(personas.leader, WED)] == [mine]


@pytest.mark.django_db
def test_late_1_1s_run_the_same_queries_however_many_series_and_meetings(personas):
    dated_series(personas.leader, personas.seller, datetime.date(2025, 5, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.late_one_on_ones(personas.leader, WED)
        return len(captured)

    one = count()
    two = dated_series(personas.leader, personas.seller2, datetime.date(2025, 5, 1))
    for weeks in range(1, 4):
        meeting_on(two, MON - weeks * WEEK, "missed")
    assert count() == one


def test_the_fixed_week_starts_on_a_monday():
    assert MON.weekday() == 0 and WED.weekday() == 2
    assert next_monday_after(WED) == MON + WEEK
