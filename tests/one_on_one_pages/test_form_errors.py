"""The meeting page's forms, refused, keep what was typed and say what is wrong beside the
field: the whole page without JavaScript, the form's own section with htmx, 422 either way."""

import pytest
from django.urls import reverse

from leadwell.coaching import services
from leadwell.coaching.models import ActionItem, Meeting, TalkingPoint

from ..conftest import field_beside_message

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"one_on_ones:{name}", args=args)


def refused(response) -> str:
    assert response.status_code == 422, response.status_code
    return response.content.decode()


@pytest.fixture
def meeting(personas) -> Meeting:
    series = services.series_start(leader=personas.leader, report=personas.seller)
    return services.meeting_next(series=series)


def test_an_empty_talking_point_says_so_beside_the_point(personas, meeting):
    page = refused(personas.client("seller").post(url("point_add", meeting.pk), {"text": "  "}))
    field_beside_message(page, "point-text", "Enter a talking point.")
    assert "<html" in page  # the whole meeting page, without JavaScript
    assert not TalkingPoint.objects.exists()


def test_an_action_with_a_date_that_is_not_one_keeps_its_text_and_owner(personas, meeting):
    page = refused(
        personas.client("leader").post(
            url("action_add", meeting.pk),
            {"text": "Send the pricing sheet", "owner": personas.seller.pk, "due_on": "friday"},
        )
    )
    due = field_beside_message(page, "action-due", "Due date: enter a date like 2026-11-23.")
    assert 'value="friday"' in due
    assert 'value="Send the pricing sheet"' in page
    assert f'<option value="{personas.seller.pk}" selected>' in page
    # Only the refused form is marked: the talking point's field is not.
    assert page.count('aria-invalid="true"') == 1
    assert not ActionItem.objects.exists()


def test_turning_an_answer_into_no_actions_says_so_beside_the_lines_and_keeps_the_due_date(
    personas, meeting
):
    page = refused(
        personas.client("leader").post(
            url("answer_actions", meeting.pk), {"texts": "\n  \n", "due_on": "2026-12-24"}
        )
    )
    field_beside_message(page, "answer-actions", "Write at least one action from the answer.")
    assert 'id="answer-due" type="date" name="due_on" value="2026-12-24"' in page


def test_with_htmx_a_refused_point_answers_its_section_with_the_message_beside_the_field(
    personas, meeting
):
    page = refused(
        personas.client("seller").post(
            url("point_add", meeting.pk), {"text": ""}, HTTP_HX_REQUEST="true"
        )
    )
    assert page.startswith('<section id="points"')
    field_beside_message(page, "point-text", "Enter a talking point.")
    assert "see the message beside the field" in page


def test_a_refusal_about_the_step_not_a_field_shows_above_the_form(personas, meeting):
    page = refused(
        personas.client("leader").post(
            url("answer", meeting.pk), {"text": "Nothing"}, HTTP_HX_REQUEST="true"
        )
    )
    assert page.startswith('<section id="answer"')
    assert '<ul class="errors" role="alert"><li>The answer is the seller&#x27;s to write.' in page
    assert 'aria-invalid="true"' not in page
