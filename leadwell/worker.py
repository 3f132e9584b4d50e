"""The background worker, and how `leadwell serve` keeps one running.

`leadwell worker` (and the worker `leadwell serve` starts beside the web server) runs
django-tasks' database worker with two additions:

- every task beats a heartbeat while it runs (leadwell/lib/heartbeat.py), so a task whose
  worker died can be told from one still running;
- a thread does the upkeep when the worker starts and every minute after: tasks and imports
  whose worker died are marked failed, API token uses and calendar feed reads noted in the
  cache are saved, the uploads of long-finished imports are removed, trust pulses whose
  window ended are closed (writing their results once k have answered), the organisation's
  monthly pulses are opened, the digests and reminders due by each person's hour are made,
  and the e-mails whose time has come are sent (deliveries left half-sent by a worker that
  died are marked uncertain first, never sent again by themselves). `leadwell upkeep` does
  the same once.

`Supervisor` is how `leadwell serve` keeps its worker running: a worker that dies is started
again, after a pause that doubles each time it dies soon after starting.
"""

import datetime
import logging
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import OperationalError, connections
from django.utils import timezone

from leadwell.cadences import delivery as mail_delivery
from leadwell.cadences.models import Notification
from leadwell.cadences.schedule import digests_due
from leadwell.cadences.services import feeds as feed_services
from leadwell.crm import services as crm_services
from leadwell.crm.models import ImportRun
from leadwell.identity import services as identity_services
from leadwell.lib.heartbeat import Heartbeat, forget, has_stopped
from leadwell.pulse import selectors as pulse_selectors
from leadwell.pulse import services as pulse_services
from leadwell.pulse.models import Pulse, ResultGroup

log = logging.getLogger("leadwell.worker")

# At most this long between two upkeeps (less when the heartbeat timeout is shorter).
UPKEEP_SECONDS = 60.0
# Tasks that are started again when their worker died: they are safe to run twice.
RESTARTED_WHEN_STOPPED = {"leadwell.metrics.tasks.recompute_summaries"}


class WorkerStopped(Exception):
    """The worker running a task died before the task finished."""


def task_heartbeat(task_id: Any) -> str:
    return f"task:{task_id}"


_beating: dict[str, Heartbeat] = {}


def _task_started(sender, task_result, **kwargs) -> None:
    _beating[str(task_result.id)] = Heartbeat(task_heartbeat(task_result.id)).start()


def _task_finished(sender, task_result, **kwargs) -> None:
    beat = _beating.pop(str(task_result.id), None)
    if beat is not None:
        beat.stop()


def tasks_fail_stopped() -> list[Any]:
    """Mark failed the background tasks marked running whose heartbeat stopped (their worker
    died); the summaries' recompute is queued again. Returns the tasks marked."""
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - datetime.timedelta(seconds=settings.HEARTBEAT_TIMEOUT)
    marked = []
    for result in DBTaskResult.objects.running().filter(started_at__lt=limit):
        if not has_stopped(task_heartbeat(result.id), started=result.started_at):
            continue
        stopped = f"The worker stopped while running {result.task_path}; it did not finish."
        result.set_failed(WorkerStopped(stopped))
        log.warning("task %s (%s): its worker stopped; marked failed", result.id, result.task_path)
        forget(task_heartbeat(result.id))
        marked.append(result)
        if result.task_path in RESTARTED_WHEN_STOPPED:
            result.task.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    return marked


@dataclass
class Upkeep:
    tasks_failed: list[Any] = field(default_factory=list)
    imports_failed: list[ImportRun] = field(default_factory=list)
    token_uses_saved: int = 0
    feed_reads_saved: int = 0
    uploads_removed: list[ImportRun] = field(default_factory=list)
    pulses_closed: int = 0
    pulse_results: list[ResultGroup] = field(default_factory=list)
    pulses_opened: list[Pulse] = field(default_factory=list)
    digests_made: list[Notification] = field(default_factory=list)
    mail_uncertain: list[int] = field(default_factory=list)
    mail: mail_delivery.Sent = field(default_factory=mail_delivery.Sent)

    @property
    def did_something(self) -> bool:
        return bool(
            self.tasks_failed
            or self.imports_failed
            or self.token_uses_saved
            or self.feed_reads_saved
            or self.uploads_removed
            or self.pulses_closed
            or self.pulse_results
            or self.pulses_opened
            or self.digests_made
            or self.mail_uncertain
            or self.mail
        )


def upkeep() -> Upkeep:
    """One round of upkeep (see the module's docstring)."""
    done = Upkeep()
    done.tasks_failed = tasks_fail_stopped()
    # After the tasks: an import queued by a task found dead just now is failed in this round.
    done.imports_failed = crm_services.imports_fail_stopped()
    done.token_uses_saved = identity_services.tokens_save_uses()
    done.feed_reads_saved = feed_services.feeds_save_reads()
    done.uploads_removed = crm_services.uploads_remove_expired()
    today = timezone.localdate()
    done.pulses_closed = pulse_selectors.pulses_due_to_close(today).count()
    done.pulse_results = pulse_services.pulses_close_due(today)
    # After the closing: a pulse whose window ended this morning no longer counts as open.
    done.pulses_opened = pulse_services.pulses_open_scheduled(today)
    # Digests and reminders due by each person's hour in their own time zone; their e-mails
    # go out just below, in the same round.
    done.digests_made = digests_due(timezone.now())
    # Before the sending: what a dead worker left half-sent is never picked up as due.
    done.mail_uncertain = mail_delivery.deliveries_mark_uncertain()
    done.mail = mail_delivery.deliveries_send_due()
    return done


def upkeep_interval() -> float:
    return min(UPKEEP_SECONDS, settings.HEARTBEAT_TIMEOUT / 2)


def _keep_up(stop: threading.Event) -> None:
    while True:
        try:
            upkeep()
        except OperationalError as error:
            # On SQLite, an import holding the write lock longer than the busy timeout.
            log.info("upkeep could not write (%s); trying again in a minute", error)
        except Exception:
            log.exception("upkeep failed; trying again in a minute")
        finally:
            connections.close_all()  # this thread's connections only
        if stop.wait(upkeep_interval()):
            return


def run_worker() -> None:
    """Run the queue's tasks until stopped, with heartbeats and upkeep (`leadwell worker`)."""
    from django.core.management import call_command
    from django_tasks.signals import task_finished, task_started

    task_started.connect(_task_started, dispatch_uid="leadwell-heartbeat-start")
    task_finished.connect(_task_finished, dispatch_uid="leadwell-heartbeat-stop")
    stop = threading.Event()
    threading.Thread(target=_keep_up, args=(stop,), name="upkeep", daemon=True).start()
    try:
        call_command("db_worker", "--no-reload", "--queue-name", "*")
    finally:
        stop.set()


# --- keeping a worker running beside the web server -----------------------------------------
FIRST_RESTART_DELAY = 1.0
LONGEST_RESTART_DELAY = 60.0
# A worker that ran this long before it died is started again at once, as if for the first time.
RAN_WELL_SECONDS = 60.0


def restart_delay(previous: float | None, ran_for: float) -> float:
    """How long to wait before starting a worker again that died after running `ran_for`
    seconds, when the previous restart waited `previous` seconds (None: none yet)."""
    if previous is None or ran_for >= RAN_WELL_SECONDS:
        return FIRST_RESTART_DELAY
    return min(previous * 2, LONGEST_RESTART_DELAY)


class Supervisor:
    """Runs `command` as the worker process and starts it again whenever it dies, until
    `stop()`; each restart is logged."""

    def __init__(self, command: list[str], *, env: dict[str, str] | None = None) -> None:
        self.command = command
        self.env = env
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.delay: float | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="worker supervisor", daemon=True)

    def start(self) -> "Supervisor":
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        # A session of its own: Ctrl+C in the terminal stops the server, which then stops
        # the worker, rather than reaching the worker first (to be started again at once).
        self.process = subprocess.Popen(  # noqa: S603  (our own command)
            self.command, env=self.env, start_new_session=True
        )
        self.started = time.monotonic()

    def _watch(self) -> None:
        while not self._stopping.wait(0.5):
            if self.process is None:
                return
            code = self.process.poll()
            if code is None:
                continue
            ran_for = time.monotonic() - self.started
            self.delay = restart_delay(self.delay, ran_for)
            # gunicorn's master reaps every child it has, ours included, so a worker killed
            # by a signal may show exit code 0 here: say the code only when it tells something.
            how = f" (exit code {code})" if code else ""
            log.warning(
                "The background worker stopped%s after %.0f s; starting it again in %.0f s.",
                how,
                ran_for,
                self.delay,
            )
            if self.delay > FIRST_RESTART_DELAY:
                log.warning(
                    "The background worker keeps stopping soon after it starts: look at its "
                    "messages above. Waiting %.0f s before each new start, at most %.0f s.",
                    self.delay,
                    LONGEST_RESTART_DELAY,
                )
            if self._stopping.wait(self.delay):
                return
            self._spawn()
            log.warning("The background worker is running again (process %s).", self.process.pid)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
