"""Reading extra asks: the candidate deals a quarter could pull forward, what the next quarter
would lose, the assessment's summary, and the outcome once the CRM knows it.

Pages and the API fetch an ask through `ask_for`, which takes the viewer and fetches-and-checks
through the policy in one call (404 for anyone the rules leave out). A seller reaches no ask:
only the deals asked of them (`asked_of`).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from leadwell import policy
from leadwell.asks.models import Ask, AskedDeal, AssessedDeal, Assessment
from leadwell.conditioning.measure import Band, Conditioning
from leadwell.conditioning.selectors import conditioning_of
from leadwell.crm import selectors as crm
from leadwell.crm.models import Opportunity
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Membership, Person, Team

ZERO = Decimal(0)
# How many candidate deals the assessment offers: the furthest along are the ones that could
# really close sooner; a longer list is noise to tick through.
CANDIDATES_SHOWN = 25
Category = Opportunity.ForecastCategory
COMMIT_CATEGORIES = (Category.COMMIT, Category.CLOSED)


def ask_for(viewer: policy.Asker, ask_id: int, action: str = "view") -> Ask:
    asks = Ask.objects.select_related("director", "leader", "team", "recorded_by")
    return policy.get_or_404(viewer, action, asks, pk=ask_id)


def visible_asks(viewer: policy.Asker) -> QuerySet[Ask]:
    return (
        policy.visible(viewer, "view", Ask.objects.all())
        .select_related("director", "leader", "team")
        .order_by("-asked_on", "-id")
    )


def waiting_for_assessment(leader: Person) -> QuerySet[Ask]:
    """The asks made of the leader that are neither assessed nor decided yet."""
    return Ask.objects.filter(leader=leader, decision="", assessment__isnull=True).order_by(
        "asked_on", "id"
    )


def asked_of(viewer: policy.Asker) -> QuerySet[AskedDeal]:
    """The deals asked of the viewer as a seller (their line reads them on the ask's page)."""
    person = policy.viewer_for(viewer).person
    if person is None:
        return AskedDeal.objects.none()
    return (
        policy.visible(viewer, "view", AskedDeal.objects.filter(seller=person))
        .select_related("ask", "opportunity", "opportunity__account")
        .order_by("-ask__period_start", "close_date", "id")
    )


@dataclass(frozen=True)
class AskedOfMe:
    """The deals asked of a seller in one quarter: how many, and their amount when asked."""

    period: Period
    count: int
    amount: Decimal
    # Whether the quarter is the one running today (else one to come).
    is_current: bool


def asked_of_me_running(viewer: policy.Asker, today: datetime.date) -> list[AskedOfMe]:
    """The deals asked of the viewer for this quarter or one to come, by quarter, the soonest
    first: what their home page points them to. A finished quarter's asks are history (the
    leader reads how they went on the ask's page), not something to act on."""
    this = period_of(today, PeriodKind.QUARTER)
    rows = (
        asked_of(viewer)
        .filter(ask__period_start__gte=this.start)
        .order_by()
        .values("ask__period_start")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("ask__period_start")
    )
    found = []
    for row in rows:
        period = period_of(row["ask__period_start"], PeriodKind.QUARTER)
        found.append(AskedOfMe(period, row["count"], row["amount"], period == this))
    return found


def team_member_ids(team: Team, on: datetime.date) -> list[int]:
    return list(org.members_of([team], on).values_list("pk", flat=True))


def candidates(ask: Ask, today: datetime.date) -> list[Opportunity]:
    """The team's open deals expected to close after the asked quarter, the furthest along
    first: those it could pull in."""
    owners = team_member_ids(ask.team, today)
    return crm.open_deals_closing_after(owners, ask.period.end, limit=CANDIDATES_SHOWN)


@dataclass(frozen=True)
class NextQuarter:
    """The quarter after the asked one, as it stands: its open pipeline, quota and forecast
    (the team's call when there is one, else what the sellers' deals commit)."""

    period: Period
    pipeline: Decimal
    quota: Decimal | None
    forecast: Decimal
    forecast_is_call: bool

    @property
    def coverage(self) -> float | None:
        return coverage(self.pipeline, self.quota)


def coverage(pipeline: Decimal, quota: Decimal | None) -> float | None:
    return float(pipeline / quota) if quota else None


def next_quarter(ask: Ask, today: datetime.date) -> NextQuarter:
    period = ask.next_period
    owners = team_member_ids(ask.team, today)
    numbers = sum(crm.deal_numbers(owners, period).values(), crm.DealNumbers())
    call = crm.team_call(ask.team, period, today)
    return NextQuarter(
        period=period,
        pipeline=numbers.pipeline - numbers.won,
        quota=crm.team_quota(ask.team, period),
        forecast=call.commit if call is not None else numbers.commit,
        forecast_is_call=call is not None,
    )


def counts_in_next(deal: Opportunity, period: Period) -> tuple[bool, bool]:
    """Whether a deal counts, today, in the quarter's open pipeline and in its commit."""
    if deal.close_date is None or not period.contains(deal.close_date):
        return False, False
    in_pipeline = deal.forecast_category != Category.OMITTED
    return in_pipeline, in_pipeline and deal.forecast_category in COMMIT_CATEGORIES


@dataclass
class Summary:
    """What pulling the ticked deals would do: the asked quarter's gain and its cost in
    discounts, and the next quarter before and after."""

    assessment: Assessment
    deals: list[AssessedDeal]
    asked: Decimal
    gross: Decimal = ZERO
    gain: Decimal = ZERO
    discounts: Decimal = ZERO
    pipeline_after: Decimal = ZERO
    forecast_after: Decimal = ZERO

    @property
    def short_of_ask(self) -> Decimal:
        return max(self.asked - self.gain, ZERO)

    @property
    def coverage_before(self) -> float | None:
        return coverage(self.assessment.next_pipeline, self.assessment.next_quota)

    @property
    def coverage_after(self) -> float | None:
        return coverage(self.pipeline_after, self.assessment.next_quota)


def summary(ask: Ask) -> Summary | None:
    """The assessment's summary, from the figures it was made on (None: not assessed)."""
    assessment = assessment_of(ask)
    if assessment is None:
        return None
    deals = list(
        assessment.deals.select_related("opportunity", "opportunity__owner", "opportunity__account")
    )
    found = Summary(assessment, deals, ask.amount)
    found.gross = sum((d.amount for d in deals), ZERO)
    found.discounts = sum((d.discount for d in deals), ZERO)
    found.gain = found.gross - found.discounts
    found.pipeline_after = assessment.next_pipeline - sum(
        (d.amount for d in deals if d.in_next_pipeline), ZERO
    )
    found.forecast_after = assessment.next_forecast - sum(
        (d.amount for d in deals if d.in_next_commit), ZERO
    )
    return found


def assessment_of(ask: Ask) -> Assessment | None:
    try:
        return ask.assessment
    except Assessment.DoesNotExist:
        return None


def asked_deals(ask: Ask) -> list[AskedDeal]:
    """The deals asked of the sellers (read through an ask the viewer may see)."""
    return list(
        ask.asked_deals.select_related("seller", "opportunity", "opportunity__account").order_by(
            "seller__name", "close_date", "id"
        )
    )


# -- The outcome ----------------------------------------------------------------------------------


@dataclass
class DealOutcome:
    asked: AskedDeal
    deal: Opportunity | None
    closed_in_period: bool
    amount_now: Decimal | None

    @property
    def status(self) -> str:
        deal = self.deal
        if deal is None:
            return "no longer in the CRM"
        if self.closed_in_period:
            return "won in the quarter"
        if deal.outcome == "lost":
            return "lost"
        if deal.outcome == "won":
            return "won after the quarter"
        return "still open"


@dataclass
class Outcome:
    """How the ask went, read from the CRM once its quarter has ended."""

    period: Period
    ended: bool
    deals: list[DealOutcome] = field(default_factory=list)
    next_period: Period | None = None
    next_ended: bool = False
    next_bookings: Decimal | None = None
    next_quota: Decimal | None = None

    @property
    def asked_amount(self) -> Decimal:
        return sum((d.asked.amount for d in self.deals), ZERO)

    @property
    def closed_amount(self) -> Decimal:
        return sum((d.amount_now or ZERO for d in self.deals if d.closed_in_period), ZERO)

    @property
    def closed_count(self) -> int:
        return sum(1 for d in self.deals if d.closed_in_period)

    @property
    def next_attainment(self) -> float | None:
        if self.next_bookings is None or not self.next_quota:
            return None
        return float(self.next_bookings / self.next_quota)


def outcome(ask: Ask, today: datetime.date) -> Outcome:
    """Did the deals asked close in the quarter, at what amount against their amount when
    asked; and the next quarter's bookings against its quota once it has ended too."""
    period, after = ask.period, ask.next_period
    found = Outcome(period=period, ended=today >= period.end, next_period=after)
    if not found.ended:
        return found
    asked = asked_deals(ask)
    now = crm.deals_by_id([a.opportunity_id for a in asked])
    for one in asked:
        deal = now.get(one.opportunity_id)
        won_in = (
            deal is not None
            and deal.outcome == "won"
            and deal.close_date is not None
            and period.contains(deal.close_date)
        )
        amount = deal.amount_in_reporting_currency if deal is not None else None
        found.deals.append(DealOutcome(one, deal, won_in, amount))
    found.next_ended = today >= after.end
    if found.next_ended:
        owners = team_member_ids(ask.team, after.start)
        numbers = crm.deal_numbers(owners, after).values()
        found.next_bookings = sum((n.won for n in numbers), ZERO)
        found.next_quota = crm.team_quota(ask.team, after)
    return found


def leaders_to_ask(director: Person, today: datetime.date) -> list[Person]:
    """Whom a director records an ask of: the people in their line who lead a team today."""
    below = org.ids_below(director.pk, today)
    leading = Membership.objects.on(today).leaders().values("person_id")
    return list(Person.objects.filter(pk__in=below).filter(pk__in=leading).order_by("name"))


def teams_to_choose(leaders: list[Person], today: datetime.date) -> dict[int, list[Team]]:
    """{leader id: the teams they lead today, by name} for those of `leaders` who lead more than
    one team: only of them is the team asked a choice (anyone else's ask is of their team)."""
    led: dict[int, list[Team]] = {}
    memberships = (
        Membership.objects.on(today)
        .leaders()
        .filter(person__in=leaders)
        .select_related("team")
        .order_by("team__name", "team_id")
    )
    for membership in memberships:
        led.setdefault(membership.person_id, []).append(membership.team)
    return {leader: teams for leader, teams in led.items() if len(teams) > 1}


def customers_of(deals: list[Opportunity], today: datetime.date) -> dict[int, Conditioning]:
    """{account id: its conditioning} for the customers of the deals an assessment weighs:
    how used each is to the quarter-end ask, and the concession its pulled-in deals needed."""
    accounts = sorted({deal.account_id for deal in deals if deal.account_id})
    return conditioning_of(accounts, today=today) if accounts else {}


def conditioned_touched(deals: list[Opportunity], customers: dict[int, Conditioning]) -> int:
    """How many conditioned customers the deals would ask again."""
    return len(
        {
            deal.account_id
            for deal in deals
            if deal.account_id in customers and customers[deal.account_id].band == Band.CONDITIONED
        }
    )
