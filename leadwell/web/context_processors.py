from django.http import HttpRequest

from leadwell import policy
from leadwell.cadences.models import Notification
from leadwell.web import administration

# The menu's items, each with the label the collapsed menu shows beside "Menu" on a phone.
NAV_LABELS = {
    "home": "Home",
    "my-page": "My page",
    "leadership": "Leadership",
    "scorecards": "Scorecards",
    "coaching": "Coaching",
    "one-on-ones": "1:1s",
    "people": "People",
    "org-chart": "Org chart",
    "quotas": "Quotas",
    "forecast-call": "Forecast call",
    "plans": "Plan",
    "lead-up": "Lead up",
    "imports": "Imports",
    "administration": "Administration",
    "notifications": "Notifications",
}

# Whole apps and single pages, by URL name, and the menu item they belong to.
_BY_APP = {
    "metrics": "scorecards",
    "coaching": "coaching",
    "one_on_ones": "one-on-ones",
    "leadership": "leadership",
}
# The apps of leading up: one "Lead up" item for leaders and directors; a seller's menu keeps
# "Plan" (their team's committed plan and their own quota) and has no reports or debriefs.
_LEAD_UP_APPS = (
    "plans",
    "reports",
    "debriefs",
    "asks",
    "agreements",
    "challenges",
    "signals",
    "conditioning",
    "balance",
)
_BY_NAME = {
    "directory": "people",
    "team": "people",
    "org-chart": "org-chart",
    "quotas": "quotas",
    "forecast-call": "forecast-call",
    "lead-up": "lead-up",
    "administration": "administration",
    "person-erase": "administration",
    "person-move": "people",
    "team-leader": "people",
    "team-office": "people",
    "team-new": "org-chart",
    "office-new": "org-chart",
}


def nav_current(request: HttpRequest, viewer) -> str | None:
    """The one menu item the page belongs to, or None for a page outside the menu (profile,
    settings, notices, error pages). The metric catalog belongs with the scorecards; an
    administrator's home is the administration home; a person's own page is "My page", anyone
    else's is under "People"; a leader's own goals and plan are part of "Leadership"."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    name = match.url_name or ""
    me = viewer.person
    if name in ("goals", "plan") and me is not None and match.kwargs.get("person_id") == me.pk:
        # A leader's own goals and plan are reached from the leadership hub (leading
        # yourself); a seller's are part of their coaching.
        return "leadership" if viewer.role in ("leader", "director") else "coaching"
    if match.app_name in _LEAD_UP_APPS:
        if viewer.role in ("leader", "director"):
            return "lead-up"
        return "plans" if match.app_name == "plans" and viewer.role == "seller" else None
    if match.app_name == "pulse":
        # Reached from the home page (a leader's "Leading down", a seller's notice) and a
        # team's page: the menu has no room for an item of its own on a laptop's width. An
        # administrator's participation page is part of the administration.
        return "administration" if name == "participation" else "home"
    if match.app_name == "cadences" and name in ("list", "preferences"):
        # Beside the person's name, with the unread count, rather than in the main menu.
        return "notifications"
    if match.app_name in _BY_APP:
        return _BY_APP[match.app_name]
    if name == "home":
        user = getattr(request, "user", None)
        return "administration" if administration.lands_on_administration(user) else "home"
    if name == "person":
        return "my-page" if me is not None and match.kwargs.get("person_id") == me.pk else "people"
    if name.startswith("import"):
        return "imports"
    return _BY_NAME.get(name)


def viewer(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    who = policy.viewer_for(user)
    signed_in = getattr(user, "is_authenticated", False)
    current = nav_current(request, who) if signed_in else None
    return {
        "viewer": who,
        # The menu links to imports for those the policy lets start one (asked quietly: a
        # link not shown refuses nothing).
        "may_start_import": policy.may(user, "crm.start_import", quiet=True),
        # ... and to the administration home for administrators.
        "may_administer": policy.may(user, "org.administer", quiet=True),
        # Exactly one menu item is marked as the current page (none outside the menu).
        "nav_current": current,
        "nav_current_label": NAV_LABELS.get(current or ""),
        # The person's unread digests and reminders, counted in one query beside their name.
        "notifications_unread": _unread(user) if signed_in and who.person is not None else None,
    }


def _unread(user) -> int:
    unread = Notification.objects.filter(read_at__isnull=True)
    return policy.visible(user, "view", unread).count()
