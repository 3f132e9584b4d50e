"""The coaching loop, step by step, through the services: a gap opens an item, seller and leader
diagnose it, the leader agrees assignments, the seller marks them done, the leader evaluates,
and the item keeps its history throughout."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leadwell.coaching import services
from leadwell.coaching.models import (
    Assignment,
    CoachingEvent,
    CoachingItem,
    Evaluation,
    PersonalGoal,
)
from leadwell.crm.models import Quota
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics.compute import recompute
from tests.conftest import deal

from .conftest import skill, template

Q2 = period_of(datetime.date(2025, 4, 1), PeriodKind.QUARTER)
STARTED = datetime.date(2025, 7, 1)


@pytest.fixture
def gap(personas):
    """Sam won 30,000 in FY2025-Q2 against a quota of 100,000: a bookings gap of 70,000."""
    deal(personas.seller, "won", 10_000, datetime.date(2025, 4, 20))
    deal(personas.seller, "won", 20_000, datetime.date(2025, 5, 15))
    deal(personas.seller, "lost", 5_000, datetime.date(2025, 6, 1))
    Quota.objects.create(
        person=personas.seller, period_kind="quarter", period_start=Q2.start, amount=100_000
    )
    recompute(today=datetime.date(2025, 11, 1))
    return personas


@pytest.fixture
def item(gap) -> CoachingItem:
    return services.item_open(person=gap.seller, by=gap.leader, metric="bookings", period=Q2)


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def kinds(item: CoachingItem) -> list[str]:
    return list(item.events.values_list("kind", flat=True))


# -- Personal goals ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_seller_writes_their_own_goal_and_changes_it_later(personas):
    goal = services.goal_save(
        person=personas.seller, area="career", title="  Lead a team within three years "
    )
    assert (goal.person, goal.title, goal.horizon) == (
        personas.seller,
        "Lead a team within three years",
        "year",
    )
    services.goal_save(
        person=personas.seller, goal=goal, area="career", title=goal.title, status="achieved"
    )
    assert PersonalGoal.objects.get().status == "achieved"


@pytest.mark.django_db
def test_a_goal_needs_a_title_a_known_area_and_horizon_and_belongs_to_its_seller(personas):
    with pytest.raises(ValidationError) as raised:
        services.goal_save(person=personas.seller, area="fame", title=" ", horizon="forever")
    assert set(errors_of(raised)) == {"title", "area", "horizon"}
    sofias = services.goal_save(person=personas.seller2, area="income", title="Buy a house")
    with pytest.raises(ValidationError) as raised:
        services.goal_save(person=personas.seller, goal=sofias, area="income", title="Mine now")
    assert "goal" in errors_of(raised)
    assert PersonalGoal.objects.get().person == personas.seller2


# -- Opening an item ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_item_opened_from_a_gap_keeps_the_metric_its_value_and_target_then_and_the_period(
    item, gap
):
    assert item.person == gap.seller and item.opened_by == gap.leader
    assert item.metric == "bookings"
    assert item.value_at_open == 30_000
    assert item.target_at_open == 100_000
    assert (item.period_kind, item.period_start) == ("quarter", Q2.start)
    assert item.title == "Bookings in Q2 FY2025: 30,000 against 100,000"
    assert item.status == "open"
    # The figures the item was opened on stay as they were when the results change later.
    deal(gap.seller, "won", 90_000, datetime.date(2025, 6, 10))
    recompute(today=datetime.date(2025, 11, 1))
    item.refresh_from_db()
    assert (item.value_at_open, item.target_at_open) == (30_000, 100_000)


@pytest.mark.django_db
def test_opening_the_same_gap_again_answers_the_item_already_open(item, gap):
    again = services.item_open(person=gap.seller, by=gap.director, metric="bookings", period=Q2)
    assert again == item
    assert CoachingItem.objects.count() == 1
    assert kinds(item) == ["opened"]


@pytest.mark.django_db
def test_once_an_item_is_closed_the_same_gap_opens_a_new_one(item, gap):
    assignment = services.assignment_add(
        item=item, by=gap.leader, title="Call ten old customers", started_on=STARTED
    )
    services.assignment_evaluate(
        assignment=assignment, by=gap.leader, was_done=True, outcome="closed", on=STARTED
    )
    reopened = services.item_open(person=gap.seller, by=gap.leader, metric="bookings", period=Q2)
    assert reopened != item and reopened.status == "open"


@pytest.mark.django_db
def test_an_item_opened_by_hand_needs_a_title(personas):
    with pytest.raises(ValidationError) as raised:
        services.item_open(person=personas.seller, by=personas.leader, title="   ")
    assert errors_of(raised) == {"title": ["Enter what the coaching is about."]}
    item = services.item_open(
        person=personas.seller, by=personas.leader, title="Prepares too little for renewals"
    )
    assert (item.metric, item.period_start, item.value_at_open) == ("", None, None)
    # Items opened by hand are not one per metric: a second one is a second item.
    services.item_open(person=personas.seller, by=personas.leader, title="Talks over customers")
    assert CoachingItem.objects.open().filter(person=personas.seller).count() == 2


@pytest.mark.django_db
def test_a_gap_needs_a_known_metric_and_the_period_it_was_found_in(gap):
    with pytest.raises(ValidationError) as raised:
        services.item_open(person=gap.seller, by=gap.leader, metric="happiness", period=Q2)
    assert "unknown metric 'happiness'" in errors_of(raised)["metric"][0]
    with pytest.raises(ValidationError) as raised:
        services.item_open(person=gap.seller, by=gap.leader, metric="bookings")
    assert "period" in errors_of(raised)
    assert not CoachingItem.objects.exists()


@pytest.mark.django_db
def test_a_gap_in_a_metric_not_measured_for_that_kind_of_period_is_refused_clearly(gap):
    month = period_of(datetime.date(2025, 5, 1), PeriodKind.MONTH)
    with pytest.raises(ValidationError) as raised:
        services.item_open(
            person=gap.seller, by=gap.leader, metric="pipeline_horizon", period=month
        )
    assert "period" in errors_of(raised)


# -- Diagnosis ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seller_and_leader_both_write_the_diagnosis(item, gap):
    services.item_diagnose(
        item=item,
        by=gap.leader,
        skills=[skill("Prospecting"), skill("Qualification")],
        evidence="Only 3 new opportunities this quarter; two slipped twice.",
    )
    services.item_diagnose(
        item=item, by=gap.seller, seller_view="I spent April on one large renewal."
    )
    item.refresh_from_db()
    assert [s.name for s in item.skills.all()] == ["Prospecting", "Qualification"]
    assert item.evidence == "Only 3 new opportunities this quarter; two slipped twice."
    assert item.seller_view == "I spent April on one large renewal."
    diagnosed = item.events.filter(kind="diagnosed")
    assert [(e.by, e.text) for e in diagnosed] == [
        (gap.leader, "root cause: Prospecting, Qualification; evidence"),
        (gap.seller, "seller's view"),
    ]


@pytest.mark.django_db
def test_a_diagnosis_that_changes_nothing_writes_no_history(item, gap):
    services.item_diagnose(item=item, by=gap.leader, evidence="Few new opportunities")
    services.item_diagnose(item=item, by=gap.leader, evidence=" Few new opportunities ")
    assert kinds(item) == ["opened", "diagnosed"]


@pytest.mark.django_db
def test_the_diagnosis_links_a_goal_of_the_seller_and_refuses_a_goal_of_someone_else(item, gap):
    own = services.goal_save(person=gap.seller, area="income", title="Earn the accelerator")
    services.item_diagnose(item=item, by=gap.seller, goal=own)
    item.refresh_from_db()
    assert item.goal == own
    assert item.events.last().text == "linked to goal: Earn the accelerator"

    sofias = services.goal_save(person=gap.seller2, area="career", title="Become a team lead")
    with pytest.raises(ValidationError) as raised:
        services.item_diagnose(item=item, by=gap.leader, goal=sofias)
    assert errors_of(raised) == {"goal": ["Link a goal of the seller this item is about."]}
    item.refresh_from_db()
    assert item.goal == own

    services.item_diagnose(item=item, by=gap.seller, clear_goal=True)
    item.refresh_from_db()
    assert item.goal is None


@pytest.mark.django_db
def test_a_note_on_an_item_needs_text(item, gap):
    with pytest.raises(ValidationError):
        services.item_note(item=item, by=gap.seller, text="  ")
    note = services.item_note(item=item, by=gap.seller, text="Booked two demos this week")
    assert (note.kind, note.by, note.item) == ("note", gap.seller, item)


# -- Assignments --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_assignment_from_the_library_brings_its_title_description_skill_and_usual_length(
    item, gap
):
    services.item_diagnose(item=item, by=gap.leader, skills=[skill("Qualification")])
    shadow = template("Shadow a top performer's discovery calls")  # 21 days; discovery, qualif.
    assignment = services.assignment_add(
        item=item, by=gap.leader, template=shadow, started_on=STARTED
    )
    assert assignment.title == shadow.title
    assert assignment.description == shadow.description
    # Of the skills the template develops, the one diagnosed on this item.
    assert assignment.skill == skill("Qualification")
    assert assignment.due_on == STARTED + datetime.timedelta(days=21)
    assert assignment.owner == gap.seller
    assert assignment.template == shadow
    assert assignment.status == "open"
    # The history reads the due day in words, so no reader takes 07/08 for 8 July or 7 August.
    assert item.events.last().text == f"{shadow.title} (due 22 July 2025)"


@pytest.mark.django_db
def test_a_library_assignment_on_an_undiagnosed_item_takes_the_templates_first_skill(item, gap):
    block = template("Prospecting block 3x a week")
    assignment = services.assignment_add(
        item=item, by=gap.leader, template=block, title="Prospect on Tuesdays", started_on=STARTED
    )
    assert assignment.title == "Prospect on Tuesdays"  # an own title wins over the template's
    assert assignment.skill == block.skills.first()
    assert assignment.due_on == STARTED + datetime.timedelta(days=42)


@pytest.mark.django_db
def test_a_custom_assignment_needs_a_title_and_is_due_four_weeks_after_it_starts(item, gap):
    with pytest.raises(ValidationError) as raised:
        services.assignment_add(item=item, by=gap.leader, started_on=STARTED)
    assert "title" in errors_of(raised)
    assignment = services.assignment_add(
        item=item,
        by=gap.leader,
        title="Ask every lost customer why",
        description="Five calls",
        skill=skill("Discovery"),
        owner=gap.seller,
        started_on=STARTED,
        leader_rating_before=2,
    )
    assert assignment.template is None
    assert assignment.skill == skill("Discovery")
    assert assignment.due_on == STARTED + datetime.timedelta(days=28)
    assert assignment.leader_rating_before == 2


@pytest.mark.django_db
@pytest.mark.parametrize("days", [-1, 0])
def test_an_assignment_due_before_or_on_its_start_is_refused(item, gap, days):
    with pytest.raises(ValidationError) as raised:
        services.assignment_add(
            item=item,
            by=gap.leader,
            title="Too late already",
            started_on=STARTED,
            due_on=STARTED + datetime.timedelta(days=days),
        )
    assert errors_of(raised) == {"due_on": ["The due date must be after the start."]}
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_the_seller_marks_an_assignment_done_with_a_note_and_their_rating(item, gap):
    assignment = services.assignment_add(
        item=item, by=gap.leader, title="Ten prospecting calls a day", started_on=STARTED
    )
    services.assignment_complete(
        assignment=assignment, by=gap.seller, note=" Did it for four weeks ", seller_rating_after=4
    )
    assignment.refresh_from_db()
    assert assignment.status == "done"
    assert assignment.done_note == "Did it for four weeks"
    assert assignment.done_on is not None
    assert assignment.seller_rating_after == 4
    done = item.events.get(kind="done")
    assert (done.by, done.text) == (
        gap.seller,
        "Ten prospecting calls a day: Did it for four weeks",
    )
    with pytest.raises(ValidationError) as raised:
        services.assignment_complete(assignment=assignment, by=gap.seller)
    assert errors_of(raised) == {"assignment": ["This assignment is not open."]}


@pytest.mark.django_db
def test_done_without_a_note_reads_cleanly_in_the_history(item, gap):
    assignment = services.assignment_add(
        item=item, by=gap.leader, title="Ten prospecting calls a day", started_on=STARTED
    )
    services.assignment_complete(assignment=assignment, by=gap.seller)
    assert item.events.get(kind="done").text == "Ten prospecting calls a day"


@pytest.mark.django_db
def test_ratings_run_from_one_to_five(item, gap):
    with pytest.raises(ValidationError) as raised:
        services.assignment_add(
            item=item, by=gap.leader, title="x", started_on=STARTED, leader_rating_before=0
        )
    assert "leader_rating_before" in errors_of(raised)
    assignment = services.assignment_add(item=item, by=gap.leader, title="x", started_on=STARTED)
    with pytest.raises(ValidationError) as raised:
        services.assignment_complete(assignment=assignment, by=gap.seller, seller_rating_after=6)
    assert errors_of(raised) == {"seller_rating_after": ["Rate from 1 (weak) to 5 (strong)."]}
    assignment.refresh_from_db()
    assert assignment.status == "open"
    with pytest.raises(ValidationError):
        services.assignment_rate(assignment=assignment, by=gap.seller, before=6)
    with pytest.raises(ValidationError):
        services.assignment_evaluate(
            assignment=assignment,
            by=gap.leader,
            was_done=True,
            outcome="continue",
            leader_rating_after=6,
            on=STARTED,
        )
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_each_side_rates_the_skill_for_itself(item, gap):
    assignment = services.assignment_add(item=item, by=gap.leader, title="x", started_on=STARTED)
    services.assignment_rate(assignment=assignment, by=gap.seller, before=3, after=4)
    services.assignment_rate(assignment=assignment, by=gap.director, before=2)
    assignment.refresh_from_db()
    assert (assignment.seller_rating_before, assignment.seller_rating_after) == (3, 4)
    assert (assignment.leader_rating_before, assignment.leader_rating_after) == (2, None)


# -- Evaluation ---------------------------------------------------------------------------------


@pytest.fixture
def two_assignments(item, gap) -> tuple[Assignment, Assignment]:
    services.item_diagnose(
        item=item, by=gap.leader, skills=[skill("Prospecting"), skill("Qualification")]
    )
    first = services.assignment_add(
        item=item,
        by=gap.leader,
        template=template("Prospecting block 3x a week"),
        started_on=STARTED,
    )
    second = services.assignment_add(
        item=item,
        by=gap.leader,
        template=template("Qualify out three stalled deals"),
        started_on=STARTED,
    )
    services.assignment_complete(assignment=first, by=gap.seller, note="Three blocks a week")
    return first, second


@pytest.mark.django_db
def test_gap_closed_closes_the_item_and_drops_its_other_open_assignments(two_assignments, gap):
    first, second = two_assignments
    evaluation = services.assignment_evaluate(
        assignment=first,
        by=gap.leader,
        was_done=True,
        outcome="closed",
        note="Pipeline is back",
        leader_rating_after=4,
        on=datetime.date(2025, 8, 31),
    )
    item = CoachingItem.objects.get()
    assert item.status == "closed" and item.closed_at is not None
    assert (evaluation.outcome, evaluation.was_done, evaluation.evaluated_by) == (
        "closed",
        True,
        gap.leader,
    )
    assert evaluation.evaluated_on == datetime.date(2025, 8, 31)
    second.refresh_from_db()
    assert second.status == "dropped"
    first.refresh_from_db()
    assert (first.status, first.leader_rating_after) == ("done", 4)
    assert kinds(item)[-2:] == ["evaluated", "closed"]
    # A closed item takes no more diagnosis or assignments.
    with pytest.raises(ValidationError):
        services.item_diagnose(item=item, by=gap.leader, evidence="more")
    with pytest.raises(ValidationError):
        services.assignment_add(item=item, by=gap.leader, title="More", started_on=STARTED)


@pytest.mark.django_db
def test_continue_keeps_the_item_open_for_another_assignment(two_assignments, gap):
    first, second = two_assignments
    services.assignment_evaluate(
        assignment=first, by=gap.leader, was_done=True, outcome="continue", on=STARTED
    )
    item = CoachingItem.objects.get()
    assert item.status == "open"
    assert [s.name for s in item.skills.all()] == ["Prospecting", "Qualification"]
    second.refresh_from_db()
    assert second.status == "open"
    services.assignment_add(item=item, by=gap.leader, title="One more round", started_on=STARTED)


@pytest.mark.django_db
def test_a_new_root_cause_clears_the_skills_and_keeps_the_old_ones_in_the_history(
    two_assignments, gap
):
    first, _ = two_assignments
    services.assignment_evaluate(
        assignment=first, by=gap.leader, was_done=True, outcome="new_cause", on=STARTED
    )
    item = CoachingItem.objects.get()
    assert item.status == "open"
    assert not item.skills.exists()
    last = item.events.order_by("id").last()
    assert last is not None and last.kind == "rediagnose"
    assert last.text == "Earlier root cause: Prospecting, Qualification"


@pytest.mark.django_db
def test_an_assignment_is_evaluated_once(two_assignments, gap):
    first, _ = two_assignments
    services.assignment_evaluate(
        assignment=first, by=gap.leader, was_done=True, outcome="continue", on=STARTED
    )
    for assignment in (first, Assignment.objects.get(pk=first.pk)):  # in hand, and fresh
        with pytest.raises(ValidationError) as raised:
            services.assignment_evaluate(
                assignment=assignment, by=gap.leader, was_done=True, outcome="closed", on=STARTED
            )
        assert errors_of(raised) == {"assignment": ["This assignment has been evaluated."]}
    assert Evaluation.objects.count() == 1
    assert CoachingItem.objects.get().status == "open"


@pytest.mark.django_db
def test_an_evaluation_needs_a_known_outcome(two_assignments, gap):
    first, _ = two_assignments
    with pytest.raises(ValidationError) as raised:
        services.assignment_evaluate(
            assignment=first, by=gap.leader, was_done=True, outcome="maybe", on=STARTED
        )
    assert "outcome" in errors_of(raised)
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_every_step_of_the_loop_is_written_to_the_items_history_by_who_did_it(item, gap):
    services.item_diagnose(item=item, by=gap.leader, skills=[skill("Prospecting")])
    services.item_diagnose(item=item, by=gap.seller, seller_view="Renewals took my time")
    services.item_note(item=item, by=gap.seller, text="Blocked Tuesday mornings")
    assignment = services.assignment_add(
        item=item,
        by=gap.leader,
        template=template("Prospecting block 3x a week"),
        started_on=STARTED,
    )
    services.assignment_complete(assignment=assignment, by=gap.seller, note="Done")
    services.assignment_evaluate(
        assignment=assignment, by=gap.leader, was_done=True, outcome="closed", on=STARTED
    )
    history = [(e.kind, e.by) for e in CoachingEvent.objects.filter(item=item)]
    assert history == [
        ("opened", gap.leader),
        ("diagnosed", gap.leader),
        ("diagnosed", gap.seller),
        ("note", gap.seller),
        ("assigned", gap.leader),
        ("done", gap.seller),
        ("evaluated", gap.leader),
        ("closed", gap.leader),
    ]
    assert CoachingEvent.objects.get(kind="evaluated").text == (
        "Prospecting block 3x a week: Gap closed."
    )
