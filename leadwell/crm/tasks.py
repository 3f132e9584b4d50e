"""Background work of the CRM app: imports too large to wait for in a browser."""

import logging
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from leadwell.crm.importing.engine import COUNTS, failure_message, run_import
from leadwell.crm.importing.rows import ImportOptions
from leadwell.crm.models import ImportRun

logger = logging.getLogger(__name__)


def progress_key(run_id: int) -> str:
    return f"import-progress:{run_id}"


def read_progress(run: ImportRun) -> dict:
    if run.finished_at and run.status not in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING):
        return {"fraction": 1.0, "rows": run.rows_read}
    return cache.get(progress_key(run.pk)) or {"fraction": 0.0, "rows": 0}


@task()
def import_file(*, run_id: int, dry_run: bool) -> str:
    try:
        return _import_file(run_id=run_id, dry_run=dry_run)
    except Exception as error:
        # The engine ends its own failures; this is for what goes wrong around it (reading
        # the run's options, saving its result): the run must not wait forever.
        logger.exception("The worker could not run import %s", run_id)
        ImportRun.objects.filter(
            pk=run_id, status__in=[ImportRun.Status.PENDING, ImportRun.Status.RUNNING]
        ).update(
            status=ImportRun.Status.FAILED,
            message=failure_message(error),
            finished_at=timezone.now(),
            progress=1.0,
            **dict.fromkeys(COUNTS, 0),
        )
        cache.delete(progress_key(run_id))
        return ImportRun.Status.FAILED


def _import_file(*, run_id: int, dry_run: bool) -> str:
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

    def publish(fraction: float, rows: int) -> None:
        cache.set(
            progress_key(run_id), {"fraction": round(fraction, 3), "rows": rows}, timeout=24 * 3600
        )

    finished = run_import(Path(run.stored_file), options, run=run, on_progress=publish)
    cache.delete(progress_key(run_id))
    return finished.status
