"""The pivot pages as their users reach them: Lena issues the challenge on her quarter page, Sam
drafts and submits his self-assessment with the CRM's signals beside it, Lena responds per
standard and turns a response into an action in Sam's plan, Dana reads the roll-up."""

import html

import pytest
from django.utils import timezone

from leadwell.coaching.models import PlanAction
from leadwell.leadership.pivot.models import PivotAssessment, PivotChallenge
from leadwell.leadership.pivot.standards import NUMBERS

from ...conftest import field_beside_message, text_of
from ..pivot.conftest import submitted, this_quarter

pytestmark = pytest.mark.django_db


def shown(response) -> str:
    """A page's text as the reader sees it."""
    return html.unescape(text_of(response.content.decode()))


QUARTER_PAGE = "/leadership/pivot/"


def test_a_leader_issues_the_challenge_from_the_quarter_page(personas):
    lena = personas.client("leader")
    page = shown(lena.get(QUARTER_PAGE))
    assert "Not issued yet" in page
    answer = lena.post(
        "/leadership/pivot/issue/",
        {"quarter": this_quarter().name, "message": "Lead from your seat."},
        follow=True,
    )
    page = shown(answer)
    assert "is issued to the 2 people reporting to you" in page
    assert "Sam Ortiz" in page and "Not started" in page
    assert PivotChallenge.objects.get().message == "Lead from your seat."


def test_issuing_twice_is_refused_on_the_page(personas, challenged):
    answer = personas.client("leader").post(
        "/leadership/pivot/issue/", {"quarter": this_quarter().name}
    )
    assert answer.status_code == 422


def test_a_seller_is_told_when_the_challenge_is_not_issued_yet(personas):
    page = shown(personas.client("seller").get(QUARTER_PAGE))
    assert "Lena Hart has not issued the challenge" in page
    assert "Your team's challenge" not in page


def _filled(ratings=4, submit=False):
    data = {f"rating_{n}": str(ratings) for n in NUMBERS}
    data |= {f"example_{n}": f"My example {n}" for n in NUMBERS}
    data["practised"] = "I ran the pricing clinic."
    if submit:
        data["submit"] = "1"
    return data


def test_a_seller_drafts_then_submits_with_the_signals_beside(personas, challenged):
    sam = personas.client("seller")
    started = sam.post("/leadership/pivot/start/", {"quarter": this_quarter().name})
    assessment = PivotAssessment.objects.get(person=personas.seller)
    assert started.url == f"/leadership/pivot/assessments/{assessment.pk}/"
    page = sam.get(started.url).content.decode()
    assert "Pipeline horizon" in page and "New customers" in page
    assert "Segments sold into" in page and "Lead from your seat." in page
    # A submit with a standard unrated keeps the draft and says what is missing beside it.
    data = _filled(submit=True)
    data["rating_3"] = ""
    refused = sam.post(started.url, data)
    assert refused.status_code == 422
    assert "Rate yourself on “Makes sacrifices” to submit." in shown(refused)
    assessment.refresh_from_db()
    assert assessment.status == "draft" and assessment.practised == "I ran the pricing clinic."
    done = sam.post(started.url, _filled(submit=True), follow=True)
    assert "Your self-assessment is submitted to Lena Hart." in shown(done)
    assessment.refresh_from_db()
    assert assessment.is_submitted


def test_the_line_sees_a_draft_exists_but_not_what_it_says(personas, challenged):
    sam = personas.client("seller")
    sam.post("/leadership/pivot/start/", {"quarter": this_quarter().name})
    assessment = PivotAssessment.objects.get(person=personas.seller)
    sam.post(
        f"/leadership/pivot/assessments/{assessment.pk}/", _filled() | {"practised": "Secret-77"}
    )
    page = personas.client("leader").get(f"/leadership/pivot/assessments/{assessment.pk}/")
    assert page.status_code == 200
    assert "Secret-77" not in page.content.decode()
    assert "still writing" in page.content.decode()


def test_the_leader_responds_and_adds_one_response_to_the_plan(personas, challenged):
    assessment = submitted(personas.seller)
    answer = assessment.answers.get(standard=4)
    lena = personas.client("leader")
    page = shown(lena.get(f"/leadership/pivot/assessments/{assessment.pk}/"))
    assert "Also add it to Sam Ortiz's development plan" in page
    done = lena.post(
        f"/leadership/pivot/answers/{answer.pk}/response/",
        {f"r{answer.pk}-text": "Own the renewal slip.", f"r{answer.pk}-add_to_plan": "on"},
        follow=True,
    )
    page = shown(done)
    assert "added to Sam Ortiz's development plan" in page
    assert "Own the renewal slip." in page and "In the development plan" in page
    action = PlanAction.objects.get(plan__person=personas.seller)
    assert action.text == "Takes ownership: Own the renewal slip."
    plan = personas.client("seller").get(f"/coaching/people/{personas.seller.pk}/plan/")
    assert "Takes ownership: Own the renewal slip." in plan.content.decode()


def test_an_empty_response_is_refused_beside_its_field(personas, challenged):
    answer = submitted(personas.seller).answers.get(standard=1)
    refused = personas.client("leader").post(
        f"/leadership/pivot/answers/{answer.pk}/response/", {f"r{answer.pk}-text": ""}
    )
    assert refused.status_code == 422
    field_beside_message(
        refused.content.decode(),
        f"id_r{answer.pk}-text",
        "This field is required.",
        error_id=f"id_r{answer.pk}-text_error",
    )


def test_the_leader_sees_who_answered_and_the_team_standards(personas, challenged):
    submitted(personas.seller, ratings={6: 5, 3: 1})
    page = shown(personas.client("leader").get(QUARTER_PAGE))
    assert "1 of 2 submitted" in page
    assert "Strongest" in page and "Professional with colleagues" in page
    assert "Weakest" in page and "Makes sacrifices" in page


def test_the_director_reads_the_roll_up_and_each_team(personas, challenged):
    submitted(personas.seller)
    dana = personas.client("director")
    page = shown(dana.get(f"/leadership/pivot/roll-up/?quarter={this_quarter().name}"))
    assert "Lena Hart" in page and "1 of 2" in page
    assert "Owen Clarke" in page and "Not issued" in page
    team = dana.get(f"/leadership/pivot/leaders/{personas.leader.pk}/")
    assert team.status_code == 200 and "Sam Ortiz" in team.content.decode()


def test_an_unreadable_quarter_says_so_and_shows_this_one(personas):
    page = personas.client("leader").get(QUARTER_PAGE + "?quarter=someday")
    assert page.status_code == 200
    assert "not a period" in page.content.decode()
    assert this_quarter().short_label in page.content.decode()


def test_a_past_quarter_shows_no_issue_form(personas):
    today = timezone.localdate()
    page = personas.client("leader").get(QUARTER_PAGE + f"?quarter={today.year - 1}-Q1")
    assert "No challenge was issued" in page.content.decode()
