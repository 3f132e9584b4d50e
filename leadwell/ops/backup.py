"""`leadwell backup` and `leadwell restore`: one file holding a consistent copy of the database,
taken while the app runs, and the files of the data directory a restore needs.

A backup is a gzipped tar archive, readable with `tar` alone:

- `manifest.json` (first): what made it, when, which engine, the migrations its database
  had, and the size and SHA-256 of every other member;
- `database.sqlite3`, a copy taken with SQLite's online backup API, or `database.pgdump`,
  PostgreSQL's custom format from `pg_dump` (restore it by hand with `pg_restore`);
- `files/…`: the data directory's own files (the development secret key, uploads waiting
  to be imported, the demo's marker), everything but the database, the backups, and what
  Leadwell makes again by itself (the cache, collected static files).
"""

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.db import connection

from leadwell.lib import dbsql
from leadwell.ops import Refused, postgres, schema

FORMAT = "leadwell-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES = "files/"
BACKUPS_FOLDER = "backups"
TIMESTAMPED = re.compile(r"leadwell-\d{8}T\d{6}Z\.tar\.gz")
# Top-level entries of the data directory that Leadwell makes again by itself.
REMADE = {BACKUPS_FOLDER, "cache", "static"}
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
CHUNK = 1024 * 1024


@dataclass
class Written:
    path: Path
    size: int
    engine: str
    created_at: str
    files: list[str]
    pruned: list[Path] = field(default_factory=list)


@dataclass
class Backup:
    """What a backup file says about itself (its manifest)."""

    path: Path
    manifest: dict[str, Any]

    @property
    def engine(self) -> str:
        return self.manifest["engine"]

    @property
    def created_at(self) -> str:
        return self.manifest["created_at"]

    @property
    def made_by(self) -> str:
        return self.manifest["leadwell_version"]

    @property
    def migrations(self) -> schema.Migrations:
        return self.manifest["migrations"]

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        return self.manifest["files"]


@dataclass
class Restored:
    engine: str
    database: str
    tables: dict[str, int]
    files_written: list[str]
    files_already_there: list[str]
    migrations_applied: list[str]


# -- Backing up ------------------------------------------------------------------------------------


def default_path(data_dir: Path) -> Path:
    now = datetime.datetime.now(datetime.UTC)
    return data_dir / BACKUPS_FOLDER / f"leadwell-{now:%Y%m%dT%H%M%SZ}.tar.gz"


def backup(*, data_dir: Path, into: Path) -> Written:
    """Write a backup of the running installation to `into` (never over an existing file)."""
    into = into.expanduser().resolve()
    if into.exists():
        raise Refused(f"{into} already exists: choose another name (nothing was written).")
    into.parent.mkdir(parents=True, exist_ok=True)
    created_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(dir=into.parent, prefix=".leadwell-backup-") as work_dir:
        work = Path(work_dir)
        member = MEMBERS[schema.engine()]
        database = work / member
        if schema.engine() == "sqlite":
            migrations, details = _copy_sqlite(database)
        else:
            migrations, details = _dump_postgresql(database)
        files = _copy_data_files(data_dir, work / "files", leave_out={into, work})
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "leadwell_version": schema.leadwell_version(),
            "created_at": created_at,
            "engine": schema.engine(),
            **details,
            "migrations": migrations,
            "database": {"member": member, **_described(database)},
            "files": {name: _described(work / "files" / name) for name in files},
        }
        partial = work / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            encoded = json.dumps(manifest, indent=2).encode()
            entry = tarfile.TarInfo(MANIFEST)
            entry.size, entry.mode = len(encoded), 0o644
            entry.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
            archive.addfile(entry, io.BytesIO(encoded))
            archive.add(database, arcname=member)
            for name in files:
                archive.add(work / "files" / name, arcname=FILES + name)
        partial.chmod(0o600)  # everything in it is confidential, the secret key too
        os.replace(partial, into)
    return Written(
        path=into,
        size=into.stat().st_size,
        engine=schema.engine(),
        created_at=created_at,
        files=files,
    )


def prune(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` timestamped backups in `folder` (no other file)."""
    timestamped = sorted(p for p in folder.iterdir() if TIMESTAMPED.fullmatch(p.name))
    old = timestamped[:-keep] if keep else timestamped
    for path in old:
        path.unlink()
    return old


def _copy_sqlite(into: Path) -> tuple[schema.Migrations, dict[str, Any]]:
    source = Path(connection.settings_dict["NAME"])
    if not source.exists():
        raise Refused(f"There is no database at {source}: nothing to back up.")
    with closing(sqlite3.connect(source, timeout=60)) as db, closing(sqlite3.connect(into)) as copy:
        # One step of the online backup API copies every page inside one read transaction: a
        # consistent copy, while WAL lets the app's writers carry on.
        db.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise Refused(f"The copy of {source} failed SQLite's integrity check; not written.")
        migrations = _sqlite_migrations(copy, source)
    return migrations, {}


def _sqlite_migrations(db: sqlite3.Connection, source: Path) -> schema.Migrations:
    try:
        rows = db.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    except sqlite3.OperationalError:
        rows = []
    if not rows:
        raise Refused(f"{source} is not a Leadwell database (run `leadwell init` first).")
    found: schema.Migrations = {}
    for app, name in rows:
        found.setdefault(app, []).append(name)
    return found


def _dump_postgresql(into: Path) -> tuple[schema.Migrations, dict[str, Any]]:
    with dbsql.one_moment():
        # The manifest's migrations and pg_dump read the same snapshot.
        migrations = schema.applied()
        if not migrations:
            raise Refused("The database is not a Leadwell database (run `leadwell init` first).")
        tool = postgres.dump(into, snapshot=dbsql.export_snapshot())
    details = {
        "postgresql": {
            "server_version": postgres.server_version(),
            "pg_dump_version": tool.version,
            "pg_dump_major": tool.major,
        }
    }
    return migrations, details


def _copy_data_files(data_dir: Path, into: Path, *, leave_out: set[Path]) -> list[str]:
    """Copy the data directory's own files (see the module's docstring); returns their names,
    relative to the data directory, with forward slashes."""
    database = Path(connection.settings_dict["NAME"]) if schema.engine() == "sqlite" else None
    skipped = set(leave_out)
    if database is not None:
        skipped |= {database, *(Path(f"{database}{s}") for s in SQLITE_COMPANIONS)}
    copied = []
    for path in _walk(data_dir):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in REMADE or relative.parts[0].startswith(".leadwell-"):
            continue
        if path in skipped or any(parent in skipped for parent in path.parents):
            continue
        name = relative.as_posix()
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied.append(name)
    return sorted(copied)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _described(path: Path) -> dict[str, Any]:
    return {
        "size": path.stat().st_size,
        "sha256": _sha256(path),
        "mode": path.stat().st_mode & 0o777,
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# -- Restoring -------------------------------------------------------------------------------------


def read(path: Path) -> Backup:
    """The backup's manifest, checked to be a Leadwell backup this version can read."""
    from leadwell.ops import transfer

    try:
        with tarfile.open(path, "r:gz") as archive:
            first = archive.next()
            if first is None or first.name != MANIFEST:
                raise Refused(f"{path} is not a Leadwell backup (it has no manifest first).")
            handle = archive.extractfile(first)
            manifest = json.load(handle) if handle else {}
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        if transfer.is_export(path):
            raise Refused(
                f"{path} is an export of a whole organisation, not a backup: bring it in with "
                "`leadwell import-all`."
            ) from None
        raise Refused(f"{path} is not a Leadwell backup (not a readable .tar.gz).") from None
    if manifest.get("format") != FORMAT:
        raise Refused(f"{path} is not a Leadwell backup (its manifest says nothing of one).")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise Refused(
            f"{path} was written by Leadwell {manifest.get('leadwell_version')} in a newer "
            "backup format: restore it with that version or newer."
        )
    for name in manifest["files"]:
        _check_relative(path, name)
    return Backup(path=path, manifest=manifest)


def check_restorable(backup: Backup, *, data_dir: Path, replaceable: set[str]) -> list[str]:
    """Refuse unless the backup fits this installation and the target is empty; returns the
    data files already there with the backup's contents (left as they are).

    `replaceable` names files the target may have with other contents because Leadwell just
    made them (a development secret key generated on this very run)."""
    if backup.engine != schema.engine():
        raise Refused(
            f"{backup.path} is a backup of a {schema.engine_name(backup.engine)} database and "
            f"this installation uses {schema.engine_name(schema.engine())}. To move between the "
            "two, use `leadwell export-all` on the old installation and `leadwell import-all` "
            "on the new."
        )
    schema.check_readable(backup.migrations, what=str(backup.path), made_by=backup.made_by)
    schema.refuse_unless_empty()
    same, different = [], []
    for name, described in backup.files.items():
        target = data_dir / name
        if not target.exists():
            continue
        if target.is_file() and _sha256(target) == described["sha256"]:
            same.append(name)
        elif name not in replaceable:
            different.append(name)
    if different:
        raise Refused(
            f"{data_dir} already has {', '.join(different)} with other contents than the "
            "backup's. Nothing was written: restore into a new directory, or move them away."
        )
    return same


def restore(backup: Backup, *, data_dir: Path, already_there: list[str]) -> Restored:
    """Restore into the empty database and data directory (check with `check_restorable`
    first), then bring the schema up to date."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".leadwell-restore-") as work_dir:
        work = Path(work_dir)
        _extract(backup, work)
        database = work / backup.manifest["database"]["member"]
        if backup.engine == "sqlite":
            _put_sqlite(database)
        else:
            postgres.restore(
                database, written_by_major=backup.manifest["postgresql"]["pg_dump_major"]
            )
        written = []
        for name, described in sorted(backup.files.items()):
            if name in already_there:
                continue
            target = data_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(work / "files" / name, target)
            target.chmod(described["mode"])
            written.append(name)
    connection.close()
    applied = schema.migrate_up()
    from django.apps import apps

    return Restored(
        engine=backup.engine,
        database=schema.where(),
        tables=schema.row_counts(schema.tables_of(apps)),
        files_written=written,
        files_already_there=sorted(already_there),
        migrations_applied=applied,
    )


def _extract(backup: Backup, into: Path) -> None:
    """Every member, each checked against the size and SHA-256 its manifest recorded."""
    expected = {FILES + name: described for name, described in backup.files.items()}
    expected[backup.manifest["database"]["member"]] = backup.manifest["database"]
    found = set()
    try:
        with tarfile.open(backup.path, "r:gz") as archive:
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise Refused(f"{backup.path} holds {member.name!r}, which its manifest lacks.")
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                handle = archive.extractfile(member)
                if handle is None:
                    raise Refused(f"{backup.path} holds {member.name!r} that cannot be read.")
                digest = _copy_hashing(handle, target)
                if digest != expected[member.name]["sha256"]:
                    raise Refused(f"{member.name} in {backup.path} is damaged (wrong checksum).")
                found.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise Refused(
            f"{backup.path} is damaged or cut short: {error}. Nothing was restored."
        ) from None
    missing = set(expected) - found
    if missing:
        raise Refused(f"{backup.path} lacks {', '.join(sorted(missing))}. Nothing was restored.")


def _copy_hashing(source: IO[bytes], target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _put_sqlite(copy: Path) -> None:
    with closing(sqlite3.connect(copy)) as db:
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise Refused("The database in the backup failed SQLite's integrity check.")
    connection.close()
    target = Path(connection.settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    # Only an empty file, with no table, can be here (checked before): never a database.
    for suffix in (*SQLITE_COMPANIONS, ""):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.move(copy, target)


def _check_relative(path: Path, name: str) -> None:
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise Refused(f"{path} names a file outside the data directory ({name!r}).")
