"""API for debriefs and department talks: the same reads and workflows as the pages, through
the same selectors and services. A debrief is the director's and the leader's and is read by the
director's line; a talk is the leader's and read by their line; anyone else gets 404. The rules
are in leadwell/debriefs/rules.py."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from leadwell import policy
from leadwell.coaching.api.common import PersonBrief, call, me, unprocessable
from leadwell.debriefs import selectors, services
from leadwell.debriefs.models import Debrief, DebriefAction, Department, DepartmentTalk
from leadwell.lib.api_input import Day, Id, Input, Message, PeriodName
from leadwell.lib.periods import parse_period
from leadwell.org import selectors as org
from leadwell.org.models import Person

router = Router(tags=["Debriefs"])

BOTH_AND_LINE = (
    "For the director and the leader of the debrief, and the director's line; 404 for anyone else."
)


# -- Schemas --------------------------------------------------------------------------------------


class DebriefActionOut(Schema):
    id: int
    debrief_id: int
    text: str
    owner: PersonBrief
    due_on: datetime.date | None
    done_on: datetime.date | None


class DebriefBrief(Schema):
    id: int
    director: PersonBrief
    leader: PersonBrief
    month: datetime.date = Field(description="The first day of the month it looks back on")
    held_on: datetime.date


class DebriefOut(DebriefBrief):
    going_well: str
    to_continue: str
    could_improve: str = Field(description="The director's feedback")
    actions: list[DebriefActionOut]
    carried: list[DebriefActionOut] = Field(
        description="Earlier debriefs' actions still open when this one was held"
    )


class DebriefStatusOut(Schema):
    director: PersonBrief
    leader: PersonBrief
    this_month_held: bool
    last: DebriefBrief | None
    overdue: list[str] = Field(description="The months ended with no debrief recorded")
    open_actions: int


class DebriefIn(Input):
    leader_id: Id = Field(description="A leader reporting to you directly")
    month: PeriodName = Field("", description="The month it looks back on (default: this one)")
    held_on: Day | None = None
    going_well: str = ""
    to_continue: str = ""
    could_improve: str = ""


class DebriefChange(Input):
    held_on: Day | None = None
    going_well: str | None = None
    to_continue: str | None = None
    could_improve: str | None = None


class DebriefActionIn(Input):
    text: str
    owner_id: Id = Field(description="The director or the leader of the debrief")
    due_on: Day | None = None


class DebriefActionDone(Input):
    done: bool = True


class DepartmentOut(Schema):
    id: int
    name: str


class TalkOut(Schema):
    id: int
    leader: PersonBrief
    department: DepartmentOut
    held_on: datetime.date
    with_whom: str
    thanked_for: str
    ideas: str
    follow_ups: str


class TalkIn(Input):
    department_id: Id
    held_on: Day
    with_whom: str
    thanked_for: str = ""
    ideas: str = ""
    follow_ups: str = ""


class TalkQuarterOut(Schema):
    quarter: str
    passed: bool
    missing: list[DepartmentOut] = Field(description="Departments with no talk in the quarter")


class LeaderTalksOut(Schema):
    leader: PersonBrief
    quarters: list[TalkQuarterOut]


class DepartmentsIn(Input):
    names: list[str] = Field(description="The departments leaders talk with, in order")


# -- Debriefs -------------------------------------------------------------------------------------


def _debrief_out(debrief: Debrief) -> dict:
    return {
        **{f: getattr(debrief, f) for f in ("id", "director", "leader", "month", "held_on")},
        "going_well": debrief.going_well,
        "to_continue": debrief.to_continue,
        "could_improve": debrief.could_improve,
        "actions": list(selectors.actions_of(debrief)),
        "carried": list(selectors.carried_into(debrief)),
    }


@router.get(
    "/debriefs",
    response=list[DebriefBrief],
    summary="The debriefs you may read, newest first",
    description="Yours as director or leader, and those of your line's directors.",
)
def debrief_list(request: HttpRequest):
    return list(selectors.visible_debriefs(request.user))


@router.get(
    "/debriefs/due",
    response=list[DebriefStatusOut],
    summary="Where your debriefs stand: with each leader reporting to you, and with your director",
)
def debrief_due(request: HttpRequest):
    person, today = me(request), timezone.localdate()
    statuses = selectors.debrief_statuses(
        person, selectors.leaders_reporting_to(person, today), today
    )
    mine = selectors.my_debrief_status(person, today)
    return [
        {
            "director": s.director,
            "leader": s.leader,
            "this_month_held": s.held_this_month is not None,
            "last": s.last,
            "overdue": [p.name for p in s.overdue],
            "open_actions": s.open_actions,
        }
        for s in statuses + ([mine] if mine else [])
    ]


@router.post(
    "/debriefs",
    response={201: DebriefOut, 404: Message},
    summary="Record a debrief you held with a leader reporting to you",
    description="One debrief per leader and month (422 when it is already recorded).",
)
def debrief_hold(request: HttpRequest, payload: DebriefIn):
    director = me(request)
    leader = policy.get_or_404(
        request.user, "hold_debrief", Person.objects.all(), pk=payload.leader_id
    )
    month = parse_period(payload.month).start if payload.month.strip() else timezone.localdate()
    debrief = call(
        services.debrief_hold,
        director=director,
        leader=leader,
        month=month,
        held_on=payload.held_on,
        going_well=payload.going_well,
        to_continue=payload.to_continue,
        could_improve=payload.could_improve,
    )
    return Status(201, _debrief_out(selectors.debrief_for(request.user, debrief.pk)))


@router.get(
    "/debriefs/{debrief_id}",
    response={200: DebriefOut, 404: Message},
    summary="One debrief",
    description=BOTH_AND_LINE,
)
def debrief_detail(request: HttpRequest, debrief_id: Id):
    return _debrief_out(selectors.debrief_for(request.user, debrief_id))


@router.patch(
    "/debriefs/{debrief_id}",
    response={200: DebriefOut, 404: Message},
    summary="Write in a debrief (its director or leader)",
    description="Fields left out stay as they are.",
)
def debrief_update(request: HttpRequest, debrief_id: Id, payload: DebriefChange):
    debrief = selectors.debrief_for(request.user, debrief_id, "change")
    call(services.debrief_update, debrief=debrief, by=me(request), **payload.model_dump())
    return _debrief_out(selectors.debrief_for(request.user, debrief_id))


@router.post(
    "/debriefs/{debrief_id}/actions",
    response={201: DebriefActionOut, 404: Message},
    summary="Agree an action in a debrief: it carries forward until done",
)
def action_add(request: HttpRequest, debrief_id: Id, payload: DebriefActionIn):
    debrief = selectors.debrief_for(request.user, debrief_id, "change")
    owners = {debrief.director_id: debrief.director, debrief.leader_id: debrief.leader}
    if payload.owner_id not in owners:
        raise unprocessable("owner_id", "Choose the director or the leader as its owner.")
    action = call(
        services.debrief_action_add,
        debrief=debrief,
        by=me(request),
        text=payload.text,
        owner=owners[payload.owner_id],
        due_on=payload.due_on,
    )
    return Status(201, action)


@router.post(
    "/debrief-actions/{action_id}/done",
    response={200: DebriefActionOut, 404: Message},
    summary="Mark an action done, or open again with done false",
)
def action_done(request: HttpRequest, action_id: Id, payload: DebriefActionDone):
    action = selectors.action_for(request.user, action_id, "change")
    call(services.debrief_action_done, action=action, by=me(request), done=payload.done)
    return DebriefAction.objects.select_related("owner").get(pk=action.pk)


# -- Department talks -----------------------------------------------------------------------------


@router.get(
    "/departments", response=list[DepartmentOut], summary="The departments leaders talk with"
)
def department_list(request: HttpRequest):
    return list(Department.objects.listed())


@router.put(
    "/departments",
    response={200: list[DepartmentOut], 404: Message},
    summary="Set the list of departments (administrators)",
    description="A department taken off the list keeps its talks.",
)
def departments_set(request: HttpRequest, payload: DepartmentsIn):
    policy.require_may(request.user, "debriefs.set_departments")
    return call(services.departments_set, names=payload.names, by=request.user)


@router.get(
    "/talks",
    response=list[TalkOut],
    summary="The talks with the departments you may read: yours and your line's leaders'",
)
def talk_list(request: HttpRequest):
    return list(
        policy.visible(request.user, "view", DepartmentTalk.objects.all()).select_related(
            "leader", "department"
        )
    )


@router.get(
    "/talks/quarters",
    response=list[LeaderTalksOut],
    summary="Each quarter's missing departments: yours, and each leader's in your line",
)
def talk_quarters(request: HttpRequest):
    person, today = me(request), timezone.localdate()
    leaders = selectors.leaders_in_line(person, today)
    entries = selectors.talks_of(([person] if _leads(person, today) else []) + leaders, today)
    return [
        {
            "leader": e.leader,
            "quarters": [
                {"quarter": q.quarter.name, "passed": q.passed, "missing": q.missing}
                for q in e.quarters
            ],
        }
        for e in entries
    ]


def _leads(person: Person, today: datetime.date) -> bool:
    return org.role_of(person, today) == org.Role.LEADER


@router.post(
    "/talks", response={201: TalkOut, 404: Message}, summary="Record your talk with a department"
)
def talk_record(request: HttpRequest, payload: TalkIn):
    department = Department.objects.filter(pk=payload.department_id).first()
    if department is None:
        raise unprocessable("department_id", "No such department.")
    talk = call(
        services.talk_record,
        leader=me(request),
        department=department,
        held_on=payload.held_on,
        with_whom=payload.with_whom,
        thanked_for=payload.thanked_for,
        ideas=payload.ideas,
        follow_ups=payload.follow_ups,
    )
    return Status(201, talk)


@router.get(
    "/talks/{talk_id}",
    response={200: TalkOut, 404: Message},
    summary="One talk",
    description="404 outside the leader's line.",
)
def talk_detail(request: HttpRequest, talk_id: Id):
    return selectors.talk_for(request.user, talk_id)
