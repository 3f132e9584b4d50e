"""The lead-up follows today's org chart. When Lena moves under another director, Rita, the
management line that reads her reports, plan and its negotiations is Rita's from that day: Dana
reads none of them any more (earlier ones included: the line is judged today, as the rules say
of every relation), and Rita reads them all, as the leader's line does. The debrief Dana held with
Lena stays readable by the two of them, and neither writes in it once the line has ended. A seller
moved into another team sees the committed plan totals of his new team, and nothing of how
either team's plan was negotiated."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leadwell import policy
from leadwell.debriefs import services as debriefs
from leadwell.debriefs.models import Debrief
from leadwell.identity.services import user_create
from leadwell.org import services as org
from leadwell.org.models import Person
from leadwell.plans import services as plans
from leadwell.plans.models import PlanChange, PlanCycle
from leadwell.plans.selectors import this_fiscal_year
from leadwell.reports.models import Report
from tests.conftest import PASSWORD, api_client

from .test_lead_up_confidential import MARK, each_quarter, lead_up_worked_through

pytestmark = pytest.mark.django_db

DENVER_REASONING = "Denver's plan leans on two renewals: Heron-9032"


@pytest.fixture
def rita(personas):
    """A second director, leading the West leadership team."""
    rita = org.person_create(name="Rita Vance", email="rita.vance@example.com", title="Director")
    user_create(email=rita.email, password=PASSWORD)
    rita.refresh_from_db()
    west = org.team_create(name="West Leadership", office=personas.leadership.office)
    org.person_lead_team(person=rita, team=west, on=timezone.localdate())
    return rita, west


@pytest.fixture
def moved(personas, settings, rita):
    """Lena's lead-up worked through under Dana; then Lena moves into Rita's team today."""
    settings.FISCAL_YEAR_START_MONTH = 1
    made = lead_up_worked_through(personas)
    director, west = rita
    org.person_move(person=personas.leader, team=west, on=timezone.localdate())
    return made, director


def api_of(person):
    return api_client(person.user)


def test_the_old_director_reads_none_of_lenas_reports_plan_or_negotiations(personas, moved):
    made, _ = moved
    report: Report = made["report"]
    cycle: PlanCycle = made["cycle"]
    dana = personas.api("director")
    assert dana.get(f"/api/v1/reports/{report.pk}").status_code == 404
    assert personas.client("director").get(f"/reports/{report.pk}/").status_code == 404
    assert report.pk not in [r["id"] for r in dana.get("/api/v1/reports").json()]
    plan = f"/api/v1/plans/{cycle.team_id}/{cycle.fiscal_year}"
    assert dana.get(plan).status_code == 404
    address = reverse("plans:plan", args=[cycle.team_id, cycle.fiscal_year])
    assert personas.client("director").get(address).status_code == 404
    change = PlanChange.objects.get(cycle=cycle)
    # As a new request would: the viewer is worked out from today's org chart.
    dana_now = Person.objects.get(pk=personas.director.pk)
    assert not policy.can(dana_now, "view", change)
    assert not policy.can(dana_now, "view_negotiations", cycle)


def test_the_new_director_reads_lenas_reports_and_negotiations_earlier_ones_included(
    personas, moved
):
    made, rita = moved
    report: Report = made["report"]
    cycle: PlanCycle = made["cycle"]
    answer = api_of(rita).get(f"/api/v1/reports/{report.pk}")
    assert answer.status_code == 200 and MARK in answer.content.decode()
    assert policy.can(rita, "view_negotiations", cycle)
    assert policy.can(rita, "view", PlanChange.objects.get(cycle=cycle))


def test_the_debrief_stays_readable_by_its_two_people_only(personas, moved):
    made, rita = moved
    debrief: Debrief = made["debrief"]
    for key in ("director", "leader"):
        answer = personas.api(key).get(f"/api/v1/debriefs/{debrief.pk}")
        assert answer.status_code == 200, key
        assert MARK in answer.content.decode()
    assert api_of(rita).get(f"/api/v1/debriefs/{debrief.pk}").status_code == 404


def test_nobody_writes_in_the_debrief_once_the_leader_no_longer_reports_to_the_director(
    personas, moved
):
    made, _ = moved
    debrief: Debrief = made["debrief"]
    debrief.refresh_from_db()
    assert debrief.line_ended_on == timezone.localdate()
    action = debrief.actions.get()
    for who in (personas.director, personas.leader):
        with pytest.raises(ValidationError):
            debriefs.debrief_update(debrief=debrief, by=who, going_well="Rewritten later")
        with pytest.raises(ValidationError):
            debriefs.debrief_action_add(debrief=debrief, by=who, text="Later", owner=who)
        with pytest.raises(ValidationError):
            debriefs.debrief_action_done(action=action, by=who, done=False)
    written = personas.api("director").patch(
        f"/api/v1/debriefs/{debrief.pk}",
        data=json.dumps({"going_well": "Rewritten later"}),
        content_type="application/json",
    )
    assert written.status_code in (404, 422)
    debrief.refresh_from_db()
    assert "Rewritten" not in debrief.going_well and debrief.actions.count() == 1


def test_the_debrief_is_written_again_when_the_leader_comes_back(personas, moved):
    made, _ = moved
    debrief: Debrief = made["debrief"]
    # Undone the same day: Lena reports to Dana again, as before.
    org.person_join_team(person=personas.leader, team=personas.leadership, on=timezone.localdate())
    debrief.refresh_from_db()
    assert debrief.line_ended_on is None
    debriefs.debrief_update(debrief=debrief, by=personas.director, going_well="Still ours")
    debrief.refresh_from_db()
    assert debrief.going_well == "Still ours"


def test_a_seller_moved_to_another_team_sees_its_committed_totals_not_any_negotiation(
    personas, settings
):
    settings.FISCAL_YEAR_START_MONTH = 1
    lead_up_worked_through(personas)
    owen, dana = personas.user("other_leader"), personas.user("director")
    omar = {personas.other_seller.pk: each_quarter(90_000)}
    denver = plans.plan_input_save(
        by=owen, team=personas.denver, fiscal_year=this_fiscal_year(),
        team_amounts=each_quarter(90_000), people=omar, pipeline=DENVER_REASONING,
        market=DENVER_REASONING, capacity=DENVER_REASONING,
    )  # fmt: skip
    denver = plans.plan_assign(
        by=dana, cycle=denver, team_amounts=each_quarter(97_531), people=omar
    )
    plans.plan_commit(by=owen, cycle=denver)

    org.person_move(person=personas.seller, team=personas.denver, on=timezone.localdate())

    sam = personas.client("seller")
    new_team = sam.get(reverse("plans:plan", args=[personas.denver.pk, this_fiscal_year()]))
    assert new_team.status_code == 200
    shown = new_team.content.decode()
    assert "97,531" in shown
    assert DENVER_REASONING not in shown and MARK not in shown
    api = personas.api("seller").get(f"/api/v1/plans/{personas.denver.pk}/{this_fiscal_year()}")
    assert api.status_code == 200 and DENVER_REASONING not in api.content.decode()
    old_team = reverse("plans:plan", args=[personas.boston.pk, this_fiscal_year()])
    assert sam.get(old_team).status_code == 404
    assert (
        personas.api("seller")
        .get(f"/api/v1/plans/{personas.boston.pk}/{this_fiscal_year()}")
        .status_code
        == 404
    )
