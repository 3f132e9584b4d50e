"""The 1:1 agenda shows a snapshot of the seller's scorecard for the meeting's quarter, to a
viewer the scorecard rules let see it, and the seller's coaching items that wait for an
assignment beside the assignments open and waiting for evaluation."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.coaching import services
from leadwell.coaching.models import Assignment, Evaluation, Skill
from leadwell.crm.models import Quota
from leadwell.lib.periods import period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.formatting import format_value, gap_words
from leadwell.metrics.selectors import person_card
from leadwell.org import services as org
from tests.conftest import deal, one_on_one_held_last_week

pytestmark = pytest.mark.django_db

EMPTY = (
    "No coaching item waiting for an assignment, no open assignment and nothing waiting for "
    "evaluation."
)


@pytest.fixture
def meeting(personas):
    series = services.series_start(leader=personas.leader, report=personas.seller)
    return services.meeting_next(series=series)


def results(meeting):
    """Sam won 30,000 and 20,000 in the meeting's quarter against a quota of 100,000."""
    period = period_of(meeting.scheduled_on)
    deal(meeting.series.report, "won", 30_000, period.start)
    deal(meeting.series.report, "won", 20_000, period.start)
    Quota.objects.create(
        person=meeting.series.report,
        period_kind="quarter",
        period_start=period.start,
        amount=100_000,
    )
    recompute()
    return period


@pytest.fixture
def quarter(meeting):
    return results(meeting)


def bookings_shown(person, period) -> tuple[str, str]:
    """The bookings target and gap as the scorecard words them: in a quarter still running,
    against pace (so the words depend on today's date)."""
    line = person_card(person, period, with_trend=False).line("bookings")
    assert line.gap is not None
    return format_value(line.target, line.metric.unit), gap_words(line.metric, line.gap)


def heading(person, period) -> str:
    """ "Q4 FY2026 to date (75% of the quarter elapsed)" while the quarter runs."""
    return person_card(person, period, with_trend=False).period_label


def page(personas, key: str, meeting) -> str:
    response = personas.client(key).get(reverse("one_on_ones:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_leader_sees_the_sellers_scorecard_snapshot_with_a_link_to_the_full_scorecard(
    personas, meeting, quarter
):
    html = page(personas, "leader", meeting)
    # The quarter runs today: its figures are to date, judged against pace.
    assert f"Scorecard of Sam Ortiz, {heading(personas.seller, quarter)}" in html
    snapshot = html[html.index('id="scorecard"') : html.index('id="coaching"')]
    target, gap = bookings_shown(personas.seller, quarter)
    assert "50,000" in snapshot  # bookings
    assert target in snapshot  # against the quota (its pace while the quarter runs)
    assert "50.0%" in snapshot  # quota attainment
    assert gap in snapshot
    full = reverse("metrics:person", args=[personas.seller.pk]) + f"?period={quarter.name}"
    assert f'href="{full}"' in snapshot
    assert 'href="/metrics/catalog/#bookings"' in snapshot


def test_the_seller_sees_their_own_snapshot(personas, meeting, quarter):
    html = page(personas, "seller", meeting)
    assert f"Your scorecard, {heading(personas.seller, quarter)}" in html
    assert bookings_shown(personas.seller, quarter)[1] in html
    assert f'href="{reverse("metrics:person", args=[personas.seller.pk])}?period=' in html


def test_a_leader_no_longer_in_the_sellers_line_reads_the_1_1_but_not_the_scorecard(personas):
    today = timezone.localdate()
    _, held = one_on_one_held_last_week(personas.leader, personas.seller)
    services.meeting_hold(meeting=held, by=personas.leader)
    quarter = results(held)
    assert bookings_shown(personas.seller, quarter)[1] in page(personas, "leader", held)

    org.person_join_team(person=personas.seller, team=personas.denver, on=today)
    # Lena still reads her ended 1:1 with Sam, but Sam's scorecard is Owen's line's now.
    html = page(personas, "leader", held)
    assert 'id="scorecard"' not in html
    assert "Scorecard of Sam Ortiz" not in html and "50,000" not in html
    assert reverse("metrics:person", args=[personas.seller.pk]) not in html
    assert "Your scorecard" in page(personas, "seller", held)


def test_the_agenda_lists_coaching_items_waiting_for_an_assignment_with_links(personas, meeting):
    leader, seller = personas.leader, personas.seller
    waiting = services.item_open(person=seller, by=leader, title="Discovery calls go shallow")
    diagnosed = services.item_open(person=seller, by=leader, title="Deals stall at legal")
    services.item_diagnose(item=diagnosed, by=leader, skills=[Skill.objects.get(name="Closing")])
    assigned = services.item_open(person=seller, by=leader, title="Too little pipeline")
    services.assignment_add(item=assigned, by=leader, title="Ten new accounts a week")
    # An item whose only assignment was dropped, or evaluated, waits for a new one.
    dropped = services.item_open(person=seller, by=leader, title="Forecast misses")
    services.assignment_add(item=dropped, by=leader, title="Weekly forecast call")
    Assignment.objects.filter(item=dropped).update(status=Assignment.Status.DROPPED)
    evaluated = services.item_open(person=seller, by=leader, title="Discounts too deep")
    done = services.assignment_add(item=evaluated, by=leader, title="Trade, do not give")
    Evaluation.objects.create(assignment=done, item=evaluated, was_done=True, outcome="continue")
    services.item_open(person=personas.seller2, by=leader, title="Sofia's own item")

    for key in ("leader", "seller"):
        html = page(personas, key, meeting)
        section = html[html.index("Waiting for an assignment") : html.index("Open assignments")]
        for item in (waiting, diagnosed, dropped, evaluated):
            assert item.title in section, (key, item.title)
            assert f'href="{reverse("coaching:item", args=[item.pk])}"' in section
        assert assigned.title not in section
        assert "Sofia's own item" not in html
        assert "Diagnosing" in section and "Ready for an assignment" in section
        assert "Ten new accounts a week" in html  # the open assignment, in its own list
        assert EMPTY not in html


def test_with_nothing_to_coach_the_agenda_says_so_for_all_three_lists(personas, meeting):
    for key in ("leader", "seller"):
        html = page(personas, key, meeting)
        assert EMPTY in html
        assert "No assignments due" not in html
        assert "Waiting for an assignment" not in html


def test_the_director_sees_the_leaders_snapshot_in_their_1_1(personas):
    series = services.series_start(leader=personas.director, report=personas.leader)
    meeting = services.meeting_next(series=series)
    html = page(personas, "director", meeting)
    assert "Scorecard of Lena Hart" in html
