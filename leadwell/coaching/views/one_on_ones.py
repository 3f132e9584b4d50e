"""Weekly 1:1 pages: the viewer's 1:1s, a series with its history, and a meeting's agenda.

A 1:1 belongs to its two people only (leadwell/coaching/rules.py), so every lookup goes through
the policy by the coaching selectors the API uses too, and every write goes through
leadwell.coaching.services, which asks the policy about the writer's own step. Reading a page
never writes: planning the next meeting is a button (a POST). With htmx each form swaps its own
section of the meeting page; without JavaScript the same forms post and come back to the page.
"""

import datetime
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from leadwell import policy
from leadwell.coaching import selectors, services
from leadwell.coaching.forms import Posted, split_refusal
from leadwell.coaching.models import (
    Meeting,
    OneOnOneSeries,
)
from leadwell.coaching.models.one_on_ones import MONDAY_QUESTION
from leadwell.lib import dates
from leadwell.lib.periods import period_of
from leadwell.org import selectors as org
from leadwell.org.models import Person

HISTORY_PER_PAGE = 20
TEMPLATES = "coaching/one_on_ones"
# Each section of the meeting page that a form re-renders, by the id it has on the page.
SECTIONS = {
    "points": f"{TEMPLATES}/_points.html",
    "actions": f"{TEMPLATES}/_actions.html",
    "answer": f"{TEMPLATES}/_answer.html",
    "shared-notes": f"{TEMPLATES}/_shared_notes.html",
    "private-note": f"{TEMPLATES}/_private_note.html",
}
# The fields each form of the meeting page shows, by the form's name: a refusal's message about
# one of them goes beside it, the rest (a 1:1 that ended, the other person's step) above.
MEETING_FORM_FIELDS = {
    "point": ("text",),
    "action": ("text", "owner", "due_on"),
    "answer": ("text",),
    "answer-actions": ("texts", "due_on"),
    "shared-notes": ("text",),
    "private-note": ("text",),
}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# -- The viewer's 1:1s ----------------------------------------------------------------------------


@dataclass
class ReportRow:
    """A direct report on the leader's list: their 1:1 if started, and whether it is late."""

    report: Person
    series: OneOnOneSeries | None
    late: selectors.LateOneOnOne | None


def series_list(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    planned_ahead = Q(meetings__status=Meeting.Status.PLANNED, meetings__scheduled_on__gte=today)
    series = list(
        policy.visible(request.user, "view", OneOnOneSeries.objects.all())
        .select_related("leader", "report")
        .annotate(
            next_planned=Min("meetings__scheduled_on", filter=planned_ahead),
            last_held=Max("meetings__scheduled_on", filter=Q(meetings__status=Meeting.Status.HELD)),
        )
    )
    current = [s for s in series if not s.has_ended(today)]
    for one in current:
        # Without a planned meeting the next one falls on the series' next weekday.
        one.next_on = one.next_planned or one.meeting_day_on_or_after(today)  # type: ignore[attr-defined]
    late = {entry.series.pk: entry for entry in selectors.late_one_on_ones(me, today)}
    led = {s.report_id: s for s in current if s.leader_id == me.pk}
    rows = [
        (report, led.pop(report.pk, None)) for report in org.direct_reports(me).order_by("name")
    ]
    context = {
        "question": MONDAY_QUESTION,
        "rows": [ReportRow(report, one, late.get(one.pk) if one else None) for report, one in rows],
        "attended": [s for s in current if s.report_id == me.pk],
        # 1:1s whose reporting line ended (a move to another team): history, read-only.
        "ended": sorted(
            (s for s in series if s.has_ended(today)),
            key=lambda s: s.ended_on or today,
            reverse=True,
        ),
        "weekdays": OneOnOneSeries.Weekday.choices,
        "default_weekday": OneOnOneSeries.Weekday.MONDAY,
    }
    return render(request, f"{TEMPLATES}/list.html", context)


def _weekday(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("weekday", ""))
    except ValueError:
        raise ValidationError({"weekday": ["Choose a weekday from Monday to Friday."]}) from None


@require_POST
def series_start(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    try:
        report_id = int(request.POST.get("report", ""))
    except ValueError:
        raise Http404("No person found") from None
    # Only the report's management line may even ask; the service then insists on the manager.
    report = policy.get_or_404(request.user, "open_coaching", Person, pk=report_id)
    try:
        series = services.series_start(leader=me, report=report, weekday=_weekday(request))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("one_on_ones:list")
    messages.success(request, f"Weekly 1:1 with {report.name} on {series.get_weekday_display()}s.")
    return redirect("one_on_ones:series", series.pk)


def series_page(request: HttpRequest, series_id: int) -> HttpResponse:
    series = selectors.series_for(request.user, series_id)
    today = timezone.localdate()
    ended = series.has_ended(today)
    upcoming = None if ended else series.next_meeting(today)
    past = selectors.meetings_of(series).filter(
        Q(scheduled_on__lt=today) | ~Q(status=Meeting.Status.PLANNED)
    )
    if upcoming is not None:
        past = past.exclude(pk=upcoming.pk)
    page = Paginator(past.order_by("-scheduled_on", "-id"), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "series": series,
        "ended": ended,
        "left_open": selectors.left_open(series) if ended else None,
        "upcoming": upcoming,
        # Without a planned meeting, the day the next one would fall on, and a button to plan it.
        "next_day": series.meeting_day_on_or_after(today),
        "page": page,
        "history": [(m, _outcome(m, today)) for m in page.object_list],
        # What the page offers follows the rules (leadwell/coaching/rules.py).
        "may_plan": policy.can(request.user, "plan", series),
        "may_change_day": policy.can(request.user, "change_day", series),
        "weekdays": OneOnOneSeries.Weekday.choices,
    }
    return render(request, f"{TEMPLATES}/series.html", context)


def _outcome(meeting: Meeting, today: datetime.date) -> str:
    """What became of a meeting: a planned one whose day has passed was missed."""
    if meeting.status == Meeting.Status.PLANNED and meeting.scheduled_on < today:
        return Meeting.Status.MISSED.label
    return meeting.get_status_display()


@require_POST
def series_plan(request: HttpRequest, series_id: int) -> HttpResponse:
    """Plan the next meeting (either of the two): the earliest planned one stays as it is."""
    series = selectors.series_for(request.user, series_id)
    try:
        upcoming = services.meeting_next(series=series, by=policy.person_or_404(request.user))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("one_on_ones:series", series.pk)
    when = dates.weekday(upcoming.scheduled_on)
    messages.success(request, f"The next 1:1 is planned for {when}.")
    return redirect("one_on_ones:series", series.pk)


@require_POST
def series_day(request: HttpRequest, series_id: int) -> HttpResponse:
    # The seller sees the series but the day is the leader's to set (404, as for outsiders).
    series = selectors.series_for(request.user, series_id, "change_day")
    me = policy.person_or_404(request.user)
    try:
        series = services.series_start(leader=me, report=series.report, weekday=_weekday(request))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, f"The 1:1 now falls on {series.get_weekday_display()}s.")
    return redirect("one_on_ones:series", series.pk)


# -- A meeting ------------------------------------------------------------------------------------


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting, for either of its two people (404 for anyone else). Writes are decided by
    the services, which ask the policy about the writer's own step and tell a party why one
    is refused (the other's step, or a 1:1 whose reporting line ended)."""
    return selectors.meeting_for(request.user, meeting_id)


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict:
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    series = meeting.series
    agenda = selectors.agenda(meeting, today, request.user)
    # Only the viewer's own note is ever loaded: the other person's is not theirs to read.
    note = selectors.own_private_note(request.user, meeting)
    return {
        "meeting": meeting,
        "series": series,
        "agenda": agenda,
        "today": today,
        "me": me,
        "other": series.report if me.pk == series.leader_id else series.leader,
        "is_leader": me.pk == series.leader_id,
        "is_report": me.pk == series.report_id,
        "ended": series.has_ended(today),
        "may_change": policy.can(request.user, "change", meeting),
        "may_view_coaching": policy.can(request.user, "view_coaching", series.report),
        "may_answer": policy.can(request.user, "answer", meeting),
        "may_act_on_answer": policy.can(request.user, "act_on_answer", meeting),
        "private_note": note.text if note else "",
        "overdue_ids": {a.pk for a in agenda.open_actions if a.is_overdue(today)},
        "outcome": _outcome(meeting, today),
        # The seller's scorecard for the quarter of the meeting, for a viewer who may see it:
        # read when the template asks (the whole page), not for each section htmx swaps.
        "snapshot": partial(
            selectors.scorecard_snapshot,
            request.user,
            series.report,
            period_of(meeting.scheduled_on),
        ),
    }


def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    return render(request, f"{TEMPLATES}/meeting.html", _meeting_context(request, meeting))


def _answer(
    request: HttpRequest,
    meeting: Meeting,
    section: str,
    done: str,
    also: tuple[str, ...] = (),
) -> HttpResponse:
    """htmx gets the section it swaps; a plain form post comes back to the meeting page with
    the message."""
    if _is_htmx(request):
        context = {**_meeting_context(request, meeting), "saved": done}
        html = render_to_string(SECTIONS[section], context, request)
        for other in also:
            html += render_to_string(SECTIONS[other], {**context, "oob": True}, request)
        return HttpResponse(html)
    if done:
        messages.success(request, done)
    return redirect(reverse("one_on_ones:meeting", args=[meeting.pk]) + f"#{section}")


def _refused(
    request: HttpRequest, meeting: Meeting, section: str, form: str, problem: ValidationError
) -> HttpResponse:
    """422 with the typed text kept, each message beside its field and the rest above the form:
    htmx gets the section it swaps, a plain form post the whole meeting page."""
    beside, above = split_refusal(problem, MEETING_FORM_FIELDS[form])
    context = {
        **_meeting_context(request, meeting),
        "failed": form,
        "failed_section": section,
        "errors": above,
        "field_errors": {form.replace("-", "_"): beside} if beside else {},
        "posted": request.POST,
    }
    template = SECTIONS[section] if _is_htmx(request) else f"{TEMPLATES}/meeting.html"
    return render(request, template, context, status=422)


def _due_on(request: HttpRequest) -> datetime.date | None:
    form = Posted(request.POST)
    due_on = form.date("due_on", "Due date")
    form.check()
    return due_on


@require_POST
def point_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    try:
        services.point_add(
            meeting=meeting,
            by=policy.person_or_404(request.user),
            text=request.POST.get("text", ""),
        )
    except ValidationError as problem:
        return _refused(request, meeting, "points", "point", problem)
    return _answer(request, meeting, "points", "Talking point added.")


@require_POST
def point_discussed(request: HttpRequest, meeting_id: int, point_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    point = selectors.point_for(request.user, point_id)
    discussed = request.POST.get("discussed") == "on"
    try:
        services.point_set_discussed(
            point=point, meeting=meeting, by=policy.person_or_404(request.user), discussed=discussed
        )
    except ValidationError as problem:
        return _refused(request, meeting, "points", "point", problem)
    return _answer(
        request,
        meeting,
        "points",
        "Marked as discussed." if discussed else "The point carries over until discussed.",
    )


@require_POST
def action_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    series = meeting.series
    owners = {str(series.leader_id): series.leader, str(series.report_id): series.report}
    try:
        owner = owners.get(request.POST.get("owner", ""))
        if owner is None:
            raise ValidationError({"owner": ["Choose who owns the action."]})
        services.action_add(
            meeting=meeting,
            by=policy.person_or_404(request.user),
            text=request.POST.get("text", ""),
            owner=owner,
            due_on=_due_on(request),
        )
    except ValidationError as problem:
        return _refused(request, meeting, "actions", "action", problem)
    return _answer(request, meeting, "actions", "Action added.")


@require_POST
def action_done(request: HttpRequest, meeting_id: int, action_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    action = selectors.action_item_for(request.user, action_id)
    done = request.POST.get("done") == "on"
    try:
        services.action_set_done(
            action=action, meeting=meeting, by=policy.person_or_404(request.user), done=done
        )
    except ValidationError as problem:
        return _refused(request, meeting, "actions", "action", problem)
    return _answer(
        request,
        meeting,
        "actions",
        "Action done." if done else "The action is open again and carries forward.",
    )


@require_POST
def answer_write(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    try:
        services.answer_write(
            meeting=meeting,
            by=policy.person_or_404(request.user),
            text=request.POST.get("text", ""),
        )
    except ValidationError as problem:
        return _refused(request, meeting, "answer", "answer", problem)
    return _answer(request, meeting, "answer", "Your answer is saved for the 1:1.")


@require_POST
def answer_to_actions(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    try:
        created = services.answer_to_actions(
            meeting=meeting,
            by=policy.person_or_404(request.user),
            texts=request.POST.get("texts", "").splitlines(),
            due_on=_due_on(request),
        )
    except ValidationError as problem:
        return _refused(request, meeting, "answer", "answer-actions", problem)
    count = f"{len(created)} action{'s' if len(created) != 1 else ''}"
    done = f"{count} added for {meeting.series.leader.name}."
    # The new actions show in the action list, which is swapped alongside.
    return _answer(request, meeting, "answer", done, also=("actions",))


@require_POST
def shared_notes_write(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    try:
        services.shared_notes_write(
            meeting=meeting,
            by=policy.person_or_404(request.user),
            text=request.POST.get("text", ""),
        )
    except ValidationError as problem:
        return _refused(request, meeting, "shared-notes", "shared-notes", problem)
    return _answer(request, meeting, "shared-notes", "Shared notes saved.")


@require_POST
def private_note_write(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    try:
        services.private_note_write(
            meeting=meeting,
            by=policy.person_or_404(request.user),
            text=request.POST.get("text", ""),
        )
    except ValidationError as problem:
        return _refused(request, meeting, "private-note", "private-note", problem)
    return _answer(request, meeting, "private-note", "Private note saved.")


@require_POST
def meeting_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    held = request.POST.get("held") != "no"
    try:
        services.meeting_hold(meeting=meeting, by=policy.person_or_404(request.user), held=held)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        target = reverse("one_on_ones:meeting", args=[meeting.pk])
    else:
        # On to the meeting that now carries what was not discussed or done: the one the
        # service planned from the day after this one (or today, if later), if the reporting
        # line lasts until it.
        day = max(timezone.localdate(), meeting.scheduled_on + datetime.timedelta(days=1))
        upcoming = meeting.series.next_meeting(day)
        day_held = meeting.scheduled_on
        when = dates.weekday(day_held)
        marked = f"The 1:1 of {when} is marked as {'held' if held else 'missed'}"
        if upcoming is None:
            messages.success(request, f"{marked}. The reporting line ends before the next one.")
            target = reverse("one_on_ones:series", args=[meeting.series_id])
        else:
            messages.success(
                request, f"{marked}; what was not discussed or done is on this agenda."
            )
            target = reverse("one_on_ones:meeting", args=[upcoming.pk])
    if _is_htmx(request):
        return HttpResponseClientRedirect(target)
    return redirect(target)
