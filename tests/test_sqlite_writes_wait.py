"""On SQLite one write happens at a time: every connection, in the web app, the worker and the
command line, waits for the write lock (LEADWELL_SQLITE_BUSY_TIMEOUT) instead of failing, and
a write that waited in vain answers 503 with the reason, never a server error."""

import sqlite3
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections

from .test_cli import leadwell

A_WRITE = (
    "from leadwell.crm.models import Stage\n"
    "import time\n"
    "start = time.monotonic()\n"
    "Stage.objects.create(name='Waited')\n"
    "print(f'wrote after {time.monotonic() - start:.1f} s')\n"
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


def hold_the_write_lock(database, seconds: float) -> threading.Thread:
    locked = threading.Event()

    def hold() -> None:
        db = sqlite3.connect(database, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(seconds)
        db.execute("ROLLBACK")
        db.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait()
    return thread


def test_a_write_waits_for_another_writer_and_gives_up_after_the_busy_timeout(tmp_path):
    data_dir = tmp_path / "data"
    assert leadwell("init", data_dir=data_dir).returncode == 0
    database = data_dir / "leadwell.sqlite3"

    holder = hold_the_write_lock(database, 3)
    waited = leadwell("manage", "shell", "-c", A_WRITE, data_dir=data_dir)
    holder.join()
    assert waited.returncode == 0, waited.stderr
    assert float(waited.stdout.split()[-2]) >= 2  # it waited for the lock, then wrote

    holder = hold_the_write_lock(database, 4)
    gave_up = leadwell(
        "manage",
        "shell",
        "-c",
        A_WRITE.replace("Waited", "Gave up"),
        data_dir=data_dir,
        env={"LEADWELL_SQLITE_BUSY_TIMEOUT": "1"},
    )
    holder.join()
    assert gave_up.returncode != 0 and "database is locked" in gave_up.stderr
    with sqlite3.connect(database) as db:
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
