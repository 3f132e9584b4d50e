"""Where a seller's coaching stands (selectors.overview/overviews, item_detail): gaps not taken
up yet, items being worked, assignments waiting for the leader's evaluation, and closed items
with their measured effect."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadwell.coaching import selectors, services
from leadwell.crm.models import Quota
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Target
from tests.conftest import deal

from .conftest import skill

Q2 = period_of(datetime.date(2025, 4, 1), PeriodKind.QUARTER)
TODAY = datetime.date(2025, 7, 15)


@pytest.fixture
def gaps(personas):
    """Sam in FY2025-Q2: bookings 30,000 against a quota of 100,000, and a win rate of 2/3
    against the team's standard of 80%."""
    deal(personas.seller, "won", 10_000, datetime.date(2025, 4, 20))
    deal(personas.seller, "won", 20_000, datetime.date(2025, 5, 15))
    deal(personas.seller, "lost", 5_000, datetime.date(2025, 6, 1))
    Quota.objects.create(
        person=personas.seller, period_kind="quarter", period_start=Q2.start, amount=100_000
    )
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.8, valid_from=Q2.start)
    recompute(today=TODAY)
    return personas


def keys(lines) -> list[str]:
    return [line.metric.key for line in lines]


@pytest.mark.django_db
def test_a_gap_leaves_the_open_gaps_once_an_item_is_opened_for_it(gaps):
    before = selectors.overview(gaps.seller, Q2, TODAY)
    assert {"bookings", "win_rate"} <= set(keys(before.open_gaps))
    item = services.item_open(person=gaps.seller, by=gaps.leader, metric="win_rate", period=Q2)
    after = selectors.overview(gaps.seller, Q2, TODAY)
    assert "win_rate" not in keys(after.open_gaps)
    assert "bookings" in keys(after.open_gaps)
    assert after.open_items == [item]


@pytest.mark.django_db
def test_done_and_due_assignments_wait_for_evaluation_and_leave_once_evaluated(gaps):
    item = services.item_open(person=gaps.seller, by=gaps.leader, metric="bookings", period=Q2)
    start = datetime.date(2025, 6, 1)
    done = services.assignment_add(item=item, by=gaps.leader, title="Done", started_on=start)
    due = services.assignment_add(
        item=item, by=gaps.leader, title="Due", started_on=start, due_on=TODAY
    )
    services.assignment_add(
        item=item,
        by=gaps.leader,
        title="Not yet",
        started_on=start,
        due_on=TODAY + datetime.timedelta(days=7),
    )
    services.assignment_complete(assignment=done, by=gaps.seller, note="ok")
    # By due date: the done one was due on 29 June, the other is due today.
    assert selectors.overview(gaps.seller, Q2, TODAY).waiting == [done, due]
    services.assignment_evaluate(
        assignment=done, by=gaps.leader, was_done=True, outcome="continue", on=TODAY
    )
    assert selectors.overview(gaps.seller, Q2, TODAY).waiting == [due]


@pytest.mark.django_db
def test_a_closed_item_shows_with_its_last_evaluation(gaps):
    item = services.item_open(person=gaps.seller, by=gaps.leader, metric="bookings", period=Q2)
    first = services.assignment_add(
        item=item, by=gaps.leader, title="One", started_on=datetime.date(2025, 5, 1)
    )
    second = services.assignment_add(
        item=item, by=gaps.leader, title="Two", started_on=datetime.date(2025, 6, 1)
    )
    services.assignment_evaluate(
        assignment=first, by=gaps.leader, was_done=True, outcome="continue", on=TODAY
    )
    last = services.assignment_evaluate(
        assignment=second,
        by=gaps.leader,
        was_done=True,
        outcome="closed",
        note="Closed on the deals in the pipeline, though bookings have not moved yet.",
        on=TODAY,
    )
    overview = selectors.overview(gaps.seller, Q2, TODAY)
    assert overview.open_items == []
    assert overview.closed == [(item, last)]
    # The bookings gap is still a gap, and with the item closed it is open again.
    assert "bookings" in keys(overview.open_gaps)


@pytest.mark.django_db
def test_each_seller_sees_only_their_own_coaching_in_a_team_overview(gaps):
    sams = services.item_open(person=gaps.seller, by=gaps.leader, title="Sam's")
    sofias = services.item_open(person=gaps.seller2, by=gaps.leader, title="Sofia's")
    sam, sofia = selectors.overviews([gaps.seller, gaps.seller2], Q2, TODAY)
    assert (sam.person, sam.open_items) == (gaps.seller, [sams])
    assert (sofia.person, sofia.open_items) == (gaps.seller2, [sofias])


@pytest.mark.django_db
def test_a_team_overview_runs_the_same_queries_however_many_items_and_assignments(gaps):
    people = [gaps.seller, gaps.seller2]

    def count() -> int:
        read: list = []  # everything a team page shows of each item
        with CaptureQueriesContext(connection) as captured:
            for overview in selectors.overviews(people, Q2, TODAY):
                for item in overview.open_items:
                    read += [s.name for s in item.skills.all()]
                    read += [a.title for a in item.assignments.all()]
                read += [getattr(e, "after_value", None) for _, e in overview.closed]
        return len(captured)

    services.item_open(person=gaps.seller, by=gaps.leader, title="First")
    one = count()
    for person in people:
        for n in range(3):
            item = services.item_open(person=person, by=gaps.leader, title=f"Item {n}")
            services.item_diagnose(item=item, by=gaps.leader, skills=[skill("Discovery")])
            for m in range(2):
                services.assignment_add(
                    item=item, by=gaps.leader, title=f"A{m}", started_on=datetime.date(2025, 6, 1)
                )
        closing = services.assignment_add(
            item=item, by=gaps.leader, title="Close", started_on=datetime.date(2025, 6, 1)
        )
        services.assignment_evaluate(
            assignment=closing, by=gaps.leader, was_done=True, outcome="closed", on=TODAY
        )
    assert count() == one


@pytest.mark.django_db
def test_an_items_detail_reads_everything_in_a_fixed_number_of_queries(gaps):
    item = services.item_open(person=gaps.seller, by=gaps.leader, metric="bookings", period=Q2)

    def count() -> int:
        read: list = []  # everything the item's page shows
        with CaptureQueriesContext(connection) as captured:
            found = selectors.item_detail(item.pk)
            assert found is not None
            read += [found.person.name, found.opened_by and found.opened_by.name, found.goal]
            read += [s.name for s in found.skills.all()]
            for assignment in found.assignments.all():
                read += [assignment.owner.name, assignment.skill and assignment.skill.name]
                evaluation = getattr(assignment, "evaluation", None)
                read.append(evaluation and evaluation.evaluated_by.name)
            read += [(e.kind, e.by and e.by.name) for e in found.events.all()]
        return len(captured)

    one = count()
    services.item_diagnose(item=item, by=gaps.seller, skills=[skill("Discovery"), skill("Closing")])
    for n in range(3):
        assignment = services.assignment_add(
            item=item,
            by=gaps.leader,
            title=f"A{n}",
            skill=skill("Discovery"),
            started_on=datetime.date(2025, 6, 1),
        )
        services.item_note(item=item, by=gaps.seller, text=f"note {n}")
    services.assignment_evaluate(
        assignment=assignment, by=gaps.leader, was_done=True, outcome="continue", on=TODAY
    )
    assert count() == one
    assert selectors.item_detail(10**9) is None
