import csv

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from leadwell import policy
from leadwell.crm import services
from leadwell.crm.forms import KIND_LABELS, PRESET_LABELS, DefaultsForm, UploadForm
from leadwell.crm.importing.fields import FIELDS
from leadwell.crm.importing.reading import BadBytes, FileProblem
from leadwell.crm.importing.rows import PER_FILE_DEFAULTS
from leadwell.crm.importing.summary import stages_to_paste
from leadwell.crm.importing.writers.corrections import suggestions
from leadwell.crm.models import Account, Activity, ImportRun, Opportunity, Stage
from leadwell.crm.tasks import read_progress
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
