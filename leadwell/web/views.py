import datetime
from collections import defaultdict
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from leadwell import policy
from leadwell.agreements import selectors as agreements
from leadwell.asks import selectors as asks
from leadwell.coaching import selectors as coaching
from leadwell.coaching.models import Assignment, CoachingItem, OneOnOneSeries
from leadwell.crm import selectors as crm_selectors
from leadwell.debriefs import selectors as debriefs
from leadwell.identity.models import User
from leadwell.lib.currency import name_of as currency_name
from leadwell.lib.currency import reporting_currency
from leadwell.org import selectors
from leadwell.org import views as org_views
from leadwell.org.models import Office, Person, Team
from leadwell.org.selectors import Role
from leadwell.pulse import selectors as pulse
from leadwell.reports import selectors as upward_reports
from leadwell.web import administration, audit_trail, data_export, erasure, leader_home

# The home page shows this many unread notices, newest first; the rest are on the notices page.
NOTICES_SHOWN = 5


def home(request: HttpRequest) -> HttpResponse:
    if administration.lands_on_administration(request.user):
        return administration_home(request)
    viewer = policy.viewer_for(request.user)
    me = viewer.person
    role = viewer.role
    context: dict = {"me": me, "role": role}
    if me is not None and role == Role.DIRECTOR:
        reports = list(selectors.direct_reports(me).order_by("name"))
        cards_by_leader: dict[int, list[dict]] = defaultdict(list)
        for team in selectors.teams_with_people().filter(
            pk__in=selectors.teams_led_by_any(reports)
        ):
            card = _team_card(team)
            if card["leader"] is not None:
                cards_by_leader[card["leader"].pk].append(card)
        context["leaders"] = [{"person": p, "teams": cards_by_leader[p.pk]} for p in reports]
        context.update(_team_figures([c for cards in cards_by_leader.values() for c in cards]))
    elif me is not None and role == Role.LEADER:
        teams = selectors.teams_with_people().filter(pk__in=selectors.teams_led_by(me))
        context["teams"] = [_team_card(t) for t in teams]
        context["manager"] = selectors.manager_of(me)
        context["reports"] = leader_home.leader_home(request.user, me, timezone.localdate())
    elif me is not None and role == Role.SELLER:
        my_team = selectors.team_of(me)
        context["team"] = my_team
        context["manager"] = selectors.manager_of(me)
        context["teammates"] = (
            selectors.members_of([my_team]).exclude(pk=me.pk).order_by("name") if my_team else []
        )
        context["my_results"] = _my_results(me, timezone.localdate())
        context["agreements_waiting"] = agreements.waiting_for(me)
        # The menu has no extra asks for a seller: their home is where they learn of the deals
        # their leader asked them to close sooner.
        context["asked_of_me"] = asks.asked_of_me_running(request.user, timezone.localdate())
        context["currency"] = reporting_currency()
    if me is not None and role in (Role.DIRECTOR, Role.LEADER):
        context["upward"] = {
            "unread": upward_reports.unread_reports(request.user),
            "overdue": upward_reports.overdue_reports(request.user),
        }
    if me is not None:
        # A pulse of one's own team to answer: a seller's, or a leader's about the line above.
        context["pulses_to_answer"] = pulse.open_pulses_to_answer(me, timezone.localdate())
        context.update(_coaching_flags(me, role))
        if role in (Role.LEADER, Role.DIRECTOR):
            context["lead_up"] = debriefs.home_flags(me, timezone.localdate())
        context["notices"] = list(audit_trail.unread_notices(request.user)[:NOTICES_SHOWN])
    if viewer.is_admin:
        context["counts"] = {
            "people": Person.objects.active().count(),
            "teams": Team.objects.count(),
            "offices": Office.objects.count(),
        }
    return render(request, "web/home.html", context)


@require_GET
def administration_home(request: HttpRequest) -> HttpResponse:
    """What an administrator looks after, with where each part stands: the home page of an
    administrator on no team, and a page of its own for one who also leads or sells."""
    figures = administration.administration_figures(request.user)
    context: dict = {"figures": figures, "me": policy.viewer_for(request.user).person}
    if context["me"] is not None:
        context["notices"] = list(audit_trail.unread_notices(request.user)[:NOTICES_SHOWN])
    return render(request, "web/administration.html", context)


def _my_results(me: Person, today: datetime.date) -> dict:
    """A seller's own results on their home: attainment against pace, bookings, wins and open
    gaps, for the period their scorecard opens on."""
    from leadwell.metrics import selectors as metrics
    from leadwell.metrics.models import Scope

    period, note = metrics.default_period(Scope.PERSON, [me.pk], today=today)
    card = metrics.person_cards([me], period, today=today)[0]
    return {
        "period": period,
        "in_progress": period.contains(today),
        "note": note,
        "attainment": card.line("quota_attainment"),
        "bookings": card.line("bookings"),
        "deals_won": int(card.value("deals_won") or 0),
        "gaps": card.gaps,
    }


# A seller's home page lists this many of their open assignments, soonest due first.
ASSIGNMENTS_SHOWN = 5


def _coaching_flags(me: Person, role: Role | None) -> dict:
    """What is behind in leading down: a leader's late 1:1s, overdue plan reviews and direct
    reports without a plan; a seller's open assignments and next 1:1."""
    today = timezone.localdate()
    if role in (Role.LEADER, Role.DIRECTOR):
        return {
            "late_one_on_ones": coaching.late_one_on_ones(me, today),
            "overdue_reviews": coaching.overdue_plan_reviews(me, today),
            "without_plan": coaching.reports_without_plan(me),
            "today": today,
        }
    if role == Role.SELLER:
        assignments = (
            Assignment.objects.filter(
                item__person=me,
                item__status=CoachingItem.Status.OPEN,
                status=Assignment.Status.OPEN,
                evaluation__isnull=True,
            )
            .select_related("item")
            .order_by("due_on", "id")
        )
        return {
            "my_assignments": list(assignments[:ASSIGNMENTS_SHOWN]),
            "next_one_on_one": coaching.next_one_on_one(me, today),
            "today": today,
        }
    return {}


# What a director's home shows of each leader's team (the team scorecard's own lines).
HOME_TEAM_FIGURES = ["bookings", "quota", "quota_attainment", "deals_won"]


def _team_figures(cards: list[dict]) -> dict:
    """Each team's bookings to date against its quota and attainment, as its scorecard gives
    them, for the period the scorecards open on (this quarter, else the latest with results):
    the figures are added to the cards in place."""
    from leadwell.metrics import selectors as metrics
    from leadwell.metrics.models import Scope

    teams = [card["team"] for card in cards]
    if not teams:
        return {}
    period, note = metrics.default_period(Scope.TEAM, [t.pk for t in teams])
    for card, scorecard in zip(cards, metrics.group_cards(Scope.TEAM, teams, period), strict=True):
        card["figures"] = [scorecard.line(key) for key in HOME_TEAM_FIGURES]
        # In a quarter in progress the team is judged against pace, not the whole quota.
        bookings = scorecard.line("bookings")
        if bookings.of_pace is not None:
            card["pace"] = bookings
    return {"figures_period": period, "figures_note": note}


def _team_card(team: Team) -> dict:
    leader, members = selectors.split_team(team)
    return {"team": team, "leader": leader, "members": sorted(members, key=lambda p: p.name)}


@require_GET
def my_team(request: HttpRequest) -> HttpResponse:
    """The menu's "My team": the seller's team totals and its recognition of wins (the team
    scorecard as its members see it)."""
    me = policy.person_or_404(request.user)
    team = selectors.team_of(me)
    if team is None or not policy.can(request.user, "view_totals", team):
        messages.info(request, "You are not on a team in the org chart yet.")
        return redirect("home")
    return redirect("metrics:team", team.pk)


def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's page: the org chart's facts about them (leadwell.org.views.person_context)
    and links to each of their pages the viewer may open, and to nothing else."""
    person = policy.get_or_404(request.user, "view_page", Person, pk=person_id)
    context = org_views.person_context(request, person)
    context["links"] = person_links(request.user, person)
    return render(request, "org/person.html", context)


def person_links(viewer: policy.Asker, person: Person) -> list[tuple[str, str]]:
    """(label, address) of the person's scorecard, gaps, coaching, goals, plan, leading-yourself
    page and 1:1s, those the policy lets the viewer open (the same actions the pages check)."""
    links: list[tuple[str, str]] = []
    if policy.can(viewer, "view_scorecard", person):
        links.append(("Scorecard", reverse("metrics:person", args=[person.pk])))
        links.append(("Gaps", reverse("metrics:gaps", args=[person.pk])))
    if policy.can(viewer, "view_coaching", person):
        links.append(("Coaching", reverse("coaching:person", args=[person.pk])))
        links.append(("Goals", reverse("coaching:goals", args=[person.pk])))
        links.append(("Development plan", reverse("coaching:plan", args=[person.pk])))
    me = policy.viewer_for(viewer).person
    if policy.can(viewer, "view_yourself", person):
        links.append(("Leading yourself", reverse("leadership:yourself_person", args=[person.pk])))
    if me is not None and me.pk == person.pk:
        links.append(("1:1s", reverse("one_on_ones:list")))
    elif me is not None:
        between = OneOnOneSeries.objects.filter(
            Q(leader=me, report=person) | Q(leader=person, report=me)
        ).order_by("-started_on", "-pk")
        series = policy.visible(viewer, "view", between).first()
        if series is not None:
            links.append(("1:1s", reverse("one_on_ones:series", args=[series.pk])))
    return links


@require_GET
@never_cache
def personal_data(request: HttpRequest) -> HttpResponse:
    """Everything Leadwell holds about the person signed in, as a JSON file to keep."""
    account = cast(User, request.user)  # every page but sign-in needs a signed-in user
    document = data_export.personal_data_export(account=account, channel="page")
    return personal_data_response(document, account)


def personal_data_response(document: dict, account: User) -> HttpResponse:
    response = HttpResponse(data_export.as_json(document), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{data_export.filename(account)}"'
    return response


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/500.html", status=500)


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/403.html", status=403)


def erase_page(request: HttpRequest, person_id: int) -> HttpResponse:
    """An administrator erases a departed person's confidential content: the page counts it
    by kind (never shows it) and asks for the person's name before erasing."""
    person = policy.get_or_404(request.user, "erase_confidential", Person, pk=person_id)
    problem: ValidationError | None = None
    if request.method == "POST":
        try:
            erased = erasure.person_erase_confidential(
                person=person, confirm=request.POST.get("confirm", "")
            )
        except ValidationError as error:
            problem = error
        else:
            total = sum(count.rows for count in erased)
            messages.success(
                request,
                f"Erased {total} records of {person.name}'s confidential content. "
                "The audit trail records what kinds and how many, never what they said.",
            )
            return redirect("person", person.pk)
    counts = erasure.erasure_counts(person)
    return render(
        request,
        "web/erase.html",
        {
            "person": person,
            "counts": counts,
            "total": sum(count.rows for count in counts),
            "errors": problem.messages if problem else [],
        },
        status=422 if problem else 200,
    )


@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    """The organisation's settings as Leadwell runs with them (set in its environment, see the
    README), with the exchange rates that turn other currencies into the reporting one."""
    policy.person_or_404(request.user)
    code = reporting_currency()
    may_view_rates = policy.may(request.user, "crm.view_exchange_rates", quiet=True)
    context = {
        "currency": code,
        "currency_name": currency_name(code),
        "fiscal_start": datetime.date(2000, settings.FISCAL_YEAR_START_MONTH, 1),
        "may_view_rates": may_view_rates,
        "rates": list(crm_selectors.exchange_rates()) if may_view_rates else [],
        "unconverted": crm_selectors.unconverted_deals(),
        "converted_elsewhere": crm_selectors.deals_in_another_reporting_currency(),
        "may_set_rates": policy.may(request.user, "crm.start_import", quiet=True),
    }
    return render(request, "web/settings.html", context)
