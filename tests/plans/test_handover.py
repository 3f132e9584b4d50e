"""A plan outlives its leader: when a team changes hands, its leader today takes the plan over
from the leader it was agreed with, and carries it on; what was given, assigned, committed and
asked stays recorded under who did it."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from leadwell.audit.models import Change
from leadwell.org import services as org
from leadwell.plans import services
from leadwell.plans.models import PlanCycle
from leadwell.plans.selectors import this_fiscal_year

from .conftest import assigned

pytestmark = pytest.mark.django_db


def owen_leads_boston_from_today(p) -> None:
    org.team_leader_change(team=p.boston, leader=p.other_leader, on=timezone.localdate())


def plan_url(p, name: str = "plans:plan") -> str:
    return reverse(name, args=[p.boston.pk, this_fiscal_year()])


def test_the_teams_new_leader_is_offered_the_plan_and_takes_it_over(personas):
    p = personas
    cycle = assigned(p)
    owen_leads_boston_from_today(p)

    page = p.client("other_leader").get(plan_url(p)).content.decode()
    assert "This plan was agreed with Lena Hart" in page and "Take over the plan" in page

    response = p.client("other_leader").post(plan_url(p, "plans:take-over"))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.leader == p.other_leader
    assert cycle.input_at is not None and cycle.assigned_by == p.director


def test_after_taking_over_the_new_leader_commits_and_the_old_one_no_longer_acts(personas):
    p = personas
    cycle = assigned(p)
    owen_leads_boston_from_today(p)
    services.plan_take_over(by=p.user("other_leader"), cycle=cycle)

    with pytest.raises(Http404):
        services.plan_commit(by=p.user("leader"), cycle=cycle)
    cycle = services.plan_commit(by=p.user("other_leader"), cycle=cycle)

    assert cycle.status == PlanCycle.Status.COMMITTED and cycle.committed_by == p.other_leader
    trail = Change.objects.filter(object_type="plans.plancycle", object_id=str(cycle.pk))
    assert any("leader_id" in change.changes for change in trail)


def test_only_the_teams_leader_today_takes_a_plan_over(personas):
    p = personas
    cycle = assigned(p)
    with pytest.raises(ValidationError, match="leader today"):
        services.plan_take_over(by=p.user("leader"), cycle=cycle)
    owen_leads_boston_from_today(p)
    # The director leads Boston too, through the line: still not its leader.
    with pytest.raises(ValidationError, match="leader today"):
        services.plan_take_over(by=p.user("director"), cycle=cycle)
    for key in ("seller", "other_seller", "admin"):
        with pytest.raises(Http404):
            services.plan_take_over(by=p.user(key), cycle=cycle)
    assert "Take over the plan" not in p.client("director").get(plan_url(p)).content.decode()
    cycle.refresh_from_db()
    assert cycle.leader == p.leader


def test_the_api_hands_the_plan_over_to_the_teams_leader_today_only(personas):
    p = personas
    assigned(p)
    owen_leads_boston_from_today(p)
    url = f"/api/v1/plans/{p.boston.pk}/{this_fiscal_year()}/take-over"

    assert p.api("director").post(url).status_code == 422
    assert p.api("seller").post(url).status_code == 404
    answer = p.api("other_leader").post(url)
    assert answer.status_code == 200, answer.content
    assert PlanCycle.objects.get(team=p.boston).leader == p.other_leader
