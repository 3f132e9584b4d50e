"""Every coaching form, refused, keeps what was typed and says what is wrong beside the field:
the field is aria-invalid and described by its message (as the targets and goals forms do)."""

import pytest
from django.urls import reverse

from leadwell.coaching import services
from leadwell.coaching.models import Assignment, CoachingItem, PlanAction, PlanComment, PlanReview

from ..conftest import field_beside_message

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_an_assignment_due_before_it_starts_keeps_the_typed_title_and_says_so_beside_the_due_date(
    loop,
):
    url = reverse("coaching:assignment_add", args=[loop.item.pk])
    page = page_of(
        loop.client("leader").post(
            url,
            {
                "title": "Role-play three discovery calls",
                "description": "With Sofia as the buyer",
                "started_on": "2026-05-10",
                "due_on": "2026-05-01",
            },
        )
    )
    due = field_beside_message(page, "a-due", "The due date must be after the start.")
    assert 'value="2026-05-01"' in due
    assert 'aria-describedby="a-due-help a-due-error"' in due  # the help text stays
    assert 'value="Role-play three discovery calls"' in page
    assert ">With Sofia as the buyer</textarea>" in page
    assert "see the message beside the field" in page
    assert Assignment.objects.count() == 1


def test_an_assignment_with_a_date_that_is_not_one_says_so_beside_that_date(loop):
    url = reverse("coaching:assignment_add", args=[loop.item.pk])
    page = page_of(
        loop.client("leader").post(url, {"title": "Role-play", "started_on": "next monday"})
    )
    start = field_beside_message(page, "a-start", "Starts on: enter a date like 2026-11-23.")
    assert 'value="next monday"' in start


def test_an_item_opened_by_hand_without_a_title_says_so_beside_the_title(loop):
    url = reverse("coaching:item_open", args=[loop.seller.pk])
    page = page_of(loop.client("leader").post(url, {"title": "   "}))
    field_beside_message(page, "item-title", "Enter what the coaching is about.")
    assert CoachingItem.objects.count() == 1


def test_a_diagnosis_linking_someone_elses_goal_keeps_the_evidence_and_says_so_beside_the_goal(
    loop,
):
    sofias = services.goal_save(person=loop.seller2, area="income", title="Buy a house")
    url = reverse("coaching:item_diagnose", args=[loop.item.pk])
    page = page_of(
        loop.client("leader").post(
            url, {"goal": sofias.pk, "evidence": "Three calls without an agenda"}
        )
    )
    field_beside_message(page, "goal", "Link one of Sam Ortiz's own goals.")
    assert ">Three calls without an agenda</textarea>" in page


def test_an_empty_note_says_so_beside_the_note(loop):
    url = reverse("coaching:item_note", args=[loop.item.pk])
    page = page_of(loop.client("seller").post(url, {"text": "  "}))
    field_beside_message(page, "note", "Enter a note.")


def test_a_rating_out_of_range_is_refused_beside_that_rating(loop):
    url = reverse("coaching:assignment_rate", args=[loop.assignment.pk])
    page = page_of(loop.client("seller").post(url, {"before": "2", "after": "9"}))
    field_beside_message(
        page, f"rate-after-{loop.assignment.pk}", "Rate from 1 (weak) to 5 (strong)."
    )
    assert f'id="rate-before-{loop.assignment.pk}" name="before">' in page  # not refused
    assert '<option value="2" selected>' in page


def test_marking_done_with_a_rating_out_of_range_keeps_the_note(loop):
    url = reverse("coaching:assignment_complete", args=[loop.assignment.pk])
    page = page_of(
        loop.client("seller").post(
            url, {"note": "Shadowed two calls with Lena", "seller_rating_after": "8"}
        )
    )
    field_beside_message(
        page, f"done-rating-{loop.assignment.pk}", "Rate from 1 (weak) to 5 (strong)."
    )
    assert ">Shadowed two calls with Lena</textarea>" in page
    loop.assignment.refresh_from_db()
    assert loop.assignment.status == Assignment.Status.OPEN


def test_an_evaluation_without_an_outcome_keeps_the_note_and_says_so_beside_the_outcome(loop):
    url = reverse("coaching:assignment_evaluate", args=[loop.assignment.pk])
    page = page_of(
        loop.client("leader").post(
            url, {"was_done": "yes", "note": "Runs discovery with a plan now"}
        )
    )
    field_beside_message(page, "outcome", "Choose gap closed, continue or new root cause.")
    assert ">Runs discovery with a plan now</textarea>" in page
    assert '<input type="radio" name="was_done" value="yes" checked>' in page


def test_a_plan_review_dated_in_the_future_keeps_the_progress_and_says_so_beside_the_date(loop):
    url = reverse("coaching:plan_review_add", args=[loop.seller.pk])
    page = page_of(
        loop.client("leader").post(
            url, {"reviewed_on": "2999-01-01", "progress": "Led one win-loss review"}
        )
    )
    date = field_beside_message(page, "reviewed-on", "A review cannot be dated in the future.")
    assert 'value="2999-01-01"' in date
    assert ">Led one win-loss review</textarea>" in page
    assert not PlanReview.objects.exists()


def test_a_plan_action_with_a_date_that_is_not_one_keeps_its_text(loop):
    url = reverse("coaching:plan_action_add", args=[loop.seller.pk])
    page = page_of(
        loop.client("leader").post(url, {"text": "Present at the kick-off", "due_on": "soon"})
    )
    field_beside_message(page, "action-due", "Due on: enter a date like 2026-11-23.")
    assert 'value="Present at the kick-off"' in page
    assert PlanAction.objects.count() == 1


def test_an_empty_plan_comment_says_so_beside_the_comment_and_marks_no_other_field(loop):
    url = reverse("coaching:plan_comment_add", args=[loop.seller.pk])
    page = page_of(loop.client("seller").post(url, {"text": " "}))
    field_beside_message(page, "comment-text", "Enter a comment.")
    assert page.count('aria-invalid="true"') == 1
    assert not PlanComment.objects.exists()


def test_a_plan_with_an_unknown_readiness_keeps_the_strengths_typed(loop):
    url = reverse("coaching:plan", args=[loop.seller.pk])
    page = page_of(
        loop.client("leader").post(url, {"strengths": "Calm under pressure", "readiness": "soon"})
    )
    field_beside_message(page, "readiness", "Choose a readiness.")
    assert ">Calm under pressure</textarea>" in page


def test_with_htmx_a_refused_assignment_swaps_the_item_body_with_the_message_beside_the_field(
    loop,
):
    url = reverse("coaching:assignment_add", args=[loop.item.pk])
    response = loop.client("leader").post(url, {"title": " "}, HTTP_HX_REQUEST="true")
    body = page_of(response)
    assert body.startswith('<div id="item-body"')
    field_beside_message(body, "a-title", "Enter the assignment.")
