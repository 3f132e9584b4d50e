"""Workflows of the CRM app reachable from pages and the API."""

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from leadwell.crm.importing.fields import FIELDS
from leadwell.crm.importing.preview import Preview, preview
from leadwell.crm.importing.rows import ImportOptions
from leadwell.crm.models import ImportRun
from leadwell.identity.models import User

BUSY = (ImportRun.Status.RUNNING,)


def import_upload(
    *,
    user: User | None,
    kind: str,
    upload: UploadedFile,
    preset: str = "auto",
    key: list[str] | None = None,
    skip_bad_rows: bool = False,
    create_people: bool = False,
    sheet: str | None = None,
) -> ImportRun:
    """Keep an uploaded export and open an import for it, waiting for review."""
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(upload.name or "upload.csv").name
    stored = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    options = ImportOptions(
        kind=kind,
        preset=preset,
        key=key or [],
        skip_bad_rows=skip_bad_rows,
        create_people=create_people,
        sheet=sheet,
    )
    return ImportRun.objects.create(
        kind=kind,
        file_name=name,
        file_size=stored.stat().st_size,
        stored_file=str(stored),
        preset="" if preset == "auto" else preset,
        options=options.as_json(),
        status=ImportRun.Status.REVIEW,
        started_by=user,
    )


def import_options(run: ImportRun, **overrides: Any) -> ImportOptions:
    saved = dict(run.options)
    options = ImportOptions(
        kind=run.kind,
        preset=run.preset or "auto",
        mapping=dict(run.mapping),
        key=saved.get("key", []),
        skip_bad_rows=bool(saved.get("skip_bad_rows")),
        create_people=bool(saved.get("create_people")),
        sheet=saved.get("sheet"),
    )
    for name, value in overrides.items():
        setattr(options, name, value)
    return options


def import_preview(*, run: ImportRun) -> Preview:
    return preview(Path(run.stored_file), import_options(run))


def import_set_columns(
    *,
    run: ImportRun,
    columns: dict[str, str],
    key: list[str],
    skip_bad_rows: bool,
    create_people: bool,
) -> Preview:
    """Save the columns a person chose for each field (and, for a file without an id
    column, the columns that identify a row); raises FileProblem if unusable."""
    chosen = {name: column for name, column in columns.items() if name in FIELDS[run.kind]}
    if key:
        chosen.pop("external_id", None)
    mapping = {**run.mapping, "columns": chosen}
    result = preview(Path(run.stored_file), import_options(run, mapping=mapping, key=key))
    run.mapping = mapping
    run.options = {
        **run.options,
        "key": key,
        "skip_bad_rows": skip_bad_rows,
        "create_people": create_people,
    }
    run.preset = result.preset
    run.save(update_fields=["mapping", "options", "preset"])
    return result


def import_start(*, run: ImportRun, dry_run: bool) -> ImportRun:
    """Queue the check (a dry run) or the import itself; the worker does the rest."""
    from leadwell.crm.tasks import import_file

    if run.status in BUSY:
        raise ValueError("This import is running already")
    if not dry_run and run.status == ImportRun.Status.SUCCEEDED:
        raise ValueError("This file is imported already; upload it again to re-import it")
    run.status = ImportRun.Status.PENDING
    run.finished_at = None
    run.options = {**run.options, "dry_run": dry_run}
    run.save(update_fields=["status", "finished_at", "options"])
    import_file.enqueue(run_id=run.pk, dry_run=dry_run)
    run.refresh_from_db()
    return run
