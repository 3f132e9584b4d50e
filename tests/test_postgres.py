"""Leadwell on PostgreSQL through LEADWELL_DATABASE_URL, as a multi-worker deployment runs it.

The whole suite also runs on PostgreSQL in CI (see .ci/run); these tests cover what only a
real server shows: the URL setting, `leadwell init` and the demo against a fresh database.
"""

import psycopg
import pytest

from .test_cli import leadwell

pytestmark = pytest.mark.postgres


def test_init_and_demo_run_on_postgresql_through_the_database_url(tmp_path, postgres_database):
    env = {"LEADWELL_DATABASE_URL": postgres_database}
    first = leadwell("init", data_dir=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert leadwell("init", data_dir=tmp_path, env=env).stdout.count("nothing to do") == 1
    demo = leadwell("demo", "--no-serve", data_dir=tmp_path, env=env)
    assert demo.returncode == 0, demo.stderr
    with psycopg.connect(postgres_database) as db:
        people = db.execute("SELECT count(*) FROM org_person").fetchone()[0]
        accounts = db.execute("SELECT count(*) FROM identity_user").fetchone()[0]
    assert people >= 15 and accounts == 6
    assert not (tmp_path / "leadwell.sqlite3").exists()


def test_demo_reset_on_postgresql_empties_and_regenerates(tmp_path, postgres_database):
    env = {"LEADWELL_DATABASE_URL": postgres_database}
    leadwell("demo", "--no-serve", data_dir=tmp_path, env=env)
    with psycopg.connect(postgres_database) as db:
        db.execute("UPDATE org_person SET title = 'Changed by hand'")
    result = leadwell("demo", "--no-serve", "--reset", data_dir=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    with psycopg.connect(postgres_database) as db:
        assert (
            db.execute(
                "SELECT count(*) FROM org_person WHERE title = 'Changed by hand'"
            ).fetchone()[0]
            == 0
        )
