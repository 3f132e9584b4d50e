import csv
import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leadwell import policy
from leadwell.crm import selectors, services
from leadwell.crm.forms import KIND_LABELS, PRESET_LABELS, DefaultsForm, UploadForm
from leadwell.crm.importing.fields import FIELDS
from leadwell.crm.importing.reading import BadBytes, FileProblem
from leadwell.crm.importing.rows import PER_FILE_DEFAULTS
from leadwell.crm.importing.summary import stages_to_paste
from leadwell.crm.importing.writers.corrections import suggestions
from leadwell.crm.models import Account, Activity, ImportRun, Opportunity, Stage
from leadwell.crm.services import parse_amount
from leadwell.crm.tasks import read_progress
from leadwell.lib.currency import reporting_currency
from leadwell.lib.periods import Period, PeriodKind, parse_period, period_of
from leadwell.lib.spreadsheet import safe_cell

RUNS_PER_PAGE = 25
RECORDS_PER_PAGE = 50
ERRORS_SHOWN = 200


def _require_importer(request: HttpRequest) -> None:
    policy.require_may(request.user, "crm.start_import")


def _run(request: HttpRequest, run_id: int) -> ImportRun:
    return policy.get_or_404(
        request.user, "view", ImportRun.objects.select_related("started_by"), pk=run_id
    )


def imports(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    runs = policy.visible(request.user, "view", ImportRun.objects.select_related("started_by"))
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "crm/imports.html", {"page": page, "kinds": KIND_LABELS})


@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = services.import_upload(
            user=request.user,  # type: ignore[arg-type]
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            preset=form.cleaned_data["preset"],
            key=form.keys(),
            skip_bad_rows=form.cleaned_data["skip_bad_rows"],
            create_people=form.cleaned_data["create_people"],
            defaults=form.defaults(),
        )
        return redirect("import-review", run_id=run.pk)
    return render(request, "crm/import_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    problem = ""
    bad_bytes = False
    result = None
    if request.method == "POST" and run.status not in services.BUSY:
        columns = {
            name.removeprefix("column-"): str(request.POST.get(name, ""))
            for name in request.POST
            if name.startswith("column-")
        }
        try:
            result = services.import_set_columns(
                run=run,
                columns=columns,
                key=[k for k in request.POST.getlist("key") if k],
                skip_bad_rows=bool(request.POST.get("skip_bad_rows")),
                create_people=bool(request.POST.get("create_people")),
                defaults={name: str(request.POST.get(name, "")) for name in PER_FILE_DEFAULTS},
            )
            messages.success(request, "Columns saved. Check the file again to see every error.")
        except FileProblem as error:
            problem, bad_bytes = str(error), isinstance(error, BadBytes)
    if result is None and not problem and run.stored_file:
        try:
            result = services.import_preview(run=run)
        except FileProblem as error:
            problem, bad_bytes = str(error), isinstance(error, BadBytes)
    return render(
        request,
        "crm/import_review.html",
        {
            "run": run,
            "kind_label": KIND_LABELS.get(run.kind, run.kind),
            "preview": result,
            "problem": problem,
            "bad_bytes": bad_bytes,
            "errors": run.errors[:ERRORS_SHOWN],
            "progress": read_progress(run),
            "busy": run.status in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING)
            and run.finished_at is None,
            "has_records": run.kind in RECORD_MODELS,
            "has_key_fields": "external_id" in FIELDS.get(run.kind, {}),
            "retention_days": settings.UPLOAD_RETENTION_DAYS,
            **_preset_labels(result),
            "file_notes": _file_notes(run, result),
            # How the date columns were read, where their form (the preview's) is not shown.
            "date_notes": run.dates if result is None or run.status == "succeeded" else [],
            "outcomes": Stage.Outcome.choices,
            "stages_to_paste": stages_to_paste(run.unknown_stages),
            "correction_hints": suggestions(run.warnings or []),
            "defaults": DefaultsForm(initial=run.options),
            "owned": run.kind in ("opportunities", "activities"),
        },
    )


def _file_notes(run: ImportRun, preview) -> list[dict]:
    """What the import noticed about the file, but what the columns section says already
    (a needed field no column fills)."""
    shown = preview.warnings if preview is not None else []
    return [w for w in run.warnings or [] if w not in shown]


def _preset_labels(preview) -> dict[str, str]:
    """The export a file is read as, and the one it comes closest to, in words."""
    if preview is None:
        return {}

    def label(name: str) -> str:
        return PRESET_LABELS.get(name, name.capitalize()).split(" (")[0]

    closest = preview.fits[0]["preset"] if preview.fits else ""
    return {"preset_label": label(preview.preset), "closest_label": label(closest)}


@require_POST
def import_stages(request: HttpRequest, run_id: int) -> HttpResponse:
    """Save the stage table of an import (the stages its file named that the map lacked),
    then check the file again."""
    run = _run(request, run_id)
    # Giving a file's stages their outcome is part of importing it: who imports, does it.
    _require_importer(request)
    stages = list(
        zip(
            request.POST.getlist("stage-name"),
            request.POST.getlist("stage-outcome"),
            request.POST.getlist("stage-order"),
            strict=False,
        )
    )
    try:
        services.stages_add_from_import(run=run, stages=stages)
        services.import_start(run=run, dry_run=True)
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("import-review", run_id=run.pk)


@require_POST
def import_file_options(request: HttpRequest, run_id: int) -> HttpResponse:
    """How the file is read, beside its columns: date orders, replacing bad bytes."""
    run = _run(request, run_id)
    if run.status in services.BUSY:
        messages.error(request, "This import is running: wait for it to finish.")
        return redirect("import-review", run_id=run.pk)
    dates = {
        name.removeprefix("date-order-"): str(request.POST.get(name, ""))
        for name in request.POST
        if name.startswith("date-order-")
    }
    bad_bytes = request.POST.get("replace_bad_bytes")
    try:
        services.import_set_file_options(
            run=run,
            dates=dates if dates else None,
            replace_bad_bytes=None if bad_bytes is None else bad_bytes == "yes",
        )
    except FileProblem as error:
        messages.error(request, str(error))
    return redirect("import-review", run_id=run.pk)


@require_POST
def import_start(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    dry_run = request.POST.get("action") != "import"
    try:
        # Only the form that offers the choice changes it ("Start it again" keeps it).
        correction = (
            bool(request.POST.get("correction")) if "correction-offered" in request.POST else None
        )
        if dry_run:
            services.import_start(run=run, dry_run=True, correction=correction)
        else:
            services.import_confirm(run=run, correction=correction)
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("import-review", run_id=run.pk)


def import_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    busy = run.finished_at is None and run.status in (
        ImportRun.Status.PENDING,
        ImportRun.Status.RUNNING,
    )
    response = render(
        request, "crm/_progress.html", {"run": run, "progress": read_progress(run), "busy": busy}
    )
    if not busy and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


def import_errors_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    writer = csv.writer(response)
    writer.writerow(["line", "column", "value", "reason"])
    for error in run.errors:
        writer.writerow(
            [error["line"], safe_cell(error["column"]), safe_cell(error["value"]), error["reason"]]
        )
    return response


RECORD_MODELS = {"opportunities": Opportunity, "accounts": Account, "activities": Activity}


def import_records(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    model = RECORD_MODELS.get(run.kind)
    if model is None:
        raise Http404("This kind of import has no record list")
    records = model.objects.filter(last_import=run).order_by("pk")  # type: ignore[attr-defined]
    if model is not Account:
        records = records.select_related("owner", "account")
    page = Paginator(policy.visible(request.user, "view", records), RECORDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "crm/import_records.html", {"run": run, "page": page, "kind": run.kind})


# -- Quotas --------------------------------------------------------------------------------------


def _quota_period(request: HttpRequest) -> tuple[Period, str]:
    """The period asked for (`?period=FY2026-Q4`, or `?kind=month` for this month): a quarter
    or a month, this quarter by default; with a message when what was asked is unusable."""
    today = timezone.localdate()
    kind = request.GET.get("kind")
    if kind in {k.value for k in services.QUOTA_KINDS}:
        return period_of(today, kind), ""
    text = (request.POST.get("period") or request.GET.get("period") or "").strip()
    if not text:
        return period_of(today, PeriodKind.QUARTER), ""
    try:
        period = parse_period(text)
    except ValueError as problem:
        return period_of(today, PeriodKind.QUARTER), str(problem)
    if period.kind not in services.QUOTA_KINDS:
        return period_of(today, PeriodKind.QUARTER), "Quotas are set for a quarter or a month."
    return period, ""


def _money(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def _plain(amount: Decimal | None) -> str:
    """An amount as the input shows it: no separators, no needless decimals."""
    if amount is None:
        return ""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def _ids(post: Any, prefix: str) -> dict[int, str]:
    found = {}
    for name, value in post.items():
        if name.startswith(prefix):
            try:
                found[int(name[len(prefix) :])] = value
            except ValueError:
                raise Http404("No such quota") from None
    return found


def _typed(post: Any) -> dict[str, str]:
    return {k: str(v) for k, v in post.items() if k.startswith(("person-", "team-"))}


@require_http_methods(["GET", "POST"])
def quotas(request: HttpRequest) -> HttpResponse:
    period, period_problem = _quota_period(request)
    sheet = selectors.quota_sheet(request.user, period)
    typed: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    to_confirm: list[services.QuotaChange] = []
    if request.method == "POST":
        people, teams = _ids(request.POST, "person-"), _ids(request.POST, "team-")
        try:
            changes = services.quotas_set(
                by=request.user,
                period=period,
                people=people,
                teams=teams,
                confirm_clearing=request.POST.get("confirm") == "clear",
            )
        except ValidationError as problem:
            errors = problem.message_dict
            typed = _typed(request.POST)
        except services.ClearingNotConfirmed as pending:
            to_confirm = pending.changes
            typed = _typed(request.POST)
        else:
            if changes:
                messages.success(
                    request,
                    f"Saved {len(changes)} quota{'s' if len(changes) != 1 else ''} for "
                    f"{period.short_label}.",
                )
            else:
                messages.info(request, f"Nothing changed for {period.short_label}.")
            return redirect(f"{reverse('quotas')}?period={period.name}")

    def cell(field: str, amount: Decimal | None) -> dict[str, Any]:
        return {
            "field": field,
            "value": typed.get(field, _plain(amount)),
            "shown": _money(amount),
            "errors": errors.get(field, []),
        }

    tables = [
        {
            "team": block.team,
            "leader": block.leader,
            "members": [
                {"person": row.person, "may_set": row.may_set, **cell(row.field, row.amount)}
                for row in block.members
            ],
            "own": {"may_set": block.may_set_own, **cell(block.field, block.own)},
            "members_sum": _money(block.members_sum),
            "has_own": block.own is not None,
            "differs": block.differs,
            "may_set_any": block.may_set_any,
        }
        for block in sheet
    ]
    return render(
        request,
        "crm/quotas.html",
        {
            "period": period,
            "previous": period_of(period.start - datetime.timedelta(days=1), period.kind),
            "next": period.next(),
            # The period picker's links (metrics/_period_picker.html): quotas come by quarter
            # and by month, never by year.
            "kinds": [("quarter", "Quarter"), ("month", "Month")],
            "period_help": "A quarter (FY2026-Q4) or a month (FY2026-M10, 2026-10)",
            "period_problem": period_problem,
            "tables": tables,
            "currency": reporting_currency(),
            "to_confirm": [
                {"whose": c.whose, "old": _money(c.old), "new": _money(c.new), "clears": c.clears}
                for c in to_confirm
            ],
            "typed": typed,
            "may_save": any(t["may_set_any"] for t in tables),
            "other_errors": [m for k, v in errors.items() if k not in typed for m in v],
        },
    )


# -- The forecast call ---------------------------------------------------------------------------

CALL_FIGURES = ("commit", "best_case", "pipeline")


def _forecast_period(request: HttpRequest, today: datetime.date) -> tuple[Period, str]:
    """The quarter asked for (`?period=FY2026-Q4`), this one by default: the page offers the
    quarter just ended, this one and the next."""
    offered = selectors.forecast_periods(today)
    text = (request.POST.get("period") or request.GET.get("period") or "").strip()
    if not text:
        return offered[1], ""
    try:
        period = parse_period(text)
    except ValueError as problem:
        return offered[1], str(problem)
    if period not in offered:
        names = ", ".join(p.short_label for p in offered)
        return offered[1], f"The forecast call is for {names}."
    return period, ""


def _call_values(numbers: selectors.DealNumbers) -> dict[str, str]:
    return {figure: _plain(getattr(numbers, figure)) for figure in CALL_FIGURES}


def _deals_shown(numbers: selectors.DealNumbers) -> dict[str, Any]:
    shown: dict[str, Any] = {f: _money(getattr(numbers, f)) for f in ("won", *CALL_FIGURES)}
    return shown | {"open_deals": numbers.open_deals}


def _call_shown(call: Any) -> dict[str, Any] | None:
    """A call (a seller's or a team's) as the page shows it; None when there is none."""
    if call is None:
        return None
    shown: dict[str, Any] = {f: _money(getattr(call, f)) for f in CALL_FIGURES}
    return shown | {"submitted_on": call.submitted_on}


def _accuracy(commit: Decimal | None, won: Decimal) -> str:
    found = selectors.call_accuracy(commit, won)
    return "" if found is None else f"{found:.0%}"


@require_http_methods(["GET", "POST"])
def forecast_call(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period, period_problem = _forecast_period(request, today)
    team_id = request.GET.get("team")
    sheet = selectors.forecast_sheet(
        request.user, period, team_id=int(team_id) if team_id and team_id.isdigit() else None
    )
    errors: dict[str, list[str]] = {}
    typed: dict[str, str] = {}
    posted_team = None
    if request.method == "POST":
        posted = request.POST.get("team", "")
        team = None
        if posted:
            found = [t for t in sheet.teams if str(t.team.pk) == posted and t.may_call]
            if not found:
                raise Http404("No team you lead")
            team, posted_team = found[0].team, found[0].team.pk
        typed = {figure: str(request.POST.get(figure, "")) for figure in CALL_FIGURES}
        try:
            if period_problem:  # a quarter not offered: nothing is saved for another one
                raise ValidationError({"period": [period_problem]})
            services.forecast_submit(
                person=policy.person_or_404(request.user),
                period=period,
                by=request.user,
                team=team,
                commit=typed["commit"],
                best_case=typed["best_case"],
                pipeline=typed["pipeline"],
            )
        except ValidationError as problem:
            errors = problem.message_dict
        else:
            whose = f"Your call for {team.name}" if team else "Your call"
            messages.success(
                request,
                f"{whose} for {period.short_label} is in: "
                f"commit {_money(parse_amount(typed['commit']))}, "
                f"best case {_money(parse_amount(typed['best_case']))}, "
                f"pipeline {_money(parse_amount(typed['pipeline']))}.",
            )
            anchor = f"#team-{team.pk}" if team else "#your-call"
            return redirect(f"{reverse('forecast-call')}?period={period.name}{anchor}")

    def form(numbers: selectors.DealNumbers, team_pk: int | None) -> dict[str, Any]:
        mine = request.method == "POST" and posted_team == team_pk
        values = typed if mine else _call_values(numbers)
        return {
            "values": values,
            "errors": errors if mine else {},
            "prefix": f"team-{team_pk}" if team_pk else "own",
        }

    own = None
    if sheet.own is not None:
        numbers = sheet.own.numbers
        own = {
            "numbers": _deals_shown(numbers),
            "call": _call_shown(sheet.own.call),
            "form": form(numbers, None),
            "accuracy": _accuracy(sheet.own.call.commit if sheet.own.call else None, numbers.won),
        }
    teams = []
    for block in sheet.teams:
        totals = block.numbers
        teams.append(
            {
                "team": block.team,
                "leader": block.leader,
                "sellers": [
                    {
                        "person": line.person,
                        "numbers": _deals_shown(line.numbers),
                        "call": _call_shown(line.call),
                    }
                    for line in block.sellers
                ],
                "numbers": _deals_shown(totals),
                "called": len(block.called),
                "calls_total": {f: _money(block.calls_total(f)) for f in CALL_FIGURES},
                "call": _call_shown(block.call),
                "may_call": block.may_call,
                "is_mine": block.leader is not None
                and sheet.person is not None
                and block.leader.pk == sheet.person.pk,
                "form": form(totals, block.team.pk),
                "accuracy": _accuracy(block.call.commit if block.call else None, totals.won),
            }
        )
    offered = selectors.forecast_periods(today)
    return render(
        request,
        "crm/forecast_call.html",
        {
            "period": period,
            "periods": [
                (p, ("Last quarter", "This quarter", "Next quarter")[i])
                for i, p in enumerate(offered)
            ],
            "period_problem": period_problem,
            # A call for a quarter that takes none: said at the top, where no form is shown.
            "period_errors": errors.get("period", []) if not sheet.is_open else [],
            "is_open": sheet.is_open,
            "ended": period.end <= today,
            "own": own,
            "teams": teams,
            "currency": reporting_currency(),
            "today": today,
        },
    )
