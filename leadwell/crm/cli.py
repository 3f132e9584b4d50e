"""`leadwell import`: CRM exports in from the command line."""

import json
import sys
import tomllib
from pathlib import Path

import click

from leadwell.crm.importing.fields import KINDS
from leadwell.crm.importing.presets import PRESETS


def load_mapping(path: str | None) -> dict:
    if not path:
        return {}
    try:
        with open(path, "rb") as handle:
            mapping = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise click.ClickException(f"Cannot read the mapping file {path}: {error}") from None
    try:
        # The import keeps its mapping as JSON: TOML's dates, inf and nan have no place there.
        json.dumps(mapping, allow_nan=False)
    except (TypeError, ValueError):
        raise click.ClickException(
            f"The mapping file {path} holds a date, inf or nan: write such values in quotes"
        ) from None
    return mapping


def register(main: click.Group, data_dir_option, setup) -> None:
    @main.command("import")
    @data_dir_option
    @click.argument("kind", type=click.Choice(KINDS))
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--preset",
        type=click.Choice(["auto", *PRESETS]),
        default="auto",
        show_default=True,
        help="Whose export this is; auto reads it from the header.",
    )
    @click.option(
        "--mapping",
        "mapping_file",
        type=click.Path(exists=True, dir_okay=False),
        help='A TOML file naming the columns ([columns] field = "Header"), stages, date format, '
        'each date column\'s order ([dates] "Close Date" = "day-first").',
    )
    @click.option(
        "--key",
        "key",
        multiple=True,
        help="Column(s) that identify a row when the file has no id column (repeatable).",
    )
    @click.option("--sheet", help="The sheet of an .xlsx file (default: the first).")
    @click.option("--dry-run", is_flag=True, help="Check everything and report, but write nothing.")
    @click.option(
        "--skip-bad-rows", is_flag=True, help="Import the good rows even when some are bad."
    )
    @click.option(
        "--create-people", is_flag=True, help="Create the owners the org chart does not know."
    )
    @click.option(
        "--correction",
        is_flag=True,
        help="The file corrects an earlier import (a column was missed): update the records "
        "and record no change in their history.",
    )
    @click.option(
        "--replace-bad-bytes",
        is_flag=True,
        help="Read a UTF-8 file with a few bytes that are not UTF-8, each replaced by \ufffd "
        "(the summary names their lines); without it such a file is refused, naming them.",
    )
    @click.option(
        "--default-owner",
        default="",
        help="Owner (name, e-mail or CRM id) of rows without one: a file with no owner column, "
        "or owners such as Unassigned.",
    )
    @click.option(
        "--default-type",
        default="",
        help="Activity type of rows whose file does not say (call, email, meeting, demo, other).",
    )
    @click.option(
        "--default-status",
        default="",
        help="Activity status of rows whose file does not say (done, planned).",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON summary instead of text.")
    def import_command(
        data_dir,
        kind,
        file,
        preset,
        mapping_file,
        key,
        sheet,
        dry_run,
        skip_bad_rows,
        create_people,
        correction,
        replace_bad_bytes,
        default_owner,
        default_type,
        default_status,
        as_json,
    ):
        """Import KIND (people, accounts, opportunities, ...) from FILE (CSV or XLSX).

        Nothing is written if any row is bad, unless --skip-bad-rows. Importing the same file
        again changes nothing. A field the figures need that no column fills (an amount, a
        close date) does not stop the import: a note says what goes missing (the review page
        waits for a column, or your word that the file has none).
        """
        if default_owner and kind not in ("opportunities", "activities"):
            raise click.UsageError("--default-owner is for opportunities and activities")
        if (default_type or default_status) and kind != "activities":
            raise click.UsageError("--default-type and --default-status are for activities")
        setup(data_dir)
        from leadwell.crm.importing.rows import ImportOptions
        from leadwell.crm.importing.summary import summary

        options = ImportOptions(
            kind=kind,
            preset=preset,
            mapping=load_mapping(mapping_file),
            key=list(key),
            dry_run=dry_run,
            skip_bad_rows=skip_bad_rows,
            create_people=create_people,
            sheet=sheet,
            correction=correction,
            replace_bad_bytes=replace_bad_bytes,
            default_owner=default_owner,
            default_type=default_type,
            default_status=default_status,
        )
        run = _run_with_progress(file, options, quiet=as_json)
        result = summary(run)
        if as_json:
            click.echo(json.dumps(result, indent=2, default=str))
        else:
            _print_summary(result)
        if run.status in ("refused", "failed", "no_rows") or (
            run.error_count and not skip_bad_rows
        ):
            sys.exit(1)

    @main.command("imports")
    @data_dir_option
    @click.option(
        "--limit", default=20, show_default=True, type=click.IntRange(1), help="How many."
    )
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
    def imports_command(data_dir, limit, as_json):
        """The latest imports, newest first: how each ended, and why one failed or stopped."""
        setup(data_dir)
        from leadwell.crm.importing.summary import summary
        from leadwell.crm.models import ImportRun

        runs = list(ImportRun.objects.all()[:limit])
        if as_json:
            click.echo(json.dumps([summary(run) for run in runs], indent=2, default=str))
            return
        if not runs:
            click.echo("No imports yet.")
        for run in runs:
            _print_run(run)


def _print_run(run) -> None:
    """One import as `leadwell imports` lists it: what it was, how it ended, and why."""
    when = run.created_at.strftime("%Y-%m-%d %H:%M")
    click.echo(f"#{run.pk}  {when}  {run.kind} from {run.file_name}: {run.get_status_display()}")
    if run.status in ("succeeded", "dry_run", "refused"):
        click.echo(
            f"    created {run.created}, updated {run.updated}, unchanged {run.unchanged}, "
            f"skipped {run.skipped}, {run.error_count} error(s)"
        )
    if run.message:
        click.echo(f"    {run.message}")
    if run.file_removed_at:
        click.echo(f"    The uploaded file was removed on {run.file_removed_at:%Y-%m-%d}.")


def _run_with_progress(file: Path, options, *, quiet: bool):
    """Run the import with a heartbeat, so that an import whose command is killed is marked
    failed by the worker (see leadwell/lib/heartbeat.py), and with a progress bar."""
    from django.utils import timezone

    from leadwell.crm.models import ImportRun
    from leadwell.crm.tasks import heartbeat_name
    from leadwell.lib import heartbeat

    run = ImportRun.objects.create(
        kind=options.kind,
        file_name=file.name,
        status=ImportRun.Status.RUNNING,
        started_at=timezone.now(),
    )
    with heartbeat.Heartbeat(heartbeat_name(run.pk)):
        return _import_showing_progress(file, options, run, quiet=quiet)


def _import_showing_progress(file: Path, options, run, *, quiet: bool):
    from leadwell.crm.importing.engine import run_import

    if quiet:
        return run_import(file, options, run=run)
    if sys.stderr.isatty():
        with click.progressbar(length=1000, label=f"Importing {file.name}", file=sys.stderr) as bar:
            state = {"done": 0}

            def on_progress(fraction: float, rows: int, step: str) -> None:
                target = int(fraction * 1000)
                bar.update(max(target - state["done"], 0))
                state["done"] = max(target, state["done"])

            return run_import(file, options, on_progress=on_progress, run=run)
    state = {"last": -1}

    def plain(fraction: float, rows: int, step: str) -> None:
        tenth = int(fraction * 10)
        if tenth != state["last"]:
            state["last"] = tenth
            done = "checked" if step == "checking" else "written"
            click.echo(f"{file.name}: {tenth * 10}% ({rows} rows {done})", err=True)

    return run_import(file, options, on_progress=plain, run=run)


COUNTED = ("created", "updated", "unchanged", "skipped")


def _print_summary(result: dict) -> None:
    click.echo(f"{result['file']}: {result['status_label']} ({result['kind']}, {_fit(result)})")
    if result["message"]:
        click.echo(result["message"])
    _print_columns(result)
    counts = result["counts"]
    # Only what was written, or what a check would write (said as such); a refused or
    # failed import wrote nothing, and says nothing else.
    if result["status"] == "succeeded":
        click.echo("  " + ", ".join(f"{name} {counts[name]}" for name in COUNTED))
    elif result["status"] == "dry_run":
        if result["error_count"] and not result["skip_bad_rows"]:
            click.echo("  Importing it now would be refused: the bad rows below must be fixed.")
            lead = "  with the bad rows skipped, it would"
        else:
            lead = "  it would"
        click.echo(
            f"{lead} create {counts['created']}, update {counts['updated']}, leave "
            f"{counts['unchanged']} unchanged and skip {counts['skipped']}"
        )
    if counts["people_created"] and result["status"] in ("succeeded", "dry_run"):
        click.echo(f"  people created: {counts['people_created']}")
    for owner in result["unknown_owners"]:
        where = f"{owner['rows']} rows, first on row {owner['first_line']}"
        click.echo(f"  unknown person: {owner['name']} ({where})")
    if result["stages_to_paste"]:
        click.echo(
            "  Give each unknown stage its outcome (open, won or lost) and its order in the "
            "funnel: check this section, paste it into a mapping file (--mapping) and import "
            "again:"
        )
        click.echo("    " + result["stages_to_paste"].rstrip("\n").replace("\n", "\n    "))
    shown = result["errors"][:50]
    for error in shown:
        click.echo(
            f"  row {error['line']}, {error['column']}: {error['reason']} [{error['value']}]"
        )
    if result["error_count"] > len(shown):
        click.echo(
            f"  … and {result['error_count'] - len(shown)} more errors (use --json to see them all)"
        )


def _fit(result: dict) -> str:
    """The preset the file was read as, and how well its header fitted it."""
    preset = result["preset"] or "-"
    fits = {fit["preset"]: fit for fit in result["preset_fits"]}
    if preset in fits:
        fit = fits[preset]
        return f"read as a {preset} export: {fit['matched']} of its {fit['of']} columns"
    if preset == "generic" and result["preset_fits"]:
        best = result["preset_fits"][0]
        return (
            f"read by common column names; closest export {best['preset']}, "
            f"{best['matched']} of its {best['of']} columns"
        )
    return f"preset {preset}"


def _print_columns(result: dict) -> None:
    """Every column of the file and what became of it; then the file's warnings."""
    if not result["columns"]:
        return
    click.echo("  Columns:")
    for column in result["columns"]:
        header = column["header"] or "(no header)"
        if column["field"]:
            click.echo(f"    {header} -> {column['field']} ({column['source']})")
        else:
            click.echo(f"    {header} -> ignored")
    for warning in result["warnings"]:
        column = f"{warning['column']}: " if warning.get("column") else ""
        click.echo(f"  note: {column}{warning['reason']}")
    for order in result["dates"]:
        click.echo(f"  date order: {order['column']}: {order['order']} ({order['reason']})")
