"""Reading CRM plans: quotas for people and teams, and the weekly forecast call."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.crm.models import (
    ExchangeRate,
    ForecastSubmission,
    Opportunity,
    OpportunityChange,
    Quota,
    TeamForecast,
)
from leadwell.lib.currency import reporting_currency
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org.models import Membership, Person, Team


def team_quota(team: Team, period: Period) -> Decimal | None:
    """A team's quota: set explicitly, or else the sum of its members' quotas for the period.

    Members are those on the team on the period's first day (reporting lines are dated);
    None when neither the team nor any member has a quota for the period.
    """
    explicit = Quota.objects.filter(
        team=team, period_kind=period.kind.value, period_start=period.start
    ).first()
    if explicit is not None:
        return explicit.amount
    members = Membership.objects.on(period.start).members().filter(team=team).values("person_id")
    total = Quota.objects.filter(
        person_id__in=members, period_kind=period.kind.value, period_start=period.start
    ).aggregate(total=Sum("amount"))["total"]
    return total


@dataclass(frozen=True)
class QuotaInPlace:
    amount: Decimal
    # When the last import that wrote it finished (None: set on a page, the API or a plan).
    imported_at: datetime.datetime | None


def quotas_in_place(
    *, person_ids: list[int], team_ids: list[int], periods: list[Period]
) -> dict[tuple[int | None, int | None, datetime.date], QuotaInPlace]:
    """The quotas set for these people and teams' own, for these periods, keyed by (person id,
    team id, period start): what a plan compares its figures with. No access check: the caller
    shows them only to whoever may read the plan they belong to."""
    found = (
        Quota.objects.filter(Q(person_id__in=person_ids) | Q(team_id__in=team_ids))
        .filter(
            period_kind__in={p.kind.value for p in periods},
            period_start__in=[p.start for p in periods],
        )
        .select_related("last_import")
    )
    return {
        (q.person_id, q.team_id, q.period_start): QuotaInPlace(
            q.amount,
            (q.last_import.finished_at or q.last_import.created_at) if q.last_import else None,
        )
        for q in found
    }


def exchange_rates():
    """The rates to the reporting currency, by currency, oldest first."""
    return ExchangeRate.objects.filter(to_currency=reporting_currency()).order_by(
        "currency", "valid_from"
    )


def unconverted_deals() -> list[dict]:
    """Deals with an amount that no rate converts into the reporting currency, by currency:
    they count in no figure until exchange rates are imported."""
    rows = (
        Opportunity.objects.filter(amount__isnull=False, amount_in_reporting_currency__isnull=True)
        .values("currency")
        .annotate(deals=Count("pk"))
        .order_by("currency")
    )
    return [{"currency": row["currency"], "deals": row["deals"]} for row in rows]


def deals_in_another_reporting_currency() -> int:
    """Deals converted into a reporting currency that is no longer LEADWELL_CURRENCY: their
    figures are in the old one until `leadwell recompute` converts them again."""
    return (
        Opportunity.objects.filter(amount_in_reporting_currency__isnull=False)
        .exclude(reporting_currency=reporting_currency())
        .count()
    )


def roster_day(period: Period) -> datetime.date:
    """The day whose teams the quotas page lists for a period: today while it runs, its last
    day once it is over, its first before it starts."""
    today = timezone.localdate()
    if today < period.start:
        return period.start
    if today >= period.end:
        return period.end - datetime.timedelta(days=1)
    return today


def quota_field(*, person: Person | None = None, team: Team | None = None) -> str:
    return f"person-{person.pk}" if person is not None else f"team-{team.pk}"  # type: ignore[union-attr]


def may_set_team_quota(by: Any, team: Team, leader: Person | None) -> bool:
    """A team's own quota: administrators (Team.set_quota), and whoever may set the quota of
    the team's leader (Person.set_quota: the line above the leader), never the leader."""
    if policy.can(by, "set_quota", team):
        return True
    return leader is not None and policy.can(by, "set_quota", leader)


@dataclass
class MemberQuota:
    person: Person
    amount: Decimal | None
    may_set: bool
    field: str


@dataclass
class TeamQuotas:
    """One team's table on the quotas page: each member's quota, the team's own, and the
    members' sum beside it."""

    team: Team
    leader: Person | None
    members: list[MemberQuota]
    own: Decimal | None
    may_set_own: bool
    field: str

    @property
    def members_sum(self) -> Decimal | None:
        """What the members' quotas add up to; None when no member has one."""
        amounts = [m.amount for m in self.members if m.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def differs(self) -> bool:
        return self.own is not None and self.own != (self.members_sum or Decimal(0))

    @property
    def may_set_any(self) -> bool:
        return self.may_set_own or any(m.may_set for m in self.members)


def quota_sheet(viewer: Any, period: Period) -> list[TeamQuotas]:
    """The teams whose quotas the viewer may see (Team.view_quotas), each with its leader and
    members on `roster_day(period)` and their quotas for the period; 404 when there is none
    (a seller). Four queries whatever the number of teams."""
    teams = list(policy.visible(viewer, "view_quotas", Team.objects.order_by("name")))
    if not teams:
        raise Http404("No team whose quotas you may see")
    lines = (
        Membership.objects.on(roster_day(period))
        .filter(team__in=teams)
        .select_related("person")
        .order_by("person__name")
    )
    leaders: dict[int, Person] = {}
    members: dict[int, list[Person]] = {team.pk: [] for team in teams}
    for line in lines:
        if line.role == Membership.Role.LEADER:
            leaders[line.team_id] = line.person
        else:
            members[line.team_id].append(line.person)
    people = {p.pk for found in members.values() for p in found}
    quotas = Quota.objects.filter(period_kind=period.kind.value, period_start=period.start).filter(
        Q(person_id__in=people) | Q(team__in=teams)
    )
    of_person = {q.person_id: q.amount for q in quotas if q.person_id}
    of_team = {q.team_id: q.amount for q in quotas if q.team_id}
    sheet = []
    for team in teams:
        rows = [
            MemberQuota(
                person=person,
                amount=of_person.get(person.pk),
                may_set=policy.can(viewer, "set_quota", person),
                field=quota_field(person=person),
            )
            for person in members[team.pk]
        ]
        sheet.append(
            TeamQuotas(
                team=team,
                leader=leaders.get(team.pk),
                members=rows,
                own=of_team.get(team.pk),
                may_set_own=may_set_team_quota(viewer, team, leaders.get(team.pk)),
                field=quota_field(team=team),
            )
        )
    return sheet


# -- The forecast call ---------------------------------------------------------------------------

ZERO = Decimal(0)
Open = Opportunity.ForecastCategory


@dataclass(frozen=True)
class TeamCall:
    """What a team called for a quarter: commit and best case, and whose call it is."""

    commit: Decimal
    best_case: Decimal
    by_leader: bool  # the leader's own call for the team, else the sum of the sellers' calls
    # Whether the call covers the whole team: the leader's own does; a sum of the sellers'
    # calls does when every seller on the team called.
    complete: bool = True


def team_call(team: Team, period: Period, on: datetime.date) -> TeamCall | None:
    """The team's latest call for the quarter as it stood on `on`: its leader's call when they
    made one (a second opinion on the same deals, so it replaces the sellers' calls, never
    adds to them), else the sum of the latest calls of the sellers on the team that day. None
    when nobody called."""
    leaders = TeamForecast.objects.filter(
        team=team,
        period_kind=period.kind.value,
        period_start=period.start,
        submitted_on__lte=on,
    ).order_by("-submitted_on", "-id")
    if (own := leaders.first()) is not None:
        return TeamCall(own.commit, own.best_case, by_leader=True)
    sellers = list(
        Membership.objects.on(on).members().filter(team=team).values_list("person_id", flat=True)
    )
    latest: dict[int, ForecastSubmission] = {}
    for call in ForecastSubmission.objects.filter(
        person_id__in=sellers,
        period_kind=period.kind.value,
        period_start=period.start,
        submitted_on__lte=on,
        commit__isnull=False,
    ).order_by("submitted_on", "id"):
        latest[call.person_id] = call
    calls = list(latest.values())
    if not calls:
        return None
    commit = sum((c.commit or ZERO for c in calls), ZERO)
    best_case = sum((c.best_case or c.commit or ZERO for c in calls), ZERO)
    return TeamCall(commit, best_case, by_leader=False, complete=set(latest) == set(sellers))


def forecast_periods(today: datetime.date) -> list[Period]:
    """The quarters the forecast call page offers: the one just ended (read only, beside what
    was booked), this one and the next (open for calls)."""
    current = period_of(today, PeriodKind.QUARTER)
    previous = period_of(current.start - datetime.timedelta(days=1), PeriodKind.QUARTER)
    return [previous, current, current.next()]


def forecast_open(period: Period, today: datetime.date) -> bool:
    """Calls are made for this quarter and the next, until the quarter ends."""
    current = period_of(today, PeriodKind.QUARTER)
    return period.kind == PeriodKind.QUARTER and period in (current, current.next())


@dataclass
class DealNumbers:
    """What a seller's deals say of a quarter's bookings: each figure is the whole quarter's,
    so what is already won counts in all three."""

    won: Decimal = ZERO
    commit_open: Decimal = ZERO
    best_case_open: Decimal = ZERO
    other_open: Decimal = ZERO
    open_deals: int = 0

    @property
    def commit(self) -> Decimal:
        return self.won + self.commit_open

    @property
    def best_case(self) -> Decimal:
        return self.commit + self.best_case_open

    @property
    def pipeline(self) -> Decimal:
        return self.best_case + self.other_open

    def __add__(self, other: "DealNumbers") -> "DealNumbers":
        return DealNumbers(
            self.won + other.won,
            self.commit_open + other.commit_open,
            self.best_case_open + other.best_case_open,
            self.other_open + other.other_open,
            self.open_deals + other.open_deals,
        )


def deal_numbers(person_ids: list[int], period: Period) -> dict[int, DealNumbers]:
    """Each person's won and open deals closing in the period, by forecast category, in one
    query. Open deals the CRM omits from the forecast count nowhere; open deals without a
    category are pipeline; deals no rate converts count nowhere (as in every figure)."""
    rows = (
        Opportunity.objects.filter(
            owner_id__in=person_ids,
            close_date__gte=period.start,
            close_date__lt=period.end,
            outcome__in=["won", "open"],
            amount_in_reporting_currency__isnull=False,
        )
        .exclude(outcome="open", forecast_category=Open.OMITTED)
        .values("owner_id", "outcome", "forecast_category")
        .annotate(total=Sum("amount_in_reporting_currency"), deals=Count("pk"))
    )
    found = {pk: DealNumbers() for pk in person_ids}
    for row in rows:
        numbers, total = found[row["owner_id"]], row["total"] or ZERO
        if row["outcome"] == "won":
            numbers.won += total
            continue
        numbers.open_deals += row["deals"]
        if row["forecast_category"] in (Open.COMMIT, Open.CLOSED):
            numbers.commit_open += total
        elif row["forecast_category"] == Open.BEST_CASE:
            numbers.best_case_open += total
        else:
            numbers.other_open += total
    return found


def call_accuracy(commit: Decimal | None, won: Decimal) -> float | None:
    """How close a call's commit came to what was booked, as the metric catalog's forecast
    accuracy reads it (one minus the miss as a share of bookings); None with nothing booked."""
    if commit is None or not won:
        return None
    return float(1 - abs(commit - won) / won)


def latest_calls(person_ids: list[int], period: Period) -> dict[int, ForecastSubmission]:
    """Each person's latest call for the period (imported or made on the page)."""
    calls = ForecastSubmission.objects.filter(
        person_id__in=person_ids, period_kind=period.kind.value, period_start=period.start
    ).order_by("person_id", "submitted_on")
    return {call.person_id: call for call in calls}


@dataclass
class SellerLine:
    person: Person
    numbers: DealNumbers
    call: ForecastSubmission | None


@dataclass
class TeamSheet:
    """One team on the forecast call page: each seller's latest call beside their deals, the
    totals, and the leader's own call for the team."""

    team: Team
    leader: Person | None
    sellers: list[SellerLine]
    call: TeamForecast | None
    may_call: bool

    @property
    def numbers(self) -> DealNumbers:
        return sum((line.numbers for line in self.sellers), DealNumbers())

    @property
    def called(self) -> list[ForecastSubmission]:
        return [line.call for line in self.sellers if line.call is not None]

    def calls_total(self, figure: str) -> Decimal | None:
        values = [getattr(c, figure) for c in self.called if getattr(c, figure) is not None]
        return sum(values, ZERO) if values else None


@dataclass
class ForecastSheet:
    period: Period
    is_open: bool
    person: Person | None
    # The viewer's own call, when they sell (are a member of a team and lead none).
    own: SellerLine | None
    teams: list[TeamSheet]


def sells(person: Person, day: datetime.date) -> bool:
    """Whether the person makes a forecast call of their own that day: on a team, leading none
    (a leader calls for the team they lead)."""
    on_the_day = Membership.objects.on(day).filter(person=person)
    return on_the_day.members().exists() and not on_the_day.leaders().exists()


def forecast_sheet(
    viewer: Any, period: Period, *, team_id: int | None = None, today: datetime.date | None = None
) -> ForecastSheet:
    """The forecast call page of the viewer for a quarter: their own call when they sell, and
    the teams whose calls they may see (Team.view_forecast), each with the sellers on it today
    (the quarter's last day once it is over). `team_id` narrows to one team (404 when not
    visible). 404 when there is nothing to show (an administrator, a person on no team)."""
    today = today or timezone.localdate()
    day = min(today, period.end - datetime.timedelta(days=1))
    me = policy.viewer_for(viewer).person
    teams = policy.visible(viewer, "view_forecast", Team.objects.order_by("name"))
    if team_id is not None:
        teams = teams.filter(pk=team_id)
        if not teams.exists():
            raise Http404("No team whose forecast you may see")
    lines = list(Membership.objects.on(day).filter(team__in=teams).select_related("person", "team"))
    leading = set(
        Membership.objects.on(day).leaders().values_list("person_id", flat=True).distinct()
    )
    # The viewer makes a call of their own when they sell.
    selling = me if team_id is None and me is not None and sells(me, day) else None
    sellers = {
        line.person_id: line.person
        for line in lines
        if line.role == Membership.Role.MEMBER and line.person_id not in leading
    }
    if selling:
        sellers[selling.pk] = selling
    # For a quarter that has ended, the team is as it stood on its last day: a seller who has
    # since left the viewer's line is no longer theirs to read.
    readable = set(
        policy.visible(
            viewer, "view_forecast", Person.objects.filter(pk__in=list(sellers))
        ).values_list("pk", flat=True)
    )
    sellers = {pk: person for pk, person in sellers.items() if pk in readable}
    numbers = deal_numbers(list(sellers), period)
    calls = latest_calls(list(sellers), period)
    leaders = {line.team_id: line.person for line in lines if line.role == "leader"}
    team_calls = {
        call.team_id: call
        for call in TeamForecast.objects.filter(
            team_id__in=list(leaders), period_kind=period.kind.value, period_start=period.start
        ).order_by("team_id", "submitted_on")
    }
    is_open = forecast_open(period, today)
    sheets = []
    for team in {line.team_id: line.team for line in lines}.values():
        members = sorted(
            (p for line in lines if line.team_id == team.pk and (p := sellers.get(line.person_id))),
            key=lambda p: p.name,
        )
        if not members:
            continue  # a team of leaders: its leaders' teams are shown each on their own
        leader = leaders.get(team.pk)
        sheets.append(
            TeamSheet(
                team=team,
                leader=leader,
                sellers=[SellerLine(p, numbers[p.pk], calls.get(p.pk)) for p in members],
                call=team_calls.get(team.pk),
                may_call=is_open and me is not None and leader is not None and leader.pk == me.pk,
            )
        )
    sheets.sort(key=lambda sheet: sheet.team.name)
    own = None
    if selling:
        own = SellerLine(selling, numbers[selling.pk], calls.get(selling.pk))
    if own is None and not sheets:
        raise Http404("No forecast call to show")
    return ForecastSheet(period=period, is_open=is_open, person=me, own=own, teams=sheets)


def lost_deals(owner_ids: list[int], period: Period) -> dict[int, tuple[int, Decimal]]:
    """{seller id: (deals lost, their amount in the reporting currency)} for deals closed lost
    in the period; a seller who lost none is left out. Amounts no rate converts count as 0."""
    rows = (
        Opportunity.objects.filter(
            owner_id__in=owner_ids,
            outcome="lost",
            close_date__gte=period.start,
            close_date__lt=period.end,
        )
        .values("owner_id")
        .annotate(count=Count("pk"), amount=Sum("amount_in_reporting_currency"))
    )
    return {row["owner_id"]: (row["count"], row["amount"] or Decimal(0)) for row in rows}


def deals_of_accounts(account_ids: list[int] | None = None):
    """The deals made with customers (every account, or those named), for a caller to narrow
    through the policy: who may read what about a customer follows from whose deals they are."""
    deals = Opportunity.objects.filter(account__isnull=False)
    return deals if account_ids is None else deals.filter(account_id__in=account_ids)


def won_deals_with_history(
    account_ids: list[int] | None,
    start: datetime.date,
    end: datetime.date,
    *,
    owner_ids: list[int] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The customers' deals (or the owners' deals, with or without a customer) won with a
    close date from `start` to the day before `end`, and the close-date and amount changes in
    their history, in the order they happened: two queries whatever the number of them."""
    won = Opportunity.objects.filter(outcome="won", close_date__gte=start, close_date__lt=end)
    if account_ids is not None:
        won = won.filter(account_id__in=account_ids)
    if owner_ids is not None:
        won = won.filter(owner_id__in=owner_ids)
    columns = ["pk", "account_id", "owner_id", "name", "close_date", "amount"]
    deals = [dict(row) for row in won.values(*columns, "amount_in_reporting_currency")]
    history = OpportunityChange.objects.filter(
        opportunity__in=won.values("pk"),
        field__in=[OpportunityChange.Field.CLOSE_DATE, OpportunityChange.Field.AMOUNT],
    ).order_by("changed_on", "pk")
    changes = [
        dict(row)
        for row in history.values("opportunity_id", "field", "old_value", "new_value", "changed_on")
    ]
    return deals, changes


def customers_won_by(owner_ids: list[int], start: datetime.date, end: datetime.date) -> list[int]:
    """The customers the owners won deals with, closed from `start` to the day before `end`."""
    won = Opportunity.objects.filter(
        owner_id__in=owner_ids,
        outcome="won",
        account__isnull=False,
        close_date__gte=start,
        close_date__lt=end,
    )
    return list(won.values_list("account_id", flat=True).distinct().order_by("account_id"))


def _date_or_none(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def open_pipeline_on(owner_ids: list[int], period: Period, day: datetime.date) -> Decimal:
    """The open pipeline `period` held on `day`: the owners' deals created by then and not yet
    decided, whose close date as it stood that day fell in the period. The close date is
    rebuilt from the deal's history (the first change after `day` holds the date before it);
    the amount is today's, as the history of amounts is kept in the deal's own currency.
    A deal decided is taken as decided on its close date."""
    deals = (
        Opportunity.objects.filter(
            owner_id__in=owner_ids, amount_in_reporting_currency__isnull=False
        )
        .filter(Q(created_date__isnull=True) | Q(created_date__lte=day))
        .filter(Q(outcome="open") | Q(close_date__gt=day))
    )
    moved_later = OpportunityChange.objects.filter(
        opportunity__in=deals.values("pk"),
        field=OpportunityChange.Field.CLOSE_DATE,
        changed_on__gt=day,
    ).order_by("opportunity_id", "changed_on", "pk")
    close_date_then: dict[int, datetime.date | None] = {}
    for deal_id, old in moved_later.values_list("opportunity_id", "old_value"):
        close_date_then.setdefault(deal_id, _date_or_none(old))
    total = Decimal(0)
    for pk, close, amount in deals.values_list("pk", "close_date", "amount_in_reporting_currency"):
        then = close_date_then.get(pk, close)
        if then is not None and amount is not None and period.contains(then):
            total += amount
    return total


def open_deals_of(owner_ids: list[int]) -> list[Opportunity]:
    """The sellers' open deals with their accounts, largest first (to pick the deals a
    challenge affects)."""
    return list(
        Opportunity.objects.filter(owner_id__in=owner_ids, outcome="open")
        .select_related("account", "owner")
        .order_by(F("amount_in_reporting_currency").desc(nulls_last=True), "id")
    )


def open_deals_closing_after(
    owner_ids: list[int], day: datetime.date, *, limit: int
) -> list[Opportunity]:
    """The owners' open deals expected to close on `day` or later, the furthest along first
    (by stage, then probability): the deals a quarter could pull forward. Deals no rate
    converts are left out, as in every figure. No access check: the caller shows them only
    to whoever reads the team's deals."""
    return list(
        Opportunity.objects.filter(
            owner_id__in=owner_ids,
            outcome="open",
            close_date__gte=day,
            amount_in_reporting_currency__isnull=False,
        )
        .select_related("owner", "account")
        .order_by(
            "-stage_order",
            F("probability").desc(nulls_last=True),
            "-amount_in_reporting_currency",
            "close_date",
            "id",
        )[:limit]
    )


def deals_by_id(ids: list[int]) -> dict[int, Opportunity]:
    """The deals with these ids as the CRM holds them today (no access check)."""
    found = Opportunity.objects.filter(pk__in=ids).select_related("owner", "account")
    return {deal.pk: deal for deal in found}
