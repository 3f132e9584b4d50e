"""The summary of an import, as the CLI's --json, the API and the imports page show it."""

import json
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
        "preset_fits": run.preset_fits,
        "columns": run.columns,
        "warnings": run.warnings,
        "dates": run.dates,
        "unknown_stages": run.unknown_stages,
        "stages_to_paste": stages_to_paste(run.unknown_stages),
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "interrupted": run.interrupted,
        "file_removed_at": run.file_removed_at,
    }


def stages_to_paste(unknown_stages: list[dict[str, Any]]) -> str:
    """The `[stages]` section of a mapping file that gives each unknown stage the suggested
    outcome and order, for a person to check and paste ("" when every stage is known)."""
    if not unknown_stages:
        return ""
    lines = ["[stages]"]
    for stage in unknown_stages:
        # A JSON string is a valid TOML basic string: quotes and backslashes escaped alike.
        name = json.dumps(stage["name"], ensure_ascii=False)
        lines.append(f'{name} = {{ outcome = "{stage["outcome"]}", order = {stage["order"]} }}')
    return "\n".join(lines) + "\n"
