"""On SQLite one write happens at a time: every connection, in the web app, the worker and the
command line, waits for the write lock (LEADWELL_SQLITE_BUSY_TIMEOUT) instead of failing, and
a write that waited in vain answers 503 with the reason, never a server error."""

import os
import sqlite3
import subprocess
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections

from .conftest import once_per_ci_run
from .test_cli import leadwell

A_WRITE = (
    "from leadwell.crm.models import Stage\n"
    "import time\n"
    "print('writing', flush=True)\n"
    "Stage.objects.create(name='NAME')\n"
    "print(f'wrote at {time.time()}', flush=True)\n"
)


@pytest.mark.django_db
def test_every_connection_of_a_process_waits_for_the_write_lock():
    if connection.vendor != "sqlite":
        pytest.skip("the write lock is SQLite's")
    expected = settings.SQLITE_BUSY_TIMEOUT * 1000
    found = {}

    def in_a_thread() -> None:  # as the worker's upkeep and each web thread connect
        with connections["default"].cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            found["thread"] = cursor.fetchone()[0]
        connections.close_all()

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        found["main"] = cursor.fetchone()[0]
    assert found == {"main": expected, "thread": expected}
    assert connection.transaction_mode == "IMMEDIATE"


def write_while_locked(data_dir, name: str, *, hold: float, env: dict | None = None):
    """Start a write in a fresh `leadwell` process while this test holds SQLite's write lock,
    and release the lock `hold` seconds after the write has started. Returns the finished
    process and when the lock was released."""
    db = sqlite3.connect(data_dir / "leadwell.sqlite3", isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
    writer = subprocess.Popen(
        [
            *("leadwell", "manage", "shell", "--no-imports", "-c"),
            *(A_WRITE.replace("NAME", name), "--data-dir", str(data_dir)),
        ],
        env=run_env | (env or {}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    time.sleep(hold)
    db.execute("ROLLBACK")
    released = time.time()
    db.close()
    out, err = writer.communicate(timeout=120)
    return writer.returncode, out, err, released


@once_per_ci_run
def test_a_write_waits_for_another_writer_and_gives_up_after_the_busy_timeout(tmp_path):
    data_dir = tmp_path / "data"
    assert leadwell("init", data_dir=data_dir).returncode == 0

    code, out, err, released = write_while_locked(data_dir, "Waited", hold=2)
    assert code == 0, err
    assert float(out.split()[-1]) >= released  # it waited for the lock, then wrote

    code, out, err, _ = write_while_locked(
        data_dir, "Gave up", hold=4, env={"LEADWELL_SQLITE_BUSY_TIMEOUT": "1"}
    )
    assert code != 0 and "database is locked" in err
    with sqlite3.connect(data_dir / "leadwell.sqlite3") as db:
        names = {name for (name,) in db.execute("SELECT name FROM crm_stage")}
    assert "Waited" in names and "Gave up" not in names


@pytest.mark.django_db
def test_a_write_that_waited_in_vain_answers_503_and_says_why(personas, monkeypatch):
    def busy(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("leadwell.metrics.services.target_set", busy)
    api = personas.api("leader").post(
        "/api/v1/targets/",
        {
            "metric": "win_rate",
            "value": 0.3,
            "valid_from": "2024-04-01",
            "person_id": personas.seller.pk,
        },
        content_type="application/json",
    )
    assert api.status_code == 503 and api["Retry-After"] == "60"
    assert api.json()["detail"].startswith("Your change was not saved: Leadwell is busy")

    monkeypatch.setattr("leadwell.identity.services.token_create", busy)
    page = personas.client("seller").post("/profile/", {"name": "script"})
    assert page.status_code == 503
    assert "Your change was not saved" in page.content.decode()
