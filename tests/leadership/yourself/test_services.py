"""Leading yourself, the workflows: a person writes their purpose, strengths and asks, their
one-, three- and five-year career aspirations (coaching's personal goals, one model) with
actions and dates; their line gives monthly feedback, and a missed month is flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadwell.coaching import services as coaching
from leadwell.coaching.models import PersonalGoal
from leadwell.leadership.yourself import selectors, services
from leadwell.leadership.yourself.models import AspirationFeedback, OwnPage
from leadwell.lib.periods import PeriodKind, period_of

from .conftest import in_a_year

pytestmark = pytest.mark.django_db


def test_a_leader_writes_their_purpose_strengths_and_asks_on_one_page(personas):
    lena = personas.leader
    services.own_page_write(
        person=lena,
        by=lena,
        why="Because people grow",
        motivation="Teams that win together",
        energy="Customer visits",
        impact="Ten leaders grown from my team",
        strengths="Discovery, patience",
        asks_of_manager="A stretch project each half",
    )
    services.own_page_write(person=lena, by=lena, strengths="Discovery, patience, forecasting")
    page = OwnPage.objects.get(person=lena)
    assert page.why == "Because people grow" and page.has_purpose
    assert page.strengths == "Discovery, patience, forecasting"
    assert page.asks_of_manager == "A stretch project each half"
    assert str(page) == f"leading-yourself page #{page.pk}"


@pytest.mark.parametrize("key", ["director", "seller", "other_leader", "admin"])
def test_nobody_but_the_person_writes_their_page(personas, key):
    with pytest.raises(ValidationError):
        services.own_page_write(person=personas.leader, by=getattr(personas, key), why="x")
    assert not OwnPage.objects.exists()


def test_an_aspiration_is_a_career_personal_goal_written_through_coaching(personas):
    lena = personas.leader
    goal = services.aspiration_save(
        person=lena, by=lena, horizon="five_years", title="Run a sales region", detail="Why"
    )
    assert isinstance(goal, PersonalGoal)
    assert (goal.person, goal.area, goal.horizon) == (lena, "career", "five_years")
    changed = services.aspiration_save(
        person=lena, by=lena, goal=goal, horizon="three_years", title="Run a region sooner"
    )
    assert changed.pk == goal.pk and PersonalGoal.objects.get().horizon == "three_years"


def test_an_aspiration_is_one_three_or_five_years_and_has_a_title(personas):
    lena = personas.leader
    with pytest.raises(ValidationError) as refused:
        services.aspiration_save(person=lena, by=lena, horizon="quarter", title="Soon")
    assert "one, three or five years" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.aspiration_save(person=lena, by=lena, horizon="year", title=" ")
    assert "title" in refused.value.message_dict


def test_the_line_reads_aspirations_but_only_the_person_writes_them(personas):
    with pytest.raises(ValidationError):
        services.aspiration_save(
            person=personas.leader, by=personas.director, horizon="year", title="Mine"
        )
    goal = services.aspiration_save(
        person=personas.leader, by=personas.leader, horizon="year", title="Mine"
    )
    with pytest.raises(ValidationError):
        services.aspiration_action_add(
            goal=goal, by=personas.director, text="Do it", due_on=in_a_year()
        )


def test_an_action_needs_words_and_a_day_and_belongs_to_an_aspiration(personas):
    sam = personas.seller
    goal = services.aspiration_save(person=sam, by=sam, horizon="year", title="Senior AE")
    with pytest.raises(ValidationError) as refused:
        services.aspiration_action_add(goal=goal, by=sam, text="", due_on=in_a_year())
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.aspiration_action_add(goal=goal, by=sam, text="Shadow Sofia", due_on=None)
    assert "due_on" in refused.value.message_dict
    income = coaching.goal_save(person=sam, area="income", title="Buy a house")
    with pytest.raises(ValidationError):
        services.aspiration_action_add(goal=income, by=sam, text="Save", due_on=in_a_year())
    action = services.aspiration_action_add(
        goal=goal, by=sam, text="Shadow Sofia", due_on=in_a_year()
    )
    services.aspiration_action_done(action=action, by=sam)
    assert action.done_on == timezone.localdate()
    services.aspiration_action_done(action=action, by=sam, done=False)
    assert action.done_on is None
    later = in_a_year() + datetime.timedelta(days=30)
    services.aspiration_action_change(
        action=action, by=sam, text="Shadow Sofia twice", due_on=later
    )
    action.refresh_from_db()
    assert (action.text, action.due_on) == ("Shadow Sofia twice", later)


def test_the_manager_and_the_director_above_give_feedback_and_nobody_else(personas):
    sam = personas.seller
    goal = services.aspiration_save(person=sam, by=sam, horizon="three_years", title="Lead")
    services.aspiration_feedback_give(person=sam, by=personas.leader, text="Good", goal=goal)
    services.aspiration_feedback_give(person=sam, by=personas.director, text="Agreed")
    for key in ("seller", "seller2", "other_leader", "admin"):
        with pytest.raises(ValidationError):
            services.aspiration_feedback_give(person=sam, by=getattr(personas, key), text="x")
    assert AspirationFeedback.objects.count() == 2


def test_feedback_names_one_of_the_persons_own_aspirations_or_none(personas):
    lena = personas.leader
    others = services.aspiration_save(
        person=personas.other_leader, by=personas.other_leader, horizon="year", title="Owen's"
    )
    with pytest.raises(ValidationError) as refused:
        services.aspiration_feedback_give(person=lena, by=personas.director, text="x", goal=others)
    assert "goal" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.aspiration_feedback_give(person=lena, by=personas.director, text="  ")
    assert "text" in refused.value.message_dict


def test_the_page_groups_aspirations_by_horizon_and_shows_the_other_goals(personas):
    sam = personas.seller
    for horizon, title in [("five_years", "Director"), ("year", "Senior"), ("three_years", "Lead")]:
        services.aspiration_save(person=sam, by=sam, horizon=horizon, title=title)
    coaching.goal_save(person=sam, area="skills", title="Negotiation course")
    coaching.goal_save(person=sam, area="career", horizon="quarter", title="Present at QBR")
    page = selectors.page_of(personas.user("leader"), sam, timezone.localdate())
    assert [(h.heading, [g.title for g in h.goals]) for h in page.horizons] == [
        ("In one year", ["Senior"]),
        ("In three years", ["Lead"]),
        ("In five years", ["Director"]),
    ]
    assert sorted(g.title for g in page.other_goals) == ["Negotiation course", "Present at QBR"]


def months_back(count: int) -> datetime.date:
    month = timezone.localdate().replace(day=1)
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def test_a_month_ended_without_feedback_is_flagged_overdue(personas):
    today = timezone.localdate()
    first = months_back(3) + datetime.timedelta(days=10)
    status = selectors.feedback_status(first, [months_back(2)], True, today)
    assert [p.start for p in status.overdue] == [months_back(1)]
    # This month is due, not overdue; with nobody above, or no aspiration, nothing is flagged.
    assert period_of(today, PeriodKind.MONTH) not in status.overdue
    assert not selectors.feedback_status(first, [], False, today).is_overdue
    assert not selectors.feedback_status(None, [], True, today).is_overdue
    # The cadence starts once the person has written their page and an active aspiration.
    page = OwnPage(created_at=timezone.now())
    goal = PersonalGoal(created_at=timezone.now() - datetime.timedelta(days=90))
    assert selectors.cadence_starts(None, [goal]) is None
    assert selectors.cadence_starts(page, []) is None
    assert selectors.cadence_starts(page, [goal]) == timezone.localdate()
    caught_up = selectors.feedback_status(first, [months_back(2), months_back(1)], True, today)
    assert not caught_up.is_overdue


def test_the_managers_list_puts_overdue_pages_first(personas, lenas_page):
    sam = personas.seller
    goal = services.aspiration_save(person=sam, by=sam, horizon="year", title="Senior")
    long_ago = timezone.now() - datetime.timedelta(90)
    PersonalGoal.objects.filter(pk=goal.pk).update(created_at=long_ago)
    services.own_page_write(person=sam, by=sam, why="Customers")
    OwnPage.objects.filter(person=sam).update(created_at=long_ago)
    listed = selectors.people_in_line(personas.user("leader"), timezone.localdate())
    assert [one.person.name for one in listed] == [
        "Sam Ortiz",
        "Sofia Berg",
    ]
    assert listed[0].status.is_overdue and listed[0].aspirations == 1
    directors = selectors.people_in_line(personas.user("director"), timezone.localdate())
    assert {one.person.name for one in directors} == {
        "Lena Hart", "Owen Clarke", "Sam Ortiz", "Sofia Berg", "Omar Reyes",
    }  # fmt: skip
    assert selectors.people_in_line(personas.user("seller"), timezone.localdate()) == []
