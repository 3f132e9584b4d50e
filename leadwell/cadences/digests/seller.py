"""The e-mail before a 1:1, two days ahead: answer the Monday question, add talking points,
and see how many coaching assignments are open. Assignment titles are coaching content: only
their count, and how many fall due before the meeting, leave the product."""

import datetime

from leadwell.cadences.digests import Draft, Figure, day, link, noun, plural
from leadwell.cadences.models import Kind
from leadwell.coaching.models import Assignment, Meeting, OneOnOneSeries
from leadwell.org.models import Person

AHEAD = datetime.timedelta(days=2)
QUESTION = "The Monday question"
POINTS = "Talking points"
ASSIGNMENTS = "Your open assignments"


def meeting_ahead(person: Person, today: datetime.date) -> Meeting | None:
    """The person's next planned 1:1 as the report, if it is within two days (not today:
    the e-mail is to prepare)."""
    series = OneOnOneSeries.objects.filter(report=person).current(today)
    return (
        Meeting.objects.filter(
            series__in=series,
            status=Meeting.Status.PLANNED,
            scheduled_on__gt=today,
            scheduled_on__lte=today + AHEAD,
        )
        .select_related("series__leader")
        .order_by("scheduled_on", "id")
        .first()
    )


def key_for(meeting_id: int) -> str:
    return f"{Kind.PRE_ONE_ON_ONE}:{meeting_id}"


def draft(person: Person, today: datetime.date) -> Draft | None:
    meeting = meeting_ahead(person, today)
    if meeting is None:
        return None
    leader = meeting.series.leader
    page = link("one_on_ones:meeting", meeting.pk)
    made = Draft(
        key=key_for(meeting.pk),
        subject=f"Your 1:1 with {leader.name} on {day(meeting.scheduled_on)}",
        intro=f"Your 1:1 with {leader.name} is on {day(meeting.scheduled_on)}. A few minutes "
        "now make it yours.",
        action_url=page,
    )
    answered = bool(meeting.answer.strip())
    made.add(
        QUESTION,
        "You have answered it; you can still change your answer"
        if answered
        else "Not answered yet: what else can your leader do to make you even more successful?",
        page,
    )
    points = meeting.points_raised.count()
    mine = meeting.points_raised.filter(added_by=person).count()
    made.add(
        POINTS,
        f"{plural(points, 'talking point')} so far, {mine} of them yours: add what you want to "
        "talk about",
        page,
    )
    open_ = Assignment.objects.filter(owner=person, status=Assignment.Status.OPEN)
    count = open_.count()
    due = open_.filter(due_on__lte=meeting.scheduled_on).count()
    made.add(
        ASSIGNMENTS,
        f"{plural(count, 'open assignment')}, {due} due by the 1:1",
        link("coaching:person", person.pk),
    )
    made.figures = [
        Figure("Yes" if answered else "Not yet", "Monday question answered"),
        Figure(points, noun(points, "talking point")),
        Figure(count, f"open {noun(count, 'assignment')}, {due} due by the 1:1"),
    ]
    return made
