import datetime

import pytest

from leadwell import demo
from leadwell.identity.models import User
from leadwell.org import selectors
from leadwell.org.models import Membership, Person
from leadwell.org.selectors import Role

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def snapshot() -> list[tuple]:
    people = list(Person.objects.order_by("id").values_list("name", "email", "title"))
    lines = list(
        Membership.objects.order_by("id").values_list(
            "person__name", "team__name", "role", "valid_from", "valid_until"
        )
    )
    return people + lines


def test_the_demo_has_a_director_two_leaders_and_five_to_seven_sellers_each():
    context = demo.generate(today=TODAY)
    assert selectors.role_of(context.director) == Role.DIRECTOR
    assert len(context.leaders) == 2
    for leader in context.leaders:
        assert selectors.role_of(leader) == Role.LEADER
        assert selectors.manager_of(leader) == context.director
        (team,) = selectors.teams_led_by(leader)
        assert 5 <= selectors.members_of([team]).count() <= 7
        assert team.office is not None


def test_every_persona_can_sign_in_and_sits_where_its_label_says():
    context = demo.generate(today=TODAY)
    personas = {p.key: p for p in context.personas}
    for persona in personas.values():
        user = User.objects.get(email=persona.person.email)
        assert user.check_password(persona.password)
    leader = personas["leader"].person
    assert selectors.manager_of(personas["seller"].person) == leader
    assert selectors.manager_of(personas["other_seller"].person) == personas["other_leader"].person
    assert User.objects.get(email=personas["admin"].person.email).is_administrator
    assert selectors.role_of(personas["admin"].person) == Role.OUTSIDE


def test_one_seller_changed_team_and_keeps_the_old_team_in_their_history():
    demo.generate(today=TODAY)
    movers = [
        p
        for p in Person.objects.all()
        if Membership.objects.members().filter(person=p).count() == 2
    ]
    assert len(movers) == 1
    old, new = Membership.objects.members().filter(person=movers[0]).order_by("valid_from")
    assert old.valid_until == new.valid_from and new.valid_until is None


def test_the_history_starts_eight_quarters_back_on_a_quarter_boundary():
    context = demo.generate(today=TODAY)
    assert context.history_starts == datetime.date(2024, 10, 1)


def test_the_same_seed_and_day_give_the_same_organisation():
    demo.generate(today=TODAY)
    first = snapshot()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()
    from leadwell.org.models import Office, Team

    Team.objects.all().delete()
    Office.objects.filter(parent__isnull=False).delete()
    Office.objects.all().delete()
    demo.generate(today=TODAY)
    assert snapshot() == first
