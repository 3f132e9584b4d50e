"""Reading a leader's balance: each signal's value in each of the last eight finished quarters
and the running one, measured from where it lives (the extra asks, the team's figures from the
metrics app, the CRM's history, customers' conditioning, the plan log through the signals app,
the challenge register, coaching), and the rules of `measure` over them.

A leader is measured on the teams they led in each quarter, and a team's sellers are its
members on that quarter's last day: a leader who took a team over mid-year is judged on it
from then on. Access is the policy's `view_balance` rule: the leader and their line above.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.asks.models import Ask
from leadwell.balance import measure
from leadwell.balance.measure import NONE, Quarter
from leadwell.challenges.selectors import register_figures
from leadwell.coaching.selectors import coached_between
from leadwell.conditioning.measure import deal_facts
from leadwell.conditioning.measure import window as conditioning_window
from leadwell.conditioning.selectors import conditioning_of
from leadwell.crm import selectors as crm
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.metrics import selectors as metrics
from leadwell.metrics.models import Scope
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team
from leadwell.plans.models import PlanChange
from leadwell.plans.services import quarter_of
from leadwell.signals import selectors as signals
from leadwell.signals.bias import MARGIN

# A finished quarter's gaps are coached in the weeks after it: an item opened by then counts.
GAPS_TAKEN_UP_WITHIN = datetime.timedelta(days=30)


def quarters_shown(today: datetime.date) -> list[Period]:
    """The last QUARTERS finished quarters, oldest first, then the running one."""
    running = period_of(today, PeriodKind.QUARTER)
    last_finished = period_of(running.start - datetime.timedelta(days=1), PeriodKind.QUARTER)
    return [*metrics.recent_periods(last_finished, measure.QUARTERS), running]


@dataclass
class Teams:
    """Whom a leader was measured on in one quarter."""

    quarter: Period
    teams: list[Team]
    seller_ids: list[int]  # the teams' members on the quarter's last day (or today), not the leader


def teams_by_quarter(
    leader: Person, quarters: Sequence[Period], today: datetime.date
) -> list[Teams]:
    found = []
    for quarter in quarters:
        teams = metrics.teams_led_in(leader, quarter)
        day = min(quarter.end - datetime.timedelta(days=1), today)
        sellers = org.members_of(teams, day).exclude(pk=leader.pk) if teams else []
        found.append(Teams(quarter, teams, [p.pk for p in sellers]))
    return found


# -- One function per source, each giving every signal it feeds a Quarter per quarter --------


def _asks(leader: Person, quarters: Sequence[Period]) -> dict[str, list[Quarter]]:
    """The asks the leader decided, in the quarter they decided them (an ask for next
    quarter, accepted today, counts today)."""
    decided = (
        Ask.objects.filter(
            leader=leader, decided_on__gte=quarters[0].start, decided_on__lt=quarters[-1].end
        )
        .exclude(decision="")
        .annotate(asked=Count("asked_deals"))
        .values_list("decided_on", "decision", "without_assessment", "asked")
    )
    unassessed: dict[datetime.date, int] = defaultdict(int)
    in_full: dict[datetime.date, int] = defaultdict(int)
    total: dict[datetime.date, int] = defaultdict(int)
    for decided_on, decision, without_assessment, asked in decided:
        if decided_on is None:  # a decision always has its day; older rows may not
            continue
        start = period_of(decided_on, PeriodKind.QUARTER).start
        total[start] += 1
        accepted = decision in (Ask.Decision.ACCEPTED, Ask.Decision.PARTLY)
        unassessed[start] += accepted and without_assessment
        in_full[start] += decision == Ask.Decision.ACCEPTED and asked > 0
    return {
        "unassessed_asks": [Quarter(unassessed[q.start]) for q in quarters],
        "asks_passed_on": [Quarter(in_full[q.start], total[q.start]) for q in quarters],
    }


def _team_figures(measured: Sequence[Teams]) -> dict[str, list[Quarter]]:
    team_ids = {team.pk for m in measured for team in m.teams}
    found = metrics.figures(Scope.TEAM.value, team_ids, [m.quarter for m in measured])
    quarter_end = []
    for m in measured:
        rows = [found.get((team.pk, m.quarter.start), {}) for team in m.teams]
        # The teams' shares weighted by their bookings: the share of all they booked.
        booked = sum(row.get("bookings") or 0 for row in rows)
        late = sum((row.get("bookings") or 0) * (row.get("quarter_end_share") or 0) for row in rows)
        quarter_end.append(Quarter(late / booked) if booked > 0 else NONE)
    return {"quarter_end_share": quarter_end}


def _conditioned(measured: Sequence[Teams]) -> list[Quarter]:
    """The teams' customers conditioned, or nearly, at each finished quarter's end."""
    found = []
    for m in measured:
        if not m.seller_ids:
            found.append(NONE)
            continue
        first, last = conditioning_window(m.quarter.end)
        customers = crm.customers_won_by(m.seller_ids, first.start, last.end)
        indexes = conditioning_of(customers, today=m.quarter.end)
        near = measure.CONDITIONED_INDEX_FROM
        found.append(Quarter(sum(1 for c in indexes.values() if c.index >= near)))
    return found


def _coverage(measured: Sequence[Teams], today: datetime.date) -> list[Quarter]:
    """Next quarter's open pipeline on each quarter's last day (today for the running one),
    against next quarter's quota."""
    found = []
    for m in measured:
        nxt = m.quarter.next()
        quotas = [crm.team_quota(team, nxt) for team in m.teams]
        if not m.seller_ids or not quotas or any(q is None or q <= 0 for q in quotas):
            found.append(NONE)
            continue
        day = min(m.quarter.end - datetime.timedelta(days=1), today)
        pipeline = crm.open_pipeline_on(m.seller_ids, nxt, day)
        found.append(Quarter(float(pipeline) / float(sum(q for q in quotas if q is not None))))
    return found


def _won_deals(measured: Sequence[Teams]) -> dict[str, list[Quarter]]:
    """From the deals the sellers won in each quarter, read against their history as the
    conditioning index reads them: how many had been pulled in from a later quarter, and the
    average concession on those won in the quarter's last two weeks."""
    pulled_in, discounts = [], []
    for m in measured:
        if not m.seller_ids:
            pulled_in.append(NONE)
            discounts.append(NONE)
            continue
        deals, changes = crm.won_deals_with_history(
            None, m.quarter.start, m.quarter.end, owner_ids=m.seller_ids
        )
        facts = deal_facts(deals, changes)
        pulled_in.append(Quarter(sum(1 for f in facts if f.pulled_in), len(facts)))
        late = [f.concession for f in facts if f.in_last_two_weeks and f.concession is not None]
        discounts.append(Quarter(sum(late) / len(late)) if late else NONE)
    return {"pulled_in": pulled_in, "quarter_end_discount": discounts}


def _renegotiations(leader: Person, quarters: Sequence[Period]) -> list[Quarter]:
    """The leader's requests to lower each quarter's committed plan."""
    years = {q.fiscal_year for q in quarters}
    asked: dict[datetime.date, int] = defaultdict(int)
    rows = PlanChange.objects.filter(cycle__leader=leader, cycle__fiscal_year__in=years)
    for year, number, before, after in rows.values_list(
        "cycle__fiscal_year", "quarter", "from_amount", "to_amount"
    ):
        if after < before:
            asked[quarter_of(year, number).start] += 1
    return [Quarter(asked[q.start]) for q in quarters]


def _challenges(leader: Person, quarters: Sequence[Period]) -> dict[str, list[Quarter]]:
    escalated, without_actions = [], []
    for quarter in quarters:
        register = register_figures(leader, quarter)
        triaged = register.kept_in_team + register.escalated
        escalated.append(Quarter(register.escalated, triaged) if triaged else NONE)
        without_actions.append(
            Quarter(register.escalated_without_actions, register.escalated)
            if register.escalated
            else NONE
        )
    return {"escalated_share": escalated, "escalated_without_actions": without_actions}


def _gaps(measured: Sequence[Teams], today: datetime.date) -> list[Quarter]:
    """Each finished quarter's sellers with a gap on their scorecard, and those of them with
    no coaching item open in the quarter or the weeks after it. Counted by seller, not by gap:
    a leader coaches a seller on the gap that matters most, and an item for every gap of
    every seller would be no leader's job (docs/decisions.md, "The balance dashboard")."""
    found = []
    for m in measured:
        if not m.seller_ids or m.quarter.contains(today):
            found.append(NONE)
            continue
        sellers = list(Person.objects.filter(pk__in=m.seller_ids))
        cards = metrics.person_cards(sellers, m.quarter, today=today)
        coached = coached_between(
            m.seller_ids, m.quarter.start, m.quarter.end + GAPS_TAKEN_UP_WITHIN
        )
        with_gaps = [card for card in cards if card.gaps]
        uncoached = sum(1 for card in with_gaps if card.scope_id not in coached)
        found.append(Quarter(uncoached, len(with_gaps)) if with_gaps else NONE)
    return found


# -- The balance -------------------------------------------------------------------------------


@dataclass
class Measured:
    signal: measure.Signal
    quarters: list[Quarter]
    reading: measure.Reading

    @property
    def has_figures(self) -> bool:
        return any(q.value is not None for q in self.quarters)


@dataclass
class Balance:
    leader: Person
    quarters: list[Period]  # the finished ones, then the running one
    measured: list[Measured]
    position: measure.Position

    def of(self, drift: measure.Drift) -> list[Measured]:
        return [m for m in self.measured if m.signal.drift == drift]

    @property
    def pressure(self) -> list[Measured]:
        return self.of(measure.Drift.PRESSURE)

    @property
    def excuse(self) -> list[Measured]:
        return self.of(measure.Drift.EXCUSE)

    @property
    def firing(self) -> list[Measured]:
        return [m for m in self.measured if m.reading.fires]


def measure_leader(leader: Person, today: datetime.date) -> Balance:
    """Every signal about `leader` (no access check: see `balance_for`)."""
    quarters = quarters_shown(today)
    measured_on = teams_by_quarter(leader, quarters, today)
    finished = measured_on[:-1]
    (forecast,) = signals.signals_about([leader], today=today)
    bias = dict(forecast.trend)
    values: dict[str, list[Quarter]] = {
        **_asks(leader, quarters),
        **_team_figures(measured_on),
        "conditioned_customers": [*_conditioned(finished), NONE],
        "next_quarter_coverage": _coverage(measured_on, today),
        **_won_deals(measured_on),
        "renegotiations": _renegotiations(leader, quarters),
        "forecast_bias": [Quarter(bias.get(q)) for q in quarters],
        **_challenges(leader, quarters),
        "gaps_without_item": _gaps(measured_on, today),
    }
    # The two signals whose rule is the signals app's: its verdict, and its evidence in words.
    verdict = forecast.verdict
    lowered = max(forecast.years, key=lambda y: y.lowered_quarters, default=None)
    decided = {
        "forecast_bias": (
            forecast.sandbagging,
            f"{verdict.low} of {verdict.judged} quarters called more than "
            f"{MARGIN:.0%} under the bookings"
            if verdict.judged
            else "no call judged",
        ),
        "renegotiations": (
            forecast.renegotiating,
            f"the plan asked lower for {lowered.lowered_quarters} quarter"
            f"{'s' if lowered.lowered_quarters != 1 else ''} of FY{lowered.fiscal_year}"
            if lowered is not None and lowered.lowered_quarters
            else "no quarter's plan asked lower this fiscal year or the last",
        ),
    }
    measured = []
    for signal in measure.SIGNALS:
        shown = values[signal.key]
        fires, said = decided.get(signal.key, (False, None))
        reading = measure.read(signal, shown, fires, said)
        measured.append(Measured(signal, shown, reading))
    position = measure.position([(m.signal, m.reading, m.has_figures) for m in measured])
    return Balance(leader, quarters, measured, position)


def leads_sellers(person: Person, today: datetime.date) -> bool:
    """A leader of a team of sellers: a director's own team is their leaders, whose balance
    is each their own."""
    return org.role_of(person, today) == org.Role.LEADER


def balance_for(
    viewer: policy.Asker, person_id: int, today: datetime.date | None = None
) -> Balance:
    """The balance of a leader the viewer may read (themselves, or a leader below them); 404
    for anyone else, and for a person who leads no team of sellers (the balance is a leader's
    of sellers)."""
    today = today or timezone.localdate()
    person = policy.get_or_404(viewer, "view_balance", Person.objects.all(), pk=person_id)
    if not leads_sellers(person, today):
        raise Http404("The balance is a leader's of sellers: this person leads none.")
    return measure_leader(person, today)


def own_balance(viewer: policy.Asker, today: datetime.date | None = None) -> Balance:
    """The viewer's own balance, when they lead a team of sellers; 404 for anyone else (a
    director reads their leaders' instead: `leaders_below`)."""
    today = today or timezone.localdate()
    me = policy.person_or_404(viewer)
    return balance_for(viewer, me.pk, today)


@dataclass
class LeaderRow:
    leader: Person
    balance: Balance


def leaders_below(viewer: policy.Asker, today: datetime.date | None = None) -> list[LeaderRow]:
    """The leaders of sellers below the viewer, anywhere in their line (a director's leaders;
    a vice-president's directors' leaders), whose balance the viewer reads, by name."""
    today = today or timezone.localdate()
    me = policy.person_or_404(viewer)
    below = Person.objects.filter(pk__in=org.ids_below(me.pk, today)).order_by("name")
    return [
        LeaderRow(person, measure_leader(person, today))
        for person in policy.visible(viewer, "view_balance", below)
        if leads_sellers(person, today)
    ]
