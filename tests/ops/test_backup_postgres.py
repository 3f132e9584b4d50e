"""`leadwell backup` and `leadwell restore` on PostgreSQL: pg_dump of one snapshot while the
app writes, pg_restore into an empty database, and what the operator reads when PostgreSQL's
client tools are missing or too old.
"""

import os
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import fresh_postgres_database, once_per_ci_run
from tests.test_cli import leadwell

from .helpers import copy, demo, ok, scorecards
from .rows import WRITTEN_TABLES, Database, under_load

pytestmark = [pytest.mark.postgres, once_per_ci_run]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo organisation on PostgreSQL: its database URL and data directory."""
    with fresh_postgres_database() as url:
        yield url, demo(tmp_path_factory.mktemp("demo"), env={"LEADWELL_DATABASE_URL": url})


@pytest.fixture(scope="module")
def backed_up(built, tmp_path_factory) -> str:
    """A backup of the demo, taken while nothing else runs."""
    url, data_dir = built
    into = tmp_path_factory.mktemp("backups") / "demo.tar.gz"
    env = {"LEADWELL_DATABASE_URL": url}
    return ok(leadwell("backup", str(into), "--json", data_dir=data_dir, env=env))["path"]


@pytest.fixture
def source(built, tmp_path):
    """This test's own copy of the demo: a database and a data directory."""
    url, data_dir = built
    with fresh_postgres_database(copy_of=url) as copied:
        yield {"LEADWELL_DATABASE_URL": copied}, copy(data_dir, tmp_path / "source")


@pytest.fixture
def empty():
    with fresh_postgres_database() as url:
        yield {"LEADWELL_DATABASE_URL": url}


def on(env: dict) -> Database:
    return Database(url=env["LEADWELL_DATABASE_URL"])


def tools_on_path(tmp_path: Path, **fakes: str) -> dict:
    """A PATH with the Python environment's commands (leadwell) and, for each fake, a program
    of that name that says it is of that version; none of PostgreSQL's own tools."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, version in fakes.items():
        program = folder / name
        program.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
        program.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{Path(sys.executable).parent}"}


def test_a_backup_taken_while_the_app_writes_restores_the_rows_of_one_moment(
    source, empty, tmp_path
):
    env, data_dir = source
    before = scorecards(data_dir, env)
    original = on(env).highest_ids()

    result, writes = under_load(
        on(env), lambda: leadwell("backup", "--json", data_dir=data_dir, env=env)
    )

    written = ok(result)
    assert writes["started"] < writes["ended"], "the writer wrote while the backup ran"
    assert written["engine"] == "postgresql"
    assert written["size"] == Path(written["path"]).stat().st_size
    target = tmp_path / "restored"
    restored = ok(
        leadwell("restore", written["path"], "--yes", "--json", data_dir=target, env=empty)
    )
    assert restored["files_written"] == ["demo.json", "secret_key"]

    caught = {t: on(empty).count(t, above=original[t]) for t in WRITTEN_TABLES}
    assert len(set(caught.values())) == 1, f"each writer transaction whole or not at all: {caught}"
    assert writes["started"] <= caught[WRITTEN_TABLES[0]] <= writes["ended"] + 1
    assert on(empty).checksums() == on(env).checksums(up_to=on(empty).highest_ids())
    assert scorecards(target, empty) == before


def test_backup_says_what_to_install_when_pg_dump_is_missing(source, tmp_path):
    env, data_dir = source
    result = leadwell("backup", data_dir=data_dir, env={**env, **tools_on_path(tmp_path)})
    assert result.returncode != 0
    assert "pg_dump was not found on the PATH" in result.stderr
    assert "apt-get install postgresql-client-" in result.stderr
    assert not (data_dir / "backups").exists() or not any((data_dir / "backups").iterdir())


def test_backup_refuses_a_pg_dump_older_than_the_server(source, tmp_path):
    env, data_dir = source
    old = tools_on_path(tmp_path, pg_dump="9.6.24")
    result = leadwell("backup", data_dir=data_dir, env={**env, **old})
    assert result.returncode != 0
    assert "pg_dump 9.6" in result.stderr and "older than the database server" in result.stderr
    with psycopg.connect(env["LEADWELL_DATABASE_URL"]) as db:
        server_major = db.info.server_version // 10000
    assert f"version {server_major} or newer" in result.stderr
    assert f"apt-get install postgresql-client-{server_major}" in result.stderr
    assert not any((data_dir / "backups").iterdir())


def test_restore_refuses_a_pg_restore_older_than_the_pg_dump_that_wrote_the_backup(
    backed_up, empty, tmp_path
):
    path = backed_up
    old = tools_on_path(tmp_path, pg_restore="9.6.24")
    result = leadwell("restore", path, "--yes", data_dir=tmp_path / "new", env={**empty, **old})
    assert result.returncode != 0
    assert "pg_restore 9.6" in result.stderr and "older than the pg_dump" in result.stderr
    assert on(empty).checksums() == {}


def test_restore_refuses_a_database_that_holds_tables(backed_up, source, tmp_path):
    env, _ = source
    path = backed_up
    before = on(env).checksums()
    result = leadwell("restore", path, "--yes", data_dir=tmp_path / "new", env=env)
    assert result.returncode != 0 and "is not empty" in result.stderr
    assert on(env).checksums() == before


def test_a_sqlite_backup_is_refused_with_the_way_to_move_to_postgresql(empty, tmp_path):
    on_sqlite = tmp_path / "sqlite"
    assert leadwell("init", data_dir=on_sqlite).returncode == 0
    path = ok(leadwell("backup", "--json", data_dir=on_sqlite))["path"]
    result = leadwell("restore", path, "--yes", data_dir=tmp_path / "new", env=empty)
    assert result.returncode != 0
    assert "is a backup of a SQLite database" in result.stderr
    assert "leadwell export-all" in result.stderr and "leadwell import-all" in result.stderr
