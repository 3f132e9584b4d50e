"""The workflows of a team's plan: the leader's input, the director's assigned plan, the
leader's commitment, and the changes asked of a committed plan and their answers.

Amounts arrive as typed, per quarter: `team` maps a quarter (1-4) to the team's amount, and
`people` maps a seller's id to their amounts by quarter. A value that is no amount raises
ValidationError keyed by its field (`team-q1`, `person-<id>-q1`), as the pages name them.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.crm.selectors import quotas_in_place
from leadwell.crm.services import parse_amount, quotas_set
from leadwell.lib.periods import Period, parse_period
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team
from leadwell.plans.models import PlanChange, PlanCycle, PlanFigure

QUARTERS = (1, 2, 3, 4)
REASONS = {
    "pipeline": "Say what the pipeline supports.",
    "market": "Say what the market looks like.",
    "capacity": "Say what the team can carry.",
}


def quarter_of(fiscal_year: int, quarter: int) -> Period:
    return parse_period(f"FY{fiscal_year}-Q{quarter}")


def roster_day(fiscal_year: int) -> datetime.date:
    """The day whose members a plan lists: today while its year runs, else its nearest day."""
    year = parse_period(f"FY{fiscal_year}")
    today = timezone.localdate()
    return min(max(today, year.start), year.end - datetime.timedelta(days=1))


def sellers_of(team: Team, fiscal_year: int) -> list[Person]:
    day = roster_day(fiscal_year)
    leader = org.leader_of(team, day)
    members = org.members_of([team], day).order_by("name")
    return [p for p in members if leader is None or p.pk != leader.pk]


def field_name(quarter: int, person_id: int | None = None) -> str:
    return f"person-{person_id}-q{quarter}" if person_id else f"team-q{quarter}"


def _person(by: Any) -> Person:
    person = policy.viewer_for(by).person
    if person is None:
        raise Http404("No person found")
    return person


def _amounts(
    team: Mapping[int, object], people: Mapping[int, Mapping[int, object]], sellers: list[Person]
) -> dict[int | None, dict[int, Decimal]]:
    """Every amount of a plan, keyed by seller id (None: the team), then quarter; all are
    required and none may be negative."""
    errors: dict[str, list[str]] = {}
    known = {s.pk for s in sellers}
    unknown = [pid for pid in people if int(pid) not in known]
    if unknown:
        errors["people"] = ["Plan only for the team's sellers."]
    found: dict[int | None, dict[int, Decimal]] = {}
    asked: list[tuple[int | None, Mapping[int, object]]] = [(None, team)]
    asked += [(s.pk, people.get(s.pk, {})) for s in sellers]
    for who, by_quarter in asked:
        by_quarter = {int(q): v for q, v in by_quarter.items()}
        for quarter in QUARTERS:
            field = field_name(quarter, who)
            try:
                amount = parse_amount(by_quarter.get(quarter), what="An amount")
            except ValueError as problem:
                errors[field] = [str(problem)]
                continue
            if amount is None:
                errors[field] = ["Enter the amount."]
            elif amount < 0:
                errors[field] = ["An amount cannot be negative."]
            else:
                found.setdefault(who, {})[quarter] = amount
    if errors:
        raise ValidationError(errors)
    return found


def _store(cycle: PlanCycle, stage: str, amounts: dict[int | None, dict[int, Decimal]]) -> None:
    existing = {(f.person_id, f.quarter): f for f in cycle.figures.filter(stage=stage)}
    for who, by_quarter in amounts.items():
        for quarter, amount in by_quarter.items():
            figure = existing.pop((who, quarter), None)
            if figure is None:
                PlanFigure.objects.create(
                    cycle=cycle, stage=stage, quarter=quarter, person_id=who, amount=amount
                )
            elif figure.amount != amount:
                figure.amount = amount
                figure.save(update_fields=["amount"])
    for stale in existing.values():  # a seller who has left the team since
        stale.delete()


@transaction.atomic
def plan_input_save(
    *,
    by: Any,
    team: Team,
    fiscal_year: int,
    team_amounts: Mapping[int, object],
    people: Mapping[int, Mapping[int, object]],
    pipeline: str,
    market: str,
    capacity: str,
) -> PlanCycle:
    """The leader's input for their team's year: the quota they propose for the team and for
    each seller per quarter, and why (pipeline, market, capacity). Opens the year's cycle on
    first saving; may be revised until the plan is committed."""
    cycle = PlanCycle.objects.filter(team=team, fiscal_year=fiscal_year).first()
    if cycle is None:
        leader = org.leader_of(team, roster_day(fiscal_year))
        if leader is None:
            raise Http404("No leader found")
        cycle = PlanCycle(team=team, fiscal_year=fiscal_year, leader=leader)
    policy.require(by, "give_input", cycle)
    if cycle.is_committed:
        raise ValidationError({"status": ["The plan is committed: ask for a change instead."]})
    texts = {"pipeline": pipeline, "market": market, "capacity": capacity}
    errors = {name: [REASONS[name]] for name, text in texts.items() if not str(text).strip()}
    try:
        amounts = _amounts(team_amounts, people, sellers_of(team, fiscal_year))
    except ValidationError as problem:
        errors |= problem.message_dict
    if errors:
        raise ValidationError(errors)
    for name, text in texts.items():
        setattr(cycle, name, str(text).strip())
    cycle.input_at = timezone.now()
    cycle.save()
    _store(cycle, PlanFigure.Stage.INPUT, amounts)
    return cycle


@transaction.atomic
def plan_assign(
    *,
    by: Any,
    cycle: PlanCycle,
    team_amounts: Mapping[int, object],
    people: Mapping[int, Mapping[int, object]],
) -> PlanCycle:
    """The director's assigned plan, after the leader's input: the team's quota and each
    seller's per quarter. May be assigned again until the leader commits."""
    policy.require(by, "assign", cycle)
    if cycle.is_committed:
        raise ValidationError({"status": ["The plan is committed: answer change requests."]})
    if cycle.input_at is None:
        raise ValidationError({"status": ["The leader has not given their input yet."]})
    amounts = _amounts(team_amounts, people, sellers_of(cycle.team, cycle.fiscal_year))
    cycle.status = PlanCycle.Status.ASSIGNED
    cycle.assigned_by = _person(by)
    cycle.assigned_at = timezone.now()
    cycle.save()
    _store(cycle, PlanFigure.Stage.ASSIGNED, amounts)
    return cycle


def _write_quotas(cycle: PlanCycle, quarters: list[int], *, director: Any) -> None:
    """The assigned plan's figures become the quotas the scorecards read: each seller's, and
    the team's own where it differs from what the sellers add up to (or where the team has
    one already, which would otherwise hide the plan). Written by the director who handed the
    plan down: a team's own quota is never set by the leader it measures."""
    figures = cycle.figures.filter(stage=PlanFigure.Stage.ASSIGNED, quarter__in=quarters)
    in_place = quotas_in_place(
        person_ids=[],
        team_ids=[cycle.team_id],
        periods=[quarter_of(cycle.fiscal_year, q) for q in quarters],
    )
    for quarter in quarters:
        period = quarter_of(cycle.fiscal_year, quarter)
        mine = [f for f in figures if f.quarter == quarter]
        people = {f.person_id: f.amount for f in mine if f.person_id}
        team_amount = next((f.amount for f in mine if f.person_id is None), None)
        teams = {}
        has_own = (None, cycle.team_id, period.start) in in_place
        if team_amount is not None and (team_amount != sum(people.values()) or has_own):
            teams[cycle.team_id] = team_amount
        try:
            quotas_set(by=director, period=period, people=people, teams=teams)
        except Http404:
            raise ValidationError(
                {"status": ["The director who assigned this plan may no longer set its quotas."]}
            ) from None


@transaction.atomic
def plan_commit(*, by: Any, cycle: PlanCycle) -> PlanCycle:
    """The leader commits to the assigned plan: its quotas become the team's and sellers'."""
    policy.require(by, "commit", cycle)
    if cycle.status != PlanCycle.Status.ASSIGNED:
        raise ValidationError(
            {"status": ["Only an assigned plan, not yet committed, is committed."]}
        )
    _write_quotas(cycle, list(QUARTERS), director=cycle.assigned_by)
    cycle.status = PlanCycle.Status.COMMITTED
    cycle.committed_by = _person(by)
    cycle.committed_at = timezone.now()
    cycle.save()
    return cycle


def hand_over_to(cycle: PlanCycle, person: Person | None, today: datetime.date) -> bool:
    """Whether `person` may take the plan over: they lead its team today and the plan was
    agreed with someone else, who no longer does."""
    if person is None or cycle.pk is None or cycle.leader_id == person.pk:
        return False
    leader = org.leader_of(cycle.team, today)
    return leader is not None and leader.pk == person.pk


@transaction.atomic
def plan_take_over(*, by: Any, cycle: PlanCycle, today: datetime.date | None = None) -> PlanCycle:
    """The team's new leader takes over its plan from the leader it was agreed with: from then
    on they give the input, commit and ask for changes, and their line above assigns and
    answers. What was given, assigned, committed and asked stays recorded under who did it."""
    policy.require(by, "take_over", cycle)
    if not hand_over_to(cycle, _person(by), today or timezone.localdate()):
        raise ValidationError(
            {"leader": ["Only the team's leader today takes over a plan agreed with another."]}
        )
    cycle.leader = _person(by)
    cycle.save(update_fields=["leader"])
    return cycle


def assigned_figure(cycle: PlanCycle, quarter: int, person_id: int | None) -> PlanFigure | None:
    figures = cycle.figures.filter(stage=PlanFigure.Stage.ASSIGNED, quarter=quarter)
    if person_id is None:
        return figures.filter(person__isnull=True).first()
    return figures.filter(person_id=person_id).first()


@transaction.atomic
def plan_change_request(
    *,
    by: Any,
    cycle: PlanCycle,
    quarter: object,
    person_id: int | None,
    to_amount: object,
    reason: str,
) -> PlanChange:
    """The leader asks to change one quarter's amount of a committed plan (the team's, or a
    seller's), and says why. The amount in the plan now is kept as the request's `from`."""
    policy.require(by, "ask_change", cycle)
    errors: dict[str, list[str]] = {}
    if not cycle.is_committed:
        errors["status"] = ["Only a committed plan is changed by request."]
    try:
        number = int(str(quarter))
    except ValueError:
        number = 0
    if number not in QUARTERS:
        errors["quarter"] = ["Choose a quarter."]
    figure = assigned_figure(cycle, number, person_id) if number in QUARTERS else None
    if number in QUARTERS and figure is None:
        errors["person"] = ["Choose the team or one of its sellers in the plan."]
    try:
        amount = parse_amount(to_amount, what="An amount")
    except ValueError as problem:
        errors["to_amount"] = [str(problem)]
    else:
        if amount is None:
            errors["to_amount"] = ["Enter the amount you ask for."]
        elif amount < 0:
            errors["to_amount"] = ["An amount cannot be negative."]
        elif figure is not None and amount == figure.amount:
            errors["to_amount"] = ["That is the amount in the plan already."]
    if not str(reason).strip():
        errors["reason"] = ["Say why the plan should change."]
    if errors:
        raise ValidationError(errors)
    return PlanChange.objects.create(
        cycle=cycle,
        quarter=number,
        person_id=person_id,
        from_amount=figure.amount,  # type: ignore[union-attr]
        to_amount=amount,  # type: ignore[misc]
        reason=str(reason).strip(),
        asked_by=_person(by),
    )


def _follow(cycle: PlanCycle, quarter: int, figure: PlanFigure, amount: Decimal) -> None:
    """A team whose plan is what its sellers add up to stays so when a seller's amount moves;
    a team given an amount of its own keeps it."""
    if figure.person_id is None:
        return
    figures = cycle.figures.filter(stage=PlanFigure.Stage.ASSIGNED, quarter=quarter)
    team = next((f for f in figures if f.person_id is None), None)
    sellers = sum((f.amount for f in figures if f.person_id), Decimal(0))
    if team is not None and team.amount == sellers:
        team.amount += amount - figure.amount
        team.save(update_fields=["amount"])


@transaction.atomic
def plan_change_answer(
    *,
    by: Any,
    change: PlanChange,
    answer: str,
    granted_amount: object = None,
    note: str = "",
) -> PlanChange:
    """The director answers a change request: granted (the amount asked), partly (an amount
    they give, between the two) or refused. A granted or partly granted change moves the plan
    and the quotas the scorecards read; a refused one moves nothing."""
    cycle = change.cycle
    policy.require(by, "answer_change", cycle)
    errors: dict[str, list[str]] = {}
    if not change.is_open:
        errors["answer"] = ["This request has been answered already."]
    if answer not in PlanChange.Answer.values:
        errors["answer"] = ["Choose granted, partly granted or refused."]
    amount: Decimal | None = None
    if answer == PlanChange.Answer.GRANTED:
        amount = change.to_amount
    elif answer == PlanChange.Answer.PARTLY:
        try:
            amount = parse_amount(granted_amount, what="An amount")
        except ValueError as problem:
            errors["granted_amount"] = [str(problem)]
        else:
            low, high = sorted((change.from_amount, change.to_amount))
            if amount is None:
                errors["granted_amount"] = ["Enter the amount you grant."]
            elif not low < amount < high:
                errors["granted_amount"] = [
                    "Partly granted is an amount between the plan's and the one asked for."
                ]
    if answer == PlanChange.Answer.REFUSED and not str(note).strip():
        errors["note"] = ["Say why the change is refused."]
    if errors:
        raise ValidationError(errors)
    director = _person(by)
    change.answer = answer
    change.granted_amount = amount
    change.answer_note = str(note).strip()
    change.answered_by = director
    change.answered_at = timezone.now()
    change.save()
    if amount is not None:
        figure = assigned_figure(cycle, change.quarter, change.person_id)
        if figure is not None:
            _follow(cycle, change.quarter, figure, amount)
            figure.amount = amount
            figure.save(update_fields=["amount"])
        _write_quotas(cycle, [change.quarter], director=by)
    return change
