"""An ask of a leader who leads several teams names the team: whoever records it chooses among
the teams the leader led the day they were asked (on the page, only when there is a choice; in
the API, `team_id`), and without a choice it is of their first team by name, as before."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leadwell.asks import services
from leadwell.asks.models import Ask
from leadwell.org import services as org
from leadwell.org.models import Team

from ..conftest import ORG_START, field_beside_message
from .conftest import quarters_from_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def cambridge(personas) -> Team:
    """A second team Lena has led since the organisation began (after Boston by name)."""
    team = org.team_create(name="Cambridge Commercial", office=personas.boston_office)
    org.person_lead_team(person=personas.leader, team=team, on=ORG_START)
    return team


def record(personas, **kw) -> Ask:
    return services.ask_record(
        by=personas.director,
        leader=personas.leader,
        period=quarters_from_now(0),
        amount=Decimal(20_000),
        **kw,
    )


def test_the_ask_is_of_the_team_chosen_and_else_of_the_first_by_name(personas, cambridge):
    assert record(personas, team=cambridge).team == cambridge
    assert record(personas).team == personas.boston


def test_a_team_the_leader_does_not_lead_is_refused(personas, cambridge):
    with pytest.raises(ValidationError, match="Lena Hart did not lead Denver Mid-Market") as e:
        record(personas, team=personas.denver)
    assert "team" in e.value.message_dict
    assert not Ask.objects.exists()


def test_the_team_is_one_the_leader_led_on_the_day_asked(personas, cambridge):
    today = timezone.localdate()
    newer = org.team_create(name="Austin Growth")
    org.person_lead_team(person=personas.leader, team=newer, on=today)
    with pytest.raises(ValidationError, match="did not lead Austin Growth"):
        record(personas, team=newer, asked_on=today - datetime.timedelta(days=1))
    assert record(personas, team=newer, asked_on=today).team == newer


def test_the_form_asks_the_team_only_of_a_leader_of_several(personas, cambridge):
    lenas = personas.client("leader").get(reverse("asks:home")).content.decode()
    assert 'name="team"' in lenas and "Cambridge Commercial" in lenas
    owens = personas.client("other_leader").get(reverse("asks:home")).content.decode()
    assert 'name="team"' not in owens
    # The director asks Lena or Owen: the choice is Lena's teams, under her name.
    danas = personas.client("director").get(reverse("asks:home")).content.decode()
    assert '<optgroup label="Lena Hart">' in danas and "Denver Mid-Market" not in danas


def test_without_a_second_team_the_form_has_no_team_choice(personas):
    page = personas.client("director").get(reverse("asks:home")).content.decode()
    assert 'name="team"' not in page


def ask_posted(personas, leader, team: Team | None):
    return personas.client("director").post(
        reverse("asks:home"),
        {
            "leader": leader.pk,
            "team": team.pk if team else "",
            "period": quarters_from_now(0).name,
            "amount": "30000",
            "asked_on": timezone.localdate().isoformat(),
        },
    )


def test_the_director_records_an_ask_of_the_team_chosen_on_the_page(personas, cambridge):
    assert ask_posted(personas, personas.leader, cambridge).status_code == 302
    assert ask_posted(personas, personas.leader, None).status_code == 302
    assert [a.team for a in Ask.objects.order_by("id")] == [cambridge, personas.boston]


def test_a_team_of_another_leader_is_refused_beside_the_field(personas, cambridge):
    page = ask_posted(personas, personas.other_leader, cambridge)
    assert page.status_code == 422
    field_beside_message(
        page.content.decode(),
        "id_team",
        "Owen Clarke did not lead Cambridge Commercial",
        error_id="id_team_error",
    )
    assert not Ask.objects.exists()


def ask_through_the_api(personas, **extra):
    return personas.api("director").post(
        "/api/v1/asks",
        {"leader_id": personas.leader.pk, "period": "FY2026-Q4", "amount": "25000", **extra},
        content_type="application/json",
    )


def test_the_api_records_the_team_named_and_else_the_first_by_name(personas, cambridge):
    chosen = ask_through_the_api(personas, team_id=cambridge.pk)
    assert chosen.status_code == 201
    assert chosen.json()["team"] == {"id": cambridge.pk, "name": "Cambridge Commercial"}
    assert ask_through_the_api(personas).json()["team"]["id"] == personas.boston.pk


def refusal(answer) -> dict[str, str]:
    assert answer.status_code == 422, answer.content
    return {e["loc"][-1]: e["msg"] for e in answer.json()["detail"]}


def test_the_api_refuses_a_team_the_leader_did_not_lead_or_no_team_at_all(personas, cambridge):
    theirs = refusal(ask_through_the_api(personas, team_id=personas.denver.pk))
    assert "Lena Hart did not lead Denver Mid-Market" in theirs["team_id"]
    missing = Team.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    assert refusal(ask_through_the_api(personas, team_id=missing)) == {
        "team_id": f"No team with id {missing}."
    }
    assert not Ask.objects.exists()
