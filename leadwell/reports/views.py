"""The upward report's pages: the list of each home (a leader's own reports, a director's
received ones and the cadence they set), and the report itself, its forms and its thread."""

import datetime
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from leadwell import policy
from leadwell.coaching.forms import Posted, split_refusal
from leadwell.org import selectors as org
from leadwell.org.models import Person
from leadwell.reports import downloads, selectors, services
from leadwell.reports.models import Cadence, Report, ReportComment, Strategy

logger = logging.getLogger(__name__)

# The fields each form of the report page shows: a refusal's message about one goes beside it.
FORM_FIELDS = {
    "explanation": ("explanation", "links"),
    "strategy": ("what", "owner", "due_on", "effect_amount", "effect_metric", "effect_value"),
    "send": ("explanation", "strategies"),
    "comment": ("kind", "text"),
    "follow_up": ("status", "outcome"),
}


def reports_page(request: HttpRequest) -> HttpResponse:
    """A leader's reports and the one due next; a director's received reports, unread and
    overdue flagged, with how often each leader reports. Nobody else has any."""
    today = timezone.localdate()
    me = policy.person_or_404(request.user)
    leaders = selectors.leaders_reporting_to(me, today)
    reports_up = selectors.reports_up(me, today)
    if not (leaders or reports_up):
        raise Http404("No upward reports for you")
    visible = selectors.visible_reports(request.user)
    overdue = selectors.overdue_reports(request.user, today)
    context: dict = {"today": today, "overdue": overdue, "reports_up": reports_up}
    if reports_up:
        period = selectors.current_period(me, today)
        context["own"] = list(visible.filter(leader=me))
        context["next_period"] = period
        context["next_due"] = services.due_on(period)
        context["next_report"] = next(
            (r for r in context["own"] if r.period_start == period.start), None
        )
    if leaders:
        cadence = selectors.cadences(leaders)
        context["received"] = list(
            visible.filter(leader__in=leaders, status=Report.Status.SENT).order_by("-sent_at")
        )
        context["leaders"] = [(leader, cadence[leader.pk]) for leader in leaders]
        context["cadences"] = Cadence.choices
    return render(request, "reports/list.html", context)


@require_POST
def draft_start(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    period = selectors.current_period(me, timezone.localdate())
    try:
        report = services.report_draft(leader=me, period=period, by=request.user)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("reports:list")
    return redirect("reports:report", report.pk)


@require_POST
def cadence_set(request: HttpRequest, person_id: int) -> HttpResponse:
    leader = policy.get_or_404(request.user, "set_report_cadence", Person, pk=person_id)
    try:
        services.report_cadence_set(
            leader=leader, by=request.user, cadence=request.POST.get("cadence", "")
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, f"{leader.name} now reports {request.POST['cadence']}.")
    return redirect("reports:list")


def _context(request: HttpRequest, report: Report, **extra) -> dict:
    today = timezone.localdate()
    shown = selectors.report_figures(report, today)
    me = policy.person_or_404(request.user)
    may_prepare = policy.can(request.user, "prepare", report)
    owners: list[Person] = []
    if may_prepare and not report.is_sent:
        day = min(today, report.period_end - datetime.timedelta(days=1))
        owners = [report.leader, *org.members_of([report.team], day).order_by("name")]
    context: dict = {
        "report": report,
        "shown": shown,
        "today": today,
        "is_leader": me.pk == report.leader_id,
        "may_prepare": may_prepare and not report.is_sent,
        "may_follow_up": may_prepare,
        "may_discuss": report.is_sent and policy.can(request.user, "discuss", report),
        "may_mark_read": report.is_sent
        and report.read_at is None
        and policy.can(request.user, "mark_read", report),
        "overdue": report.is_overdue(today),
        "carried": selectors.carried_forward(report, shown),
        "strategies": list(report.strategies.all()),
        "comments": list(report.comments.all()),
        "owners": owners,
        # What may lie behind a miss, not linked yet, for a draft's leader to pick from.
        "suggestions": [
            s
            for s in (selectors.explanation_suggestions(report, today) if owners else [])
            if s.line not in report.explanation_links.splitlines()
        ],
        "metrics": [(m["key"], m["name"]) for m in shown["metrics"]],
        "statuses": Strategy.Status.choices,
        "comment_kinds": [
            (k, label)
            for k, label in ReportComment.Kind.choices
            if (k != "question" if me.pk == report.leader_id else k != "answer")
        ],
        "failed": "",
        "problems": [],
        "field_errors": {},
        "posted": {},
    }
    context.update(extra)
    # The explanation's message may come from its own form or from the refused send.
    errors = context["field_errors"]
    context["explanation_errors"] = errors.get("explanation", {}).get("explanation") or errors.get(
        "send", {}
    ).get("explanation")
    context["strategies_errors"] = errors.get("send", {}).get("strategies")
    return context


def report_page(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id)
    return render(request, "reports/report.html", _context(request, report))


def report_xlsx(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report as a workbook: whoever may open the report may download it."""
    report = selectors.report_for(request.user, report_id)
    return downloads.xlsx_download(report)


def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report as the PDF a director forwards: the page's sections and charts, printed."""
    report = selectors.report_for(request.user, report_id)
    try:
        return downloads.pdf_download(report)
    except downloads.CannotPrint as missing:
        # Say what the server lacks rather than fail with a server error.
        logger.exception("A report could not be printed as PDF")
        return HttpResponse(str(missing), status=503, content_type="text/plain; charset=utf-8")


def _refused(request: HttpRequest, report: Report, form: str, problem: ValidationError, **extra):
    beside, above = split_refusal(problem, FORM_FIELDS[form])
    return render(
        request,
        "reports/report.html",
        _context(
            request,
            report,
            failed=form,
            problems=above,
            field_errors={form: beside} if beside else {},
            posted=request.POST,
            **extra,
        ),
        status=422,
    )


def _saved(request: HttpRequest, report: Report, notice: str, anchor: str = "") -> HttpResponse:
    messages.success(request, notice)
    response = redirect("reports:report", report.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_POST
def explanation_save(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id, "prepare")
    links = request.POST.get("links", "").strip()
    # The suggestions ticked join the lines typed, each once.
    ticked = set(request.POST.getlist("suggested"))
    offered = selectors.explanation_suggestions(report, timezone.localdate())
    for suggestion in offered:
        if suggestion.line in ticked and suggestion.line not in links.splitlines():
            links = f"{links}\n{suggestion.line}".strip()
    try:
        services.report_update(
            report=report,
            by=request.user,
            explanation=request.POST.get("explanation", ""),
            links=links,
        )
    except ValidationError as problem:
        return _refused(request, report, "explanation", problem)
    return _saved(request, report, "Explanation saved.", "explanation")


@require_POST
def strategy_add(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id, "prepare")
    form = Posted(request.POST)
    due_on = form.date("due_on", "Due on")
    owner_id = form.id("owner")
    owner = Person.objects.filter(pk=owner_id).first() if owner_id else None
    try:
        form.check()
        services.strategy_add(
            report=report,
            by=request.user,
            what=form.text("what"),
            owner=owner,
            due_on=due_on,
            effect_amount=form.text("effect_amount"),
            effect_metric=form.text("effect_metric"),
            effect_value=form.text("effect_value"),
        )
    except ValidationError as problem:
        return _refused(request, report, "strategy", problem)
    return _saved(request, report, "Strategy added.", "strategies")


@require_POST
def strategy_remove(request: HttpRequest, strategy_id: int) -> HttpResponse:
    strategy = policy.get_or_404(
        request.user, "view", Strategy.objects.select_related("report"), pk=strategy_id
    )
    try:
        services.strategy_remove(strategy=strategy, by=request.user)
    except ValidationError as problem:
        return _refused(request, strategy.report, "strategy", problem)
    return _saved(request, strategy.report, "Strategy removed.", "strategies")


@require_POST
def strategy_follow_up(request: HttpRequest, strategy_id: int) -> HttpResponse:
    strategy = policy.get_or_404(
        request.user, "view", Strategy.objects.select_related("report"), pk=strategy_id
    )
    back_to = int(request.POST.get("report") or strategy.report_id)
    report = selectors.report_for(request.user, back_to)
    try:
        services.strategy_follow_up(
            strategy=strategy,
            by=request.user,
            status=request.POST.get("status", ""),
            outcome=request.POST.get("outcome", ""),
        )
    except ValidationError as problem:
        return _refused(request, report, "follow_up", problem, failed_strategy=strategy.pk)
    return _saved(request, report, f"Updated: {strategy.what}.", "carried")


@require_POST
def report_send(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id, "prepare")
    try:
        services.report_send(report=report, by=request.user)
    except ValidationError as problem:
        return _refused(request, report, "send", problem)
    return _saved(request, report, "Report sent: its figures are frozen as they are today.")


@require_POST
def comment_add(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id, "discuss")
    try:
        services.report_comment(
            report=report,
            by=request.user,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
        )
    except ValidationError as problem:
        return _refused(request, report, "comment", problem)
    return _saved(request, report, "Added to the thread.", "thread")


@require_POST
def mark_read(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, report_id, "mark_read")
    try:
        services.report_mark_read(report=report, by=request.user)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    return _saved(request, report, "Marked read.")
