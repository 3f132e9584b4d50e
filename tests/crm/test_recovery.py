"""Imports whose worker died are marked failed, say so everywhere and start again; uploads of
finished imports are removed after the retention period."""

import datetime
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.urls import reverse
from django.utils import timezone

from leadwell.cli import main
from leadwell.crm import services
from leadwell.crm.models import ImportRun, Opportunity
from leadwell.crm.tasks import heartbeat_name
from leadwell.lib.heartbeat import Heartbeat, has_stopped

from .test_import_pages import upload

pytestmark = pytest.mark.django_db

DEALS = (
    "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\nA2,Sofia Berg,Prospecting\n"
)
WORKER_STOPPED = "The worker stopped while importing; nothing was written. Start it again."


@pytest.fixture
def short_heartbeat(settings):
    settings.HEARTBEAT_TIMEOUT = 1


def uploaded(personas) -> ImportRun:
    upload(personas.client("admin"), DEALS)
    return ImportRun.objects.get()


def left_running(run: ImportRun, *, task_id: str = "a-task", dry_run: bool = False) -> ImportRun:
    """The import as a worker killed while it ran leaves it: running, started a while ago."""
    run.status = ImportRun.Status.RUNNING
    run.started_at = timezone.now() - datetime.timedelta(seconds=30)
    run.task_id = task_id
    run.options = {**run.options, "dry_run": dry_run}
    run.save()
    return run


def leadwell(*args: str) -> str:
    """The `leadwell` command run in this process, on the test database."""
    import tempfile

    with tempfile.TemporaryDirectory() as unused_data_dir:
        # Given as the environment, so that the environment is restored afterwards.
        env = {"LEADWELL_DATA_DIR": unused_data_dir}
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_heartbeat_keeps_work_alive_until_it_stops(short_heartbeat):
    started = timezone.now() - datetime.timedelta(seconds=30)
    with Heartbeat("some-work"):
        time.sleep(1.5)  # longer than the timeout: the beats keep it alive
        assert not has_stopped("some-work", started=started)
    assert has_stopped("some-work", started=started)
    assert not has_stopped("new-work", started=timezone.now())  # not silent long enough yet


def test_an_import_whose_worker_died_is_marked_failed_and_says_so(personas, short_heartbeat):
    run = left_running(uploaded(personas))
    alive = ImportRun.objects.create(
        kind="opportunities", file_name="alive.csv", status=ImportRun.Status.RUNNING
    )
    left_running(alive)
    with Heartbeat(heartbeat_name(alive.pk)):
        (marked,) = services.imports_fail_stopped()
    assert marked.pk == run.pk
    run.refresh_from_db()
    assert (run.status, run.interrupted, run.message) == ("failed", True, WORKER_STOPPED)
    assert run.finished_at is not None
    assert ImportRun.objects.get(pk=alive.pk).status == "running"

    api = personas.api("admin").get(f"/api/v1/imports/{run.pk}").json()
    assert (api["status"], api["interrupted"], api["message"]) == ("failed", True, WORKER_STOPPED)
    listed = leadwell("imports")
    assert f"#{run.pk}" in listed and WORKER_STOPPED in listed


def test_a_check_and_a_command_line_import_that_stopped_say_what_stopped(personas, short_heartbeat):
    check = left_running(uploaded(personas), dry_run=True)
    command = left_running(
        ImportRun.objects.create(kind="opportunities", file_name="cli.csv"), task_id=""
    )
    services.imports_fail_stopped()
    check.refresh_from_db()
    command.refresh_from_db()
    assert check.message == (
        "The worker stopped while checking the file; nothing was written. Start it again."
    )
    assert command.message == (
        "The command stopped while importing; nothing was written. Run it again."
    )


def test_a_queued_import_whose_task_ended_without_it_is_marked_failed(personas, monkeypatch):
    run = uploaded(personas)
    ImportRun.objects.filter(pk=run.pk).update(status="pending", task_id="dead-task")
    monkeypatch.setattr("leadwell.crm.tasks.task_is_waiting_or_running", lambda task_id: True)
    assert services.imports_fail_stopped() == []
    monkeypatch.setattr("leadwell.crm.tasks.task_is_waiting_or_running", lambda task_id: False)
    assert [r.pk for r in services.imports_fail_stopped()] == [run.pk]
    assert ImportRun.objects.get(pk=run.pk).status == "failed"


def test_an_import_that_stopped_is_started_again_from_the_imports_page(personas, short_heartbeat):
    run = left_running(uploaded(personas))
    services.imports_fail_stopped()
    client = personas.client("admin")
    listing = client.get(reverse("imports")).content.decode()
    assert "Stopped before it finished; nothing was written." in listing
    assert "Start it again" in listing
    page = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "Stopped before it finished: nothing was written" in page and WORKER_STOPPED in page

    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    run.refresh_from_db()
    assert (run.status, run.interrupted, run.created) == ("succeeded", False, 2)
    assert Opportunity.objects.count() == 2


def finished_days_ago(run: ImportRun, days: int, status: str = "succeeded") -> ImportRun:
    run.status = status
    run.finished_at = timezone.now() - datetime.timedelta(days=days)
    run.save()
    return run


def test_uploads_are_removed_some_days_after_their_import_finished(personas, settings):
    settings.UPLOAD_RETENTION_DAYS = 30
    client = personas.client("admin")
    for name in ("old.csv", "recent.csv", "running.csv", "forgotten.csv"):
        upload(client, DEALS, name=name)
    old, recent, running, forgotten = ImportRun.objects.order_by("pk")
    finished_days_ago(old, 31)
    finished_days_ago(recent, 29, status="failed")
    running.status = "running"
    running.save()
    ImportRun.objects.filter(pk=forgotten.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    files = {run.pk: run.stored_file for run in (old, recent, running, forgotten)}

    output = leadwell("upkeep")
    assert f"Removed the uploaded file of import #{old.pk} (old.csv)" in output
    removed = {run.pk for run in ImportRun.objects.filter(file_removed_at__isnull=False)}
    assert removed == {old.pk, forgotten.pk}
    for pk, path in files.items():
        assert Path(path).exists() == (pk not in removed)
    old.refresh_from_db()
    assert old.stored_file == "" and old.status == "succeeded" and old.created == 0

    page = client.get(reverse("import-review", args=[old.pk])).content.decode()
    assert "The uploaded file was removed on" in page and "kept 30 days" in page
    with pytest.raises(ValueError, match="The uploaded file was removed on"):
        services.import_start(run=old, dry_run=True)
    assert leadwell("upkeep") == "Nothing to do.\n"


def test_a_retention_of_zero_days_keeps_every_upload(personas, settings):
    settings.UPLOAD_RETENTION_DAYS = 0
    run = finished_days_ago(uploaded(personas), 400)
    assert services.uploads_remove_expired() == []
    run.refresh_from_db()
    assert run.stored_file and run.file_removed_at is None


def test_records_sent_to_the_api_are_never_taken_for_stopped_while_they_wait(
    personas, short_heartbeat, monkeypatch
):
    from leadwell.crm.importing import engine

    swept = []
    write_all = engine._write_all

    def waiting_write(*args, **kwargs):
        time.sleep(1.5)  # longer than the timeout, as when waiting for SQLite's write lock
        swept.extend(services.imports_fail_stopped())
        return write_all(*args, **kwargs)

    monkeypatch.setattr(engine, "_write_all", waiting_write)
    response = personas.api("admin").post(
        "/api/v1/records/opportunities",
        {"records": [{"external_id": "R1", "owner": "Sam Ortiz", "stage": "Prospecting"}]},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "succeeded"
    assert swept == []
