"""Reading teams' plans through the access policy: the list of the viewer's plans, and one
plan as the viewer may see it (in full for the leader and their line; the team totals and
their own quota for a member)."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.crm.selectors import QuotaInPlace, quotas_in_place, team_quota
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team
from leadwell.plans.models import PlanChange, PlanCycle, PlanFigure
from leadwell.plans.services import (
    QUARTERS,
    hand_over_to,
    quarter_of,
    roster_day,
    sellers_of,
)


def this_fiscal_year() -> int:
    return period_of(timezone.localdate(), PeriodKind.YEAR).fiscal_year


@dataclass
class PlanListed:
    team: Team
    leader: Person | None
    cycle: PlanCycle | None


def plans_of(viewer: Any, fiscal_year: int) -> list[PlanListed]:
    """The teams with sellers whose plan for the year the viewer may open: a leader's own
    teams, a director's leaders' teams, a seller's team."""
    me = policy.viewer_for(viewer)
    if me.person is None or fiscal_year not in YEARS:
        return []
    day = roster_day(fiscal_year)
    team_ids = set(me.teams_led) | set(me.team_ids)
    teams = list(org.teams_with_people(day).filter(pk__in=team_ids).order_by("name"))
    cycles = {
        c.team_id: c
        for c in PlanCycle.objects.filter(team__in=teams, fiscal_year=fiscal_year).select_related(
            "leader"
        )
    }
    found = []
    for team in teams:
        leader, members = org.split_team(team)
        if leader is None or not members:
            continue
        # A team of leaders (the director's own) has no sellers' plan: its members plan theirs.
        if all(org.teams_led_by(m, day).exists() for m in members):
            continue
        cycle = cycles.get(team.pk) or PlanCycle(team=team, leader=leader, fiscal_year=fiscal_year)
        if policy.can(viewer, "view", cycle):
            found.append(PlanListed(team, leader, cycles.get(team.pk)))
    return found


def open_changes(cycles: list[PlanCycle]) -> dict[int, int]:
    """How many change requests of each committed plan still wait for the director's answer,
    by cycle (a cycle with none is left out)."""
    ids = [c.pk for c in cycles if c.pk is not None]
    counts: dict[int, int] = {}
    for cycle_id in PlanChange.objects.filter(cycle_id__in=ids, answer="").values_list(
        "cycle_id", flat=True
    ):
        counts[cycle_id] = counts.get(cycle_id, 0) + 1
    return counts


@dataclass
class Cell:
    field: str
    proposed: Decimal | None = None
    assigned: Decimal | None = None
    quota: QuotaInPlace | None = None

    @property
    def differs(self) -> bool:
        """The quota in place is not the committed plan's (an import or the quotas page
        changed it since)."""
        return self.assigned is not None and (
            self.quota is None or self.quota.amount != self.assigned
        )


@dataclass
class Row:
    person: Person | None  # None: the team
    cells: list[Cell]

    @property
    def proposed_total(self) -> Decimal | None:
        values = [c.proposed for c in self.cells if c.proposed is not None]
        return sum(values, Decimal(0)) if values else None

    @property
    def assigned_total(self) -> Decimal | None:
        values = [c.assigned for c in self.cells if c.assigned is not None]
        return sum(values, Decimal(0)) if values else None


@dataclass
class PlanPage:
    team: Team
    fiscal_year: int
    cycle: PlanCycle  # unsaved until the leader's first input
    quarters: list[Period]
    team_row: Row
    rows: list[Row]  # the sellers the viewer may see: all of them, or a member's own
    full: bool  # the input, the assigned plan per seller and the negotiations
    may: dict[str, bool]
    changes: list[PlanChange] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return self.cycle.pk is not None

    @property
    def all_rows(self) -> list[Row]:
        return [self.team_row, *self.rows]

    @property
    def open_changes(self) -> int:
        return sum(1 for c in self.changes if c.is_open)


# The fiscal years a plan may be for: any a company plans, none the calendar cannot hold.
YEARS = range(2000, 2201)


def plan_page(viewer: Any, team_id: int, fiscal_year: int) -> PlanPage:
    team = Team.objects.filter(pk=team_id).first()
    if team is None or fiscal_year not in YEARS:
        raise Http404("No plan found")
    cycle = (
        PlanCycle.objects.filter(team=team, fiscal_year=fiscal_year)
        .select_related("leader", "assigned_by", "committed_by", "team")
        .first()
    )
    if cycle is None:
        leader = org.leader_of(team, roster_day(fiscal_year))
        if leader is None:
            raise Http404("No plan found")
        cycle = PlanCycle(team=team, leader=leader, fiscal_year=fiscal_year)
    policy.require(viewer, "view", cycle)
    full = policy.can(viewer, "view_negotiations", cycle)
    me = policy.viewer_for(viewer).person
    sellers = sellers_of(team, fiscal_year)
    figures = list(cycle.figures.all()) if cycle.pk else []
    in_figures = {f.person_id for f in figures if f.person_id}
    known = {s.pk for s in sellers}
    sellers += list(Person.objects.filter(pk__in=in_figures - known).order_by("name"))
    if not full:
        # A member reads the committed plan's team totals and their own quota, nothing else.
        sellers = [s for s in sellers if me is not None and s.pk == me.pk]
        figures = (
            [f for f in figures if f.stage == PlanFigure.Stage.ASSIGNED]
            if cycle.is_committed
            else []
        )
    quarters = [quarter_of(fiscal_year, q) for q in QUARTERS]
    in_place = (
        quotas_in_place(person_ids=[s.pk for s in sellers], team_ids=[team.pk], periods=quarters)
        if cycle.is_committed
        else {}
    )
    by_key = {(f.stage, f.person_id, f.quarter): f.amount for f in figures}

    def row(person: Person | None) -> Row:
        pid = person.pk if person is not None else None
        cells = []
        for period in quarters:
            q = period.number
            cells.append(
                Cell(
                    field=f"person-{pid}-q{q}" if pid else f"team-q{q}",
                    proposed=by_key.get((PlanFigure.Stage.INPUT, pid, q)),
                    assigned=by_key.get((PlanFigure.Stage.ASSIGNED, pid, q)),
                    quota=_quota(in_place, pid, team, period) if in_place else None,
                )
            )
        return Row(person, cells)

    may = {
        action: bool(policy.can(viewer, action, cycle))
        for action in ("give_input", "assign", "commit", "ask_change", "answer_change")
    }
    may["take_over"] = bool(policy.can(viewer, "take_over", cycle)) and hand_over_to(
        cycle, policy.viewer_for(viewer).person, timezone.localdate()
    )
    changes = (
        list(
            cycle.changes.select_related("person", "asked_by", "answered_by").order_by(
                "-asked_at", "-id"
            )
        )
        if full and cycle.pk
        else []
    )
    return PlanPage(
        team=team,
        fiscal_year=fiscal_year,
        cycle=cycle,
        quarters=quarters,
        team_row=row(None),
        rows=[row(s) for s in sellers],
        full=full,
        may=may,
        changes=changes,
    )


def _quota(
    in_place: dict, person_id: int | None, team: Team, period: Period
) -> QuotaInPlace | None:
    if person_id is not None:
        return in_place.get((person_id, None, period.start))
    own = in_place.get((None, team.pk, period.start))
    if own is not None:
        return own
    # Without a quota of its own, a team is measured against what its members add up to.
    summed = team_quota(team, period)
    return QuotaInPlace(summed, None) if summed is not None else None


def change_or_404(viewer: Any, change_id: int) -> PlanChange:
    return policy.get_or_404(
        viewer, "view", PlanChange.objects.select_related("cycle", "cycle__team"), pk=change_id
    )
