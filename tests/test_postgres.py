"""Leadwell on PostgreSQL through LEADWELL_DATABASE_URL, as a multi-worker deployment runs it.

The whole suite also runs on PostgreSQL in CI (see .ci/run); these tests cover what only a
real server shows: the URL setting, `leadwell init` and the demo against a fresh database.
"""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from .conftest import fresh_postgres_database, once_per_ci_run
from .test_cli import leadwell

pytestmark = [pytest.mark.postgres, once_per_ci_run]


@dataclass
class OnPostgres:
    url: str
    data_dir: Path
    runs: list[subprocess.CompletedProcess]


@pytest.fixture(scope="module")
def built_on_postgresql(tmp_path_factory):
    """`leadwell init` twice, then `leadwell demo --no-serve`, on a fresh database named by
    LEADWELL_DATABASE_URL: done once for the module."""
    with fresh_postgres_database() as url:
        data_dir = tmp_path_factory.mktemp("postgres-demo")
        env = {"LEADWELL_DATABASE_URL": url}
        runs = [
            leadwell("init", data_dir=data_dir, env=env),
            leadwell("init", data_dir=data_dir, env=env),
            leadwell("demo", "--no-serve", data_dir=data_dir, env=env),
        ]
        yield OnPostgres(url, data_dir, runs)


def test_init_and_demo_run_on_postgresql_through_the_database_url(built_on_postgresql):
    first, second, demo = built_on_postgresql.runs
    assert first.returncode == 0, first.stderr
    assert "nothing to do" not in first.stdout and second.stdout.count("nothing to do") == 1
    assert demo.returncode == 0, demo.stderr
    with psycopg.connect(built_on_postgresql.url) as db:
        people = db.execute("SELECT count(*) FROM org_person").fetchone()[0]
        accounts = db.execute("SELECT count(*) FROM identity_user").fetchone()[0]
    assert people >= 15 and accounts == 6
    assert not (built_on_postgresql.data_dir / "leadwell.sqlite3").exists()


def test_demo_reset_on_postgresql_empties_and_regenerates(built_on_postgresql, tmp_path):
    built = built_on_postgresql
    # This test's own copy of the demo: the database and the data directory with its marker.
    with fresh_postgres_database(copy_of=built.url) as url:
        data_dir = shutil.copytree(built.data_dir, tmp_path / "data")
        changed = "SELECT count(*) FROM org_person WHERE title = 'Changed by hand'"
        with psycopg.connect(url) as db:
            db.execute("UPDATE org_person SET title = 'Changed by hand'")
            assert db.execute(changed).fetchone()[0] >= 15
        result = leadwell(
            "demo", "--no-serve", "--reset", data_dir=data_dir, env={"LEADWELL_DATABASE_URL": url}
        )
        assert result.returncode == 0, result.stderr
        with psycopg.connect(url) as db:
            assert db.execute(changed).fetchone()[0] == 0
            assert db.execute("SELECT count(*) FROM org_person").fetchone()[0] >= 15
