"""Reading CRM plans: quotas for people and teams."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.crm.models import ExchangeRate, Opportunity, Quota
from leadwell.lib.currency import reporting_currency
from leadwell.lib.periods import Period
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
