"""The team pages of metrics, answered with the team's vision and goals: the scorecard asks
leadwell.lib.page_sections, the standards page sends leadwell.metrics.signals.standards_shown;
metrics knows nothing of leadership."""

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from leadwell import policy
from leadwell.leadership.vision import selectors
from leadwell.lib.page_sections import section_wanted
from leadwell.metrics.signals import standards_shown


@receiver(section_wanted, dispatch_uid="leadership.vision.team_page")
def vision_on_team_page(sender, *, place: str, viewer, team=None, **kwargs) -> SafeString | str:
    """The visions the team reads, the business unit's first, as a section of the team
    scorecard ("" for another page, a viewer the rules leave out, or nothing published)."""
    if place != "team-scorecard" or team is None:
        return ""
    reads = selectors.team_visions(viewer, team)
    if not reads:
        return ""
    return render_to_string("leadership/vision/_team_section.html", {"reads": reads, "team": team})


@receiver(standards_shown, dispatch_uid="leadership.vision.standards")
def goals_beside_standards(sender, *, team, viewer, **kwargs) -> dict[str, list[str]]:
    """Which goal each standard serves, for a viewer who reads the team's vision."""
    if not policy.can(viewer, "view_vision", team):
        return {}
    return selectors.goals_served(team)
