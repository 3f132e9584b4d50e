"""The e-mail before a 1:1, the director's weekly digest and the daily reminders: each says
counts, what is due and links, and has nothing to send when nothing is due."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from leadwell.asks import services as asks
from leadwell.balance import measure
from leadwell.balance.selectors import Balance
from leadwell.cadences.digests import compose, daily, director
from leadwell.cadences.models import Kind
from leadwell.challenges import services as challenges
from leadwell.coaching import services as coaching
from leadwell.coaching.models import Assignment
from leadwell.lib.periods import period_of
from leadwell.reports import selectors as upward
from leadwell.reports.models import Report

from .conftest import at, monday

pytestmark = pytest.mark.django_db


# -- before a 1:1 -------------------------------------------------------------------------------


def test_the_seller_hears_of_their_1_1_two_days_ahead_with_counts_and_links(week, settings):
    personas = week.personas
    coaching.point_add(meeting=week.sam_meeting, by=personas.leader, text="Pipeline review")
    coaching.point_add(meeting=week.sam_meeting, by=personas.seller, text="Pricing help")
    item = coaching.item_open(person=personas.seller, by=personas.leader, title="Discovery")
    wednesday = week.sam_meeting.scheduled_on
    coaching.assignment_add(item=item, by=personas.leader, title="Shadow a call", due_on=wednesday)
    coaching.assignment_add(
        item=item,
        by=personas.leader,
        title="Read the playbook",
        due_on=wednesday + datetime.timedelta(days=20),
    )
    composed = compose(personas.seller, Kind.PRE_ONE_ON_ONE, at(monday(), 9))
    assert composed.key == f"pre_one_on_one:{week.sam_meeting.pk}"
    assert "Your 1:1 with Lena Hart on" in composed.subject
    open_ = Assignment.objects.filter(owner=personas.seller, status="open")
    due = open_.filter(due_on__lte=wednesday)
    assert (open_.count(), due.count()) == (2, 1)
    texts = [line["text"] for line in composed.lines]
    assert texts[0].startswith("Not answered yet")
    assert "2 talking points so far, 1 of them yours" in texts[1]
    assert "2 open assignments, 1 due by the 1:1" in texts[2]
    meeting_url = settings.SITE_URL + reverse("one_on_ones:meeting", args=[week.sam_meeting.pk])
    assert composed.lines[0]["link"] == meeting_url
    for part in (composed.text, composed.html):
        assert "2 open assignments" in part and meeting_url in part
    assert "Shadow a call" not in composed.text + composed.html  # a title is coaching content


def test_the_e_mail_says_when_the_monday_question_is_answered(week):
    personas = week.personas
    coaching.answer_write(meeting=week.sam_meeting, by=personas.seller, text="More demo time")
    composed = compose(personas.seller, Kind.PRE_ONE_ON_ONE, at(monday(), 9))
    assert composed.lines[0]["text"].startswith("You have answered it")
    assert "More demo time" not in composed.text + composed.html


def test_no_e_mail_when_no_1_1_is_within_two_days(week):
    personas = week.personas
    # Sofia's is on Thursday: three days after Monday.
    assert compose(personas.seller2, Kind.PRE_ONE_ON_ONE, at(monday(), 9)) is None
    tuesday = monday() + datetime.timedelta(days=1)
    composed = compose(personas.seller2, Kind.PRE_ONE_ON_ONE, at(tuesday, 9))
    assert composed.key == f"pre_one_on_one:{week.sofia_meeting.pk}"


# -- the director's digest ----------------------------------------------------------------------


def test_the_directors_digest_counts_reports_late_challenges_and_asks(week, settings):
    personas = week.personas
    challenge = challenges.challenge_raise(
        by=personas.seller,
        team=personas.boston,
        description="Legal review takes six weeks",
        category="process",
    )
    challenges.challenge_escalate(
        challenge=challenge,
        by=personas.leader,
        ask="A fast lane",
        business_case="Two deals slip otherwise",
    )
    ask = asks.ask_record(
        by=personas.director,
        leader=personas.leader,
        period=period_of(monday(), "quarter"),
        amount=Decimal(50_000),
        reason="The region is short",
    )
    composed = compose(personas.director, Kind.DIRECTOR_DIGEST, at(monday(), 7))
    assert composed.key == f"director_digest:{monday().isoformat()}"
    lines = {line["section"]: [] for line in composed.lines}
    for line in composed.lines:
        lines[line["section"]].append(line)
    [escalated] = lines[director.CHALLENGES]
    assert escalated["text"].startswith("Process challenge of Boston Enterprise")
    assert escalated["link"] == settings.SITE_URL + reverse(
        "challenges:challenge", args=[challenge.pk]
    )
    [waiting] = lines[director.ASKS]
    assert waiting["text"].startswith("Extra ask of Lena Hart (Boston Enterprise)")
    assert waiting["link"].endswith(reverse("asks:ask", args=[ask.pk]))
    # Nobody has sent a report: each one overdue is listed as late, by its leader.
    assert Report.objects.filter(status="sent").count() == 0
    overdue = upward.overdue_reports(personas.director, monday())
    late = [line for line in lines.get(director.REPORTS, []) if "late since" in line["text"]]
    assert [line["text"].split("'s report")[0] for line in late] == [
        o.leader.name for o in overdue if o.leader != personas.director
    ]
    late_label = "report late" if len(late) == 1 else "reports late"
    assert "1 challenge to answer · 1 extra ask not assessed" in composed.text
    assert f"{len(late)} {late_label}" in composed.text
    assert re.search(r">1</div>\s*<div[^>]*>challenge to answer</div>", composed.html)
    assert re.search(rf">{len(late)}</div>\s*<div[^>]*>{late_label}</div>", composed.html)
    assert "Legal review" not in composed.text + composed.html
    assert "The region is short" not in composed.text + composed.html


def balance(pressure: int, excuse: int, person) -> Balance:
    return Balance(person, [], [], measure.Position(pressure, 5, excuse, 5))


def test_a_leaders_balance_moved_when_the_signals_firing_changed(personas):
    lena = personas.leader
    assert director.moved(balance(1, 0, lena), balance(1, 0, lena)) is None
    said = director.moved(balance(3, 0, lena), balance(0, 0, lena))
    assert said.startswith("Drifting toward passing the pressure on")
    assert "now 3 pressure and 0 excuse signals firing" in said
    assert "in balance" in said
    # Same lean, one more signal firing: it moved too.
    assert director.moved(balance(4, 0, lena), balance(3, 0, lena)) is not None


def test_someone_with_no_leaders_gets_no_directors_digest(personas):
    assert compose(personas.seller, Kind.DIRECTOR_DIGEST, at(monday(), 7)) is None


# -- reminders ----------------------------------------------------------------------------------


def test_reminders_come_as_one_e_mail_a_day_with_every_line(personas, monkeypatch, settings):
    owed = [
        {"text": "Plan review of Sam Ortiz", "link": "/coaching/people/1/plan/", "section": "Due"},
        {"text": "Your report for November", "link": "/reports/", "section": "Overdue"},
    ]
    monkeypatch.setattr(daily, "owed", lambda person, today: owed)
    composed = compose(personas.leader, Kind.REMINDERS, at(monday(), 8))
    assert composed.key == f"reminders:{monday().isoformat()}"
    assert composed.subject.startswith("2 things due or overdue")
    assert [line["link"] for line in composed.lines] == [
        settings.SITE_URL + "/coaching/people/1/plan/",
        settings.SITE_URL + "/reports/",
    ]
    for part in (composed.text, composed.html):
        assert "Plan review of Sam Ortiz" in part and "Your report for November" in part
    monkeypatch.setattr(daily, "owed", lambda person, today: [])
    assert compose(personas.leader, Kind.REMINDERS, at(monday(), 8)) is None
