"""The administration home: where an administrator who leads no team and sells nothing lands.

It links to what an administrator looks after (imports, people and the org chart, settings,
the audit trail, the Django admin), each with one figure of where it stands. The page reads
these figures from `administration_figures`, a fixed handful of queries whatever the size of
the organisation.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from leadwell import policy
from leadwell.audit.models import Change
from leadwell.cadences.delivery import undelivered
from leadwell.crm.models import ImportRun
from leadwell.identity.models import User
from leadwell.lib.currency import name_of as currency_name
from leadwell.lib.currency import reporting_currency
from leadwell.org import selectors
from leadwell.org.models import Office, Person, Team

# The audit trail's figure counts the changes of this many days.
RECENT_DAYS = 30


@dataclass(frozen=True)
class Figures:
    latest_import: ImportRun | None
    people: int
    people_without_team: int
    teams: int
    offices: int
    currency: str
    currency_name: str
    fiscal_start: datetime.date
    accounts: int
    admins: int
    recent_changes: int
    flagged_changes: int
    undelivered_mail: int = 0
    recent_days: int = RECENT_DAYS


def lands_on_administration(asker: policy.Asker) -> bool:
    """Whether the home page of this viewer is the administration home: an administrator who
    leads no team and is on none (a leader or seller who also administers keeps their home)."""
    viewer = policy.viewer_for(asker)
    if not policy.may(asker, "org.administer", quiet=True):
        return False
    return viewer.role in (None, selectors.Role.OUTSIDE)


def administration_figures(asker: policy.Asker) -> Figures:
    """Where each part of the administration stands, for an administrator (404 for others)."""
    policy.require_may(asker, "org.administer")
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    changes = policy.visible(asker, "view", Change.objects.all()).aggregate(
        recent=Count("pk", filter=Q(at__gte=since)),
        flagged=Count("pk", filter=Q(flagged=True)),
    )
    accounts = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        admins=Count("pk", filter=Q(is_active=True, is_staff=True)),
    )
    people = Person.objects.active()
    code = reporting_currency()
    return Figures(
        latest_import=policy.visible(asker, "view", ImportRun.objects.all())
        .select_related("started_by")
        .order_by("-created_at", "-id")
        .first(),
        people=people.count(),
        people_without_team=selectors.people_on_no_team(people).count(),
        teams=Team.objects.count(),
        offices=Office.objects.count(),
        currency=code,
        currency_name=currency_name(code) or code,
        fiscal_start=datetime.date(2000, settings.FISCAL_YEAR_START_MONTH, 1),
        accounts=accounts["active"],
        admins=accounts["admins"],
        recent_changes=changes["recent"],
        flagged_changes=changes["flagged"],
        undelivered_mail=(
            undelivered().count()
            if policy.may(asker, "cadences.view_undelivered", quiet=True)
            else 0
        ),
    )
