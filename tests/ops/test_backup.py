"""`leadwell backup` and `leadwell restore` on SQLite, as an operator runs them: the installed
command, in a subprocess, on a copy of the demo organisation built once for the module.

The round trip runs under load: a writer keeps adding rows while the backup is taken, and the
restored database must hold exactly the rows of one moment (every table's checksum equal to
the source's up to that moment), and serve the same scorecards.
"""

import json
import sqlite3
import tarfile
from pathlib import Path

import pytest

from tests.conftest import once_per_ci_run
from tests.test_cli import leadwell

from .helpers import copy, demo, ok, rewritten, scorecards
from .rows import NOT_MOVED, WRITTEN_TABLES, Database, under_load

pytestmark = once_per_ci_run


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def backed_up(built, tmp_path_factory) -> Path:
    """A backup of the demo, taken while nothing else runs."""
    into = tmp_path_factory.mktemp("backups") / "demo.tar.gz"
    return Path(ok(leadwell("backup", str(into), "--json", data_dir=built))["path"])


@pytest.fixture
def source(built, tmp_path) -> Path:
    return copy(built, tmp_path / "source")


def sqlite(data_dir: Path) -> Database:
    return Database(sqlite=data_dir / "leadwell.sqlite3")


def test_a_backup_taken_while_the_app_writes_restores_the_rows_of_one_moment(source, tmp_path):
    before = scorecards(source)
    original = sqlite(source).highest_ids()

    result, writes = under_load(
        sqlite(source), lambda: leadwell("backup", "--json", data_dir=source)
    )

    written = ok(result)
    assert writes["started"] < writes["ended"], "the writer wrote while the backup ran"
    path = Path(written["path"])
    assert written["engine"] == "sqlite" and written["size"] == path.stat().st_size
    assert written["files"] == ["demo.json", "secret_key"]
    target = tmp_path / "restored"
    restored = ok(leadwell("restore", str(path), "--yes", "--json", data_dir=target))
    assert restored["migrations_applied"] == []

    caught = {t: sqlite(target).count(t, above=original[t]) for t in WRITTEN_TABLES}
    assert len(set(caught.values())) == 1, f"each writer transaction whole or not at all: {caught}"
    assert writes["started"] <= caught[WRITTEN_TABLES[0]] <= writes["ended"] + 1
    at_that_moment = sqlite(source).checksums(up_to=sqlite(target).highest_ids())
    restored_sums = sqlite(target).checksums()
    assert restored_sums == at_that_moment
    assert set(restored_sums) > NOT_MOVED, "a backup keeps the migrations' record and sessions"
    assert scorecards(target) == before
    assert (target / "secret_key").read_text() == (source / "secret_key").read_text()
    assert restored["tables"]["org_person"] == 15


def test_backup_without_a_file_writes_a_timestamped_file_in_the_backups_folder(source):
    result = leadwell("backup", data_dir=source)
    assert result.returncode == 0, result.stderr
    (written,) = (source / "backups").iterdir()
    assert written.name.startswith("leadwell-") and written.name.endswith("Z.tar.gz")
    assert f"Backed up the SQLite database to {written}" in result.stdout
    assert "MB)" in result.stdout and "demo.json, secret_key" in result.stdout
    assert written.stat().st_mode & 0o777 == 0o600, "only its owner may read a backup"


def test_a_backup_holds_the_uploads_but_not_what_leadwell_makes_again(source, tmp_path):
    (source / "uploads").mkdir()
    (source / "uploads" / "waiting-for-review.csv").write_text("Deal Ref,Rep\n")
    (source / "cache").mkdir()
    (source / "cache" / "progress.djcache").write_text("transient")
    path = ok(leadwell("backup", "--json", data_dir=source))["path"]
    with tarfile.open(path, "r:gz") as archive:
        names = archive.getnames()
    assert names == [
        "manifest.json",
        "database.sqlite3",
        "files/demo.json",
        "files/secret_key",
        "files/uploads/waiting-for-review.csv",
    ]
    target = tmp_path / "restored"
    assert leadwell("restore", path, "--yes", data_dir=target).returncode == 0
    assert (target / "uploads" / "waiting-for-review.csv").read_text() == "Deal Ref,Rep\n"


def test_keep_deletes_only_the_oldest_timestamped_backups(source):
    folder = source / "backups"
    folder.mkdir()
    for name in ("leadwell-20240101T020000Z.tar.gz", "leadwell-20240102T020000Z.tar.gz"):
        (folder / name).write_bytes(b"an old backup")
    (folder / "before-the-upgrade.tar.gz").write_bytes(b"kept by hand")
    result = ok(leadwell("backup", "--keep", "2", "--json", data_dir=source))
    assert result["deleted"] == [str(folder / "leadwell-20240101T020000Z.tar.gz")]
    assert sorted(p.name for p in folder.iterdir()) == [
        "before-the-upgrade.tar.gz",
        "leadwell-20240102T020000Z.tar.gz",
        Path(result["path"]).name,
    ]


def test_backup_never_writes_over_an_existing_file(source, tmp_path):
    existing = tmp_path / "precious.tar.gz"
    existing.write_bytes(b"precious")
    result = leadwell("backup", str(existing), data_dir=source)
    assert result.returncode != 0 and "already exists" in result.stderr
    assert existing.read_bytes() == b"precious"


def test_backup_of_a_directory_without_a_database_says_there_is_nothing(tmp_path):
    result = leadwell("backup", data_dir=tmp_path / "empty")
    assert result.returncode != 0 and "nothing to back up" in result.stderr


def test_restore_refuses_a_data_directory_that_holds_a_database(backed_up, source):
    before = sqlite(source).checksums()
    result = leadwell("restore", str(backed_up), "--yes", data_dir=source)
    assert result.returncode != 0
    assert "is not empty" in result.stderr and "nothing is overwritten" in result.stderr
    assert sqlite(source).checksums() == before


def test_restore_asks_first_and_writes_nothing_when_told_no(backed_up, tmp_path):
    target = tmp_path / "restored"
    result = leadwell("restore", str(backed_up), data_dir=target, stdin="n\n")
    assert result.returncode != 0
    assert "Restore the SQLite backup of" in result.stdout and "[y/N]" in result.stdout
    assert not (target / "leadwell.sqlite3").exists() and not (target / "demo.json").exists()


def test_restore_keeps_a_data_directory_file_that_differs_from_the_backup(backed_up, tmp_path):
    target = tmp_path / "restored"
    target.mkdir()
    (target / "secret_key").write_text("another installation's key")
    result = leadwell("restore", str(backed_up), "--yes", data_dir=target)
    assert result.returncode != 0 and "secret_key with other contents" in result.stderr
    assert (target / "secret_key").read_text() == "another installation's key"
    assert not (target / "leadwell.sqlite3").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(source, tmp_path):
    result = leadwell("restore", str(source / "demo.json"), "--yes", data_dir=tmp_path / "new")
    assert result.returncode != 0 and "is not a Leadwell backup" in result.stderr


def test_restore_refuses_a_backup_from_a_newer_leadwell(backed_up, tmp_path):
    def from_the_future(manifest: dict) -> None:
        manifest["leadwell_version"] = "9.0.0"
        manifest["migrations"]["metrics"].append("0099_from_the_future")

    newer = rewritten(backed_up, tmp_path / "newer.tar.gz", manifest=from_the_future)
    target = tmp_path / "restored"
    result = leadwell("restore", str(newer), "--yes", data_dir=target)
    assert result.returncode != 0
    assert "metrics.0099_from_the_future" in result.stderr and "Leadwell 9.0.0" in result.stderr
    assert not (target / "leadwell.sqlite3").exists()


def test_restore_refuses_a_damaged_backup_and_writes_no_database(backed_up, tmp_path):
    def damage(name: str, data: bytes) -> bytes:
        # Flipped, not zeroed: a database's last page often ends in zeros already.
        flipped = bytes(byte ^ 0xFF for byte in data[-100:])
        return data[:-100] + flipped if name == "database.sqlite3" else data

    damaged = rewritten(backed_up, tmp_path / "damaged.tar.gz", member=damage)
    target = tmp_path / "restored"
    result = leadwell("restore", str(damaged), "--yes", data_dir=target)
    assert result.returncode != 0 and "damaged" in result.stderr
    assert not (target / "leadwell.sqlite3").exists()


def test_a_backup_of_an_older_schema_is_restored_then_migrated(built, tmp_path):
    older = copy(built, tmp_path / "older")
    rolled_back = leadwell("manage", "migrate", "metrics", "0002", data_dir=older)
    assert rolled_back.returncode == 0, rolled_back.stderr
    path = ok(leadwell("backup", "--json", data_dir=older))["path"]
    manifest = json.loads(_manifest(Path(path)))
    assert "0003_team_settings" not in manifest["migrations"]["metrics"]

    target = tmp_path / "restored"
    result = leadwell("restore", path, "--yes", data_dir=target)

    assert result.returncode == 0, result.stderr
    assert "Brought the schema up to date: 4 migration(s) applied" in result.stdout
    with sqlite3.connect(target / "leadwell.sqlite3") as db:
        applied = db.execute("SELECT name FROM django_migrations WHERE app = 'metrics'").fetchall()
    assert {
        ("0003_team_settings",),
        ("0004_deals_decided_figures",),
        ("0005_parts_forecast_won",),
        ("0006_figures_read_from_parts",),
    } <= set(applied)


def _manifest(path: Path) -> bytes:
    with tarfile.open(path, "r:gz") as archive:
        handle = archive.extractfile("manifest.json")
        assert handle is not None
        return handle.read()


@pytest.mark.parametrize("command", ["backup", "restore", "export-all", "import-all"])
def test_each_command_explains_itself(command):
    assert command in leadwell("--help").stdout
    result = leadwell(command, "--help")
    assert result.returncode == 0 and f"Usage: leadwell {command}" in result.stdout
