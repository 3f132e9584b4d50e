"""A person's rhythm as events: their 1:1s, the development-plan reviews they owe, their
upward reports, monthly debriefs, quarterly department talks, trust pulses, the pivot
self-assessment and quarter ends.

Everything here is read through the apps' selectors where one exists (what the home and lead-up
pages read), and says only a title and a link: never notes, answers, gaps or comments. The
calendar feed (feed.py) and the reminders (reminders.py) are both made from it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from leadwell.cadences.choices import zone_of
from leadwell.coaching import selectors as coaching
from leadwell.coaching.models import Meeting, OneOnOneSeries
from leadwell.debriefs import selectors as debriefs
from leadwell.debriefs.models import Debrief
from leadwell.leadership.pivot import selectors as pivot
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Person
from leadwell.pulse import selectors as pulse
from leadwell.pulse.models import Participation, Pulse
from leadwell.reports import selectors as reports
from leadwell.reports.models import Report
from leadwell.reports.periods import CADENCE_KIND, ReportPeriod, period_for
from leadwell.reports.services import due_on as report_due_on

WEEK = datetime.timedelta(days=7)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Event:
    uid: str
    kind: str
    title: str
    day: datetime.date
    end_day: datetime.date | None  # exclusive, for windows (a pulse open, a self-assessment)
    link: str  # a path on the site
    owed: bool  # something the person must do by `day` (or while the window is open)
    done: bool


@dataclass(frozen=True)
class Series:
    """A weekly 1:1 as one recurring event: every `weekday` from `first`, to `until`
    (inclusive) when the reporting line ended, less `skipped`, with each of `moved` (the week's
    slot, the day it was held or is planned instead) in place of its slot, and `extra` meetings
    on days no slot of theirs can stand for."""

    uid: str
    title: str
    link: str
    first: datetime.date
    until: datetime.date | None
    skipped: tuple[datetime.date, ...]
    moved: tuple[tuple[datetime.date, datetime.date], ...]
    extra: tuple[tuple[int, datetime.date], ...]  # (meeting id, day)

    def slots(self, end: datetime.date) -> list[datetime.date]:
        """The weekly slots from `first` to `end` (exclusive) or `until`."""
        days, day = [], self.first
        while day < end and (self.until is None or day <= self.until):
            days.append(day)
            day += WEEK
        return days

    def days(self, end: datetime.date) -> list[datetime.date]:
        """The days the 1:1 takes place, up to `end` (exclusive): what a calendar shows."""
        moved = dict(self.moved)
        shown = [moved.get(d, d) for d in self.slots(end) if d not in self.skipped]
        shown += [d for _, d in self.extra if d < end]
        return sorted(shown)


# -- 1:1s -----------------------------------------------------------------------------------------


def one_on_ones_of(
    person: Person, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[Series]:
    """The person's 1:1s (as the leader and as the report) between `start` and `end`.

    A slot that passed with no meeting held or planned on it, or whose meeting was missed, is
    skipped: the calendar shows the 1:1s that took place and the weekly slot from today on.
    A meeting off the series' weekday (the day was changed) stands in for its week's slot."""
    series_list = list(
        OneOnOneSeries.objects.filter(Q(leader=person) | Q(report=person))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        .filter(started_on__lt=end)
        .select_related("leader", "report")
        .order_by("id")
    )
    meetings: dict[int, list[tuple[int, datetime.date, str]]] = {s.pk: [] for s in series_list}
    for meeting_id, series_id, day, status in Meeting.objects.filter(
        series__in=series_list, scheduled_on__gte=start, scheduled_on__lt=end
    ).values_list("id", "series_id", "scheduled_on", "status"):
        meetings[series_id].append((meeting_id, day, status))
    return [
        schedule
        for series in series_list
        if (schedule := _schedule(person, series, meetings[series.pk], start, end, today))
    ]


def _schedule(
    person: Person,
    series: OneOnOneSeries,
    meetings: list[tuple[int, datetime.date, str]],
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> Series | None:
    first = series.meeting_day_on_or_after(max(series.started_on, start))
    until = series.ended_on - DAY if series.ended_on else None
    stop = min(end, series.ended_on) if series.ended_on else end
    if first >= stop:
        return None
    meetings = [m for m in meetings if m[1] < stop]
    slots = set()
    day = first
    while day < stop:
        slots.add(day)
        day += WEEK
    kept = {d for _, d, s in meetings if s != Meeting.Status.MISSED}
    missed = {d for _, d, s in meetings if s == Meeting.Status.MISSED}
    moved: dict[datetime.date, datetime.date] = {}
    extra = []
    for meeting_id, day, status in sorted(meetings, key=lambda m: m[1]):
        if status == Meeting.Status.MISSED or day in slots:
            continue
        slot = day - datetime.timedelta(days=day.weekday() - series.weekday)
        if slot in slots and slot not in kept and slot not in missed and slot not in moved:
            moved[slot] = day
        else:
            extra.append((meeting_id, day))
    skipped = sorted(
        d for d in slots if d in missed or (d < today and d not in kept and d not in moved)
    )
    other = series.report if series.leader_id == person.pk else series.leader
    return Series(
        uid=f"one-on-one-series-{series.pk}",
        title=f"1:1 with {other.name}",
        link=reverse("one_on_ones:series", args=[series.pk]),
        first=first,
        until=until,
        skipped=tuple(skipped),
        moved=tuple(sorted(moved.items())),
        extra=tuple(extra),
    )


def _one_on_one_events(
    person: Person, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[Event]:
    return [
        Event(s.uid, "one_on_one", s.title, day, None, s.link, owed=False, done=day < today)
        for s in one_on_ones_of(person, start, end, today)
        for day in s.days(end)
    ]


# -- What a leader owes their people --------------------------------------------------------------


def _plan_reviews(person: Person, today: datetime.date) -> list[Event]:
    """The next monthly review of each direct report's development plan (one event a plan,
    moving on to the next due day once a review is recorded)."""
    people = list(org.direct_reports(person, today).order_by("name"))
    return [
        Event(
            uid=f"development-plan-{status.plan.pk}-review",
            kind="plan_review",
            title=f"Development plan review: {status.person.name}",
            day=status.review_due_on,
            end_day=None,
            link=reverse("coaching:plan", args=[status.person.pk]),
            owed=True,
            done=False,
        )
        for status in coaching.plan_statuses(people)
        if status.plan is not None and status.review_due_on is not None
    ]


# -- Leading up -----------------------------------------------------------------------------------


def _periods_due(
    kind: str, start: datetime.date, end: datetime.date
) -> list[tuple[ReportPeriod, datetime.date]]:
    """Each report period whose report falls due between `start` and `end`."""
    found: list[tuple[ReportPeriod, datetime.date]] = []
    period = period_for(kind, start).previous().previous()
    while True:
        due = report_due_on(period)
        if due >= end:
            return found
        if due >= start:
            found.append((period, due))
        period = period.next()


def _upward_reports(
    person: Person, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[Event]:
    if not reports.reports_up(person, today):
        return []
    kind = CADENCE_KIND[reports.cadence_of(person)]
    due = _periods_due(kind, start, end)
    if not due:
        return []
    # A report due in the past is owed only as the reports app reckons it (a draft left unsent,
    # or the last period's never started): not the periods before the person reported up.
    own = reports.own_reports(person, today)
    overdue = {o.period.start for o in own.earlier_overdue} if own else set()
    if own and own.is_overdue:
        overdue.add(own.period.start)
    written = {
        r.period_start: r
        for r in reports.visible_reports(person)
        .filter(leader=person, period_start__gte=due[0][0].start)
        .order_by("id")
    }
    events = []
    for period, day in due:
        report = written.get(period.start)
        sent = report is not None and report.status == Report.Status.SENT
        if day < today and not sent and period.start not in overdue:
            continue
        events.append(
            Event(
                uid=f"upward-report-{person.pk}-{period.kind}-{period.start:%Y%m%d}",
                kind="upward_report",
                title=f"Upward report due: {period.label}",
                day=report.due_on if report else day,
                end_day=None,
                link=reverse("reports:report", args=[report.pk])
                if report
                else reverse("reports:list"),
                owed=True,
                done=sent,
            )
        )
    return events


def _periods(kind: PeriodKind, start: datetime.date, end: datetime.date) -> list[Period]:
    """The months or quarters that overlap the days from `start` to `end` (exclusive)."""
    periods, period = [], period_of(start, kind)
    while period.start < end:
        periods.append(period)
        period = period.next()
    return periods


def _debriefs(
    person: Person, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[Event]:
    """The monthly debriefs the person takes part in: as a leader with their director, as a
    director with each leader. Each is due by its month's last day; a past month shows only
    when it was held or is overdue (the months before a reporting line began owe nothing)."""
    statuses = debriefs.debrief_statuses(
        person, debriefs.leaders_reporting_to(person, today), today
    )
    mine = debriefs.my_debrief_status(person, today)
    if mine is not None:
        statuses.append(mine)
    if not statuses:
        return []
    held = {
        (d.director_id, d.leader_id, d.month): d
        for d in Debrief.objects.filter(
            Q(director=person) | Q(leader=person), month__gte=period_of(start, "month").start
        )
    }
    this_month = period_of(today, PeriodKind.MONTH)
    events = []
    for status in statuses:
        other = status.leader if status.director == person else status.director
        overdue = {p.start for p in status.overdue}
        for month in _periods(PeriodKind.MONTH, start, end):
            debrief = held.get((status.director.pk, status.leader.pk, month.start))
            if month.start < this_month.start and debrief is None and month.start not in overdue:
                continue
            events.append(
                Event(
                    uid=f"debrief-{status.director.pk}-{status.leader.pk}-{month.start:%Y%m}",
                    kind="debrief",
                    title=f"Monthly debrief with {other.name}: {month.short_label}",
                    day=month.end - DAY,
                    end_day=None,
                    link=reverse("debriefs:debrief", args=[debrief.pk])
                    if debrief
                    else reverse("debriefs:home"),
                    owed=True,
                    done=debrief is not None,
                )
            )
    return events


def _department_talks(
    person: Person, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[Event]:
    """A leader's talks with the other departments, due each quarter by its last day. A
    quarter that has passed owes nothing more: it shows as done or not."""
    if org.role_of(person, today) != org.Role.LEADER:
        return []
    talks = debriefs.talks_of([person], today, 2)[0]
    missing = {q.quarter.start: bool(q.missing) for q in talks.quarters}
    events = []
    for quarter in _periods(PeriodKind.QUARTER, start, end):
        if quarter.end <= today and quarter.start not in missing:
            continue  # before what the talks page reckons: nothing known to show
        events.append(
            Event(
                uid=f"department-talks-{person.pk}-{quarter.name}",
                kind="department_talks",
                title=f"Department talks: {quarter.short_label}",
                day=quarter.end - DAY,
                end_day=None,
                link=reverse("debriefs:talks"),
                owed=quarter.end > today,
                done=quarter.start in missing and not missing[quarter.start],
            )
        )
    return events


# -- Windows --------------------------------------------------------------------------------------


def _pulses(
    person: Person, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[Event]:
    """The trust pulses of the person's teams: one to answer for a seller, its window for the
    team's leader."""
    teams = {
        *org.team_ids_of(person, today),
        *org.teams_led_by(person, today).values_list("pk", flat=True),
    }
    pulses = list(
        Pulse.objects.filter(team_id__in=teams, opens_on__lt=end, closes_on__gt=start)
        .select_related("team")
        .order_by("opens_on", "id")
    )
    answered = set(
        Participation.objects.filter(pulse__in=pulses, person=person).values_list(
            "pulse_id", flat=True
        )
    )
    to_answer = {p.pk for p in pulse.open_pulses_to_answer(person, today)}
    events = []
    for p in pulses:
        leads = pulse.leads_now(person, p.team, today)
        events.append(
            Event(
                uid=f"pulse-{p.pk}",
                kind="pulse",
                title=f"Trust pulse open: {p.team.name}" if leads else "Trust pulse open",
                day=p.opens_on,
                end_day=p.closes_on,
                link=reverse("pulse:team", args=[p.team_id])
                if leads
                else reverse("pulse:answer", args=[p.pk]),
                owed=not leads and (p.pk in to_answer or p.pk in answered),
                done=p.closed if leads else p.pk in answered,
            )
        )
    return events


def _pivot(
    person: Person, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[Event]:
    """The pivot self-assessment: open from the day the person's manager issued the quarter's
    challenge to the quarter's end."""
    events = []
    for quarter in _periods(PeriodKind.QUARTER, start, min(end, today + DAY)):
        challenge = pivot.my_challenge(person, quarter, today)
        if challenge is None:
            continue
        assessment = pivot.my_assessment(person, quarter)
        events.append(
            Event(
                uid=f"pivot-self-assessment-{person.pk}-{quarter.name}",
                kind="pivot",
                title=f"Pivot self-assessment open: {quarter.short_label}",
                day=challenge.issued_on,
                end_day=quarter.end,
                link=f"{reverse('leadership:pivot_quarter')}?quarter={quarter.name}",
                owed=True,
                done=assessment is not None and assessment.status == "submitted",
            )
        )
    return events


def _quarter_ends(start: datetime.date, end: datetime.date) -> list[Event]:
    return [
        Event(
            uid=f"quarter-end-{quarter.name}",
            kind="quarter_end",
            title=f"Quarter end: {quarter.short_label}",
            day=quarter.end - DAY,
            end_day=None,
            link=reverse("home"),
            owed=False,
            done=False,
        )
        for quarter in _periods(PeriodKind.QUARTER, start, end)
        if start <= quarter.end - DAY < end
    ]


# -- The rhythm -----------------------------------------------------------------------------------


def _within(events: Iterable[Event], start: datetime.date, end: datetime.date) -> list[Event]:
    return [e for e in events if e.day < end and (e.end_day or e.day + DAY) > start]


def events_of(
    person: Person,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date | None = None,
    *,
    with_one_on_ones: bool = True,
) -> list[Event]:
    """Everything in the person's rhythm between `start` and `end` (exclusive), by day.
    `today` is the person's today (in their time zone); the organisation's when not given."""
    if today is None:
        today = datetime.datetime.now(zone_of(person)).date()
    events = [
        *(_one_on_one_events(person, start, end, today) if with_one_on_ones else []),
        *_plan_reviews(person, today),
        *_upward_reports(person, start, end, today),
        *_debriefs(person, start, end, today),
        *_department_talks(person, start, end, today),
        *_pulses(person, start, end, today),
        *_pivot(person, start, end, today),
        *_quarter_ends(start, end),
    ]
    return sorted(_within(events, start, end), key=lambda e: (e.day, e.kind, e.title))


# How far back what is still owed is looked for: a development-plan review or a report left
# undone for longer is long on the home page already.
OWED_LOOKBACK = datetime.timedelta(days=120)


def owed_by(person: Person, today: datetime.date) -> list[Event]:
    """What the person must do that is due today or overdue and not done: a development-plan
    review, an upward report, a debrief, department talks on a quarter's last day, a pulse open
    they have not answered, a pivot self-assessment open and not submitted."""
    start = today - OWED_LOOKBACK
    events = events_of(person, start, today + DAY, today, with_one_on_ones=False)
    # A plan review is owed however long ago it fell due.
    events += [e for e in _plan_reviews(person, today) if e.day < start]
    return [
        e
        for e in events
        if e.owed and not e.done and e.day <= today and (e.end_day is None or today < e.end_day)
    ]
