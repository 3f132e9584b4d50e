"""The summary of an import, as the CLI's --json, the API and the imports page show it."""

from typing import Any

from leadwell.crm.importing.rows import per_file_defaults
from leadwell.crm.models import ImportRun


def summary(run: ImportRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "kind": run.kind,
        "file": run.file_name,
        "sha256": run.file_sha256,
        "preset": run.preset,
        "status": run.status,
        "status_label": run.get_status_display(),
        "dry_run": bool(run.options.get("dry_run")),
        "skip_bad_rows": bool(run.options.get("skip_bad_rows")),
        # What rows the file leaves empty were given (--default-owner, ...), "" when nothing.
        "defaults": per_file_defaults(run.options),
        "message": run.message,
        "rows_read": run.rows_read,
        "counts": {
            "created": run.created,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "skipped": run.skipped,
            "people_created": run.people_created,
        },
        "error_count": run.error_count,
        "errors": run.errors,
        "unknown_owners": run.unknown_owners,
        "columns": run.columns,
        "warnings": run.warnings,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "interrupted": run.interrupted,
        "file_removed_at": run.file_removed_at,
    }
