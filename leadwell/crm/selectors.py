"""Reading CRM plans: quotas for people and teams."""

from decimal import Decimal

from django.db.models import Count, Sum

from leadwell.crm.models import ExchangeRate, Opportunity, Quota
from leadwell.lib.currency import reporting_currency
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
