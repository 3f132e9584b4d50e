"""`leadwell backup`, `leadwell restore`, `leadwell export-all` and `leadwell import-all`.

These take the plain set-up (no migrations first): a backup or an export records the database
as it is, and a restore or an import needs the database empty, not freshly migrated.
"""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from leadwell.lib.env import data_dir as default_data_dir
from leadwell.ops import Refused


@contextmanager
def refusals() -> Iterator[None]:
    try:
        yield
    except Refused as refused:
        raise click.ClickException(str(refused)) from None


def register(main: click.Group, data_dir_option: Callable, setup: Callable) -> None:
    json_option = click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON summary instead of text."
    )
    yes_option = click.option("--yes", is_flag=True, help="Do not ask first (for scripts).")

    @main.command("backup")
    @data_dir_option
    @click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "--keep",
        type=click.IntRange(min=1),
        metavar="N",
        help="Afterwards delete all but the newest N timestamped backups in the same folder.",
    )
    @json_option
    def backup_command(data_dir: str | None, file: Path | None, keep: int | None, as_json: bool):
        """Back up the database and the data directory's files into one FILE, while Leadwell
        runs.

        FILE defaults to <data dir>/backups/leadwell-<UTC time>.tar.gz. SQLite is copied with
        its online backup API; PostgreSQL with pg_dump, which must be of the server's major
        version or newer. `leadwell restore FILE` brings it back.
        """
        from leadwell.ops import backup, schema

        path = setup(data_dir)
        with refusals():
            written = backup.backup(data_dir=path, into=file or backup.default_path(path))
        pruned = backup.prune(written.path.parent, keep=keep) if keep else []
        if as_json:
            summary = {
                "path": str(written.path),
                "size": written.size,
                "engine": written.engine,
                "created_at": written.created_at,
                "files": written.files,
                "deleted": [str(p) for p in pruned],
            }
            click.echo(json.dumps(summary, indent=2))
            return
        click.echo(
            f"Backed up the {schema.engine_name(written.engine)} database to {written.path} "
            f"({_size(written.size)})."
        )
        if written.files:
            click.echo(f"With the data directory's files: {_listed(written.files)}.")
        for old in pruned:
            click.echo(f"Deleted the older backup {old.name}.")

    @main.command("restore")
    @data_dir_option
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @yes_option
    @json_option
    def restore_command(data_dir: str | None, file: Path, yes: bool, as_json: bool):
        """Restore a backup made by `leadwell backup` into an empty data directory (SQLite) or
        an empty database (PostgreSQL), then apply any newer migrations.

        A target that holds a database is refused: a restore never overwrites one.
        """
        from leadwell.ops import backup, schema

        # A development secret key that Leadwell generates while starting up (into a new data
        # directory) has protected nothing yet: the backup's may replace it.
        key_was_there = (_resolved(data_dir) / "secret_key").exists()
        path = setup(data_dir)
        with refusals():
            found = backup.read(file)
            already_there = backup.check_restorable(
                found, data_dir=path, replaceable=set() if key_was_there else {"secret_key"}
            )
        if not yes:
            click.confirm(
                f"Restore the {schema.engine_name(found.engine)} backup of {found.created_at} "
                f"(Leadwell {found.made_by}) into {schema.where()}?",
                abort=True,
            )
        with refusals():
            restored = backup.restore(found, data_dir=path, already_there=already_there)
        if as_json:
            summary = {
                "path": str(file),
                "engine": restored.engine,
                "database": restored.database,
                "backup_created_at": found.created_at,
                "tables": restored.tables,
                "files_written": restored.files_written,
                "files_already_there": restored.files_already_there,
                "migrations_applied": restored.migrations_applied,
            }
            click.echo(json.dumps(summary, indent=2))
            return
        click.echo(
            f"Restored the backup of {found.created_at} into {restored.database}: "
            f"{len(restored.tables)} tables, {sum(restored.tables.values()):,} rows."
        )
        if restored.files_written:
            click.echo(f"Data directory files written: {_listed(restored.files_written)}.")
        if restored.files_already_there:
            click.echo(f"Already there, the same: {_listed(restored.files_already_there)}.")
        _say_migrations(restored.migrations_applied)

    @main.command("export-all")
    @data_dir_option
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @json_option
    def export_all_command(data_dir: str | None, file: Path, as_json: bool):
        """Export the whole organisation into one portable FILE, to move to another database
        (SQLite to PostgreSQL, or back) with `leadwell import-all`.

        Every table of every app, as it was at one moment, while Leadwell runs; sign-in
        sessions are left out. The file is gzipped JSON lines (FILE.jsonl.gz is a good name).
        """
        from leadwell.ops import transfer

        setup(data_dir)
        with refusals():
            report = transfer.export_all(into=file, progress=_progress(quiet=as_json))
        _report(report, as_json=as_json, verb="Exported")

    @main.command("import-all")
    @data_dir_option
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @yes_option
    @json_option
    def import_all_command(data_dir: str | None, file: Path, yes: bool, as_json: bool):
        """Import a file made by `leadwell export-all` into an empty database, of either engine
        (set LEADWELL_DATABASE_URL for PostgreSQL), then apply any newer migrations.

        All of it or nothing; a database that holds tables is refused.
        """
        from leadwell.ops import schema, transfer

        setup(data_dir)
        with refusals():
            header = transfer.check_importable(file)
        if not yes:
            click.confirm(
                f"Import the export of {header['created_at']} (from "
                f"{schema.engine_name(header['engine'])}, Leadwell {header['leadwell_version']}) "
                f"into {schema.where()}?",
                abort=True,
            )
        with refusals():
            report = transfer.import_all(
                path=file, header=header, progress=_progress(quiet=as_json)
            )
        _report(report, as_json=as_json, verb="Imported")


def _progress(*, quiet: bool) -> Callable[[str, int], None]:
    def table_done(table: str, rows: int) -> None:
        if not quiet:
            click.echo(f"  {table:<44} {rows:>12,} rows")

    return table_done


def _report(report, *, as_json: bool, verb: str) -> None:
    from leadwell.ops import schema

    if as_json:
        summary = {
            "path": str(report.path),
            "engine": report.engine,
            "tables": report.tables,
            "rows": sum(report.tables.values()),
            "migrations_applied": report.migrations_applied,
        }
        click.echo(json.dumps(summary, indent=2))
        return
    counted = f"{len(report.tables)} tables, {sum(report.tables.values()):,} rows"
    if verb == "Exported":
        click.echo(f"Exported {counted} to {report.path} ({_size(report.path.stat().st_size)}).")
    else:
        click.echo(f"Imported {counted} into {schema.where()}.")
    _say_migrations(report.migrations_applied)


def _say_migrations(applied: list[str]) -> None:
    if applied:
        click.echo(f"Brought the schema up to date: {len(applied)} migration(s) applied.")


def _resolved(data_dir: str | None) -> Path:
    return Path(data_dir).expanduser().resolve() if data_dir else default_data_dir()


def _listed(names: list[str], most: int = 6) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    amount, unit = size / 1000, "kB"
    for larger in ("MB", "GB", "TB"):
        if amount < 1000:
            break
        amount, unit = amount / 1000, larger
    return f"{amount:,.1f} {unit}"
