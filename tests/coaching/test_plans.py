"""Development plans: written by the line, commented on by the seller, reviewed monthly, and
flagged to the leader when a monthly review is overdue."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leadwell.coaching import selectors, services
from leadwell.coaching.models import DevelopmentPlan, PlanReview

from .conftest import skill

DAY = datetime.timedelta(days=1)


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def started(plan: DevelopmentPlan, on: datetime.date) -> DevelopmentPlan:
    DevelopmentPlan.objects.filter(pk=plan.pk).update(started_on=on)
    plan.refresh_from_db()
    return plan


@pytest.mark.django_db
def test_saving_a_plan_creates_it_once_and_then_updates_it(personas):
    plan = services.plan_save(
        person=personas.seller,
        strengths=" Customer rapport ",
        skills_to_develop=[skill("Negotiation"), skill("Account planning")],
        aspiration="Team lead",
        readiness="one_to_two_years",
    )
    assert plan.strengths == "Customer rapport"
    assert [s.name for s in plan.skills_to_develop.all()] == ["Account planning", "Negotiation"]
    assert plan.started_on == timezone.localdate()

    again = services.plan_save(
        person=personas.seller,
        strengths="Customer rapport, persistence",
        aspiration="Team lead",
        readiness="ready_now",
    )
    assert again.pk == plan.pk and DevelopmentPlan.objects.count() == 1
    again.refresh_from_db()
    assert (again.strengths, again.readiness) == ("Customer rapport, persistence", "ready_now")
    # Skills not given are left as they were.
    assert again.skills_to_develop.count() == 2


@pytest.mark.django_db
def test_a_plan_needs_a_known_readiness(personas):
    with pytest.raises(ValidationError) as raised:
        services.plan_save(person=personas.seller, readiness="tomorrow")
    assert "readiness" in errors_of(raised)
    assert not DevelopmentPlan.objects.exists()


@pytest.mark.django_db
def test_plan_actions_are_added_with_dates_and_ticked_done(personas):
    plan = services.plan_save(person=personas.seller)
    with pytest.raises(ValidationError):
        services.plan_action_add(plan=plan, text="  ")
    due = timezone.localdate() + 30 * DAY
    action = services.plan_action_add(plan=plan, text="Lead the Q3 kick-off demo", due_on=due)
    assert (action.text, action.due_on, action.done_on) == ("Lead the Q3 kick-off demo", due, None)
    services.plan_action_set_done(action=action, done=True)
    assert action.done_on == timezone.localdate()
    services.plan_action_set_done(action=action, done=False)
    assert action.done_on is None


@pytest.mark.django_db
def test_the_seller_comments_on_their_plan(personas):
    plan = services.plan_save(person=personas.seller)
    with pytest.raises(ValidationError):
        services.plan_comment_add(plan=plan, by=personas.seller, text="")
    comment = services.plan_comment_add(plan=plan, by=personas.seller, text=" I'd add coaching ")
    assert (comment.author, comment.text) == (personas.seller, "I'd add coaching")


@pytest.mark.django_db
def test_a_monthly_review_records_its_date_progress_and_next_steps(personas):
    plan = services.plan_save(person=personas.seller)
    last_month = timezone.localdate() - 30 * DAY
    older = services.plan_review_add(
        plan=plan, by=personas.leader, progress="Certified", reviewed_on=last_month - 31 * DAY
    )
    review = services.plan_review_add(
        plan=plan,
        by=personas.leader,
        progress=" Gave the team demo ",
        next_steps="Shadow Owen's negotiation",
        reviewed_on=last_month,
    )
    assert (review.reviewed_on, review.progress, review.by) == (
        last_month,
        "Gave the team demo",
        personas.leader,
    )
    assert review.next_steps == "Shadow Owen's negotiation"
    assert selectors.latest_reviews(plan) == [review, older]  # newest first
    today = services.plan_review_add(plan=plan, by=personas.leader, progress="On track")
    assert today.reviewed_on == timezone.localdate()


@pytest.mark.django_db
def test_a_review_needs_progress_and_cannot_be_dated_in_the_future(personas):
    plan = services.plan_save(person=personas.seller)
    with pytest.raises(ValidationError) as raised:
        services.plan_review_add(
            plan=plan,
            by=personas.leader,
            progress=" ",
            reviewed_on=timezone.localdate() + DAY,
        )
    assert set(errors_of(raised)) == {"progress", "reviewed_on"}
    assert errors_of(raised)["reviewed_on"] == ["A review cannot be dated in the future."]
    assert not PlanReview.objects.exists()


@pytest.mark.django_db
def test_a_plan_is_due_for_review_a_month_after_its_last_review_or_its_start(personas):
    today = timezone.localdate()
    sam = started(services.plan_save(person=personas.seller), today - 60 * DAY)
    services.plan_review_add(
        plan=sam, by=personas.leader, progress="ok", reviewed_on=today - 40 * DAY
    )
    sofia = started(services.plan_save(person=personas.seller2), today - 10 * DAY)
    statuses = {
        s.person: s
        for s in selectors.plan_statuses([personas.seller, personas.seller2, personas.other_seller])
    }
    assert statuses[personas.seller].last_review == today - 40 * DAY
    assert statuses[personas.seller].review_due_on == today - 9 * DAY
    assert statuses[personas.seller].overdue(today)
    assert statuses[personas.seller2].plan == sofia
    assert statuses[personas.seller2].last_review is None
    assert statuses[personas.seller2].review_due_on == today + 21 * DAY
    assert not statuses[personas.seller2].overdue(today)
    no_plan = statuses[personas.other_seller]
    assert (no_plan.plan, no_plan.review_due_on, no_plan.overdue(today)) == (None, None, False)


@pytest.mark.django_db
def test_the_leader_is_flagged_when_a_reports_plan_was_not_reviewed_in_31_days(personas):
    today = timezone.localdate()
    sam = started(services.plan_save(person=personas.seller), today - 90 * DAY)
    services.plan_review_add(
        plan=sam, by=personas.leader, progress="ok", reviewed_on=today - 32 * DAY
    )
    sofia = started(services.plan_save(person=personas.seller2), today - 90 * DAY)
    services.plan_review_add(
        plan=sofia, by=personas.leader, progress="ok", reviewed_on=today - 31 * DAY
    )
    overdue = selectors.overdue_plan_reviews(personas.leader, today)
    assert [s.person for s in overdue] == [personas.seller]
    # Reviewed today, nothing is overdue any more.
    services.plan_review_add(plan=sam, by=personas.leader, progress="Back on track")
    assert selectors.overdue_plan_reviews(personas.leader, today) == []


@pytest.mark.django_db
def test_a_plan_never_reviewed_is_overdue_a_month_after_it_started(personas):
    today = timezone.localdate()
    started(services.plan_save(person=personas.seller), today - 32 * DAY)
    started(services.plan_save(person=personas.seller2), today - 31 * DAY)
    assert [s.person for s in selectors.overdue_plan_reviews(personas.leader, today)] == [
        personas.seller
    ]


@pytest.mark.django_db
def test_overdue_reviews_are_only_the_leaders_own_reports(personas):
    today = timezone.localdate()
    started(services.plan_save(person=personas.other_seller), today - 90 * DAY)
    assert selectors.overdue_plan_reviews(personas.leader, today) == []
    assert [s.person for s in selectors.overdue_plan_reviews(personas.other_leader, today)] == [
        personas.other_seller
    ]


@pytest.mark.django_db
def test_plan_statuses_run_the_same_queries_however_many_plans_and_reviews(personas):
    today = timezone.localdate()
    people = [personas.seller, personas.seller2, personas.other_seller]

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.plan_statuses(people)
        return len(captured)

    services.plan_save(person=personas.seller)
    one = count()
    for person in people:
        plan = services.plan_save(person=person)
        for n in range(3):
            services.plan_review_add(
                plan=plan, by=personas.leader, progress="ok", reviewed_on=today - n * DAY
            )
    assert count() == one
