"""The plan's workflows: input, assignment, commitment, and changes asked and answered."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from leadwell.audit.models import Change
from leadwell.crm.models import Quota
from leadwell.metrics.models import Scope
from leadwell.plans import services
from leadwell.plans.models import PlanChange, PlanCycle
from leadwell.plans.selectors import this_fiscal_year
from tests.conftest import stored_figure

from .conftest import assigned, committed, each_quarter, given

pytestmark = pytest.mark.django_db


def quarter(number: int = 1):
    return services.quarter_of(this_fiscal_year(), number)


def quota(number: int = 1, **whose) -> Decimal | None:
    found = Quota.objects.filter(
        period_kind="quarter", period_start=quarter(number).start, **whose
    ).first()
    return found.amount if found else None


def test_committing_writes_the_quotas_the_scorecards_read(personas):
    p = personas
    cycle = committed(p)
    assert cycle.status == PlanCycle.Status.COMMITTED
    assert cycle.committed_by == p.leader and cycle.committed_at is not None
    for number in services.QUARTERS:
        assert quota(number, person=p.seller) == Decimal("120000")
        assert quota(number, person=p.seller2) == Decimal("130000")
        # The team's plan is what its sellers add up to: no quota of its own is needed.
        assert quota(number, team=p.boston) is None
    assert stored_figure(Scope.PERSON, p.seller.pk, quarter(2), "quota") == 120_000
    assert stored_figure(Scope.TEAM, p.boston.pk, quarter(2), "quota") == 250_000


def test_a_team_planned_above_its_sellers_sum_gets_its_own_quota(personas):
    p = personas
    committed(p, team=300_000)
    assert quota(3, team=p.boston) == Decimal("300000")
    assert stored_figure(Scope.TEAM, p.boston.pk, quarter(3), "quota") == 300_000


def test_the_quotas_a_plan_writes_are_in_the_audit_trail_with_the_plan(personas):
    committed(personas)
    summaries = list(Change.objects.values_list("summary", flat=True))
    assert any("Quota of Sam Ortiz" in s for s in summaries)
    assert any("Plan of team Boston Enterprise" in s and "created" in s for s in summaries)


def ask(p, cycle, *, to_amount="100000", person=None, number=2, reason="Two deals slipped."):
    return services.plan_change_request(
        by=p.user("leader"),
        cycle=cycle,
        quarter=number,
        person_id=(person or p.seller).pk,
        to_amount=to_amount,
        reason=reason,
    )


def test_a_granted_change_moves_the_quota_and_is_logged_with_who_when_and_why(personas):
    p = personas
    cycle = committed(p)
    change = ask(p, cycle)
    services.plan_change_answer(by=p.user("director"), change=change, answer="granted")
    change.refresh_from_db()
    assert quota(2, person=p.seller) == Decimal("100000")
    assert stored_figure(Scope.PERSON, p.seller.pk, quarter(2), "quota") == 100_000
    # The team planned as its sellers' sum stays their sum.
    assert stored_figure(Scope.TEAM, p.boston.pk, quarter(2), "quota") == 230_000
    assert quota(1, person=p.seller) == Decimal("120000")  # other quarters untouched
    assert (change.asked_by, change.from_amount, change.to_amount) == (
        p.leader,
        Decimal("120000"),
        Decimal("100000"),
    )
    assert change.reason == "Two deals slipped."
    assert (change.answer, change.answered_by, change.granted_amount) == (
        "granted",
        p.director,
        Decimal("100000"),
    )
    assert change.asked_at is not None and change.answered_at is not None


def test_a_partly_granted_change_moves_the_quota_to_the_amount_granted(personas):
    p = personas
    change = ask(p, committed(p))
    services.plan_change_answer(
        by=p.user("director"), change=change, answer="partly", granted_amount="110,000"
    )
    assert quota(2, person=p.seller) == Decimal("110000")


def test_a_refused_change_moves_nothing_and_is_logged_with_the_answer(personas):
    p = personas
    change = ask(p, committed(p))
    services.plan_change_answer(
        by=p.user("director"), change=change, answer="refused", note="Hold the quarter."
    )
    change.refresh_from_db()
    assert quota(2, person=p.seller) == Decimal("120000")
    assert (change.answer, change.granted_amount, change.answer_note) == (
        "refused",
        None,
        "Hold the quarter.",
    )
    assert change.answered_by == p.director


def test_the_input_needs_every_amount_and_the_reasoning(personas):
    p = personas
    with pytest.raises(ValidationError) as refused:
        services.plan_input_save(
            by=p.user("leader"),
            team=p.boston,
            fiscal_year=this_fiscal_year(),
            team_amounts={1: "lots", 2: "", 3: "-5", 4: "100"},
            people={p.seller.pk: each_quarter(1), p.other_seller.pk: each_quarter(1)},
            pipeline="",
            market="ok",
            capacity="ok",
        )
    errors = refused.value.message_dict
    assert set(errors) >= {"team-q1", "team-q2", "team-q3", "pipeline", "people"}
    assert f"person-{p.seller2.pk}-q1" in errors  # Sofia's share is missing
    assert "team-q4" not in errors
    assert not PlanCycle.objects.exists()


def test_a_plan_is_committed_only_once_assigned_and_changed_only_once_committed(personas):
    p = personas
    cycle = given(p)
    with pytest.raises(ValidationError) as refused:
        services.plan_commit(by=p.user("leader"), cycle=cycle)
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError):
        ask(p, cycle)
    cycle = services.plan_commit(by=p.user("leader"), cycle=assigned(p))
    with pytest.raises(ValidationError):
        services.plan_input_save(
            by=p.user("leader"),
            team=p.boston,
            fiscal_year=cycle.fiscal_year,
            team_amounts=each_quarter(1),
            people={},
            pipeline="x",
            market="x",
            capacity="x",
        )


def test_a_change_request_says_why_and_asks_for_a_new_amount(personas):
    p = personas
    cycle = committed(p)
    with pytest.raises(ValidationError) as refused:
        ask(p, cycle, to_amount="120000", reason=" ")
    assert set(refused.value.message_dict) == {"to_amount", "reason"}
    with pytest.raises(ValidationError) as refused:
        ask(p, cycle, number=7)
    assert "quarter" in refused.value.message_dict


def test_an_answer_is_one_of_three_and_a_partial_grant_lies_between(personas):
    p = personas
    change = ask(p, committed(p))
    director = p.user("director")
    for answer, amount, field in [
        ("maybe", None, "answer"),
        ("partly", "90,000", "granted_amount"),
        ("partly", "", "granted_amount"),
        ("refused", None, "note"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.plan_change_answer(
                by=director, change=change, answer=answer, granted_amount=amount
            )
        assert field in refused.value.message_dict
    services.plan_change_answer(by=director, change=change, answer="granted")
    with pytest.raises(ValidationError):
        services.plan_change_answer(by=director, change=change, answer="granted")
    assert PlanChange.objects.get().answer == "granted"


def test_only_the_leader_gives_input_commits_and_asks_and_only_the_line_above_assigns_and_answers(
    personas,
):
    p = personas
    cycle = assigned(p)
    for key in ("seller", "other_leader", "director", "admin"):
        with pytest.raises(Http404):
            services.plan_commit(by=p.user(key), cycle=cycle)
    for key in ("leader", "seller", "other_leader", "admin"):
        with pytest.raises(Http404):
            services.plan_assign(by=p.user(key), cycle=cycle, team_amounts={}, people={})
    cycle = services.plan_commit(by=p.user("leader"), cycle=cycle)
    change = ask(p, cycle)
    for key in ("director", "seller", "admin"):
        with pytest.raises(Http404):
            services.plan_change_request(
                by=p.user(key), cycle=cycle, quarter=2, person_id=None, to_amount=1, reason="x"
            )
    for key in ("leader", "seller", "other_leader", "admin"):
        with pytest.raises(Http404):
            services.plan_change_answer(by=p.user(key), change=change, answer="granted")
    assert quota(2, person=p.seller) == Decimal("120000")


def test_the_trail_records_that_a_plans_figures_changed_never_their_amounts(personas):
    given(personas)
    figures = Change.objects.filter(object_type="plans.planfigure")
    assert figures.exists()
    for change in figures:
        assert change.confidential and set(change.changes.values()) == {None}
