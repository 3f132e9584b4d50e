"""Moving an installation between SQLite and PostgreSQL with `leadwell export-all` and
`leadwell import-all`, as an operator does it: the demo on SQLite is exported while a writer
keeps adding rows, imported into an empty PostgreSQL database (once for the module), and
then moved back.

Every table's checksum is computed from each engine's own rows (see rows.py), so a value the
move changed (a date, a decimal, a JSON document) would show.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import fresh_postgres_database, once_per_ci_run
from tests.test_cli import leadwell

from .helpers import copy, demo, edited_export, ok, scorecards
from .rows import NOT_MOVED, WRITTEN_TABLES, Database, under_load

pytestmark = [pytest.mark.postgres, once_per_ci_run]


@dataclass
class Moved:
    source: Path  # the SQLite data directory
    export: Path
    writes: dict[str, int]
    original_ids: dict[str, int]
    scorecards: list
    env: dict  # LEADWELL_DATABASE_URL of the PostgreSQL database moved to
    data_dir: Path  # its data directory
    printed: str  # what import-all printed


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def moved(built, tmp_path_factory):
    source = copy(built, tmp_path_factory.mktemp("move") / "source")
    export = source.parent / "organisation.jsonl.gz"
    before = scorecards(source)
    original_ids = sqlite(source).highest_ids()
    result, writes = under_load(
        sqlite(source), lambda: leadwell("export-all", str(export), "--json", data_dir=source)
    )
    ok(result)
    with fresh_postgres_database() as url:
        env = {"LEADWELL_DATABASE_URL": url}
        data_dir = source.parent / "on-postgresql"
        imported = leadwell("import-all", str(export), "--yes", data_dir=data_dir, env=env)
        assert imported.returncode == 0, imported.stderr
        yield Moved(source, export, writes, original_ids, before, env, data_dir, imported.stdout)


def sqlite(data_dir: Path) -> Database:
    return Database(sqlite=data_dir / "leadwell.sqlite3")


def on(env: dict) -> Database:
    return Database(url=env["LEADWELL_DATABASE_URL"])


def test_an_export_taken_while_the_app_writes_moves_the_rows_of_one_moment(moved):
    assert moved.writes["started"] < moved.writes["ended"], "the writer wrote during the export"
    postgresql = on(moved.env)
    caught = {t: postgresql.count(t, above=moved.original_ids[t]) for t in WRITTEN_TABLES}
    assert len(set(caught.values())) == 1, f"each writer transaction whole or not at all: {caught}"
    assert moved.writes["started"] <= caught[WRITTEN_TABLES[0]] <= moved.writes["ended"] + 1
    at_that_moment = sqlite(moved.source).checksums(
        up_to=postgresql.highest_ids(), leave_out=NOT_MOVED
    )
    assert postgresql.checksums(leave_out=NOT_MOVED) == at_that_moment


def test_the_moved_installation_serves_the_same_scorecards(moved):
    assert scorecards(moved.data_dir, moved.env) == moved.scorecards


def test_the_import_reports_the_rows_of_every_table_but_the_sessions(moved):
    counted = on(moved.env).row_counts()
    tables = set(counted) - NOT_MOVED
    counted = {t: counted[t] for t in tables}
    lines = moved.printed.splitlines()
    reported = {line.split()[0]: line.split()[1] for line in lines if line.endswith(" rows")}
    assert reported == {table: f"{rows:,}" for table, rows in counted.items()}
    assert counted["org_person"] == 15
    total = sum(counted.values())
    assert (
        f"Imported {len(tables)} tables, {total:,} rows into the PostgreSQL database" in lines[-1]
    )


def test_moving_back_to_sqlite_gives_the_same_rows(moved, tmp_path):
    back = tmp_path / "organisation-back.jsonl.gz"
    exported = ok(
        leadwell("export-all", str(back), "--json", data_dir=moved.data_dir, env=moved.env)
    )
    assert back.stat().st_mode & 0o777 == 0o600, "only its owner may read an export"
    target = tmp_path / "back-on-sqlite"
    imported = ok(leadwell("import-all", str(back), "--yes", "--json", data_dir=target))
    assert imported["tables"] == exported["tables"] and imported["engine"] == "sqlite"
    assert imported["rows"] == sum(imported["tables"].values())
    assert sqlite(target).checksums(leave_out=NOT_MOVED) == on(moved.env).checksums(
        leave_out=NOT_MOVED
    )


def test_new_records_after_the_move_take_new_ids(moved):
    # PostgreSQL's sequences were set past the imported ids: creating a person and an
    # account would otherwise collide with the first imported ones.
    result = leadwell(
        "createuser",
        "new.hire@example.com",
        "--name",
        "Nia Newhire",
        "--password-stdin",
        data_dir=moved.data_dir,
        env=moved.env,
        stdin="a-long-enough-password\n",
    )
    assert result.returncode == 0, result.stderr
    with on(moved.env).connect() as db:
        assert db.execute(
            "SELECT id > 15 FROM org_person WHERE email = 'new.hire@example.com'"
        ).fetchone() == (True,)


def test_import_all_refuses_a_database_that_holds_tables(moved):
    before = sqlite(moved.source).checksums()
    result = leadwell("import-all", str(moved.export), "--yes", data_dir=moved.source)
    assert result.returncode != 0 and "is not empty" in result.stderr
    assert sqlite(moved.source).checksums() == before


def test_an_export_cut_short_is_refused_before_anything_is_written(moved, tmp_path):
    cut = edited_export(moved.export, tmp_path / "cut.jsonl.gz", lambda lines: lines[:-300])
    target = tmp_path / "target"
    result = leadwell("import-all", str(cut), "--yes", data_dir=target)
    assert result.returncode != 0 and "cut short" in result.stderr
    assert not (target / "leadwell.sqlite3").exists()


def pointing_nowhere(lines: list[str]) -> list[str]:
    """The export with one reporting line naming a person who is not in it."""
    start = next(i for i, line in enumerate(lines) if '"table":"org_membership"' in line)
    column = json.loads(lines[start])["columns"].index("person_id")
    row = json.loads(lines[start + 1])
    row[column] = 999_999
    return [*lines[: start + 1], json.dumps(row), *lines[start + 2 :]]


def test_an_import_that_fails_half_way_leaves_sqlite_without_a_database(moved, tmp_path):
    broken = edited_export(moved.export, tmp_path / "broken.jsonl.gz", pointing_nowhere)
    target = tmp_path / "target"
    result = leadwell("import-all", str(broken), "--yes", data_dir=target)
    assert result.returncode != 0 and "stopped and wrote nothing" in result.stderr
    assert not (target / "leadwell.sqlite3").exists()


def test_an_import_that_fails_half_way_leaves_postgresql_empty(moved, tmp_path):
    broken = edited_export(moved.export, tmp_path / "broken.jsonl.gz", pointing_nowhere)
    with fresh_postgres_database() as url:
        env = {"LEADWELL_DATABASE_URL": url}
        result = leadwell("import-all", str(broken), "--yes", data_dir=tmp_path, env=env)
        assert result.returncode != 0 and "stopped and wrote nothing" in result.stderr
        assert on(env).checksums() == {}, "not even the tables are left"


def test_an_export_and_a_backup_each_point_to_the_command_that_reads_them(moved, tmp_path):
    backup = ok(leadwell("backup", str(tmp_path / "b.tar.gz"), "--json", data_dir=moved.source))
    wrong_way = leadwell("import-all", backup["path"], "--yes", data_dir=tmp_path / "one")
    assert wrong_way.returncode != 0 and "`leadwell restore`" in wrong_way.stderr
    other_way = leadwell("restore", str(moved.export), "--yes", data_dir=tmp_path / "two")
    assert other_way.returncode != 0 and "`leadwell import-all`" in other_way.stderr


def test_an_export_of_an_older_schema_is_imported_then_migrated(built, tmp_path):
    older = copy(built, tmp_path / "older")
    assert leadwell("manage", "migrate", "metrics", "0002", data_dir=older).returncode == 0
    export = tmp_path / "older.jsonl.gz"
    header = ok(leadwell("export-all", str(export), "--json", data_dir=older))
    assert "metrics_teamsettings" not in header["tables"]
    with fresh_postgres_database() as url:
        env = {"LEADWELL_DATABASE_URL": url}
        report = ok(
            leadwell("import-all", str(export), "--yes", "--json", data_dir=tmp_path, env=env)
        )
        assert report["migrations_applied"] == [
            "metrics.0003_team_settings",
            "metrics.0004_deals_decided_figures",
            "metrics.0005_parts_forecast_won",
            "metrics.0006_figures_read_from_parts",
        ]
        with on(env).connect() as db:
            assert "metrics_teamsettings" in on(env).tables(db)
            # Figures are read from the parts the export brought; none are kept beside them.
            assert "metrics_figure" not in on(env).tables(db)
            assert db.execute("SELECT COUNT(*) FROM metrics_parts").fetchone()[0] > 0
