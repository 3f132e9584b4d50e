"""The pivot's workflows: a leader issues the challenge, a seller drafts and submits their
self-assessment, the leader responds per standard and may turn a response into an action in the
seller's development plan; the team's strongest and weakest standards come from the submitted
answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leadwell.coaching.models import PlanAction
from leadwell.leadership.pivot import selectors, services
from leadwell.leadership.pivot.models import PivotAssessment
from leadwell.lib.periods import PeriodKind, period_of

from .conftest import submitted, this_quarter

pytestmark = pytest.mark.django_db


def test_a_leader_issues_the_challenge_once_a_quarter(personas, challenged):
    assert challenged.issuer == personas.leader
    assert challenged.quarter == this_quarter()
    with pytest.raises(ValidationError) as refused:
        services.challenge_issue(issuer=personas.leader, quarter=this_quarter())
    assert "already issued" in str(refused.value)


def test_a_seller_with_nobody_reporting_to_them_cannot_issue_it(personas):
    with pytest.raises(ValidationError) as refused:
        services.challenge_issue(issuer=personas.seller, quarter=this_quarter())
    assert "Nobody reports to you" in str(refused.value)


def test_a_finished_quarter_takes_no_new_challenge(personas):
    last = period_of(this_quarter().start - datetime.timedelta(days=1), PeriodKind.QUARTER)
    with pytest.raises(ValidationError) as refused:
        services.challenge_issue(issuer=personas.leader, quarter=last)
    assert f"{last.short_label} is over" in str(refused.value)


def test_a_seller_starts_only_once_their_leader_issued_it(personas):
    with pytest.raises(ValidationError) as refused:
        services.assessment_start(person=personas.seller, quarter=this_quarter())
    assert "Lena Hart has not issued the challenge" in str(refused.value)


def test_starting_twice_finds_the_same_draft_with_every_standard_unrated(personas, challenged):
    first = services.assessment_start(person=personas.seller, quarter=this_quarter())
    again = services.assessment_start(person=personas.seller, quarter=this_quarter())
    assert first == again and first.status == PivotAssessment.Status.DRAFT
    assert [(a.standard, a.rating) for a in first.answers.all()] == [(n, None) for n in range(1, 8)]
    assert first.challenge == challenged


def test_a_draft_keeps_what_was_written_and_a_refused_submit_says_what_is_missing(
    personas, challenged
):
    assessment = services.assessment_start(person=personas.seller, quarter=this_quarter())
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(
            assessment=assessment,
            by=personas.seller,
            ratings={1: 4},
            examples={1: "I coached Sofia on discovery"},
            submit=True,
        )
    errors = refused.value.message_dict
    assert "rating_2" in errors and "example_2" in errors and "practised" in errors
    assert "rating_1" not in errors and "example_1" not in errors
    kept = assessment.answers.get(standard=1)
    assert (kept.rating, kept.example) == (4, "I coached Sofia on discovery")
    assessment.refresh_from_db()
    assert assessment.status == PivotAssessment.Status.DRAFT


def test_a_rating_off_the_scale_is_refused_beside_its_standard(personas, challenged):
    assessment = services.assessment_start(person=personas.seller, quarter=this_quarter())
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(assessment=assessment, by=personas.seller, ratings={3: 6})
    assert refused.value.message_dict == {"rating_3": ["Choose a rating from 1 to 5."]}


def test_only_the_seller_writes_it_and_a_submitted_one_no_longer_changes(personas, challenged):
    assessment = submitted(personas.seller)
    assert assessment.is_submitted and assessment.submitted_on is not None
    for who in (personas.leader, personas.seller):
        with pytest.raises(ValidationError):
            services.assessment_save(assessment=assessment, by=who, practised="Changed")


def test_the_leader_responds_and_the_response_becomes_a_plan_action(personas, challenged):
    assessment = submitted(personas.seller)
    answer = assessment.answers.get(standard=2)
    response = services.response_write(
        answer=answer,
        by=personas.leader,
        text="Lead the next pipeline review yourself.",
        add_to_plan=True,
    )
    action = PlanAction.objects.get(plan__person=personas.seller)
    assert response.plan_action == action
    assert action.text == "Goes first: Lead the next pipeline review yourself."
    # Written again, the response replaces its words and adds no second action.
    services.response_write(answer=answer, by=personas.leader, text="Lead it.", add_to_plan=True)
    assert PlanAction.objects.filter(plan__person=personas.seller).count() == 1
    answer.response.refresh_from_db()
    assert answer.response.text == "Lead it."


def test_a_response_too_long_for_a_plan_action_is_refused_with_the_room_left(personas, challenged):
    answer = submitted(personas.seller).answers.get(standard=1)
    with pytest.raises(ValidationError) as refused:
        services.response_write(answer=answer, by=personas.leader, text="x" * 300, add_to_plan=True)
    assert "shorten the response to 283" in str(refused.value)
    assert not PlanAction.objects.exists()


def test_only_the_sellers_manager_responds_to_a_submitted_one(personas, challenged):
    draft = services.assessment_start(person=personas.seller2, quarter=this_quarter())
    with pytest.raises(ValidationError) as refused:
        services.response_write(answer=draft.answers.first(), by=personas.leader, text="Good")
    assert "has not submitted" in str(refused.value)
    answer = submitted(personas.seller).answers.first()
    for who in (personas.director, personas.other_leader, personas.seller2, personas.seller):
        with pytest.raises(ValidationError) as refused:
            services.response_write(answer=answer, by=who, text="Good")
        assert "Only Sam Ortiz's manager responds." in str(refused.value)


def test_the_leader_sees_who_answered_and_the_strongest_and_weakest_standards(personas, challenged):
    submitted(personas.seller, ratings={1: 5, 2: 4, 4: 1, 7: 2})
    services.assessment_start(person=personas.seller2, quarter=this_quarter())
    team = selectors.team_quarter(personas.leader, this_quarter())
    assert [(row.person, row.status) for row in team.rows] == [
        (personas.seller, "Submitted"),
        (personas.seller2, "Draft"),
    ]
    assert team.answered == 1
    assert [s.standard.number for s in team.strongest] == [1, 2]
    assert [s.standard.number for s in team.weakest] == [4, 7]
    # A draft counts for nothing: the means are over submitted answers only.
    assert {s.count for s in team.scores} == {1}


def test_the_means_are_per_standard_over_the_team(personas, challenged):
    submitted(personas.seller, ratings={1: 5})
    submitted(personas.seller2, ratings={1: 2})
    team = selectors.team_quarter(personas.leader, this_quarter())
    first = next(s for s in team.scores if s.standard.number == 1)
    assert (first.mean, first.count) == (3.5, 2)


def test_a_leader_assesses_themself_to_the_director(personas):
    services.challenge_issue(issuer=personas.director, quarter=this_quarter())
    mine = submitted(personas.leader, ratings={5: 5})
    assert mine.challenge.issuer == personas.director
    roll_up = selectors.team_quarter(personas.director, this_quarter())
    assert [(row.person.name, row.status) for row in roll_up.rows] == [
        ("Lena Hart", "Submitted"),
        ("Owen Clarke", "Not started"),
    ]


def test_the_roll_up_has_each_leaders_team_in_a_fixed_number_of_queries(
    personas, challenged, django_assert_max_num_queries
):
    submitted(personas.seller)
    leaders = selectors.leaders_in_line(personas.director, this_quarter())
    assert leaders == [personas.leader, personas.other_leader]
    with django_assert_max_num_queries(8):
        teams = selectors.teams_quarter(leaders, this_quarter())
    assert [(t.leader, t.answered, len(t.rows)) for t in teams] == [
        (personas.leader, 1, 2),
        (personas.other_leader, 0, 1),
    ]
    assert teams[1].challenge is None
