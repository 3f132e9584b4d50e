"""Peak memory of `leadwell export-all` and `leadwell import-all` as the database grows.

    python bench/transfer.py                                  # SQLite to SQLite
    python bench/transfer.py --sizes 100000,400000 --postgres-url postgresql:///leadwell_bench

It builds the demo organisation once, then for each size a copy with that many more CRM
activities, and runs the export and the import (into a new SQLite data directory, or into a
new PostgreSQL database named after --postgres-url and the size, e.g. leadwell_bench_100000,
created and dropped here through the server's `postgres` database), each in a child process
of its own. It prints each run's rows per second and peak memory, and the ratio
of the largest size's peak memory to the smallest's: streaming means it stays near 1 however
many more rows there are.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

# Runs one leadwell command in this child process and reports its own peak memory.
CHILD = """
import resource, sys
from leadwell.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print("peak-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def leadwell(*args: str, env: dict | None = None) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one command."""
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
    run_env.update(env or {})
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, env=run_env
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"leadwell {' '.join(args)} failed:\n{done.stderr}")
    peak = next(line for line in done.stderr.splitlines() if line.startswith("peak-kib"))
    return elapsed, int(peak.split()[1])


def grow(data_dir: Path, extra: int) -> int:
    """Add `extra` activities, copies of the demo's with ids of their own; returns all rows."""
    with sqlite3.connect(data_dir / "leadwell.sqlite3") as db:
        low, count = db.execute("SELECT min(id), count(*) FROM crm_activity").fetchone()
        db.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO crm_activity (external_id, type, date, status, subject, account_id,
                                      owner_id, last_import_id, opportunity_id)
            SELECT 'bench-' || n.i, a.type, a.date, a.status, a.subject, a.account_id,
                   a.owner_id, a.last_import_id, a.opportunity_id
            FROM n JOIN crm_activity a ON a.id = ? + n.i % ?
            """,
            (extra, low, count),
        )
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return sum(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,400000", help="extra activities per run")
    parser.add_argument("--postgres-url", help="a PostgreSQL server to import into")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="leadwell-bench-transfer-") as work_dir:
        work = Path(work_dir)
        demo = work / "demo"
        leadwell("demo", "--no-serve", "--data-dir", str(demo))
        peaks = {}
        for size in sizes:
            source = shutil.copytree(demo, work / f"source-{size}")
            rows = grow(source, size)
            export = work / f"export-{size}.jsonl.gz"
            seconds, peak_out = leadwell("export-all", str(export), "--data-dir", str(source))
            print(
                f"{size:>10,} extra: export-all {rows / seconds:>9,.0f} rows/s, "
                f"peak {peak_out / 1024:,.0f} MiB ({rows:,} rows)"
            )
            target = ["--data-dir", str(work / f"target-{size}")]
            env = None
            if args.postgres_url:
                name = f"{args.postgres_url.rsplit('/', 1)[1]}_{size}"
                server_url = args.postgres_url.rsplit("/", 1)[0] + "/postgres"
                with psycopg.connect(server_url, autocommit=True) as server:
                    server.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    server.execute(f'CREATE DATABASE "{name}"')
                env = {"LEADWELL_DATABASE_URL": args.postgres_url.rsplit("/", 1)[0] + "/" + name}
            seconds, peak_in = leadwell("import-all", str(export), "--yes", *target, env=env)
            print(
                f"{size:>10,} extra: import-all {rows / seconds:>9,.0f} rows/s, "
                f"peak {peak_in / 1024:,.0f} MiB"
            )
            if args.postgres_url:
                with psycopg.connect(server_url, autocommit=True) as server:
                    server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            peaks[size] = (peak_out, peak_in)
            shutil.rmtree(source)
        smallest, largest = min(sizes), max(sizes)
        for i, what in enumerate(("export-all", "import-all")):
            ratio = peaks[largest][i] / peaks[smallest][i]
            print(f"{what}: peak memory at {largest:,} / at {smallest:,} extra rows: {ratio:.3f}")


if __name__ == "__main__":
    main()
