"""Reading a leader's signals from where they live, on small hand-made data: the extra asks
counted per quarter, the pull-ins and the quarter-end share from the team's figures, next
quarter's pipeline as it stood on a past day, the sellers coached in a span of days, and a
leader measured only on the quarters they led the team."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leadwell.asks.models import Ask, AskedDeal
from leadwell.balance import selectors
from leadwell.balance.measure import NONE, Quarter
from leadwell.challenges.models import Challenge
from leadwell.coaching.models import CoachingItem
from leadwell.coaching.selectors import coached_between
from leadwell.crm.models import OpportunityChange, Quota
from leadwell.crm.selectors import open_pipeline_on
from leadwell.lib.periods import Period
from leadwell.metrics.compute import recompute
from leadwell.org import services as org

from ..conftest import _person, deal

pytestmark = pytest.mark.django_db

day = datetime.timedelta


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def shown(today) -> list[Period]:
    """The eight finished quarters, oldest first, then the running one."""
    return selectors.quarters_shown(today)


def values(leader, today, key: str) -> list[Quarter]:
    balance = selectors.measure_leader(leader, today)
    (found,) = [m for m in balance.measured if m.signal.key == key]
    return found.quarters


def moved_close_date(opportunity, *, was: datetime.date, on: datetime.date) -> None:
    """The deal's close date was `was` until `on`, when it became the one it has now."""
    OpportunityChange.objects.create(
        opportunity=opportunity,
        field=OpportunityChange.Field.CLOSE_DATE,
        old_value=was.isoformat(),
        new_value=opportunity.close_date.isoformat(),
        changed_on=on,
        source=OpportunityChange.Source.IMPORT,
    )


def test_the_quarters_shown_are_eight_finished_ones_then_the_running_one(today, shown):
    assert len(shown) == 9
    assert shown[-1].contains(today)
    assert all(q.end == nxt.start for q, nxt in itertools.pairwise(shown))


# -- The extra asks ---------------------------------------------------------------------------


def an_ask(
    p, quarter: Period, decision: str, *, unassessed: bool, asked_of=None, leader=None, for_=None
):
    """An ask decided (or not) in `quarter`, for that quarter or `for_` another."""
    leader = leader or p.leader
    ask = Ask.objects.create(
        director=p.director,
        leader=leader,
        team=p.boston if leader == p.leader else p.denver,
        period_start=(for_ or quarter).start,
        amount=Decimal(50_000),
        asked_on=quarter.start + day(20),
        decision=decision,
        decided_on=quarter.start + day(22) if decision else None,
        without_assessment=unassessed,
    )
    if asked_of is not None:
        wanted = deal(asked_of, "open", 20_000, quarter.end - day(5))
        AskedDeal.objects.create(
            ask=ask,
            opportunity=wanted,
            seller=asked_of,
            amount=20_000,
            close_date=wanted.close_date,
        )
    return ask


def test_asks_are_counted_in_the_quarter_they_were_decided(personas, today, shown):
    p = personas
    last, running, earlier = shown[-2], shown[-1], shown[-3]
    # Decided last quarter for the running one: it counts when it was decided.
    an_ask(p, last, "accepted", unassessed=True, asked_of=p.seller, for_=running)
    an_ask(p, last, "accepted", unassessed=True, asked_of=p.seller)
    an_ask(p, last, "partly", unassessed=True)
    an_ask(p, last, "declined", unassessed=True)  # declined: nothing accepted untested
    an_ask(p, last, "accepted", unassessed=False)  # assessed, and no deal asked of a seller
    an_ask(p, running, "accepted", unassessed=True, asked_of=p.seller2)
    an_ask(p, earlier, "", unassessed=False)  # not decided yet: in neither count
    an_ask(p, last, "accepted", unassessed=True, asked_of=p.other_seller, leader=p.other_leader)

    unassessed = values(p.leader, today, "unassessed_asks")
    assert [q.value for q in unassessed] == [0] * 7 + [3, 1]
    passed_on = values(p.leader, today, "asks_passed_on")
    assert passed_on[-2] == Quarter(2, 5)  # two of five decided asks passed on in full
    assert passed_on[-1] == Quarter(1, 1)
    assert passed_on[-3].value is None  # no ask decided that quarter: nothing to measure


# -- The team's figures -----------------------------------------------------------------------


def test_pull_ins_and_the_quarter_end_share_come_from_the_teams_figures(personas, today, shown):
    p = personas
    last = shown[-2]
    early = [deal(p.seller, "won", 10_000, last.start + day(10 + i)) for i in range(3)]
    deal(p.seller2, "won", 30_000, last.end - day(3))  # in the quarter's last two weeks
    moved_close_date(early[0], was=last.end + day(20), on=last.start + day(5))
    # Owen's seller pulled a deal in too: Denver's, not Lena's.
    omars = deal(p.other_seller, "won", 10_000, last.start + day(15))
    moved_close_date(omars, was=last.end + day(10), on=last.start + day(5))
    recompute()

    pulled_in = values(p.leader, today, "pulled_in")
    assert pulled_in[-2] == Quarter(1, 4)
    assert pulled_in[-3].value is None  # nothing won that quarter
    quarter_end = values(p.leader, today, "quarter_end_share")
    assert quarter_end[-2].value == pytest.approx(0.5)  # 30,000 of 60,000 booked
    assert quarter_end[-3] == NONE


def test_the_team_figures_are_read_only_after_the_summaries_are_recomputed(personas, today, shown):
    deal(personas.seller, "won", 10_000, shown[-2].end - day(3))
    assert values(personas.leader, today, "quarter_end_share")[-2] == NONE
    recompute()
    assert values(personas.leader, today, "quarter_end_share")[-2] == Quarter(1.0)


# -- Next quarter's pipeline on a past day ----------------------------------------------------


def test_a_deal_pulled_into_this_quarter_counted_in_next_quarters_pipeline_before_it_moved(
    personas, shown
):
    this, nxt = shown[-2], shown[-1]
    moved_on = this.start + day(40)
    pulled = deal(personas.seller, "open", 25_000, this.end - day(10), created=this.start + day(1))
    moved_close_date(pulled, was=nxt.start + day(30), on=moved_on)
    sellers = [personas.seller.pk]
    assert open_pipeline_on(sellers, nxt, moved_on - day(1)) == Decimal(25_000)
    assert open_pipeline_on(sellers, this, moved_on - day(1)) == 0
    # From the day it moved, it is this quarter's.
    assert open_pipeline_on(sellers, nxt, moved_on) == 0
    assert open_pipeline_on(sellers, this, moved_on) == Decimal(25_000)


def test_next_quarters_pipeline_on_a_day_leaves_out_deals_not_yet_made_or_already_decided(
    personas, shown
):
    this, nxt = shown[-2], shown[-1]
    on = this.end - day(1)
    sellers = [personas.seller.pk]
    deal(personas.seller, "open", 10_000, nxt.start + day(5), created=on + day(1))
    deal(personas.seller, "won", 7_000, on - day(2), created=this.start)  # won before the day
    deal(personas.seller, "lost", 3_000, nxt.start + day(9), created=this.start)  # lost later
    deal(personas.other_seller, "open", 90_000, nxt.start + day(5), created=this.start)
    assert open_pipeline_on(sellers, nxt, on) == Decimal(3_000)


def test_next_quarters_coverage_is_its_pipeline_on_each_quarters_last_day_against_its_quota(
    personas, today, shown
):
    last, running = shown[-2], shown[-1]
    Quota.objects.create(
        team=personas.boston,
        period_kind="quarter",
        period_start=running.start,
        amount=Decimal(100_000),
    )
    pulled = deal(
        personas.seller, "open", 50_000, running.start + day(5), created=last.start + day(1)
    )
    deal(personas.seller2, "open", 100_000, running.start + day(20), created=last.start)
    moved_close_date(pulled, was=running.end + day(30), on=running.start + day(1))
    coverage = values(personas.leader, today, "next_quarter_coverage")
    # On the last quarter's last day, the pulled deal still sat in the quarter after.
    assert coverage[-2].value == pytest.approx(1.0)
    assert coverage[-3] == NONE  # no quota for that quarter's next


# -- Coaching ---------------------------------------------------------------------------------


def an_item(person, opened: datetime.date, closed: datetime.date | None = None):
    def moment(on: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))

    return CoachingItem.objects.create(
        person=person,
        title="Discovery",
        opened_at=moment(opened),
        closed_at=moment(closed) if closed else None,
    )


def test_coached_between_counts_an_item_open_at_any_time_in_the_span(personas):
    p = personas
    start, end = datetime.date(2026, 4, 1), datetime.date(2026, 7, 1)
    an_item(p.seller, datetime.date(2026, 1, 10), closed=start)  # closed on the first day
    an_item(p.seller2, datetime.date(2026, 6, 30))  # opened on the last day, still open
    an_item(p.other_seller, datetime.date(2026, 1, 10))  # opened before, never closed
    found = coached_between([p.seller.pk, p.seller2.pk, p.other_seller.pk], start, end)
    assert found == {p.seller.pk, p.seller2.pk, p.other_seller.pk}


def test_coached_between_leaves_out_items_closed_before_or_opened_after_the_span(personas):
    p = personas
    start, end = datetime.date(2026, 4, 1), datetime.date(2026, 7, 1)
    an_item(p.seller, datetime.date(2026, 1, 10), closed=start - day(1))
    an_item(p.seller2, end)  # opened on the day after the span
    an_item(p.other_seller, datetime.date(2026, 5, 1))  # in the span, but not asked about
    assert coached_between([p.seller.pk, p.seller2.pk], start, end) == set()


# -- A leader who took a team over mid-year ---------------------------------------------------


@pytest.fixture
def nina(personas, shown):
    """Nina took Boston over from Lena a month into the third-last finished quarter."""
    nina = _person("Nina Sandoval", "Sales Manager")
    org.person_join_team(person=nina, team=personas.leadership, on=shown[0].start)
    org.team_leader_change(team=personas.boston, leader=nina, on=shown[-4].start + day(30))
    # Lena leads a new team from the same day, so she is still a leader today.
    coastal = org.team_create(name="Coastal", office=personas.boston_office)
    org.person_lead_team(person=personas.leader, team=coastal, on=shown[-4].start + day(30))
    return nina


def test_a_leader_who_took_a_team_over_is_measured_on_it_from_the_quarter_they_took_it(
    personas, nina, today, shown
):
    measured = selectors.teams_by_quarter(nina, shown, today)
    assert [bool(m.teams) for m in measured] == [False] * 5 + [True] * 4
    took_over = measured[5]
    assert [t.name for t in took_over.teams] == ["Boston Enterprise"]
    assert set(took_over.seller_ids) == {personas.seller.pk, personas.seller2.pk}


def test_the_quarters_before_a_take_over_are_nothing_to_measure_not_zero(
    personas, nina, today, shown
):
    before, after = shown[-6], shown[-2]
    for quarter in (before, after):
        deal(personas.seller, "won", 10_000, quarter.start + day(10))
        deal(personas.seller, "won", 10_000, quarter.end - day(3))
    recompute()
    quarter_end = values(nina, today, "quarter_end_share")
    assert quarter_end[-6] == NONE
    assert quarter_end[-2].value == pytest.approx(0.5)


def test_the_previous_leader_keeps_the_quarters_they_led_and_not_the_ones_after(
    personas, nina, today, shown
):
    measured = selectors.teams_by_quarter(personas.leader, shown, today)
    assert [t.name for t in measured[0].teams] == ["Boston Enterprise"]
    # The quarter of the hand-over: both led Boston in it, and Lena led Coastal from then.
    assert [t.name for t in measured[5].teams] == ["Boston Enterprise", "Coastal"]
    assert [t.name for t in measured[-1].teams] == ["Coastal"]
    assert measured[-1].seller_ids == []


def test_challenges_are_the_new_leaders_once_they_lead_the_team(personas, nina, today, shown):
    last = shown[-2]
    for escalated in (True, True, True, False):
        Challenge.objects.create(
            team=personas.boston,
            raised_by=personas.seller,
            raised_on=last.start + day(10),
            description="Legal is slow",
            category="process",
            status="escalated" if escalated else "in_team",
            triaged_on=last.start + day(11),
            escalated_on=last.start + day(11) if escalated else None,
            escalated_by=nina if escalated else None,
        )
    assert values(nina, today, "escalated_share")[-2] == Quarter(3, 4)
    assert values(personas.leader, today, "escalated_share")[-2] == NONE


# -- What reading a balance costs ---------------------------------------------------------------


def test_reading_a_leaders_balance_costs_the_same_queries_however_many_sellers_and_deals(
    personas, today, shown
):
    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.measure_leader(personas.leader, today)
        return len(queries)

    for quarter in shown:
        deal(personas.seller, "won", 10_000, quarter.start + day(20))
    recompute()
    small = cost()
    for n in range(6):
        seller = _person(f"New seller {n}", "Account Executive")
        org.person_join_team(person=seller, team=personas.boston, on=shown[0].start)
        for quarter in shown:
            deal(seller, "won", 10_000, quarter.end - day(3))
            deal(seller, "lost", 5_000, quarter.start + day(30))
    recompute()
    assert cost() == small
