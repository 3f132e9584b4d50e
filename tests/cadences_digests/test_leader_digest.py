"""The leader's Monday digest says who needs them this week and why (what their home page
says), this week's 1:1s and whether the Monday question is answered, what is due, and shows
the team page's chart as a PNG."""

import datetime
import re
import sys

import pytest
from django.urls import reverse

from leadwell.cadences.digests import compose, leader
from leadwell.cadences.models import Kind
from leadwell.coaching import services as coaching
from leadwell.coaching.models import Meeting
from leadwell.pulse.models import ResultGroup
from leadwell.web.leader_home import leader_home
from tests.conftest import require

from .conftest import at, monday, today

pytestmark = pytest.mark.django_db


def digest(personas, who: str = "leader"):
    return compose(getattr(personas, who), Kind.LEADER_DIGEST, at(monday(), 7))


def section(composed, name: str) -> list[dict]:
    return [line for line in composed.lines if line["section"] == name]


def test_who_needs_you_names_the_sellers_the_home_page_shows_with_their_reasons(week, settings):
    personas = week.personas
    composed = digest(personas)
    home = leader_home(personas.leader, personas.leader, monday())
    expected = [line for line in home.lines if leader.reasons(line)]
    shown = section(composed, leader.NEEDS_YOU)
    assert [line["text"].split(":")[0] for line in shown] == [line.person.name for line in expected]
    assert shown[0]["text"].startswith("Sam Ortiz:")  # most behind pace, as on the page
    sam = next(line for line in home.lines if line.person == personas.seller)
    assert sam.attainment.of_pace < 1
    assert f"{sam.attainment.of_pace:.0%} of pace" in shown[0]["text"]
    assert shown[0]["link"] == settings.SITE_URL + reverse("person", args=[personas.seller.pk])


def test_the_week_is_the_key_and_the_numbers_that_matter_are_in_both_parts(week, settings):
    personas = week.personas
    composed = digest(personas)
    assert composed.key == f"leader_digest:{monday().isoformat()}"
    needing = len(section(composed, leader.NEEDS_YOU))
    label = "seller needs you this week" if needing == 1 else "sellers need you this week"
    assert f"{needing} {label}" in composed.text
    assert re.search(rf">{needing}</div>\s*<div[^>]*>{label}</div>", composed.html)
    assert "0 of 2 1:1s with the Monday question answered" in composed.text
    assert f"{needing} {'seller needs' if needing == 1 else 'sellers need'} you" in composed.subject


def test_this_weeks_1_1s_say_whether_the_monday_question_is_answered(week):
    personas = week.personas
    coaching.answer_write(meeting=week.sam_meeting, by=personas.seller, text="More demo time")
    composed = digest(personas)
    meetings = Meeting.objects.filter(
        series__leader=personas.leader,
        scheduled_on__range=(monday(), monday() + datetime.timedelta(days=6)),
    )
    answered = meetings.exclude(answer="").count()
    assert (meetings.count(), answered) == (2, 1)
    shown = section(composed, leader.ONE_ON_ONES)
    assert len(shown) == meetings.count()
    assert "Sam Ortiz" in shown[0]["text"] and "answered the Monday question" in shown[0]["text"]
    assert "Sofia Berg" in shown[1]["text"] and "not answered yet" in shown[1]["text"]
    assert shown[0]["link"].endswith(reverse("one_on_ones:meeting", args=[week.sam_meeting.pk]))
    assert f"{answered} of 2 1:1s with the Monday question answered" in composed.text


def test_a_plan_review_due_this_week_and_new_pulse_results_are_listed_as_counts(week):
    personas = week.personas
    plan = coaching.plan_save(person=personas.seller, strengths="Persistent")
    ResultGroup.objects.create(
        team=personas.boston,
        leader=personas.leader,
        first_opened_on=monday() - datetime.timedelta(days=10),
        last_closed_on=monday() - datetime.timedelta(days=3),
        answers_count=5,
        eligible=6,
    )
    composed = digest(personas)
    due = [line["text"] for line in section(composed, leader.DUE)]
    if plan.review_due_on(None) <= monday() + datetime.timedelta(days=6):
        assert any("Plan review of Sam Ortiz" in text for text in due)
    else:
        assert not any("Sam Ortiz" in text for text in due)
    [pulse] = section(composed, leader.PULSE)
    assert pulse["text"].startswith("Boston Enterprise: 5 answers")


def test_a_person_without_reports_gets_no_leader_digest(personas):
    assert digest(personas, "admin") is None


@pytest.fixture
def cairosvg():
    try:
        import cairosvg
    except (ImportError, OSError) as missing:
        require(f"CairoSVG or the system's Cairo it needs is missing ({missing})")
    return cairosvg


def test_the_chart_is_a_png_of_the_team_pages_own_chart(week, cairosvg):
    personas = week.personas
    # Made as of the day the page is drawn (the chart marks that day), not this week's Monday.
    composed = compose(personas.leader, Kind.LEADER_DIGEST, at(today(), 7))
    from leadwell.cadences import mail_charts

    [(content_id, png, alt)] = composed.images
    assert png.startswith(mail_charts.PNG_MAGIC)
    assert f'src="cid:{content_id}"' in composed.html
    assert (
        alt.startswith("Boston Enterprise, Q")
        and ": bookings 181,000 of a 200,000 quota (90%)" in alt
    )
    # The team page's drawing of the same size, made a picture, is the same picture.
    page = (
        personas.client("leader")
        .get(reverse("metrics:team", args=[personas.boston.pk]))
        .content.decode()
    )
    drawn = re.search(r'<svg[^>]*class="[^"]*size-regular[^"]*".*?</svg>', page, re.DOTALL)
    assert drawn is not None
    same = cairosvg.svg2png(
        bytestring=mail_charts.standalone_svg(drawn.group(0)).encode(),
        scale=mail_charts.SCALE,
        background_color=mail_charts.BACKGROUND,
    )
    assert png == same
    width = int.from_bytes(png[16:20], "big")
    assert width == mail_charts.SIZE.width * mail_charts.SCALE


def test_without_cairo_the_digest_comes_without_its_chart(week, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    monkeypatch.delitem(sys.modules, "leadwell.cadences.mail_charts", raising=False)

    composed = digest(week.personas)

    assert composed.images == ()
    assert "cid:" not in composed.html
    assert "2 sellers need you this week" in composed.text
    assert "CairoSVG cannot load" in caplog.text
