"""The weekly 1:1 pages: starting a series, the meeting's agenda (carried-over points and
actions, the Monday question, shared and private notes), who may open or write what, htmx
partials, and query counts that do not grow with the agenda."""

import datetime
import logging

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadwell.coaching import services
from leadwell.coaching.models import (
    ActionItem,
    Meeting,
    OneOnOneSeries,
    PrivateNote,
    TalkingPoint,
)
from leadwell.coaching.models.one_on_ones import MONDAY_QUESTION
from tests.conftest import text_of

# A 1:1 is between its two people only: not the other seller on the team, not the other team,
# not the director above the leader, not an administrator.
OUTSIDERS = ["seller2", "other_seller", "other_leader", "director", "admin"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, *args) -> str:
    return reverse(f"one_on_ones:{name}", args=args)


def day(d: datetime.date) -> str:
    """A meeting's day as the pages write it (British English, the default language)."""
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def short_day(d: datetime.date) -> str:
    return f"{d.day} {d:%b} {d.year}"


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def series(personas) -> OneOnOneSeries:
    return services.series_start(leader=personas.leader, report=personas.seller)


@pytest.fixture
def meeting(series) -> Meeting:
    return services.meeting_next(series=series)


def next_meeting_after_holding(client, meeting: Meeting, held: str = "yes") -> Meeting:
    response = client.post(url("held", meeting.pk), {"held": held})
    assert response.status_code == 302
    following = Meeting.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    assert following.scheduled_on > meeting.scheduled_on
    return following


# -- Starting a 1:1 -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_leader_starts_a_weekly_one_on_one_with_sam_on_mondays_by_default(personas):
    client = personas.client("leader")
    listing = client.get(url("list")).content.decode()
    assert "Start weekly 1:1" in listing
    assert '<option value="0" selected>Monday</option>' in listing

    response = client.post(url("start"), {"report": personas.seller.pk, "weekday": "0"})

    series = OneOnOneSeries.objects.get(leader=personas.leader, report=personas.seller)
    assert series.weekday == OneOnOneSeries.Weekday.MONDAY
    assert response.status_code == 302 and response.url == url("series", series.pk)
    # Nothing is planned until Lena says so: the page offers the day and a button.
    page = client.get(response.url).content.decode()
    assert "Plan the next 1:1" in page and url("plan", series.pk) in page
    assert day(series.meeting_day_on_or_after(timezone.localdate())) in page
    assert not series.meetings.exists()
    response = client.post(url("plan", series.pk))
    assert response.status_code == 302 and response.url == url("series", series.pk)
    page = client.get(response.url)
    upcoming = series.meetings.get()
    assert "Plan the next 1:1" not in page.content.decode()
    assert upcoming.scheduled_on.weekday() == 0
    assert upcoming.scheduled_on >= timezone.localdate()
    assert day(upcoming.scheduled_on) in page.content.decode()
    assert url("meeting", upcoming.pk) in page.content.decode()
    # Back on the list, Sam's row now shows the series instead of the start form.
    listing = client.get(url("list")).content.decode()
    assert url("series", series.pk) in listing
    assert day(upcoming.scheduled_on) in listing


@pytest.mark.django_db
def test_opening_the_series_page_plans_nothing_and_either_of_the_two_plans_the_next_1_1(
    personas, series
):
    for who in ["leader", "seller"]:
        assert personas.client(who).get(url("series", series.pk)).status_code == 200
    assert not series.meetings.exists()
    response = personas.client("seller").post(url("plan", series.pk))
    assert "The next 1:1 is planned for" in " ".join(messages_of(response))
    planned = series.meetings.get()
    # Planning again keeps the meeting already planned.
    personas.client("leader").post(url("plan", series.pk))
    assert list(series.meetings.all()) == [planned]
    assert personas.client("leader").get(url("plan", series.pk)).status_code == 405


@pytest.mark.django_db
def test_the_seller_finds_their_one_on_one_with_their_manager_on_their_list(personas, series):
    page = personas.client("seller").get(url("list")).content.decode()
    assert "1:1 with Lena Hart" in page
    assert url("series", series.pk) in page
    assert "Start weekly 1:1" not in page


@pytest.mark.django_db
def test_without_one_on_ones_the_list_says_so(personas):
    page = personas.client("seller").get(url("list")).content.decode()
    assert "Your manager has not started a weekly 1:1 with you yet" in page
    assert "You have no direct reports" in page


@pytest.mark.django_db
def test_a_leader_cannot_start_a_one_on_one_with_someone_who_is_not_their_direct_report(
    personas,
):
    # Dana is in Sam's management line but is not Sam's manager: a clear message.
    response = personas.client("director").post(
        url("start"), {"report": personas.seller.pk, "weekday": "0"}
    )
    assert response.status_code == 302 and response.url == url("list")
    assert "Sam Ortiz is not a direct report of Dana Whitfield." in messages_of(response)
    # Lena has nothing to do with Omar, on the other team: he is not even found.
    response = personas.client("leader").post(
        url("start"), {"report": personas.other_seller.pk, "weekday": "0"}
    )
    assert response.status_code == 404
    # A seller cannot start one with a teammate.
    response = personas.client("seller").post(
        url("start"), {"report": personas.seller2.pk, "weekday": "0"}
    )
    assert response.status_code == 404
    assert not OneOnOneSeries.objects.exists()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_weekday_outside_monday_to_friday_is_refused_with_a_message(personas):
    response = personas.client("leader").post(
        url("start"), {"report": personas.seller.pk, "weekday": "6"}
    )
    assert "Choose a weekday from Monday to Friday." in messages_of(response)
    assert not OneOnOneSeries.objects.exists()


@pytest.mark.django_db
def test_the_leader_moves_the_one_on_one_to_wednesdays_and_the_seller_cannot(
    personas, series, caplog
):
    services.meeting_next(series=series)
    caplog.set_level(logging.WARNING, logger="leadwell.security")
    response = personas.client("seller").post(url("day", series.pk), {"weekday": "2"})
    assert response.status_code == 404
    seller_id = personas.user("seller").pk
    refusal = f"user={seller_id} action=OneOnOneSeries.change_day object_id={series.pk}"
    assert refusal in caplog.text
    series.refresh_from_db()
    assert series.weekday == OneOnOneSeries.Weekday.MONDAY

    response = personas.client("leader").post(url("day", series.pk), {"weekday": "2"})
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.weekday == OneOnOneSeries.Weekday.WEDNESDAY
    page = personas.client("leader").get(url("series", series.pk)).content.decode()
    assert "Weekly on Wednesdays" in page
    assert series.meetings.get(status=Meeting.Status.PLANNED).scheduled_on.weekday() == 2


# -- The series page and its history --------------------------------------------------------------


@pytest.mark.django_db
def test_the_series_page_shows_past_meetings_held_missed_and_a_planned_one_past_its_day_as_missed(
    personas, series
):
    today = timezone.localdate()
    monday = series.meeting_day_on_or_before(today - datetime.timedelta(days=1))
    held = Meeting.objects.create(
        series=series, scheduled_on=monday - datetime.timedelta(days=14), status="held"
    )
    missed = Meeting.objects.create(
        series=series, scheduled_on=monday - datetime.timedelta(days=7), status="missed"
    )
    forgotten = Meeting.objects.create(series=series, scheduled_on=monday, status="planned")

    page = personas.client("seller").get(url("series", series.pk)).content.decode()

    history = page.split("Past 1:1s", 1)[1]
    for meeting, outcome in [(held, "Held"), (missed, "Missed"), (forgotten, "Missed")]:
        row = history.split(day(meeting.scheduled_on), 1)[1].split("</tr>", 1)[0]
        assert f">{outcome}<" in row, meeting
    assert "Change the day" not in page  # the seller does not set the day


@pytest.mark.django_db
def test_a_long_history_is_paginated(personas, series):
    first = series.meeting_day_on_or_before(timezone.localdate()) - datetime.timedelta(weeks=30)
    Meeting.objects.bulk_create(
        Meeting(series=series, scheduled_on=first + datetime.timedelta(weeks=n), status="held")
        for n in range(25)
    )
    client = personas.client("leader")
    page_one = client.get(url("series", series.pk)).content.decode()
    assert "Page 1 of 2 · 25 1:1s" in page_one
    page_two = client.get(url("series", series.pk) + "?page=2").content.decode()
    assert day(first) in page_two and day(first) not in page_one


@pytest.mark.django_db
def test_a_series_behind_schedule_is_flagged_late_on_the_leaders_list(personas, series):
    last_slot = series.meeting_day_on_or_before(timezone.localdate() - datetime.timedelta(days=1))
    OneOnOneSeries.objects.filter(pk=series.pk).update(
        started_on=last_slot - datetime.timedelta(weeks=4)
    )
    Meeting.objects.create(series=series, scheduled_on=last_slot, status="planned")
    page = personas.client("leader").get(url("list")).content.decode()
    assert "Late" in page
    assert f"missed {short_day(last_slot)}" in text_of(page)


# -- The agenda -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_point_not_ticked_as_discussed_carries_over_to_the_next_meeting_once_held(
    personas, meeting
):
    client = personas.client("leader")
    client.post(url("point_add", meeting.pk), {"text": "Renewal risk at Acme"})
    personas.client("seller").post(url("point_add", meeting.pk), {"text": "Training budget"})
    acme = TalkingPoint.objects.get(text="Renewal risk at Acme")
    client.post(url("point_discussed", meeting.pk, acme.pk), {"discussed": "on"})

    following = next_meeting_after_holding(client, meeting)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    page = client.get(url("meeting", following.pk)).content.decode()
    assert "Training budget" in page
    assert f"carried over from {short_day(meeting.scheduled_on)}" in text_of(page)
    assert "Renewal risk at Acme" not in page


@pytest.mark.django_db
def test_unticking_a_point_puts_it_back_on_the_next_agenda(personas, meeting):
    client = personas.client("seller")
    point = services.point_add(meeting=meeting, by=personas.seller, text="Commission question")
    client.post(url("point_discussed", meeting.pk, point.pk), {"discussed": "on"})
    client.post(url("point_discussed", meeting.pk, point.pk), {})
    point.refresh_from_db()
    assert point.discussed_in is None
    following = next_meeting_after_holding(client, meeting, held="no")
    assert "Commission question" in client.get(url("meeting", following.pk)).content.decode()


@pytest.mark.django_db
def test_an_action_item_carries_forward_until_it_is_done(personas, meeting):
    client = personas.client("leader")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.post(
        url("action_add", meeting.pk),
        {
            "text": "Send the Acme proposal",
            "owner": personas.seller.pk,
            "due_on": yesterday.isoformat(),
        },
    )
    action = ActionItem.objects.get(text="Send the Acme proposal")
    assert action.owner == personas.seller
    first = client.get(url("meeting", meeting.pk)).content.decode()
    row = first.split(f'data-action="{action.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Sam Ortiz" in row and "overdue" in row

    second = next_meeting_after_holding(client, meeting)
    assert "Send the Acme proposal" in client.get(url("meeting", second.pk)).content.decode()
    third = next_meeting_after_holding(client, second, held="no")
    assert "Send the Acme proposal" in client.get(url("meeting", third.pk)).content.decode()

    personas.client("seller").post(url("action_done", third.pk, action.pk), {"done": "on"})
    action.refresh_from_db()
    assert action.done_in == third
    fourth = next_meeting_after_holding(client, third)
    assert "Send the Acme proposal" not in client.get(url("meeting", fourth.pk)).content.decode()


@pytest.mark.django_db
def test_an_action_needs_text_and_one_of_the_two_as_owner(personas, meeting):
    client = personas.client("leader")
    response = client.post(
        url("action_add", meeting.pk), {"text": " ", "owner": personas.seller.pk}
    )
    assert response.status_code == 422
    assert '<p class="field-error" id="action-text-error">Enter the action.</p>' in (
        response.content.decode()
    )
    response = client.post(
        url("action_add", meeting.pk), {"text": "Call", "owner": personas.seller2.pk}
    )
    assert "Choose who owns the action." in response.content.decode()
    response = client.post(
        url("action_add", meeting.pk),
        {"text": "Call", "owner": personas.seller.pk, "due_on": "next week"},
    )
    assert "Due date: enter a date like 2026-11-23." in response.content.decode()
    assert not ActionItem.objects.exists()


@pytest.mark.django_db
def test_the_seller_answers_the_monday_question_and_the_leader_turns_it_into_their_actions(
    personas, meeting
):
    seller = personas.client("seller")
    page = seller.get(url("meeting", meeting.pk)).content.decode()
    assert MONDAY_QUESTION in page
    assert 'name="text"' in page.split('id="answer"', 1)[1].split("</section>", 1)[0]

    seller.post(
        url("answer", meeting.pk),
        {"text": "Help me get time with Acme's CFO, and cover my Friday demo."},
    )

    leader = personas.client("leader")
    page = leader.get(url("meeting", meeting.pk)).content.decode()
    assert "Help me get time with Acme&#x27;s CFO, and cover my Friday demo." in page
    due = timezone.localdate() + datetime.timedelta(days=7)
    leader.post(
        url("answer_actions", meeting.pk),
        {
            "texts": "Introduce Sam to Acme's CFO\n\nCover Friday's demo\n",
            "due_on": due.isoformat(),
        },
    )
    actions = ActionItem.objects.order_by("text")
    assert [(a.text, a.owner, a.from_question, a.due_on) for a in actions] == [
        ("Cover Friday's demo", personas.leader, True, due),
        ("Introduce Sam to Acme's CFO", personas.leader, True, due),
    ]
    assert "Cover Friday&#x27;s demo" in seller.get(url("meeting", meeting.pk)).content.decode()


@pytest.mark.django_db
def test_the_answer_is_the_sellers_to_write(personas, meeting):
    response = personas.client("leader").post(url("answer", meeting.pk), {"text": "Nothing"})
    assert response.status_code == 422
    assert "The answer is the seller&#x27;s to write." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.answer == ""


@pytest.mark.django_db
def test_each_side_is_offered_only_the_forms_the_rules_give_them(personas, meeting):
    seller = personas.client("seller").get(url("meeting", meeting.pk)).content.decode()
    leader = personas.client("leader").get(url("meeting", meeting.pk)).content.decode()
    assert "Save my answer" in seller and "Save my answer" not in leader
    assert "Add as my actions" in leader and "Add as my actions" not in seller
    series_page = personas.client("leader").get(url("series", meeting.series_id)).content.decode()
    assert "Change the day" in series_page


@pytest.mark.django_db
def test_shared_notes_are_visible_to_both(personas, meeting):
    personas.client("seller").post(
        url("shared_notes", meeting.pk), {"text": "Agreed: two discovery calls shadowed"}
    )
    for who in ["leader", "seller"]:
        page = personas.client(who).get(url("meeting", meeting.pk)).content.decode()
        assert "Agreed: two discovery calls shadowed" in page


@pytest.mark.django_db
def test_a_private_note_is_visible_to_its_author_only(personas, meeting):
    personas.client("leader").post(
        url("private_note", meeting.pk), {"text": "Sam seemed worried about the reorg"}
    )
    personas.client("seller").post(
        url("private_note", meeting.pk), {"text": "Ask about the promotion path"}
    )
    assert PrivateNote.objects.count() == 2

    leader_page = personas.client("leader").get(url("meeting", meeting.pk)).content.decode()
    seller_page = personas.client("seller").get(url("meeting", meeting.pk)).content.decode()
    assert "Sam seemed worried about the reorg" in leader_page
    assert "Ask about the promotion path" not in leader_page
    assert "Ask about the promotion path" in seller_page
    assert "Sam seemed worried about the reorg" not in seller_page
    director = personas.client("director").get(url("meeting", meeting.pk))
    assert director.status_code == 404
    assert b"Sam seemed worried" not in director.content


# -- Access ---------------------------------------------------------------------------------------


def _writes(personas, meeting: Meeting) -> list[tuple[str, dict]]:
    point = services.point_add(meeting=meeting, by=personas.leader, text="Pipeline review")
    action = services.action_add(
        meeting=meeting, by=personas.leader, text="Update the forecast", owner=personas.seller
    )
    return [
        (url("day", meeting.series_id), {"weekday": "3"}),
        (url("plan", meeting.series_id), {}),
        (url("point_add", meeting.pk), {"text": "Intruder point"}),
        (url("point_discussed", meeting.pk, point.pk), {"discussed": "on"}),
        (url("action_add", meeting.pk), {"text": "Intruder action", "owner": point.added_by_id}),
        (url("action_done", meeting.pk, action.pk), {"done": "on"}),
        (url("answer", meeting.pk), {"text": "Intruder answer"}),
        (url("answer_actions", meeting.pk), {"texts": "Intruder action"}),
        (url("shared_notes", meeting.pk), {"text": "Intruder notes"}),
        (url("private_note", meeting.pk), {"text": "Intruder note"}),
        (url("held", meeting.pk), {"held": "yes"}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_the_series_the_meeting_and_every_write(personas, meeting, outsider):
    client = personas.client(outsider)
    assert client.get(url("series", meeting.series_id)).status_code == 404
    assert client.get(url("meeting", meeting.pk)).status_code == 404
    for address, data in _writes(personas, meeting):
        assert client.post(address, data).status_code == 404, address
        assert client.post(address, data, **HTMX).status_code == 404, address
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert (meeting.answer, meeting.shared_notes) == ("", "")
    assert meeting.series.weekday == OneOnOneSeries.Weekday.MONDAY
    assert TalkingPoint.objects.get().discussed_in is None
    assert ActionItem.objects.get().done_on is None
    assert not PrivateNote.objects.exists()
    assert url("series", meeting.series_id) not in client.get(url("list")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("party", ["leader", "seller"])
def test_both_parties_open_the_series_and_the_meeting(personas, meeting, party):
    client = personas.client(party)
    assert client.get(url("series", meeting.series_id)).status_code == 200
    assert client.get(url("meeting", meeting.pk)).status_code == 200


@pytest.mark.django_db
def test_pages_refuse_get_on_writes(personas, meeting):
    assert personas.client("leader").get(url("held", meeting.pk)).status_code == 405


@pytest.mark.django_db
def test_a_point_of_another_one_on_one_cannot_be_ticked_in_this_meeting(personas, meeting):
    other_series = services.series_start(leader=personas.leader, report=personas.seller2)
    other_meeting = services.meeting_next(series=other_series)
    point = services.point_add(meeting=other_meeting, by=personas.seller2, text="Sofia's point")
    response = personas.client("leader").post(
        url("point_discussed", meeting.pk, point.pk), {"discussed": "on"}, **HTMX
    )
    assert response.status_code == 422
    assert "That point belongs to another 1:1." in response.content.decode()
    # Sam may tick points in his own 1:1 but cannot even find Sofia's.
    response = personas.client("seller").post(
        url("point_discussed", meeting.pk, point.pk), {"discussed": "on"}
    )
    assert response.status_code == 404
    point.refresh_from_db()
    assert point.discussed_in is None


# -- htmx and query counts ------------------------------------------------------------------------


@pytest.mark.django_db
def test_htmx_requests_get_the_section_they_swap_not_a_whole_page(personas, meeting):
    client = personas.client("leader")
    response = client.post(url("point_add", meeting.pk), {"text": "Q3 territory"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<section id="points"')
    assert "Q3 territory" in body

    point = TalkingPoint.objects.get()
    body = client.post(
        url("point_discussed", meeting.pk, point.pk), {"discussed": "on"}, **HTMX
    ).content.decode()
    assert "<html" not in body and "checked" in body

    response = client.post(
        url("answer_actions", meeting.pk), {"texts": "Book the QBR room"}, **HTMX
    )
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="answer"' in body
    # The new action shows in the action list, swapped alongside.
    assert (
        'id="actions" class="card agenda-actions" aria-labelledby="actions-heading" hx-swap-oob="true"'
        in body
    )
    assert "Book the QBR room" in body

    for name, data in [
        ("shared_notes", {"text": "Shared"}),
        ("private_note", {"text": "Mine"}),
        ("action_add", {"text": "Call Acme", "owner": personas.leader.pk}),
    ]:
        response = client.post(url(name, meeting.pk), data, **HTMX)
        assert response.status_code == 200 and "<html" not in response.content.decode(), name


@pytest.mark.django_db
def test_htmx_gets_a_422_with_the_message_when_a_write_is_refused(personas, meeting):
    response = personas.client("seller").post(url("point_add", meeting.pk), {"text": ""}, **HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "<html" not in body and "Enter a talking point." in body
    assert not TalkingPoint.objects.exists()


@pytest.mark.django_db
def test_marking_held_over_htmx_redirects_the_browser_to_the_next_meeting(personas, meeting):
    response = personas.client("seller").post(url("held", meeting.pk), {"held": "yes"}, **HTMX)
    following = Meeting.objects.get(status=Meeting.Status.PLANNED)
    assert response.headers["HX-Redirect"] == url("meeting", following.pk)


def _queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_meeting_page_query_count_does_not_grow_with_points_and_actions(personas, meeting):
    client = personas.client("leader")
    address = url("meeting", meeting.pk)

    def add(n: int, on: Meeting) -> None:
        for who in (personas.leader, personas.seller):
            point = services.point_add(meeting=on, by=who, text=f"Point {n} by {who.name}")
            action = services.action_add(
                meeting=on, by=who, text=f"Action {n}", owner=who, due_on=on.scheduled_on
            )
        services.point_set_discussed(point=point, meeting=on, by=who, discussed=True)
        services.action_set_done(action=action, meeting=on, by=who, done=True)

    earlier = Meeting.objects.create(
        series=meeting.series,
        scheduled_on=meeting.scheduled_on - datetime.timedelta(weeks=1),
        status="held",
    )
    add(0, earlier)
    add(0, meeting)
    before = _queries(client, address)
    for n in range(1, 6):
        add(n, earlier)
        add(n, meeting)
    assert _queries(client, address) == before


@pytest.mark.django_db
def test_the_list_and_series_pages_query_counts_do_not_grow_with_meetings(personas, series):
    client = personas.client("leader")
    start = series.meeting_day_on_or_before(timezone.localdate()) - datetime.timedelta(weeks=60)
    Meeting.objects.create(series=series, scheduled_on=start, status="held")
    services.meeting_next(series=series)  # the series page plans the next 1:1 on first visit
    before = [_queries(client, url("list")), _queries(client, url("series", series.pk))]
    Meeting.objects.bulk_create(
        Meeting(series=series, scheduled_on=start + datetime.timedelta(weeks=n), status="held")
        for n in range(1, 15)
    )
    services.series_start(leader=personas.leader, report=personas.seller2)
    after = [_queries(client, url("list")), _queries(client, url("series", series.pk))]
    assert after == before
