"""A worker killed (SIGKILL) in the middle of an import, on SQLite and on PostgreSQL: nothing is
written, the import says what happened, and started again it succeeds.

The worker is a real one in its own process (tests/crm/slow_worker.py slows its writing down,
so the kill lands inside the import's write transaction); the data directory and database are
the test's own, as in tests/test_cli.py.
"""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import fresh_postgres_database, once_per_ci_run
from ..test_cli import leadwell

pytestmark = once_per_ci_run

REPOSITORY = Path(__file__).resolve().parents[2]
ROWS = 60  # six batches of ten in the slowed worker: six seconds of writing
WORKER_STOPPED = "The worker stopped while importing; nothing was written. Start it again."


@dataclass
class Installation:
    data_dir: Path
    env: dict[str, str]
    database_url: str | None

    def leadwell(self, *args: str) -> subprocess.CompletedProcess:
        result = leadwell(*args, data_dir=self.data_dir, env=self.env)
        assert result.returncode == 0, result.stderr + result.stdout
        return result

    def query(self, sql: str) -> list[tuple]:
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as db:
                return db.execute(sql).fetchall()
        with contextlib.closing(sqlite3.connect(self.data_dir / "leadwell.sqlite3")) as db:
            return db.execute(sql).fetchall()

    def run_of(self, pk: int) -> tuple:
        sql = f"SELECT status, interrupted, message FROM crm_importrun WHERE id = {int(pk)}"  # noqa: S608
        (row,) = self.query(sql)
        return (row[0], bool(row[1]), row[2])

    def start(self, command: list[str]) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
        env |= self.env | {"LEADWELL_DATA_DIR": str(self.data_dir)}
        return subprocess.Popen(command, cwd=REPOSITORY, env=env)


@pytest.fixture(params=["sqlite", "postgresql"])
def installation(request, tmp_path) -> Iterator[Installation]:
    # Work silent for two seconds has stopped: the upkeep looks every second.
    env = {"LEADWELL_HEARTBEAT_TIMEOUT": "2"}
    if request.param == "sqlite":
        yield Installation(tmp_path / "data", env, None)
        return
    with fresh_postgres_database() as url:
        yield Installation(tmp_path / "data", env | {"LEADWELL_DATABASE_URL": url}, url)


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def queue_import(installation: Installation, path: Path) -> int:
    """Upload the file and start its import, as the imports page does."""
    code = (
        "from django.core.files.uploadedfile import SimpleUploadedFile\n"
        "from leadwell.crm import services\n"
        f"data = open({str(path)!r}, 'rb').read()\n"
        "upload = SimpleUploadedFile('deals.csv', data)\n"
        "run = services.import_upload(user=None, kind='opportunities', upload=upload)\n"
        "services.import_start(run=run, dry_run=False)\n"
        "print(run.pk)\n"
    )
    return int(installation.leadwell("manage", "shell", "-c", code).stdout.split()[-1])


def start_again(installation: Installation, pk: int) -> None:
    code = (
        "from leadwell.crm import services\n"
        "from leadwell.crm.models import ImportRun\n"
        f"services.import_start(run=ImportRun.objects.get(pk={pk}), dry_run=False)\n"
    )
    installation.leadwell("manage", "shell", "-c", code)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_worker_killed_mid_import_writes_nothing_and_the_import_starts_again(
    installation, tmp_path
):
    installation.leadwell("init")
    people = tmp_path / "people.csv"
    people.write_text("Name,Email\nSam Ortiz,sam.ortiz@example.com\n")
    installation.leadwell("import", "people", str(people))
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "Opportunity ID,Opportunity Owner,Stage,Amount\n"
        + "".join(f"D{i:03d},Sam Ortiz,Prospecting,{100 + i}\n" for i in range(ROWS))
    )
    pk = queue_import(installation, deals)

    marker = tmp_path / "writing"
    slow = installation.start([sys.executable, "-m", "tests.crm.slow_worker", str(marker)])
    try:
        wait_for(marker.exists, "the worker to write its first rows")
        os.kill(slow.pid, signal.SIGKILL)
        slow.wait(timeout=30)
    finally:
        stop(slow)
    assert installation.query("SELECT count(*) FROM crm_opportunity") == [(0,)]
    assert installation.run_of(pk)[0] == "running"  # as the killed worker left it

    worker = installation.start([sys.executable, "-m", "leadwell.cli", "worker"])
    try:
        status = wait_for(
            lambda: installation.run_of(pk)[0] == "failed" and installation.run_of(pk),
            "the upkeep to find the import stopped",
        )
        assert status == ("failed", True, WORKER_STOPPED)
        assert installation.query("SELECT count(*) FROM crm_opportunity") == [(0,)]
        listed = json.loads(installation.leadwell("imports", "--json").stdout)
        assert (listed[0]["id"], listed[0]["message"]) == (pk, WORKER_STOPPED)

        start_again(installation, pk)
        wait_for(lambda: installation.run_of(pk)[0] == "succeeded", "the import to succeed")
    finally:
        stop(worker)
    assert installation.run_of(pk) == ("succeeded", False, "")
    assert installation.query("SELECT count(*) FROM crm_opportunity") == [(ROWS,)]
