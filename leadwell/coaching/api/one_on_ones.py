"""API for weekly 1:1s. A 1:1 is between its two people only: nobody else, not the director
above the leader and not an administrator, reads or writes it (404). A private note is read by
its author alone, so a meeting answers with the asker's own private note and never the other's.
Everything is fetched through the coaching selectors the pages use, so both answer alike; the
rules are in leadwell/coaching/rules.py."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from leadwell import policy
from leadwell.coaching import selectors, services
from leadwell.coaching.api.common import AssignmentBrief, PersonBrief, call, me, unprocessable
from leadwell.coaching.models import (
    ActionItem,
    Meeting,
    OneOnOneSeries,
    TalkingPoint,
)
from leadwell.lib.api_input import Day, Filters, Id, Input, Message, Nothing, Pages
from leadwell.org.models import Person

router = Router(tags=["1:1s"])

PARTIES = "For the leader and the report of the 1:1 only; anyone else gets 404."


# -- Schemas --------------------------------------------------------------------------------------


class SeriesOut(Schema):
    id: int
    leader: PersonBrief
    report: PersonBrief
    weekday: int = Field(description="0 Monday to 4 Friday")
    weekday_name: str
    started_on: datetime.date
    ended_on: datetime.date | None = Field(
        description="The day the reporting line ends (or ended): from then on the 1:1 is "
        "history, readable by both and closed to writes; null while it holds"
    )
    is_active: bool = Field(description="Whether its reporting line holds today")

    @staticmethod
    def resolve_weekday_name(series: OneOnOneSeries) -> str:
        return series.get_weekday_display()


class MeetingBrief(Schema):
    id: int
    scheduled_on: datetime.date
    status: str = Field(description="planned, held or missed")
    held_at: datetime.datetime | None


class SeriesDetail(SeriesOut):
    recent_meetings: list[MeetingBrief] = Field(
        description="The latest meetings, newest first (all of them: GET …/meetings)"
    )


class SeriesIn(Input):
    report_id: Id = Field(description="A direct report of yours")
    weekday: int = Field(0, description="0 Monday (default) to 4 Friday")


class SeriesFilter(Filters):
    active: bool | None = Field(
        None, description="Only 1:1s whose reporting line holds (true) or has ended (false)"
    )


class PointOut(Schema):
    id: int
    text: str
    added_by: PersonBrief
    raised_for_id: int = Field(description="The meeting it was raised for")
    raised_on: datetime.date
    discussed_in_id: int | None = Field(description="The meeting it was discussed in")

    @staticmethod
    def resolve_raised_on(point: TalkingPoint) -> datetime.date:
        return point.raised_for.scheduled_on


class ActionOut(Schema):
    id: int
    text: str
    owner: PersonBrief
    due_on: datetime.date | None
    overdue: bool
    done_on: datetime.date | None
    raised_in_id: int
    done_in_id: int | None
    from_question: bool = Field(description="Came from the seller's answer to the question")

    @staticmethod
    def resolve_overdue(action: ActionItem) -> bool:
        return action.is_overdue(timezone.localdate())


class AgendaOut(Schema):
    carried_over: list[PointOut] = Field(description="Raised earlier, not discussed yet")
    new_points: list[PointOut] = Field(description="Raised for this meeting")
    discussed: list[PointOut] = Field(description="Discussed in this meeting")
    open_actions: list[ActionOut] = Field(description="Not done yet, carried forward")
    done_actions: list[ActionOut] = Field(description="Done in this meeting")
    open_assignments: list[AssignmentBrief] = Field(
        description="The report's open assignments due up to a week after the meeting"
    )
    items_to_evaluate: list[AssignmentBrief] = Field(
        description="Assignments done or due and not evaluated yet"
    )


class PrivateNoteOut(Schema):
    text: str
    updated_at: datetime.datetime


class MeetingOut(Schema):
    id: int
    series_id: int
    leader: PersonBrief
    report: PersonBrief
    scheduled_on: datetime.date
    status: str = Field(description="planned, held or missed")
    held_at: datetime.datetime | None
    question: str = Field(description="The standing question the leader asks every week")
    answer: str = Field(description="The report's answer, written before the meeting")
    shared_notes: str = Field(description="Notes both people read")
    private_note: PrivateNoteOut | None = Field(
        description="Your own private note: nobody else ever reads it"
    )
    agenda: AgendaOut


class TextIn(Input):
    text: str


class ActionIn(Input):
    text: str
    owner_id: Id | None = Field(None, description="The leader or the report (default: you)")
    due_on: Day | None = None


class AnswerActionsIn(Input):
    texts: list[str] = Field(description="One action owned by the leader per text")
    due_on: Day | None = None


class DiscussedIn(Input):
    discussed: bool = Field(True, description="false: not discussed after all (carries over)")


class ActionDoneIn(Input):
    done: bool = Field(True, description="false: open again")


class HeldIn(Input):
    held: bool = Field(True, description="true: it took place; false: it was missed")


# -- Helpers --------------------------------------------------------------------------------------


def _series_all():
    return OneOnOneSeries.objects.select_related("leader", "report")


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting, for either of its two people (404 for anyone else). Writes are decided by
    the services, which ask the policy about the writer's own step and answer a party 422
    with the reason (the other's step, or a 1:1 whose reporting line ended)."""
    return selectors.meeting_for(request.user, meeting_id)


def _meeting_out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    agenda = selectors.agenda(meeting, timezone.localdate(), request.user)
    # Only the asker's own note passes the policy (its author alone may read it).
    note = selectors.own_private_note(request.user, meeting)
    return {
        "id": meeting.pk,
        "series_id": meeting.series_id,
        "leader": meeting.series.leader,
        "report": meeting.series.report,
        "scheduled_on": meeting.scheduled_on,
        "status": meeting.status,
        "held_at": meeting.held_at,
        "question": agenda.question,
        "answer": meeting.answer,
        "shared_notes": meeting.shared_notes,
        "private_note": note,
        "agenda": {
            "carried_over": agenda.carried_over,
            "new_points": agenda.new_points,
            "discussed": agenda.discussed,
            "open_actions": agenda.open_actions,
            "done_actions": agenda.done_actions,
            "open_assignments": agenda.open_assignments,
            "items_to_evaluate": agenda.items_to_evaluate,
        },
    }


def _party_person(meeting: Meeting, person_id: int | None, default: Person) -> Person:
    if person_id is None:
        return default
    for person in (meeting.series.leader, meeting.series.report):
        if person.pk == person_id:
            return person
    raise unprocessable("owner_id", "An action is owned by one of the two people.")


# -- Series ---------------------------------------------------------------------------------------


@router.get(
    "/one-on-ones/",
    response=list[SeriesOut],
    summary="Your 1:1s: those you lead and the one you attend",
    description="Only 1:1s you take part in; a director does not see the leaders' 1:1s.",
)
@paginate(Pages, page_size=50)
def series_list(request: HttpRequest, filters: Query[SeriesFilter]):
    series = policy.visible(request.user, "view", _series_all())
    if filters.active is not None:
        today = timezone.localdate()
        current = OneOnOneSeries.objects.current(today)
        series = series.filter(pk__in=current) if filters.active else series.exclude(pk__in=current)
    return series


@router.post(
    "/one-on-ones/",
    response={201: SeriesOut, 200: SeriesOut, 404: Message},
    summary="Start your weekly 1:1 with a direct report, or move it to another day",
    description="You lead the 1:1; the report must be your direct report (422 otherwise). "
    "Starting an existing 1:1 again changes its day (200).",
)
def series_start(request: HttpRequest, payload: SeriesIn):
    leader = me(request)
    report = Person.objects.filter(pk=payload.report_id, is_active=True).first()
    if report is None:
        raise unprocessable("report_id", "No such person.")
    existing = _series_all().filter(leader=leader, report=report).first()
    if existing is not None:
        # Starting it again moves it to another day: the leader's to set, as on the page.
        policy.require(request.user, "change_day", existing)
    series = call(services.series_start, leader=leader, report=report, weekday=payload.weekday)
    return Status(200 if existing else 201, _series_all().get(pk=series.pk))


@router.get(
    "/one-on-ones/{series_id}",
    response=SeriesDetail,
    summary="One 1:1 series, with its latest meetings",
    description=PARTIES,
)
def series_detail(request: HttpRequest, series_id: Id):
    series = selectors.series_for(request.user, series_id)
    series.recent_meetings = list(selectors.meetings_of(series)[:10])  # type: ignore[attr-defined]
    return series


@router.get(
    "/one-on-ones/{series_id}/meetings",
    response=list[MeetingBrief],
    summary="Every meeting of a 1:1, newest first",
    description=PARTIES,
)
@paginate(Pages, page_size=50)
def meeting_list(request: HttpRequest, series_id: Id):
    series = selectors.series_for(request.user, series_id)
    return selectors.meetings_of(series)


NOT_PLANNED = "No meeting is planned: POST to this address to plan the next one."


@router.get(
    "/one-on-ones/{series_id}/next-meeting",
    response={200: MeetingOut, 404: Message},
    summary="The meeting to prepare: the earliest one planned from today on",
    description=PARTIES + " Reading changes nothing: when none is planned the answer is 404 "
    f"with the detail '{NOT_PLANNED}'",
)
def meeting_next(request: HttpRequest, series_id: Id):
    series = selectors.series_for(request.user, series_id)
    planned = series.next_meeting(timezone.localdate())
    if planned is None:
        return Status(404, {"detail": NOT_PLANNED})
    return _meeting_out(request, _meeting(request, planned.pk))


@router.post(
    "/one-on-ones/{series_id}/next-meeting",
    response={201: MeetingOut, 200: MeetingOut},
    summary="Plan the next meeting on the 1:1's next weekday (either of the two people)",
    description=PARTIES + " Answers the meeting planned (201), or the one already planned "
    "(200). What was not discussed or done carries over to it.",
)
def meeting_plan(request: HttpRequest, series_id: Id, payload: Body[Nothing | None] = None):
    series = selectors.series_for(request.user, series_id)
    existed = series.next_meeting(timezone.localdate()) is not None
    meeting = call(services.meeting_next, series=series, by=me(request))
    return Status(200 if existed else 201, _meeting_out(request, _meeting(request, meeting.pk)))


# -- Meetings -------------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}",
    response=MeetingOut,
    summary="One 1:1 meeting with its agenda, the standing question and your private note",
    description=PARTIES + " Talking points not discussed and actions not done carry over.",
)
def meeting_detail(request: HttpRequest, meeting_id: Id):
    return _meeting_out(request, _meeting(request, meeting_id))


@router.post(
    "/meetings/{meeting_id}/points",
    response={201: PointOut},
    summary="Add a talking point to a meeting's agenda (either person)",
    description=PARTIES,
)
def point_add(request: HttpRequest, meeting_id: Id, payload: TextIn):
    meeting = _meeting(request, meeting_id)
    point = call(services.point_add, meeting=meeting, by=me(request), text=payload.text)
    return Status(201, point)


@router.post(
    "/meetings/{meeting_id}/points/{point_id}/discussed",
    response=PointOut,
    summary="Tick a talking point as discussed in this meeting (or untick it)",
    description=PARTIES,
)
def point_discussed(request: HttpRequest, meeting_id: Id, point_id: Id, payload: DiscussedIn):
    meeting = _meeting(request, meeting_id)
    point = selectors.point_for(request.user, point_id)
    return call(
        services.point_set_discussed,
        point=point,
        meeting=meeting,
        by=me(request),
        discussed=payload.discussed,
    )


@router.post(
    "/meetings/{meeting_id}/actions",
    response={201: ActionOut},
    summary="Add an action item, owned by one of the two people",
    description=PARTIES + " It carries forward until done.",
)
def action_add(request: HttpRequest, meeting_id: Id, payload: ActionIn):
    meeting = _meeting(request, meeting_id)
    by = me(request)
    action = call(
        services.action_add,
        meeting=meeting,
        by=by,
        text=payload.text,
        owner=_party_person(meeting, payload.owner_id, by),
        due_on=payload.due_on,
    )
    return Status(201, action)


@router.post(
    "/meetings/{meeting_id}/actions/{action_id}/done",
    response=ActionOut,
    summary="Mark an action item done in this meeting (or open again)",
    description=PARTIES,
)
def action_done(request: HttpRequest, meeting_id: Id, action_id: Id, payload: ActionDoneIn):
    meeting = _meeting(request, meeting_id)
    action = selectors.action_item_for(request.user, action_id)
    return call(
        services.action_set_done,
        action=action,
        meeting=meeting,
        by=me(request),
        done=payload.done,
    )


@router.put(
    "/meetings/{meeting_id}/answer",
    response=MeetingOut,
    summary='The report\'s answer to "What else can I do to make you even more successful?"',
    description=PARTIES + " Only the report writes the answer (422 for the leader).",
)
def answer_write(request: HttpRequest, meeting_id: Id, payload: TextIn):
    meeting = _meeting(request, meeting_id)
    call(services.answer_write, meeting=meeting, by=me(request), text=payload.text)
    return _meeting_out(request, meeting)


@router.post(
    "/meetings/{meeting_id}/answer/actions",
    response={201: list[ActionOut]},
    summary="Turn the report's answer into action items owned by the leader (the leader)",
    description=PARTIES + " The leader turns it into their own actions (422 for the report).",
)
def answer_to_actions(request: HttpRequest, meeting_id: Id, payload: AnswerActionsIn):
    meeting = _meeting(request, meeting_id)
    actions = call(
        services.answer_to_actions,
        meeting=meeting,
        by=me(request),
        texts=payload.texts,
        due_on=payload.due_on,
    )
    return Status(201, actions)


@router.put(
    "/meetings/{meeting_id}/shared-notes",
    response=MeetingOut,
    summary="Write the meeting's shared notes (both people read them)",
    description=PARTIES,
)
def shared_notes_write(request: HttpRequest, meeting_id: Id, payload: TextIn):
    meeting = _meeting(request, meeting_id)
    call(services.shared_notes_write, meeting=meeting, by=me(request), text=payload.text)
    return _meeting_out(request, meeting)


@router.put(
    "/meetings/{meeting_id}/private-note",
    response=MeetingOut,
    summary="Write your private note on a meeting: only you ever read it",
    description=PARTIES,
)
def private_note_write(request: HttpRequest, meeting_id: Id, payload: TextIn):
    meeting = _meeting(request, meeting_id)
    call(services.private_note_write, meeting=meeting, by=me(request), text=payload.text)
    return _meeting_out(request, meeting)


@router.post(
    "/meetings/{meeting_id}/held",
    response=MeetingOut,
    summary="Record that the meeting took place, or was missed; the next one is planned",
    description=PARTIES + " What was not discussed or done carries over to the next meeting.",
)
def meeting_held(request: HttpRequest, meeting_id: Id, payload: HeldIn):
    meeting = _meeting(request, meeting_id)
    call(services.meeting_hold, meeting=meeting, by=me(request), held=payload.held)
    return _meeting_out(request, meeting)
