"""Who may see and do what in coaching, on records written through the services as they would
be in use: Sam's goals, coaching, plan and 1:1 with Lena are his and his line's (Lena, Dana);
never his peers', the other team's, or an administrator's; a 1:1 is only Lena's and Sam's; a
private note only its author's. tests/test_access_matrix.py walks every persona and kind."""

import datetime

import pytest
from django.http import Http404

from leadwell import policy
from leadwell.coaching import services
from leadwell.coaching.models import (
    ActionItem,
    Assignment,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    OneOnOneSeries,
    PersonalGoal,
    PlanAction,
    PlanComment,
    PlanReview,
    PrivateNote,
    TalkingPoint,
)
from leadwell.identity.models import User
from tests.conftest import PERSONA_KEYS

from .conftest import skill, template

DAY = datetime.date(2025, 6, 2)  # a Monday
SAMS_LINE = {"seller", "leader", "director"}
THE_TWO = {"seller", "leader"}


@pytest.fixture
def world(personas):
    """Sam's coaching, plan and 1:1 with Lena, as the services write them."""
    sam, lena = personas.seller, personas.leader
    goal = services.goal_save(person=sam, area="career", title="Lead a team")
    item = services.item_open(person=sam, by=lena, title="Discovery is too short")
    services.item_diagnose(item=item, by=sam, skills=[skill("Discovery")], goal=goal)
    assignment = services.assignment_add(
        item=item,
        by=lena,
        template=template("Shadow a top performer's discovery calls"),
        started_on=DAY,
    )
    services.assignment_complete(assignment=assignment, by=sam, note="Shadowed Sofia")
    evaluation = services.assignment_evaluate(
        assignment=assignment, by=lena, was_done=True, outcome="continue", on=DAY
    )
    plan = services.plan_save(person=sam, strengths="Rapport", aspiration="Team lead")
    services.plan_action_add(plan=plan, text="Lead the kick-off demo")
    services.plan_review_add(plan=plan, by=lena, progress="Good month", reviewed_on=DAY)
    services.plan_comment_add(plan=plan, by=sam, text="Thanks")
    series = services.series_start(leader=lena, report=sam)
    meeting = Meeting.objects.create(series=series, scheduled_on=DAY)
    services.point_add(meeting=meeting, by=sam, text="Pricing approval")
    services.action_add(meeting=meeting, by=lena, text="Ask the pricing desk", owner=lena)
    notes = {
        "leader": services.private_note_write(meeting=meeting, by=lena, text="Seems tired"),
        "seller": services.private_note_write(meeting=meeting, by=sam, text="Ask for a raise"),
    }
    return {
        "personas": personas,
        "coaching": {
            PersonalGoal: goal,
            CoachingItem: item,
            CoachingEvent: item.events.first(),
            Assignment: assignment,
            Evaluation: evaluation,
            DevelopmentPlan: plan,
            PlanAction: plan.actions.get(),
            PlanReview: plan.reviews.get(),
            PlanComment: plan.comments.get(),
        },
        "one_on_one": {
            OneOnOneSeries: series,
            Meeting: meeting,
            TalkingPoint: TalkingPoint.objects.get(),
            ActionItem: ActionItem.objects.get(),
        },
        "notes": notes,
    }


def who_may(personas, action: str, obj) -> set[str]:
    return {key for key in PERSONA_KEYS if policy.can(personas.user(key), action, obj)}


def who_lists(personas, action: str, obj) -> set[str]:
    queryset = type(obj)._default_manager.all()
    return {
        key
        for key in PERSONA_KEYS
        if policy.visible(personas.user(key), action, queryset).filter(pk=obj.pk).exists()
    }


@pytest.mark.django_db
def test_the_sellers_goals_coaching_and_plan_are_seen_by_the_seller_and_their_line(world):
    personas = world["personas"]
    for model, obj in world["coaching"].items():
        assert who_may(personas, "view", obj) == SAMS_LINE, model.__name__
        assert who_lists(personas, "view", obj) == SAMS_LINE, model.__name__


@pytest.mark.django_db
def test_peers_the_other_team_and_administrators_get_404_on_the_sellers_coaching(world):
    personas = world["personas"]
    for viewer in ["seller2", "other_seller", "other_leader", "admin"]:
        for model, obj in world["coaching"].items():
            with pytest.raises(Http404):
                policy.get_or_404(personas.user(viewer), "view", model, pk=obj.pk)
    for viewer in SAMS_LINE:
        item = world["coaching"][CoachingItem]
        assert policy.get_or_404(personas.user(viewer), "view", CoachingItem, pk=item.pk) == item


@pytest.mark.django_db
def test_a_1_1_is_seen_by_its_two_people_and_not_by_the_director_above(world):
    personas = world["personas"]
    for model, obj in world["one_on_one"].items():
        assert who_may(personas, "view", obj) == THE_TWO, model.__name__
        assert who_lists(personas, "view", obj) == THE_TWO, model.__name__
    assert who_may(personas, "change", world["one_on_one"][Meeting]) == THE_TWO


@pytest.mark.django_db
def test_a_private_note_is_read_by_its_author_and_nobody_else(world):
    personas = world["personas"]
    for author, note in world["notes"].items():
        assert who_may(personas, "view", note) == {author}
        assert who_lists(personas, "view", note) == {author}
    # The other party of the 1:1, reading the meeting, still finds only their own note.
    lena = personas.user("leader")
    listed = policy.visible(
        lena, "view", PrivateNote.objects.filter(meeting=world["one_on_one"][Meeting])
    )
    assert [n.text for n in listed] == ["Seems tired"]


@pytest.mark.django_db
def test_the_seller_discusses_and_completes_but_only_the_line_manages_the_loop(world):
    personas = world["personas"]
    coaching = world["coaching"]
    item = coaching[CoachingItem]
    assert who_may(personas, "discuss", item) == SAMS_LINE
    assert who_may(personas, "manage", item) == {"leader", "director"}
    assert who_may(personas, "complete", coaching[Assignment]) == SAMS_LINE
    sam = personas.seller
    assert who_may(personas, "open_coaching", sam) == {"leader", "director"}
    assert who_may(personas, "view_coaching", sam) == SAMS_LINE


@pytest.mark.django_db
def test_the_seller_alone_writes_their_goals_and_the_line_writes_the_plan(world):
    personas = world["personas"]
    coaching = world["coaching"]
    assert who_may(personas, "write_goals", personas.seller) == {"seller"}
    assert who_may(personas, "change", coaching[PersonalGoal]) == {"seller"}
    assert who_may(personas, "manage_plan", personas.seller) == {"leader", "director"}
    assert who_may(personas, "change", coaching[DevelopmentPlan]) == {"leader", "director"}
    assert who_may(personas, "comment", coaching[DevelopmentPlan]) == SAMS_LINE


def _fresh_user(person) -> User:
    """The sign-in account read anew, so the policy's per-user cache starts empty."""
    return User.objects.get(pk=person.user_id)


@pytest.mark.django_db
def test_an_administrator_outside_the_line_sees_no_coaching_at_all(world):
    personas = world["personas"]
    ada = _fresh_user(personas.admin)
    assert ada.is_administrator
    everything = [*world["coaching"].values(), *world["one_on_one"].values()]
    everything += list(world["notes"].values())
    for obj in everything:
        assert not policy.can(ada, "view", obj), type(obj).__name__
        assert not policy.visible(ada, "view", type(obj)._default_manager.all()).exists()
    assert not policy.can(ada, "view_coaching", personas.seller)
    assert not policy.can(ada, "open_coaching", personas.seller)


@pytest.mark.django_db
def test_an_administrator_in_the_line_sees_what_the_line_sees_and_no_more(world):
    personas = world["personas"]
    User.objects.filter(pk=personas.leader.user_id).update(is_staff=True)
    lena = _fresh_user(personas.leader)
    assert lena.is_administrator
    for obj in world["coaching"].values():
        assert policy.can(lena, "view", obj)
    omars = services.item_open(person=personas.other_seller, by=personas.other_leader, title="x")
    assert not policy.can(lena, "view", omars)
    assert list(policy.visible(lena, "view", CoachingItem.objects.all())) == [
        world["coaching"][CoachingItem]
    ]
    # Being an administrator does not open Sam's private note either.
    assert not policy.can(lena, "view", world["notes"]["seller"])
    # Nor a director's 1:1 with another leader.
    theirs = OneOnOneSeries.objects.create(leader=personas.director, report=personas.other_leader)
    assert not policy.can(lena, "view", theirs)
