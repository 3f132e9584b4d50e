import datetime

import pytest

from leadwell.org import selectors, services
from leadwell.org.models import Membership
from leadwell.org.selectors import Role

from .conftest import ORG_START

pytestmark = pytest.mark.django_db

MOVE_DAY = datetime.date(2025, 7, 1)


def test_roles_follow_from_the_org_chart(personas):
    assert selectors.role_of(personas.seller) == Role.SELLER
    assert selectors.role_of(personas.leader) == Role.LEADER
    assert selectors.role_of(personas.director) == Role.DIRECTOR
    assert selectors.role_of(personas.admin) == Role.OUTSIDE


def test_a_sellers_management_line_runs_from_their_leader_up_to_the_director(personas):
    assert selectors.management_line(personas.seller) == [personas.leader, personas.director]
    assert selectors.management_line(personas.director) == []


def test_everyone_below_a_director_includes_the_leaders_and_their_sellers(personas):
    below = selectors.ids_below(personas.director.pk)
    expected = {
        personas.leader,
        personas.other_leader,
        personas.seller,
        personas.seller2,
        personas.other_seller,
    }
    assert below == {p.pk for p in expected}
    assert selectors.ids_below(personas.leader.pk) == {personas.seller.pk, personas.seller2.pk}
    assert selectors.ids_below(personas.seller.pk) == frozenset()


def test_a_seller_who_changes_team_keeps_past_periods_with_the_old_team(personas):
    services.person_join_team(person=personas.seller, team=personas.denver, on=MOVE_DAY)

    before, after = MOVE_DAY - datetime.timedelta(days=1), MOVE_DAY
    assert selectors.team_of(personas.seller, before) == personas.boston
    assert selectors.manager_of(personas.seller, before) == personas.leader
    assert selectors.team_of(personas.seller, after) == personas.denver
    assert selectors.manager_of(personas.seller, after) == personas.other_leader
    history = list(Membership.objects.filter(person=personas.seller).order_by("valid_from"))
    assert [(m.team, m.valid_from, m.valid_until) for m in history] == [
        (personas.boston, ORG_START, MOVE_DAY),
        (personas.denver, MOVE_DAY, None),
    ]


def test_the_old_leader_loses_the_seller_and_the_new_one_gains_them(personas):
    services.person_join_team(person=personas.seller, team=personas.denver, on=MOVE_DAY)
    assert personas.seller.pk not in selectors.ids_below(personas.leader.pk)
    assert personas.seller.pk in selectors.ids_below(personas.other_leader.pk)
    assert personas.seller.pk in selectors.ids_below(
        personas.leader.pk, on=MOVE_DAY - datetime.timedelta(days=1)
    )


def test_a_new_leader_takes_over_a_team_and_the_old_term_ends(personas):
    services.person_lead_team(person=personas.seller2, team=personas.boston, on=MOVE_DAY)
    assert selectors.leader_of(personas.boston, MOVE_DAY) == personas.seller2
    assert (
        selectors.leader_of(personas.boston, MOVE_DAY - datetime.timedelta(days=1))
        == personas.leader
    )
    assert selectors.manager_of(personas.seller, MOVE_DAY) == personas.seller2


def test_joining_the_same_team_again_changes_nothing(personas):
    before = Membership.objects.count()
    services.person_join_team(person=personas.seller, team=personas.boston, on=MOVE_DAY)
    assert Membership.objects.count() == before


def test_a_change_before_a_recorded_later_change_is_refused(personas):
    services.person_join_team(person=personas.seller, team=personas.denver, on=MOVE_DAY)
    with pytest.raises(ValueError, match="later change"):
        services.person_join_team(
            person=personas.seller,
            team=personas.leadership,
            on=MOVE_DAY - datetime.timedelta(days=30),
        )


def test_a_cycle_in_the_chart_does_not_loop_forever(personas):
    # A mistaken import could make the director a member of a team their report leads.
    services.person_join_team(person=personas.director, team=personas.boston, on=MOVE_DAY)
    line = selectors.management_line(personas.director, MOVE_DAY)
    assert line == [personas.leader]
    assert personas.director.pk in selectors.ids_below(personas.leader.pk, MOVE_DAY)


def test_people_are_stored_with_tidy_names_and_lower_case_emails(db):
    person = services.person_create(name="  Ana   de la  Cruz ", email=" Ana.Cruz@Example.COM ")
    assert person.name == "Ana de la Cruz"
    assert person.email == "ana.cruz@example.com"
    assert person.initials == "AD"
