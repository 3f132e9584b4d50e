"""Scorecard, gap analysis and target pages. Every read goes through leadwell.policy; figures come
from the summary tables only."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.crm import selectors as crm_selectors
from leadwell.crm.models import Opportunity
from leadwell.lib import page_sections
from leadwell.lib.currency import reporting_currency
from leadwell.lib.periods import Period, PeriodKind, parse_period
from leadwell.metrics import catalog, exports, gaps, selectors, services, signals
from leadwell.metrics.charts import trend_svg
from leadwell.metrics.formatting import format_value
from leadwell.metrics.models import ORG_ID, Scope, Target, TeamSettings
from leadwell.org import selectors as org
from leadwell.org.models import Office, Person, Team

DEALS_PER_PAGE = 50
# The lines charted on a seller's scorecard (the others show their numbers only).
CHARTED = [
    "bookings",
    "quota_attainment",
    "win_rate",
    "avg_deal_size",
    "pipeline_coverage",
    "pipeline_created",
    "activities_per_week",
    "sales_cycle_days",
]


def period_from_request(request: HttpRequest, scope: tuple[str, int] | None = None) -> Period:
    """The period a page shows: ?period=FY2026-Q3, else the current one of ?kind (a quarter);
    for a scorecard (`scope`: its kind and id), the latest with results when the current one
    has none yet, and the page says so."""
    kind = request.GET.get("kind", "")
    text = request.GET.get("period", "").strip()
    if text:
        try:
            return parse_period(text)
        except ValueError as problem:
            messages.error(request, str(problem))
    kinds = {k.value for k in PeriodKind}
    kind = kind if kind in kinds else PeriodKind.QUARTER
    if scope is None or text:
        return selectors.current_period(kind)
    period, note = selectors.default_period(scope[0], [scope[1]], kind)
    if note:
        messages.info(request, note)
    return period


def period_picker(period: Period) -> dict:
    """What metrics/_period_picker.html needs: previous/next and the period kinds."""
    return {
        "period": period,
        "previous": selectors.recent_periods(period, 2)[0],
        "next": period.next(),
        "kinds": [(k.value, k.value.title()) for k in PeriodKind],
        # Figures are in the reporting currency; deals no rate converts count in none.
        "currency": reporting_currency(),
        "unconverted": crm_selectors.unconverted_deals(),
        "converted_elsewhere": crm_selectors.deals_in_another_reporting_currency(),
    }


def _empty_hint(card: selectors.Card) -> selectors.Period | None:
    if any(line.value for line in card.lines):
        return None
    return selectors.latest_period_with_figures(card.scope_kind, card.scope_id, card.period.kind)


def scorecards_home(request: HttpRequest) -> HttpResponse:
    """Where "Scorecards" leads: a director to the organisation, a leader to their team, a
    seller to their own scorecard."""
    viewer = policy.viewer_for(request.user)
    if viewer.person is None:
        raise Http404("Scorecards are about people on a team")
    if policy.may(request.user, "metrics.view_organisation", quiet=True):
        return redirect("metrics:org")
    led = org.teams_led_by(viewer.person).order_by("name").first()
    if led is not None:
        return redirect("metrics:team", led.pk)
    return redirect("metrics:person", viewer.person.pk)


def metric_catalog(request: HttpRequest) -> HttpResponse:
    """Every metric: its definition, unit, direction and how it rolls up from sellers to teams,
    offices and the organisation. Definitions only, no figures: open to everyone signed in."""
    policy.require_may(request.user, "metrics.view_catalog")
    context = {"groups": selectors.catalog_entries(), "currency": reporting_currency()}
    return render(request, "metrics/catalog.html", context)


def person_scorecard(request: HttpRequest, person_id: int) -> HttpResponse:
    person = policy.get_or_404(request.user, "view_scorecard", Person, pk=person_id)
    period = period_from_request(request, (Scope.PERSON, person.pk))
    card = selectors.person_card(person, period)
    quota = _line(card, "quota")
    charts = [
        (line, trend_svg(line, quota if key == "bookings" else None, card.pace))
        for key in CHARTED
        if (line := _line(card, key))
    ]
    context = {
        "person": person,
        "card": card,
        "groups": _grouped(card),
        "charts": charts,
        "hint": _empty_hint(card),
        "may_set_targets": policy.can(request.user, "set_targets", person),
        "drill": DRILLABLE,
        "led": _led_teams(request.user, person, period),
        **period_picker(period),
    }
    return render(request, "metrics/person.html", context)


LED_COLUMNS = ["bookings", "quota", "quota_attainment", "deals_won"]


def _led_teams(user, person: Person, period: Period) -> list[tuple[Team, list[selectors.Line]]]:
    """The teams a leader led in the period, with their cards: a leader's scorecard shows the
    team they lead (their own lines are their own deals only). Those the viewer may open."""
    led = selectors.teams_led_in(person, period)
    teams = [t for t in led if policy.can(user, "view_totals", t)]
    cards = selectors.group_cards(Scope.TEAM, teams, period)
    return [
        (team, [card.line(k) for k in LED_COLUMNS]) for team, card in zip(teams, cards, strict=True)
    ]


def _line(card: selectors.Card, key: str) -> selectors.Line | None:
    return next((line for line in card.lines if line.metric.key == key), None)


def _grouped(card: selectors.Card) -> list[tuple[str, list[selectors.Line]]]:
    groups: dict[str, list[selectors.Line]] = {}
    for line in card.lines:
        groups.setdefault(line.metric.group.value, []).append(line)
    return list(groups.items())


def team_scorecard(request: HttpRequest, team_id: int) -> HttpResponse:
    team = policy.get_or_404(request.user, "view_totals", Team, pk=team_id)
    period = period_from_request(request, (Scope.TEAM, team.pk))
    scorecard = selectors.team_scorecard(request.user, team, period, with_trend=True)
    card, full = scorecard.card, scorecard.full
    settings = TeamSettings.objects.filter(team=team).first()
    ranking_on = bool(settings and settings.public_ranking)
    context = {
        "team": team,
        "card": card,
        "full": full,
        "seller_rows": _seller_rows(scorecard.shown),
        "team_rows": [(led, [led.card.line(k) for k in TEAM_COLUMNS]) for led in scorecard.teams],
        "recognition": scorecard.wins,
        "ranking": _ranking(scorecard.sellers) if (ranking_on or full) else [],
        "ranking_on": ranking_on,
        "may_set_standards": policy.can(request.user, "set_standards", team),
        "bookings_chart": trend_svg(
            card.line("bookings"), card.line("quota"), card.pace, wide=True
        ),
        "hint": _empty_hint(card),
        "columns": [catalog.get(k) for k in TEAM_COLUMNS],
        # What the apps above metrics show on the team page (the team's vision and goals).
        "apps_sections": page_sections.sections("team-scorecard", request.user, team=team),
        **period_picker(period),
    }
    return render(request, "metrics/team.html", context)


TEAM_COLUMNS = [
    "bookings",
    "quota_attainment",
    "win_rate",
    "avg_deal_size",
    "pipeline_coverage",
    "activities_per_week",
    "forecast_bias",
]


def _seller_rows(cards: list[selectors.Card]) -> list[tuple[selectors.Card, list]]:
    return [(card, [card.line(k) for k in TEAM_COLUMNS]) for card in cards]


def _ranking(cards: list[selectors.Card]) -> list[tuple[str, str, str]]:
    """Sellers by bookings, shown as text: (name, bookings, quota attainment)."""
    ordered = sorted(cards, key=lambda c: (-(c.value("bookings") or 0.0), c.name))
    return [
        (
            c.name,
            format_value(c.value("bookings") or 0.0, catalog.Unit.MONEY),
            format_value(c.value("quota_attainment"), catalog.Unit.PERCENT),
        )
        for c in ordered
    ]


def office_scorecard(request: HttpRequest, office_id: int) -> HttpResponse:
    office = policy.get_or_404(request.user, "view_scorecard", Office, pk=office_id)
    return _group_page(request, office)


def org_scorecard(request: HttpRequest) -> HttpResponse:
    policy.require_may(request.user, "metrics.view_organisation")
    return _group_page(request, None)


def _group_page(request: HttpRequest, office: Office | None) -> HttpResponse:
    """An office's (or the organisation's) scorecard with a line per office and team below."""
    scope = Scope.OFFICE if office else Scope.ORG
    period = period_from_request(request, (scope, office.pk if office else ORG_ID))
    card = selectors.group_cards(scope, [office], period, with_trend=True)[0]
    rows = selectors.drill_down_rows(request.user, office, period)
    context = {
        "office": office,
        "card": card,
        "rows": [row for row in rows if row.in_sum],
        "parts": [row for row in rows if not row.in_sum],
        "columns": [catalog.get(k) for k in TEAM_COLUMNS],
        "bookings_chart": trend_svg(
            card.line("bookings"), card.line("quota"), card.pace, wide=True
        ),
        "hint": _empty_hint(card),
        **period_picker(period),
    }
    return render(request, "metrics/group.html", context)


def person_gaps(request: HttpRequest, person_id: int) -> HttpResponse:
    person = policy.get_or_404(request.user, "view_scorecard", Person, pk=person_id)
    period = period_from_request(request)
    analysis = gaps.analyse(person, period)
    context = {
        "person": person,
        "analysis": analysis,
        "may_set_targets": policy.can(request.user, "set_targets", person),
        "may_open_coaching": policy.can(request.user, "open_coaching", person),
        **period_picker(period),
    }
    return render(request, "metrics/gaps.html", context)


# Which deals stand behind a metric: the opportunities it was computed from.
DRILLABLE: dict[str, tuple[str, dict[str, object]]] = {
    "bookings": ("close_date", {"outcome": "won"}),
    "deals_won": ("close_date", {"outcome": "won"}),
    "deals_decided": ("close_date", {"outcome__in": ["won", "lost"]}),
    "avg_deal_size": ("close_date", {"outcome": "won"}),
    "sales_cycle_days": ("close_date", {"outcome": "won"}),
    "win_rate": ("close_date", {"outcome__in": ["won", "lost"]}),
    "win_rate_value": ("close_date", {"outcome__in": ["won", "lost"]}),
    "quarter_end_share": ("close_date", {"outcome": "won"}),
    "open_pipeline": ("close_date", {"outcome": "open"}),
    "weighted_pipeline": ("close_date", {"outcome": "open"}),
    "pipeline_coverage": ("close_date", {"outcome": "open"}),
    "pipeline_created": ("created_date", {}),
    "accounts_won": ("close_date", {"outcome": "won"}),
    "new_accounts": ("close_date", {"outcome": "won"}),
    "top_account_share": ("close_date", {"outcome": "won"}),
}


def person_deals(request: HttpRequest, person_id: int) -> HttpResponse:
    """The deals behind one number of a seller's scorecard."""
    person = policy.get_or_404(request.user, "view_scorecard", Person, pk=person_id)
    period = period_from_request(request)
    metric_key = request.GET.get("metric", "bookings")
    if metric_key not in DRILLABLE:
        raise Http404("No deals stand behind this metric")
    metric = catalog.get(metric_key)
    date_field, conditions = DRILLABLE[metric_key]
    deals = policy.visible(
        request.user,
        "view",
        Opportunity.objects.filter(
            owner=person,
            **{f"{date_field}__gte": period.start, f"{date_field}__lt": period.end},
            **conditions,
        ).select_related("account"),
    ).order_by(date_field, "pk")
    page = Paginator(deals, DEALS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "person": person,
        "metric": metric,
        "page": page,
        "date_field": date_field,
        **period_picker(period),
    }
    return render(request, "metrics/deals.html", context)


# -- Targets --------------------------------------------------------------------------------------


def team_standards(request: HttpRequest, team_id: int) -> HttpResponse:
    team = policy.get_or_404(request.user, "view_totals", Team, pk=team_id)
    return _targets_page(request, "set_standards", "metrics/standards.html", team=team)


def person_targets(request: HttpRequest, person_id: int) -> HttpResponse:
    person = policy.get_or_404(request.user, "view_scorecard", Person, pk=person_id)
    return _targets_page(request, "set_targets", "metrics/targets.html", person=person)


def _targets_page(request: HttpRequest, action: str, template: str, **whose) -> HttpResponse:
    """A team's standards or a person's targets: the list, and the form for who may set them."""
    ((kind, owner),) = whose.items()
    may_change = policy.can(request.user, action, owner)
    field_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not may_change:
            policy.refuse(request.user, action, owner)
            raise Http404("Not found")
        field_errors = _save_target(request, **whose)
        if not field_errors:
            return redirect(request.path)
    targets = _shown(Target.objects.filter(**whose).select_related("set_by"))
    if kind == "team":
        _with_what_they_serve(request, owner, targets)
    return render(
        request,
        template,
        {
            kind: owner,
            "targets": targets,
            "may_change": may_change,
            "metrics": [m for m in catalog.METRICS if m.targetable],
            "today": datetime.date.today(),
            # A refused form comes back as typed, each message beside its field.
            "field_errors": field_errors,
            "values": request.POST if field_errors else {},
        },
        status=422 if field_errors else 200,
    )


def _with_what_they_serve(request: HttpRequest, team: Team, targets: list[Target]) -> None:
    """Each standard's `serves`: what the apps above metrics say it serves (the goals)."""
    served: dict[str, list[str]] = {}
    for _, answer in signals.standards_shown.send(sender=Team, team=team, viewer=request.user):
        if isinstance(answer, dict):
            for key, labels in answer.items():
                served.setdefault(key, []).extend(labels)
    for target in targets:
        target.serves = served.get(target.metric, [])  # type: ignore[attr-defined]


def _shown(targets) -> list[Target]:
    shown = []
    for target in targets:
        metric = catalog.BY_KEY.get(target.metric)
        target.metric_name = metric.name if metric else target.metric  # type: ignore[attr-defined]
        target.shown = format_value(target.value, metric.unit) if metric else target.value  # type: ignore[attr-defined]
        shown.append(target)
    return shown


def _save_target(request: HttpRequest, **whose) -> dict[str, list[str]]:
    """Saves the posted target; returns the problems by field (empty when saved)."""
    form = request.POST
    errors: dict[str, list[str]] = {}
    value_text = form.get("value", "").strip().replace(",", "")
    percent = value_text.endswith("%")
    value_text = value_text.rstrip("%").rstrip("x").strip()
    value = None
    try:
        value = (float(value_text) / (100 if percent else 1)) if value_text else None
    except ValueError:
        errors["value"] = ["Enter a number, like 30% or 6."]
    dates = {}
    for field, label in (("valid_from", "Effective from"), ("agreed_on", "Agreed on")):
        if field == "agreed_on" and not form.get(field):
            continue
        try:
            dates[field] = _date(form.get(field, ""), label)
        except ValueError as problem:
            errors[field] = [str(problem)]
    if errors:
        return errors
    try:
        target = services.target_set(
            metric=form.get("metric", ""),
            value=value,
            valid_from=dates["valid_from"],
            agreed_on=dates.get("agreed_on"),
            set_by=policy.viewer_for(request.user).person,
            **whose,
        )
    except ValidationError as problem:
        return {field: list(problems) for field, problems in problem.message_dict.items()}
    messages.success(request, f"Saved: {catalog.get(target.metric).name} from {target.valid_from}.")
    return {}


def _date(text: str, label: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{label}: enter a date like 2026-11-23.") from None


@require_POST
def team_ranking(request: HttpRequest, team_id: int) -> HttpResponse:
    team = policy.get_or_404(request.user, "set_standards", Team, pk=team_id)
    public = request.POST.get("public_ranking") == "on"
    services.team_ranking_set(team=team, public=public)
    messages.success(
        request,
        "Members now see the team's ranking by bookings."
        if public
        else "The ranking is now visible to you and the line above only.",
    )
    return redirect(reverse("metrics:team", args=[team.pk]))


# -- Exports --------------------------------------------------------------------------------------


def export(request: HttpRequest, scope: str, scope_id: int, fmt: str) -> HttpResponse:
    """A scorecard as CSV or XLSX, with exactly what the viewer may see on the page."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("Exports are CSV or XLSX")
    period = period_from_request(request)
    if scope == "person":
        person = policy.get_or_404(request.user, "view_scorecard", Person, pk=scope_id)
        cards = [selectors.person_card(person, period, with_trend=False)]
        name = person.name
    elif scope == "team":
        team = policy.get_or_404(request.user, "view_totals", Team, pk=scope_id)
        scorecard = selectors.team_scorecard(request.user, team, period, with_wins=False)
        cards = [scorecard.card, *scorecard.shown]
        name = team.name
    elif scope == "office":
        office = policy.get_or_404(request.user, "view_scorecard", Office, pk=scope_id)
        cards = selectors.group_cards(Scope.OFFICE, [office], period)
        name = office.name
    elif scope == "org" and policy.may(request.user, "metrics.view_organisation"):
        cards = selectors.group_cards(Scope.ORG, [None], period)
        name = "organisation"
    else:
        raise Http404("No scorecard found")
    header, rows = exports.scorecard_table(cards)
    filename = f"scorecard {name} {period.name}".replace(" ", "-").lower()
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(header, rows, title=f"{name} {period.name}"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_safe(filename)}.{fmt}"'
    return response


def _safe(name: str) -> str:
    return "".join(ch for ch in name if ch.isalnum() or ch in "-_.")[:120] or "scorecard"
