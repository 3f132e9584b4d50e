import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell import policy
from leadwell.org import selectors, services
from leadwell.org.models import Membership
from leadwell.org.selectors import Role

from .conftest import ORG_START, PERSONA_KEYS

pytestmark = pytest.mark.django_db

MOVE_DAY = datetime.date(2025, 7, 1)
FUTURE_DAY = timezone.localdate() + datetime.timedelta(days=40)


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


# -- The org chart page, on a chosen day ----------------------------------------------------------


def chart(client, **params) -> str:
    response = client.get(reverse("org-chart"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_chart_on_a_past_day_shows_the_team_as_it_was(personas):
    services.person_join_team(person=personas.seller, team=personas.denver, on=MOVE_DAY)
    client = personas.client("admin")

    before = chart(client, on="2025-06-30")
    after = chart(client, on="2025-07-01")

    assert 'as on <time datetime="2025-06-30">30 Jun 2025</time>' in before
    assert 'as on <time datetime="2025-07-01">1 Jul 2025</time>' in after
    boston_before = before.split("Boston Enterprise</a>")[1].split("Denver Mid-Market</a>")[0]
    assert "Sam Ortiz" in boston_before
    denver_after = after.split("Denver Mid-Market</a>")[1]
    assert "Sam Ortiz" in denver_after
    assert 'value="2025-06-30"' in before


def test_the_chart_on_a_day_to_come_shows_an_administrator_the_planned_moves(personas):
    services.person_join_team(person=personas.seller, team=personas.denver, on=FUTURE_DAY)
    today = chart(personas.client("admin"))
    planned = chart(personas.client("admin"), on=FUTURE_DAY.isoformat())
    assert "Sam Ortiz" in today.split("Boston Enterprise</a>")[1].split("Denver Mid-Market</a>")[0]
    assert "Sam Ortiz" in planned.split("Denver Mid-Market</a>")[1]
    assert "the moves already planned" in planned


@pytest.mark.parametrize("persona", ["seller", "other_seller", "leader", "director"])
def test_a_planned_move_is_not_shown_ahead_to_colleagues(personas, persona):
    services.person_join_team(person=personas.seller, team=personas.denver, on=FUTURE_DAY)
    asked = chart(personas.client(persona), on=FUTURE_DAY.isoformat())
    assert "administrators only" in asked
    assert "the moves already planned" not in asked
    assert "Sam Ortiz" in asked.split("Boston Enterprise</a>")[1].split("Denver Mid-Market</a>")[0]


def test_a_team_nobody_was_on_yet_is_left_out_of_a_past_day(personas):
    later_team = services.team_create(name="Austin Commercial")
    services.person_lead_team(person=personas.seller2, team=later_team, on=MOVE_DAY)
    assert "Austin Commercial" not in chart(personas.client("admin"), on="2024-06-01")
    assert "Austin Commercial" in chart(personas.client("admin"), on=MOVE_DAY.isoformat())


def test_a_bad_day_says_so_beside_the_field_and_shows_today(personas):
    html = chart(personas.client("seller"), on="2025-13-45")
    assert 'id="chart-on-error"' in html and "Enter a date like 2026-10-01." in html
    assert 'value="2025-13-45"' in html and 'aria-invalid="true"' in html
    assert "(today)" in html and "Sam Ortiz" in html


@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_people_in_the_chart_are_linked_only_where_the_viewer_may_open_their_page(personas, viewer):
    html = chart(personas.client(viewer))
    for key, person in personas.all().items():
        if key == "admin":
            continue  # on no team: not in the chart
        assert person.name in html
        may_open = policy.can(personas.user(viewer), "view_page", person)
        link = f'href="{reverse("person", args=[person.pk])}"'
        assert (link in html) is may_open, (viewer, key)
