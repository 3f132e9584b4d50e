import datetime
from collections import defaultdict

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from leadwell import policy
from leadwell.audit.models import Change, Kind
from leadwell.org import selectors
from leadwell.org.models import Membership, Person, Team

PEOPLE_PER_PAGE = 50
# The person page lists this many of the latest changes to their reporting line (all of them:
# the audit trail, filtered by the person).
LINE_CHANGES_SHOWN = 10


def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    people = policy.visible(request.user, "view", selectors.people_with_team().active())
    people = people.search(query).order_by("name", "pk")  # type: ignore[attr-defined]
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    on_page = [p.pk for p in page.object_list]
    openable = set(
        policy.visible(
            request.user, "view_page", Person.objects.filter(pk__in=on_page)
        ).values_list("pk", flat=True)
    )
    context = {"page": page, "query": query, "openable": openable}
    template = "org/_directory_rows.html" if request.htmx else "org/directory.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def person_context(request: HttpRequest, person: Person) -> dict:
    """What the person page shows of the org chart (the web layer adds the links to the
    person's pages in the other apps: leadwell.web.views.person_page)."""
    memberships = (
        Membership.objects.filter(person=person).select_related("team").order_by("-valid_from")
    )
    reports = selectors.direct_reports(person).order_by("name")
    line_changes = policy.visible(
        request.user, "view", Change.objects.about(person.pk).filter(kind=Kind.REPORTING_LINE)
    )
    return {
        "person": person,
        "role": selectors.role_of(person),
        "team": selectors.team_of(person),
        "line": selectors.management_line(person),
        "reports": reports,
        "led_teams": selectors.teams_led_by(person),
        "memberships": memberships,
        "line_changes": list(line_changes[:LINE_CHANGES_SHOWN]),
        # An administrator may erase the confidential content of someone who has left.
        "may_erase": not person.is_active
        and policy.can(request.user, "erase_confidential", person),
        # An administrator reorganises from here (org/reorganise.py).
        "may_move": person.is_active and policy.can(request.user, "change", person),
    }


def team_page(request: HttpRequest, team_id: int) -> HttpResponse:
    team = policy.get_or_404(request.user, "view", selectors.teams_with_people(), pk=team_id)
    leader, members = selectors.split_team(team)
    openable = set(
        policy.visible(
            request.user, "view_page", Person.objects.filter(pk__in=[p.pk for p in members])
        ).values_list("pk", flat=True)
    )
    return render(
        request,
        "org/team.html",
        {
            "team": team,
            "leader": leader,
            "members": members,
            "openable": openable,
            "may_change": policy.can(request.user, "change", team),
        },
    )


def org_chart(request: HttpRequest) -> HttpResponse:
    """The management tree on a day (`?on=YYYY-MM-DD`, today by default; a later day shows
    administrators the moves already planned): each leader with the teams they lead and those
    teams' members."""
    today = timezone.localdate()
    typed = request.GET.get("on", "").strip()
    on, on_error = today, ""
    if typed:
        try:
            on = datetime.date.fromisoformat(typed)
        except ValueError:
            on_error = "Enter a date like 2026-10-01. The chart shows today instead."
    may_administer = policy.may(request.user, "org.administer", quiet=True)
    if on > today and not may_administer:
        # Planned moves are told to the people they concern first, not to every colleague.
        on, on_error = today, "Days to come are shown to administrators only: this is today."
    teams = list(policy.visible(request.user, "view", selectors.teams_with_people(on)))
    if on < today:
        # A team with nobody on it on a past day had most likely not been set up yet (teams
        # are not dated); today and later an empty team is shown, to be filled.
        teams = [team for team in teams if team.current]  # type: ignore[attr-defined]
    teams_by_leader: dict[int | None, list[Team]] = defaultdict(list)
    member_ids: set[int] = set()
    in_chart: set[int] = set()
    for team in teams:
        leader, members = selectors.split_team(team)
        member_ids.update(p.pk for p in members)
        in_chart.update(p.pk for p in [leader, *members] if p is not None)
        teams_by_leader[leader.pk if leader else None].append(team)

    def node(team: Team, depth: int) -> dict:
        leader, members = selectors.split_team(team)
        return {
            "team": team,
            "leader": leader,
            "members": [
                {
                    "person": member,
                    "teams": [node(t, depth + 1) for t in teams_by_leader.get(member.pk, [])]
                    if depth < selectors.MAX_DEPTH
                    else [],
                }
                for member in sorted(members, key=lambda p: p.name)
            ],
        }

    # The top of the chart: teams whose leader is nobody's team member, and leaderless teams.
    roots = [
        node(team, 0)
        for leader_id, led in teams_by_leader.items()
        if leader_id is None or leader_id not in member_ids
        for team in led
    ]
    openable = set(
        policy.visible(
            request.user, "view_page", Person.objects.filter(pk__in=in_chart)
        ).values_list("pk", flat=True)
    )
    context = {
        "roots": sorted(roots, key=lambda n: n["team"].name),
        "on": on,
        "today": today,
        "typed": typed if on_error else on.isoformat(),
        "on_error": [on_error] if on_error else [],
        "openable": openable,
        "may_administer": may_administer,
    }
    return render(request, "org/chart.html", context)
