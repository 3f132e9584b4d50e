"""Reading CRM plans: quotas for people and teams."""

from decimal import Decimal

from django.db.models import Sum

from leadwell.crm.models import Quota
from leadwell.lib.periods import Period
from leadwell.org.models import Membership, Team


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
