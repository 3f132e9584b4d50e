"""Administrators reorganise on product pages: a person moved to another team from a day, a
team's leader or office changed, an office or a team created. Each change is confirmed first,
refuses nonsense beside the field, is recorded in the audit trail, and is for administrators
only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.audit.models import Change, Kind, Via
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Scope
from leadwell.org import selectors, services
from leadwell.org.models import Membership, Office, Team
from tests.conftest import ORG_START, deal, stored_figure

pytestmark = pytest.mark.django_db

MOVE_DAY = datetime.date(2027, 1, 1)
NOT_ADMINS = ["leader", "director", "seller", "other_leader"]


def move_address(person) -> str:
    return reverse("person-move", args=[person.pk])


def test_the_administrator_moves_a_seller_after_a_confirmation_that_says_what_follows(personas):
    client = personas.client("admin")
    form = {"team": personas.denver.pk, "on": MOVE_DAY.isoformat()}

    asked = client.post(move_address(personas.seller), form)

    html = asked.content.decode()
    assert asked.status_code == 200
    assert "Move Sam Ortiz from Boston Enterprise to Denver Mid-Market from 1 Jan 2027?" in html
    assert "scorecards from 1 Jan 2027 count in Denver Mid-Market" in html
    assert "up to 31 Dec 2026 they stay with Boston Enterprise" in html
    assert "reports to Owen Clarke" in html
    assert selectors.team_of(personas.seller, MOVE_DAY) == personas.boston  # nothing yet

    done = client.post(move_address(personas.seller), form | {"confirmed": "yes"})

    assert done.status_code == 302
    assert done["Location"] == reverse("person", args=[personas.seller.pk])
    terms = Membership.objects.members().filter(person=personas.seller).order_by("valid_from")
    assert [(m.team, m.valid_from, m.valid_until) for m in terms] == [
        (personas.boston, ORG_START, MOVE_DAY),
        (personas.denver, MOVE_DAY, None),
    ]
    assert selectors.manager_of(personas.seller, MOVE_DAY) == personas.other_leader
    # The person page names the last day on the old team, the day before the move.
    history = client.get(done["Location"]).content.decode().split("Team history")[1]
    assert '<time datetime="2026-12-31">31 Dec 2026</time>' in history


def test_the_audit_trail_records_the_move_as_made_by_the_administrator_on_a_page(personas):
    form = {"team": personas.denver.pk, "on": MOVE_DAY.isoformat(), "confirmed": "yes"}
    before = Change.objects.count()
    personas.client("admin").post(move_address(personas.seller), form)

    trail = Change.objects.order_by("pk")[before:]
    assert {c.kind for c in trail} == {Kind.REPORTING_LINE}
    summaries = set(trail.values_list("summary", flat=True))
    assert "Sam Ortiz is a member of Denver Mid-Market from 1 January 2027" in summaries
    assert "Sam Ortiz's last day as member of Boston Enterprise is 31 December 2026" in summaries
    assert {(c.actor_person_id, c.via) for c in trail} == {(personas.admin.pk, Via.PAGE)}


def test_a_move_refused_keeps_what_was_typed_and_says_why_beside_the_field(personas):
    client = personas.client("admin")
    response = client.post(
        move_address(personas.seller), {"team": personas.boston.pk, "on": "2027-02-30"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="reorganise-on-error"' in html and "Enter a date like 2027-01-01." in html
    assert 'value="2027-02-30"' in html
    assert f'<option value="{personas.boston.pk}" selected>' in html


def test_moving_into_the_same_team_is_refused(personas):
    response = personas.client("admin").post(
        move_address(personas.seller), {"team": personas.boston.pk, "on": MOVE_DAY.isoformat()}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="reorganise-team-error"' in html
    assert "Sam Ortiz is already on Boston Enterprise on that day." in html


def test_a_day_before_the_current_membership_began_is_refused(personas):
    problems = services.move_problems(
        person=personas.seller, team=personas.denver, on=ORG_START - datetime.timedelta(days=1)
    )
    assert problems == {
        "on": ["Sam Ortiz joined Boston Enterprise on 1 Jan 2024: choose that day or later."]
    }


def test_a_move_before_one_already_planned_is_refused_and_the_plan_is_kept(personas):
    services.person_move(person=personas.seller, team=personas.denver, on=MOVE_DAY)
    earlier = MOVE_DAY - datetime.timedelta(days=30)

    with pytest.raises(Exception) as refused:
        services.person_move(person=personas.seller, team=personas.leadership, on=earlier)

    assert "already recorded" in str(refused.value)
    assert selectors.team_of(personas.seller, MOVE_DAY) == personas.denver
    assert selectors.team_of(personas.seller, earlier) == personas.boston


def test_a_leader_is_not_moved_into_the_team_they_lead(personas):
    problems = services.move_problems(person=personas.leader, team=personas.boston, on=MOVE_DAY)
    assert "a leader is not a member of the team they lead" in problems["team"][0]


def test_a_director_is_not_moved_under_someone_who_reports_to_them(personas):
    problems = services.move_problems(person=personas.director, team=personas.boston, on=MOVE_DAY)
    assert problems["team"] == [
        "Boston Enterprise's leader reports to Dana Whitfield: Dana Whitfield cannot report "
        "to someone below them."
    ]


def test_a_member_of_a_team_is_not_made_its_leader(personas):
    response = personas.client("admin").post(
        reverse("team-leader", args=[personas.boston.pk]),
        {"leader": personas.seller2.pk, "on": MOVE_DAY.isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="reorganise-leader-error"' in html
    assert "Sofia Berg is a member of Boston Enterprise on that day" in html
    assert f'<option value="{personas.seller2.pk}" selected>' in html


def test_a_seller_does_not_lead_their_own_managers(personas):
    problems = services.leader_problems(
        team=personas.leadership, leader=personas.seller, on=MOVE_DAY
    )
    assert "cannot lead their own manager" in problems["leader"][0]


def test_the_administrator_changes_a_teams_leader_from_a_day_after_confirming(personas):
    client = personas.client("admin")
    address = reverse("team-leader", args=[personas.denver.pk])
    services.person_move(person=personas.seller2, team=personas.leadership, on=MOVE_DAY)
    form = {"leader": personas.seller2.pk, "on": MOVE_DAY.isoformat()}

    asked = client.post(address, form).content.decode()
    assert "Make Sofia Berg the leader of Denver Mid-Market from 1 Jan 2027?" in asked
    assert "up to 31 Dec 2026 they reported to Owen Clarke" in asked

    assert client.post(address, form | {"confirmed": "yes"}).status_code == 302
    assert selectors.manager_of(personas.other_seller, MOVE_DAY) == personas.seller2
    before = MOVE_DAY - datetime.timedelta(days=1)
    assert selectors.manager_of(personas.other_seller, before) == personas.other_leader


def test_changing_a_teams_office_says_it_applies_to_the_past_too(personas):
    client = personas.client("admin")
    denver_office = Office.objects.get(name="Denver office")
    address = reverse("team-office", args=[personas.boston.pk])

    asked = client.post(address, {"office": denver_office.pk}).content.decode()
    assert "this applies to every period, past ones included" in asked

    client.post(address, {"office": denver_office.pk, "confirmed": "yes"})
    personas.boston.refresh_from_db()
    assert personas.boston.office == denver_office
    assert Change.objects.filter(kind=Kind.TEAM, team=personas.boston, action="changed").exists()


def test_the_administrator_creates_an_office_and_a_team_led_from_a_day(personas):
    client = personas.client("admin")
    client.post(
        reverse("office-new"), {"name": " Austin  office ", "kind": "office", "confirmed": "yes"}
    )
    austin = Office.objects.get(name="Austin office")

    form = {
        "name": "Austin Commercial",
        "office": austin.pk,
        "leader": personas.seller2.pk,
        "on": MOVE_DAY.isoformat(),
    }
    asked = client.post(reverse("team-new"), form).content.decode()
    assert "Create the team Austin Commercial in Austin office?" in asked
    assert "Sofia Berg leads it from 1 Jan 2027." in asked

    client.post(reverse("team-new"), form | {"confirmed": "yes"})
    team = Team.objects.get(name="Austin Commercial")
    assert team.office == austin
    assert selectors.leader_of(team, MOVE_DAY) == personas.seller2
    assert selectors.leader_of(team, MOVE_DAY - datetime.timedelta(days=1)) is None


def test_a_second_team_of_the_same_name_is_refused_beside_the_name(personas):
    response = personas.client("admin").post(reverse("team-new"), {"name": "boston enterprise"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="reorganise-name-error"' in html
    assert "There is already a team called Boston Enterprise." in html
    assert 'value="boston enterprise"' in html


@pytest.mark.parametrize("viewer", NOT_ADMINS)
def test_only_administrators_reach_the_reorganising_pages(personas, viewer):
    client = personas.client(viewer)
    addresses = [
        move_address(personas.seller),
        reverse("team-leader", args=[personas.boston.pk]),
        reverse("team-office", args=[personas.boston.pk]),
        reverse("team-new"),
        reverse("office-new"),
    ]
    for address in addresses:
        assert client.get(address).status_code == 404, address
        refused = client.post(
            address, {"team": personas.denver.pk, "on": "2027-01-01", "confirmed": "yes"}
        )
        assert refused.status_code == 404, address
    assert selectors.team_of(personas.seller, MOVE_DAY) == personas.boston


@pytest.mark.parametrize("viewer", NOT_ADMINS)
def test_others_see_no_link_to_reorganise(personas, viewer):
    client = personas.client(viewer)
    pages = [
        reverse("person", args=[getattr(personas, viewer).pk]),
        reverse("team", args=[personas.boston.pk]),
        reverse("org-chart"),
    ]
    for address in pages:
        html = client.get(address).content.decode()
        assert "/move/" not in html and "/leader/" not in html and "/office/" not in html
        assert reverse("team-new") not in html and reverse("office-new") not in html


def test_the_administrator_reaches_each_page_from_the_person_team_and_administration_pages(
    personas,
):
    client = personas.client("admin")
    person = client.get(reverse("person", args=[personas.seller.pk])).content.decode()
    assert f'href="{move_address(personas.seller)}"' in person
    team = client.get(reverse("team", args=[personas.boston.pk])).content.decode()
    assert f'href="{reverse("team-leader", args=[personas.boston.pk])}"' in team
    assert f'href="{reverse("team-office", args=[personas.boston.pk])}"' in team
    home = client.get(reverse("administration")).content.decode()
    assert f'href="{reverse("team-new")}"' in home and f'href="{reverse("office-new")}"' in home
    for address in [move_address(personas.seller), reverse("team-new"), reverse("office-new")]:
        assert client.get(address).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rows_put_back")
def test_after_a_move_the_team_scorecards_count_the_seller_in_the_new_team(personas):
    # Committed for real (transaction=True): the recompute runs once the move is committed.
    won_on = timezone.localdate() - datetime.timedelta(days=20)
    quarter = period_of(won_on, PeriodKind.QUARTER)
    deal(personas.seller, "won", 50_000, won_on)
    recompute()
    assert stored_figure(Scope.TEAM, personas.boston.pk, quarter, "bookings") == 50_000

    form = {"team": personas.denver.pk, "on": quarter.start.isoformat(), "confirmed": "yes"}
    personas.client("admin").post(move_address(personas.seller), form)

    # The move recomputes the summaries, as a change in the Django admin does.
    assert stored_figure(Scope.TEAM, personas.denver.pk, quarter, "bookings") == 50_000
    assert not stored_figure(Scope.TEAM, personas.boston.pk, quarter, "bookings")


def test_a_new_leader_from_before_the_current_leaders_term_began_is_refused(personas):
    problems = services.leader_problems(
        team=personas.boston, leader=personas.other_leader, on=ORG_START - datetime.timedelta(1)
    )
    assert problems == {
        "on": ["Lena Hart's term as leader started on 1 Jan 2024: choose that day or later."]
    }
