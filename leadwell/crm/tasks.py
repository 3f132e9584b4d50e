"""Background work of the CRM app: imports too large to wait for in a browser."""

import logging
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, task

from leadwell.crm.importing.engine import COUNTS, failure_message, run_import
from leadwell.crm.importing.rows import ImportOptions, per_file_defaults
from leadwell.crm.models import ImportRun
from leadwell.lib import heartbeat

logger = logging.getLogger(__name__)


def progress_key(run_id: int) -> str:
    return f"import-progress:{run_id}"


def read_progress(run: ImportRun) -> dict:
    if run.finished_at and run.status not in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING):
        return {"fraction": 1.0, "rows": run.rows_read}
    return cache.get(progress_key(run.pk)) or {"fraction": 0.0, "rows": 0}


def heartbeat_name(run_id: int) -> str:
    """The heartbeat an import beats while it runs, in the worker or in `leadwell import`."""
    return f"import:{run_id}"


def task_is_waiting_or_running(task_id: str) -> bool:
    """Whether the background task is still queued or running (as far as the queue knows)."""
    try:
        result = import_file.get_result(task_id)
    except Exception:  # unknown to the queue, or a queue that keeps no results
        return False
    return result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


@task(takes_context=True)
def import_file(context: TaskContext, *, run_id: int, dry_run: bool) -> str:
    with heartbeat.Heartbeat(heartbeat_name(run_id)):
        try:
            return _import(run_id, str(context.task_result.id), dry_run)
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


def _import(run_id: int, task_id: str, dry_run: bool) -> str:
    run = ImportRun.objects.get(pk=run_id)
    run.task_id = task_id
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
        correction=bool(saved.get("correction")),
        replace_bad_bytes=bool(saved.get("replace_bad_bytes")),
        **per_file_defaults(saved),
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
