"""Weekly 1:1s: a series per leader and direct report, a meeting per week, talking points and
action items that carry over by themselves until discussed or done (see models.one_on_ones).

Who may do each step is declared in leadwell/coaching/rules.py and decided by leadwell.policy.
Callers fetch what they write in through the policy (coaching.selectors: 404 for anyone outside
the 1:1); each step here asks the policy again about the person acting (`by`), so that one of
the two people asking for the other's step (the leader writing the seller's answer) is told why
(a ValidationError: a message on the page, 422 in the API).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone

from leadwell import policy
from leadwell.coaching.models import (
    ActionItem,
    Meeting,
    OneOnOneSeries,
    PrivateNote,
    TalkingPoint,
)
from leadwell.lib import dates
from leadwell.org import selectors as org
from leadwell.org.models import Person


def _text(value: str, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: [f"Enter {label}."]})
    return text


def _allowed(by: Person, action: str, obj: Model, field: str, message: str) -> None:
    """Refuse with the reason unless the policy lets `by` do `action` on `obj`."""
    if not policy.can(by, action, obj):
        raise ValidationError({field: [message]})


def _party(meeting: Meeting, by: Person) -> None:
    _ended(meeting.series)
    ends = meeting.series.ended_on
    if ends is not None and meeting.scheduled_on >= ends:
        raise ValidationError(
            {"series": [f"The reporting line ends on {dates.day(ends)}, before this meeting."]}
        )
    _allowed(by, "change", meeting, "by", "Only the two people in a 1:1 write in it.")


def _ended(series: OneOnOneSeries) -> None:
    """A 1:1 whose reporting line ended is history: it takes no more writes, and says why."""
    if series.ended_on is not None and series.has_ended():
        raise ValidationError(
            {
                "series": [
                    f"This 1:1 ended on {dates.day(series.ended_on)}, when {series.report.name} "
                    f"stopped reporting to {series.leader.name}: its history can be read, "
                    "not changed."
                ]
            }
        )


def series_follow_reporting_lines(
    *, people: Iterable[int] | None = None, today: datetime.date | None = None
) -> int:
    """Keep each 1:1's end in step with the org chart (of the 1:1s of `people`, or all): the
    day its report stops reporting to its leader, None while the line holds with no end
    recorded. Called whenever a reporting line changes, however it was changed; returns how
    many 1:1s changed."""
    series = OneOnOneSeries.objects.all()
    if people is not None:
        ids = set(people)
        series = series.filter(Q(leader_id__in=ids) | Q(report_id__in=ids))
    changed = 0
    for one in series.only("pk", "leader_id", "report_id", "ended_on"):
        ends = org.reporting_line_ends(one.leader_id, one.report_id, today)
        if ends != one.ended_on:
            OneOnOneSeries.objects.filter(pk=one.pk).update(ended_on=ends)
            changed += 1
    return changed


def series_start(
    *, leader: Person, report: Person, weekday: int = OneOnOneSeries.Weekday.MONDAY
) -> OneOnOneSeries:
    """Start (or change the day of) the weekly 1:1 of a leader with a direct report."""
    if weekday not in OneOnOneSeries.Weekday.values:
        raise ValidationError({"weekday": ["Choose a weekday from Monday to Friday."]})
    manager = org.manager_of(report)
    if manager is None or manager.pk != leader.pk:
        raise ValidationError(
            {"report": [f"{report.name} is not a direct report of {leader.name}."]}
        )
    ends = org.reporting_line_ends(leader.pk, report.pk)
    series, created = OneOnOneSeries.objects.get_or_create(
        leader=leader, report=report, defaults={"weekday": weekday, "ended_on": ends}
    )
    if not created and (series.weekday != weekday or series.ended_on != ends):
        # A report who comes back to the leader picks up the same 1:1 and its history.
        series.weekday, series.ended_on = weekday, ends
        series.save(update_fields=["weekday", "ended_on"])
        # The planned meeting moves to the new day; held and missed ones stay where they were.
        planned = series.meetings.filter(status=Meeting.Status.PLANNED).first()
        if planned is not None:
            day = series.meeting_day_on_or_after(timezone.localdate())
            if not series.meetings.filter(scheduled_on=day).exists():
                planned.scheduled_on = day
                planned.save(update_fields=["scheduled_on"])
    return series


def meeting_next(
    *, series: OneOnOneSeries, by: Person | None = None, today: datetime.date | None = None
) -> Meeting:
    """Plan the next meeting: the earliest planned one from today on if there is one, else a
    new one on the series' next weekday (today when today is the day). Reading what is
    planned, without planning, is `series.next_meeting(today)`. `by` is the person asking,
    when one does (the meeting held that plans the next asked already)."""
    today = today or timezone.localdate()
    _ended(series)
    if by is not None:
        _allowed(by, "plan", series, "by", "Only the two people in a 1:1 plan it.")
    planned = series.next_meeting(today)
    if planned is not None:
        return planned
    day = _free_day(series, today)
    if series.ended_on is not None and day >= series.ended_on:
        raise ValidationError(
            {
                "series": [
                    f"The reporting line ends on {dates.day(series.ended_on)}: no 1:1 after it."
                ]
            }
        )
    try:
        with transaction.atomic():
            meeting, _ = Meeting.objects.get_or_create(series=series, scheduled_on=day)
    except IntegrityError:
        meeting = Meeting.objects.get(series=series, scheduled_on=day)
    return meeting


def _free_day(series: OneOnOneSeries, today: datetime.date) -> datetime.date:
    """The series' next weekday from `today` on that holds no held or missed meeting yet."""
    day = series.meeting_day_on_or_after(today)
    while series.meetings.filter(scheduled_on=day).exclude(status=Meeting.Status.PLANNED).exists():
        day += datetime.timedelta(days=7)
    return day


def point_add(*, meeting: Meeting, by: Person, text: str) -> TalkingPoint:
    _party(meeting, by)
    text = _text(text, "text", "a talking point")
    return TalkingPoint.objects.create(
        series=meeting.series, raised_for=meeting, added_by=by, text=text
    )


def point_set_discussed(
    *, point: TalkingPoint, meeting: Meeting, by: Person, discussed: bool
) -> TalkingPoint:
    """Tick a point as discussed in this meeting (or untick it: it carries over again)."""
    _party(meeting, by)
    if point.series_id != meeting.series_id:
        raise ValidationError({"point": ["That point belongs to another 1:1."]})
    if point.raised_for.scheduled_on > meeting.scheduled_on:
        raise ValidationError({"point": ["That point is on the agenda of a later meeting."]})
    point.discussed_in = meeting if discussed else None
    point.save(update_fields=["discussed_in"])
    return point


def action_add(
    *,
    meeting: Meeting,
    by: Person,
    text: str,
    owner: Person,
    due_on: datetime.date | None = None,
    from_question: bool = False,
) -> ActionItem:
    _party(meeting, by)
    text = _text(text, "text", "the action")
    if owner.pk not in (meeting.series.leader_id, meeting.series.report_id):
        raise ValidationError({"owner": ["An action is owned by one of the two people."]})
    return ActionItem.objects.create(
        series=meeting.series,
        raised_in=meeting,
        text=text,
        owner=owner,
        due_on=due_on,
        from_question=from_question,
    )


def action_set_done(
    *, action: ActionItem, meeting: Meeting | None, by: Person, done: bool
) -> ActionItem:
    """Mark an action done (in `meeting`, when ticked during one) or open again."""
    _ended(action.series)
    _allowed(by, "change", action, "by", "Only the two people in a 1:1 write in it.")
    if meeting is not None and action.series_id != meeting.series_id:
        raise ValidationError({"action": ["That action belongs to another 1:1."]})
    action.done_on = timezone.localdate() if done else None
    action.done_in = meeting if done else None
    action.save(update_fields=["done_on", "done_in"])
    return action


def answer_write(*, meeting: Meeting, by: Person, text: str) -> Meeting:
    """The seller's answer to "What else can I do to make you even more successful?"."""
    _ended(meeting.series)
    _allowed(by, "answer", meeting, "answer", "The answer is the seller's to write.")
    meeting.answer = (text or "").strip()
    meeting.save(update_fields=["answer"])
    return meeting


def answer_to_actions(
    *, meeting: Meeting, by: Person, texts: list[str], due_on: datetime.date | None = None
) -> list[ActionItem]:
    """Turn the seller's answer into action items owned by the leader."""
    _ended(meeting.series)
    _allowed(
        by, "act_on_answer", meeting, "texts", "The leader turns the answer into their own actions."
    )
    texts = [t.strip() for t in texts if t and t.strip()]
    if not texts:
        raise ValidationError({"texts": ["Write at least one action from the answer."]})
    leader = meeting.series.leader
    return [
        action_add(
            meeting=meeting, by=by, text=text, owner=leader, due_on=due_on, from_question=True
        )
        for text in texts
    ]


def shared_notes_write(*, meeting: Meeting, by: Person, text: str) -> Meeting:
    _party(meeting, by)
    meeting.shared_notes = (text or "").strip()
    meeting.save(update_fields=["shared_notes"])
    return meeting


def private_note_write(*, meeting: Meeting, by: Person, text: str) -> PrivateNote:
    """The author's own note on a meeting: nobody else ever reads it."""
    _party(meeting, by)
    note, _ = PrivateNote.objects.update_or_create(
        meeting=meeting,
        author=by,
        defaults={"text": (text or "").strip(), "updated_at": timezone.now()},
    )
    return note


@transaction.atomic
def meeting_hold(
    *, meeting: Meeting, by: Person, held: bool = True, today: datetime.date | None = None
) -> Meeting:
    """Record that the meeting took place (or was missed). What was not discussed or done
    carries over to the next meeting, which is planned at once from `today` (the local date
    unless given: the demo writes its history as of its own day), unless the reporting line
    ends before it."""
    _party(meeting, by)
    meeting.status = Meeting.Status.HELD if held else Meeting.Status.MISSED
    meeting.held_at = timezone.now() if held else None
    meeting.save(update_fields=["status", "held_at"])
    series = meeting.series
    following = max(
        today or timezone.localdate(), meeting.scheduled_on + datetime.timedelta(days=1)
    )
    if series.ended_on is None or _free_day(series, following) < series.ended_on:
        meeting_next(series=series, today=following)
    return meeting
