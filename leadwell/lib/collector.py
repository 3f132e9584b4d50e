"""Fewer garbage collections while a large import runs.

An import makes millions of short-lived containers (a row's cells, its values, the tuples it
writes), nearly all freed by reference counting the moment a batch is done. With CPython's
default threshold (700 net new containers) a batch of a thousand rows sets off a collection
every few rows, and every tenth of those walks the older generations, the whole heap of the
app and Django, again and again, finding almost nothing: a fifth of an import's time
(bench/README.md). Raising the youngest generation's threshold for the import leaves batches
to be freed by reference counting; cycles, if any, are still collected once that many
containers pile up.
"""

import contextlib
import gc
import threading
from collections.abc import Iterator

# Net new containers between two collections of the youngest generation while importing:
# above what a batch of rows holds at once, so a batch is freed before it triggers one.
IMPORT_THRESHOLD = 20_000

_lock = threading.Lock()
_active = 0
_normal: tuple[int, int, int] = gc.get_threshold()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect less often inside the block; the usual thresholds again when the last such
    block of the process ends (imports may overlap in threads)."""
    global _active, _normal
    with _lock:
        if _active == 0:
            _normal = gc.get_threshold()
            gc.set_threshold(max(_normal[0], IMPORT_THRESHOLD), _normal[1], _normal[2])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                gc.set_threshold(*_normal)
