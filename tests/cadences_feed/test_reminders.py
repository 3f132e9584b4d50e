"""What a person owes, read from their rhythm: the reminder's lines say what is due today or
overdue, with a link, and nothing written in it; no line, no reminder."""

import datetime

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse
from django.utils import timezone

from leadwell.cadences import feed, reminders, rhythm
from leadwell.cadences.models import Preferences
from leadwell.coaching import services as coaching
from leadwell.coaching.models import DevelopmentPlan, OneOnOneSeries
from leadwell.lib import dates
from leadwell.pulse import services as pulse
from leadwell.reports.periods import period_for
from leadwell.reports.services import due_on

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def report_due_day(some_day: datetime.date) -> datetime.date:
    """The day last month's upward report falls due, seen from `some_day`."""
    return due_on(period_for("month", some_day).previous())


@pytest.fixture
def plan_late(personas):
    """Sam's development plan, started 45 days before the report due day: its first monthly
    review is two weeks overdue on that day."""
    today = report_due_day(datetime.date(2026, 10, 1))
    plan = coaching.plan_save(
        person=personas.seller, development_notes="plan-secret-4471 about Sam"
    )
    DevelopmentPlan.objects.filter(pk=plan.pk).update(started_on=today - 45 * DAY)
    plan.refresh_from_db()
    return plan, today


def texts(lines: list[dict], section: str) -> list[str]:
    return [line["text"] for line in lines if line["section"] == section]


def test_a_leader_owes_an_overdue_plan_review_and_the_report_due_today(personas, plan_late):
    _, today = plan_late
    owed = rhythm.owed_by(personas.leader, today)
    titles = [e.title for e in owed]
    assert "Development plan review: Sam Ortiz" in titles
    assert "Upward report due: September 2026" in titles
    lines = reminders.reminder_lines(personas.leader, today)
    overdue, due = texts(lines, "Overdue"), texts(lines, "Due today")
    assert any(t.startswith("Development plan review: Sam Ortiz: due ") for t in overdue)
    assert any("14 days ago" in t for t in overdue)
    assert "Upward report due: September 2026: due today" in due
    review = next(line for line in lines if line["text"].startswith("Development plan review"))
    assert review["link"] == reverse("coaching:plan", args=[personas.seller.pk])
    # Overdue comes first: what is late is read first.
    sections = [line["section"] for line in lines]
    assert sections == sorted(sections, key=lambda s: s != "Overdue")


def test_a_report_not_sent_the_day_after_is_overdue(personas, plan_late):
    _, today = plan_late
    lines = reminders.reminder_lines(personas.leader, today + DAY)
    assert "Upward report due: September 2026: due " in " ".join(texts(lines, "Overdue"))


def test_a_review_recorded_is_no_longer_owed(personas, plan_late):
    plan, today = plan_late
    coaching.plan_review_add(
        plan=plan, by=personas.leader, progress="progress-secret-2209", reviewed_on=today
    )
    titles = [e.title for e in rhythm.owed_by(personas.leader, today)]
    assert "Development plan review: Sam Ortiz" not in titles


def test_the_reminder_counts_what_is_due_and_carries_nothing_written(personas, plan_late):
    _, today = plan_late
    reminder = reminders.reminder_of(personas.leader, today)
    assert reminder is not None
    lines = reminder.lines
    overdue = len(texts(lines, "Overdue"))
    assert reminder.subject == f"Leadwell reminder: {overdue} overdue and 1 due today"
    assert reminder.key == f"reminders:{today.isoformat()}"
    assert "http://localhost:8000/coaching/people/" in reminder.text
    assert "plan-secret-4471" not in repr(lines) + reminder.text


def test_a_seller_with_nothing_due_gets_no_reminder(personas):
    assert reminders.reminder_lines(personas.seller, timezone.localdate()) == []
    assert reminders.reminder_of(personas.seller, timezone.localdate()) is None


def test_a_seller_owes_the_open_pulse_until_they_answer_it(personas):
    today = timezone.localdate()
    opened = pulse.pulse_open(by=personas.leader, team=personas.boston, on=today)
    lines = reminders.reminder_lines(personas.seller, today)
    last = opened.closes_on - DAY
    assert lines == [
        {
            "text": f"Trust pulse open: open until {dates.day(last)}",
            "link": reverse("pulse:answer", args=[opened.pk]),
            "section": "Due today",
        }
    ]
    # The leader is asked nothing: it is their team's pulse, about them. Their calendar
    # shows its window.
    assert not [e for e in rhythm.owed_by(personas.leader, today) if e.kind == "pulse"]
    windows = [
        (e.title, e.day, e.end_day)
        for e in rhythm.events_of(personas.leader, today, today + DAY)
        if e.kind == "pulse"
    ]
    assert windows == [("Trust pulse open: Boston Enterprise", today, opened.closes_on)]
    pulse.pulse_answer(by=personas.seller, pulse=opened, care=4, help=4, trust=4, comment="")
    assert reminders.reminder_lines(personas.seller, today) == []


def test_today_is_reckoned_in_the_persons_time_zone(personas):
    """At 23:30 on a Monday in London it is already Tuesday in Auckland: a Monday 1:1 slot
    with no meeting is still ahead in London, and passed (so not shown) in Auckland."""
    monday = datetime.date(2026, 12, 7)
    now = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)
    series = coaching.series_start(leader=personas.leader, report=personas.seller)
    OneOnOneSeries.objects.filter(pk=series.pk).update(started_on=monday - 14 * DAY)

    def shows_monday() -> bool:
        calendar = icalendar.Calendar.from_ical(feed.calendar_of(personas.leader, now))
        return any(
            str(e["SUMMARY"]) == "1:1 with Sam Ortiz"
            for e in recurring_ical_events.of(calendar).at(monday)
        )

    Preferences.objects.create(person=personas.leader, time_zone="Europe/London")
    assert shows_monday()
    Preferences.objects.filter(person=personas.leader).update(time_zone="Pacific/Auckland")
    assert not shows_monday()
