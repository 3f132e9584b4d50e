"""The link from a team's page to its trust pulse, for those who read the team's results (its
members, its leader and the leader's line: leadwell/pulse/rules.py). The org app sits below the
pulse and cannot name it; the web layer, above both, can."""

from django import template
from django.urls import reverse

from leadwell import policy
from leadwell.org.models import Team
from leadwell.pulse.models import Pulse

register = template.Library()


@register.simple_tag(takes_context=True)
def team_pulse_url(context, team: Team) -> str:
    """The team's pulse page, or "" for a viewer who reads none of its results: its members
    (who answer it) and whoever opens it (its leader and their line)."""
    request = context.get("request")
    if request is None:
        return ""
    user = request.user
    if not (policy.can(user, "open", team) or policy.can(user, "answer", Pulse(team_id=team.pk))):
        return ""
    return reverse("pulse:team", args=[team.pk])
