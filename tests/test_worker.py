"""`leadwell serve` keeps its background worker running: a worker that dies is started again,
after a pause that grows while it keeps dying soon after starting."""

import os
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from leadwell.worker import (
    FIRST_RESTART_DELAY,
    LONGEST_RESTART_DELAY,
    RAN_WELL_SECONDS,
    restart_delay,
)

from .conftest import once_per_ci_run
from .test_cli import free_port, leadwell

pytestmark = once_per_ci_run


def test_a_worker_that_keeps_dying_is_started_again_after_longer_and_longer_pauses():
    delays = []
    delay = None
    for _ in range(8):
        delay = restart_delay(delay, ran_for=3)
        delays.append(delay)
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    assert FIRST_RESTART_DELAY == 1 and LONGEST_RESTART_DELAY == 60
    # A worker that had been running well dies: it is started again at once, as at first.
    assert restart_delay(60, ran_for=RAN_WELL_SECONDS) == FIRST_RESTART_DELAY


def workers_of(pid: int) -> set[int]:
    """The `leadwell worker` processes started by process `pid` (from any of its threads)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        parent = next(line for line in status.splitlines() if line.startswith("PPid:"))
        if int(parent.split()[1]) == pid and command[-2:] == [b"worker", b""]:
            found.add(int(entry.name))
    return found


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads processes from /proc")
def test_serve_starts_its_worker_again_when_the_worker_is_killed(tmp_path):
    data_dir = tmp_path / "data"
    assert leadwell("init", data_dir=data_dir).returncode == 0
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
    server = subprocess.Popen(
        ["leadwell", "serve", "--port", str(port), "--workers", "1", "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    second = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(server.stdout), daemon=True)
    reader.start()
    try:
        (first,) = wait_for(lambda: workers_of(server.pid), "the worker to start")
        os.kill(first, signal.SIGKILL)
        wait_for(
            lambda: any("starting it again in 1 s" in line for line in output),
            "the supervisor to notice",
        )
        (second,) = wait_for(lambda: workers_of(server.pid) - {first}, "a new worker")
        assert not Path(f"/proc/{first}").exists()
        wait_for(
            lambda: any(f"running again (process {second})" in line for line in output),
            "the restart to be logged",
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/signin/", timeout=10) as page:
            assert page.status == 200  # the web app never stopped
    finally:
        server.terminate()
        server.wait(timeout=60)
        reader.join(timeout=10)
    assert not Path(f"/proc/{second}").exists()  # stopping serve stops its worker
