"""`leadwell worker` with the import's writing slowed down: the harness of the test that kills a
worker in the middle of an import (tests/crm/test_worker_killed.py).

    python -m tests.crm.slow_worker MARKER      (LEADWELL_* settings in the environment)

Batches are ten rows, and each batch the import writes takes a second more; after the first
one it touches MARKER, so the test knows the worker is inside the import's write transaction
with rows written. Everything else is the real worker.
"""

import os
import sys
import time
from pathlib import Path


def main(marker: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadwell.settings")
    import django

    django.setup()
    from leadwell.crm.importing import engine
    from leadwell.worker import run_worker

    engine.BATCH_ROWS = 10
    writer_for = engine.writer_for

    def slowed(*args, **kwargs):
        writer = writer_for(*args, **kwargs)
        if writer.writing:
            write = writer.write

            def write_slowly(batch):
                refused = write(batch)
                marker.touch()
                time.sleep(1)
                return refused

            writer.write = write_slowly  # type: ignore[method-assign]
        return writer

    engine.writer_for = slowed  # type: ignore[assignment]
    run_worker()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
