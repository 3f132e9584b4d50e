"""The leadership hub (/leadership/): the three areas of leadership itself on one page, each
with where the viewer stands in it, so the menu needs one item for all three."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from leadwell import policy
from leadwell.leadership.pivot import selectors as pivot
from leadwell.leadership.vision import selectors as vision
from leadwell.leadership.yourself import selectors as yourself
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.org import selectors as org


def leadership_home(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    quarter = period_of(today, PeriodKind.QUARTER)
    leads = org.teams_led_by(me).exists()
    own_vision = vision.own_vision(me) if leads else None
    context = {
        "me": me,
        "leads": leads,
        "quarter": quarter,
        "vision": own_vision,
        "goal_count": own_vision.goals.count() if own_vision is not None else 0,
        "leads_leaders": vision.has_leaders_below(me),
        "own_page": yourself.page_of(request.user, me, today),
        "assessment": pivot.my_assessment(me, quarter),
        "challenge": pivot.my_challenge(me, quarter, today),
        # Only someone with people reporting to them issues the challenge (a leader of a team
        # with no sellers yet has nobody to ask).
        "issues_challenge": pivot.leads_anyone(me, today),
        "team_challenge": pivot.challenge_of(me, quarter),
    }
    return render(request, "leadership/home.html", context)
