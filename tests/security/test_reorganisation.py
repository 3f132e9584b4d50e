"""A reorganisation leaves nobody inside: when Sam moves from Lena's team to Owen's, Lena's 1:1
with Sam ends with the reporting line. Both still read its history; it shows nothing from after
the move (no planned meeting, none of the new team's coaching) and takes no more writes, on
the pages and in the API alike."""

import datetime
import json

import pytest
from django.utils import timezone

from leadwell.coaching import selectors, services
from leadwell.coaching.models import ActionItem, Meeting, OneOnOneSeries, TalkingPoint
from leadwell.org import services as org
from tests.conftest import one_on_one_held_last_week

pytestmark = pytest.mark.django_db

NEW_TEAMS_SECRET = "Owen's plan for Sam: Quill-4410"
OLD_POINT = "Legal review is slowing two contracts"


@pytest.fixture
def moved(personas):
    """Sam's 1:1 with Lena held last week, a point and an action open, the next one planned;
    then Sam moves to Owen's team today and Owen opens coaching with an assignment."""
    today = timezone.localdate()
    series, held = one_on_one_held_last_week(personas.leader, personas.seller)
    services.point_add(meeting=held, by=personas.seller, text=OLD_POINT)
    services.action_add(meeting=held, by=personas.leader, text="Call legal", owner=personas.leader)
    services.meeting_hold(meeting=held, by=personas.leader)
    planned = series.next_meeting(today)
    assert planned is not None

    org.person_join_team(person=personas.seller, team=personas.denver, on=today)

    item = services.item_open(person=personas.seller, by=personas.other_leader, title="Pipeline")
    services.assignment_add(
        item=item, by=personas.other_leader, title=NEW_TEAMS_SECRET, started_on=today
    )
    series.refresh_from_db()
    return series, held, planned


def test_the_1_1_ends_the_day_the_reporting_line_ends(personas, moved):
    series, _, _ = moved
    assert series.ended_on == timezone.localdate()
    assert series.has_ended() and not series.is_active


def test_both_still_read_its_history_in_the_api(personas, moved):
    series, held, _ = moved
    for key in ("leader", "seller"):
        answer = personas.api(key).get(f"/api/v1/one-on-ones/{series.pk}")
        assert answer.status_code == 200
        body = answer.json()
        assert body["is_active"] is False and body["ended_on"] == str(series.ended_on)
        assert [m["id"] for m in body["recent_meetings"]] == [held.pk]
        meeting = personas.api(key).get(f"/api/v1/meetings/{held.pk}")
        assert meeting.status_code == 200
        assert OLD_POINT in meeting.content.decode()


def test_it_shows_nothing_from_after_the_line_ended(personas, moved):
    series, held, planned = moved
    for key in ("leader", "seller"):
        api = personas.api(key)
        # The meeting planned for after the move never takes place: not found, not listed.
        assert api.get(f"/api/v1/meetings/{planned.pk}").status_code == 404
        listed = api.get(f"/api/v1/one-on-ones/{series.pk}/meetings").json()["items"]
        assert [m["id"] for m in listed] == [held.pk]
        assert api.get(f"/api/v1/one-on-ones/{series.pk}/next-meeting").status_code == 404
        # The agenda's coaching is from the live org chart: an ended 1:1 shows none of it.
        agenda = api.get(f"/api/v1/meetings/{held.pk}").json()["agenda"]
        assert agenda["open_assignments"] == [] and agenda["items_to_evaluate"] == []
        for address in (f"/one-on-ones/{series.pk}/", f"/one-on-ones/meetings/{held.pk}/"):
            page = personas.client(key).get(address)
            assert page.status_code == 200
            assert NEW_TEAMS_SECRET not in page.content.decode()
            assert "This 1:1 ended on" in page.content.decode()
        assert personas.client(key).get(f"/one-on-ones/meetings/{planned.pk}/").status_code == 404


def test_the_old_leader_never_sees_the_new_teams_coaching_anywhere(personas, moved):
    series, held, _ = moved
    lena = personas.api("leader")
    for address in (
        f"/api/v1/one-on-ones/{series.pk}",
        f"/api/v1/meetings/{held.pk}",
        f"/api/v1/one-on-ones/{series.pk}/meetings",
        "/api/v1/one-on-ones/",
    ):
        assert NEW_TEAMS_SECRET not in lena.get(address).content.decode()
    assert lena.get(f"/api/v1/people/{personas.seller.pk}/coaching-items").status_code == 404


@pytest.mark.parametrize("key", ["leader", "seller"])
def test_it_takes_no_more_writes_and_says_why(personas, moved, key):
    series, held, _ = moved
    point = TalkingPoint.objects.get(series=series)
    action = ActionItem.objects.get(series=series)
    api = personas.api(key)
    writes = [
        ("post", f"/api/v1/meetings/{held.pk}/points", {"text": "One more thing"}),
        ("post", f"/api/v1/meetings/{held.pk}/points/{point.pk}/discussed", {"discussed": True}),
        ("post", f"/api/v1/meetings/{held.pk}/actions", {"text": "Another action"}),
        ("post", f"/api/v1/meetings/{held.pk}/actions/{action.pk}/done", {"done": True}),
        ("put", f"/api/v1/meetings/{held.pk}/answer", {"text": "Late answer"}),
        ("post", f"/api/v1/meetings/{held.pk}/answer/actions", {"texts": ["Late"]}),
        ("put", f"/api/v1/meetings/{held.pk}/shared-notes", {"text": "Late notes"}),
        ("put", f"/api/v1/meetings/{held.pk}/private-note", {"text": "Late note"}),
        ("post", f"/api/v1/meetings/{held.pk}/held", {"held": False}),
        ("post", f"/api/v1/one-on-ones/{series.pk}/next-meeting", {}),
    ]
    before = _snapshot(series)
    for method, address, body in writes:
        answer = getattr(api, method)(
            address, data=json.dumps(body), content_type="application/json"
        )
        assert answer.status_code == 422, (address, answer.status_code)
        assert "ended" in answer.content.decode(), address
    assert _snapshot(series) == before


def test_the_pages_offer_no_forms_and_refuse_a_stale_one(personas, moved):
    series, held, _ = moved
    lena = personas.client("leader")
    page = lena.get(f"/one-on-ones/meetings/{held.pk}/").content.decode()
    assert 'name="text"' not in page and "Mark as held" not in page
    before = _snapshot(series)
    lena.post(f"/one-on-ones/meetings/{held.pk}/points/", {"text": "From a stale tab"})
    lena.post(f"/one-on-ones/{series.pk}/plan/")
    assert _snapshot(series) == before


def test_the_list_keeps_an_ended_1_1_apart_and_no_late_1_1_is_reported(personas, moved):
    series, _, _ = moved
    page = personas.client("leader").get("/one-on-ones/").content.decode()
    assert "Ended 1:1s" in page and f"/one-on-ones/{series.pk}/" in page
    assert selectors.late_one_on_ones(personas.leader, timezone.localdate()) == []
    assert selectors.next_one_on_one(personas.seller, timezone.localdate()) is None


def test_the_new_leader_is_not_inside_the_old_1_1(personas, moved):
    series, held, _ = moved
    owen = personas.api("other_leader")
    assert owen.get(f"/api/v1/one-on-ones/{series.pk}").status_code == 404
    assert owen.get(f"/api/v1/meetings/{held.pk}").status_code == 404


def test_a_seller_who_comes_back_picks_up_the_same_1_1(personas, moved):
    series, _, _ = moved
    org.person_join_team(
        person=personas.seller,
        team=personas.boston,
        on=timezone.localdate() + datetime.timedelta(days=1),
    )
    series.refresh_from_db()
    assert series.ended_on == timezone.localdate()  # ended today, back tomorrow
    assert not series.is_active


def test_a_line_that_ends_later_ends_the_1_1_that_day_and_plans_nothing_after(personas):
    today = timezone.localdate()
    series = services.series_start(leader=personas.leader, report=personas.seller)
    in_two_weeks = today + datetime.timedelta(days=14)
    org.person_join_team(person=personas.seller, team=personas.denver, on=in_two_weeks)
    series.refresh_from_db()
    assert series.ended_on == in_two_weeks and series.is_active
    first = services.meeting_next(series=series, today=in_two_weeks - datetime.timedelta(days=7))
    assert first.scheduled_on < in_two_weeks
    services.meeting_hold(meeting=first, by=personas.leader)
    assert not series.meetings.filter(scheduled_on__gte=in_two_weeks).exists()


def test_a_move_within_the_leaders_teams_does_not_end_the_1_1(personas):
    today = timezone.localdate()
    second_team = org.team_create(name="Boston Strategic")
    org.person_lead_team(person=personas.leader, team=second_team, on=today)
    series = services.series_start(leader=personas.leader, report=personas.seller)
    org.person_join_team(person=personas.seller, team=second_team, on=today)
    series.refresh_from_db()
    assert series.ended_on is None


def _snapshot(series: OneOnOneSeries) -> list:
    meetings = Meeting.objects.filter(series=series).order_by("pk")
    return [
        list(meetings.values_list("pk", "status", "answer", "shared_notes")),
        list(TalkingPoint.objects.filter(series=series).values_list("pk", "text", "discussed_in")),
        list(ActionItem.objects.filter(series=series).values_list("pk", "text", "done_on")),
        list(meetings.filter(private_notes__isnull=False).values_list("private_notes__text", "pk")),
    ]
