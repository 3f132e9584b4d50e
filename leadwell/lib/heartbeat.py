"""Heartbeats of long work, so that work whose process died can be told from work still running.

While a piece of work runs, a thread of its process writes the time into the cache every few
seconds (`Heartbeat`); the cache is shared by the web app, the worker and the command line of
one installation (see settings.CACHES). Work whose last heartbeat is older than
`settings.HEARTBEAT_TIMEOUT` seconds has stopped: its process was killed, or its machine
went down (`has_stopped`). The cache, not the database: an import holds the database's write
lock on SQLite for as long as it writes, and a heartbeat written there would wait for it.
"""

import threading
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache

# Beats per timeout: a heartbeat may be late a few times before the work counts as stopped.
BEATS_PER_TIMEOUT = 6


def _key(name: str) -> str:
    return f"heartbeat:{name}"


class Heartbeat:
    """Beats the heartbeat `name` from a thread, from `start()` (or entering the `with`
    block) until `stop()`; a stopped heartbeat is forgotten."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat {name}", daemon=True)

    def start(self) -> "Heartbeat":
        cache.set(_key(self.name), time.time(), timeout=None)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        cache.delete(_key(self.name))

    def _beat(self) -> None:
        while not self._stop.wait(settings.HEARTBEAT_TIMEOUT / BEATS_PER_TIMEOUT):
            cache.set(_key(self.name), time.time(), timeout=None)

    def __enter__(self) -> "Heartbeat":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def forget(name: str) -> None:
    """Forget the last beat of work found stopped (its process could not)."""
    cache.delete(_key(name))


def last_beat(name: str) -> float | None:
    """When the heartbeat `name` last beat (a Unix time), or None."""
    return cache.get(_key(name))


def has_stopped(name: str, *, started: datetime | None) -> bool:
    """Whether the work beating `name`, started at `started`, has not beaten for longer than
    the timeout (work that never beat counts from its start)."""
    latest = last_beat(name)
    if latest is None:
        if started is None:
            return True
        latest = started.timestamp()
    return time.time() - latest > settings.HEARTBEAT_TIMEOUT
