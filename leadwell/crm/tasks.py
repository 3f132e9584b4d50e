"""Background work of the CRM app: imports too large to wait for in a browser."""

from pathlib import Path

from django.core.cache import cache
from django_tasks import task

from leadwell.crm.importing.engine import run_import
from leadwell.crm.importing.rows import ImportOptions
from leadwell.crm.models import ImportRun


def progress_key(run_id: int) -> str:
    return f"import-progress:{run_id}"


def read_progress(run: ImportRun) -> dict:
    if run.finished_at and run.status not in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING):
        return {"fraction": 1.0, "rows": run.rows_read}
    return cache.get(progress_key(run.pk)) or {"fraction": 0.0, "rows": 0}


@task()
def import_file(*, run_id: int, dry_run: bool) -> str:
    run = ImportRun.objects.get(pk=run_id)
    saved = dict(run.options)
    options = ImportOptions(
        kind=run.kind,
        preset=run.preset or "auto",
        mapping=run.mapping,
        key=saved.get("key", []),
        dry_run=dry_run,
        skip_bad_rows=bool(saved.get("skip_bad_rows")),
        create_people=bool(saved.get("create_people")),
        sheet=saved.get("sheet"),
    )

    def publish(fraction: float, rows: int, step: str) -> None:
        cache.set(
            progress_key(run_id),
            {"fraction": round(fraction, 3), "rows": rows, "step": step},
            timeout=24 * 3600,
        )

    finished = run_import(Path(run.stored_file), options, run=run, on_progress=publish)
    cache.delete(progress_key(run_id))
    return finished.status
