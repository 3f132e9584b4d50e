"""Importer benchmark: Leadwell's importer against the raw load and django-import-export.

    python bench/import.py --rows 1000000 [--activities 1000000] [--import-export-rows 20000]
    python bench/import.py --rows 1000000 --database-url postgresql:///leadwell_bench
    python bench/import.py --memory 1000000,5000000

It generates Salesforce-format opportunity (and activity) exports, imports them with
`leadwell import`'s engine (validation, upsert, history), then in the same run loads the same
rows the fastest raw way the database offers (SQLite: one transaction of executemany into a
bare table; PostgreSQL: COPY into a bare table), and, at a smaller size, imports them with
django-import-export. It prints rows per second for each and the ratios. After the large
import it imports 500 and 5,000 new deals, then the large file again with 1% of its rows
changed, and prints each one's scorecard refresh against the import itself (bar: no longer). `--memory` runs the
importer in a child process per size and compares their peak memory.
"""

import argparse
import csv
import datetime
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dbtools import drop_secondary_indexes
from generate import (
    ACTIVITY_HEADER,
    HEADER,
    STAGES,
    activity_rows,
    opportunity_rows,
    owners,
    write_csv,
)

SELLERS = 300
ACCOUNTS = 20_000  # as many as generate.opportunity_rows names


def setup(data_dir: Path, database_url: str | None) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["LEADWELL_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "leadwell.settings"
    if database_url:
        os.environ["LEADWELL_DATABASE_URL"] = database_url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("flush", interactive=False, verbosity=0) if _has_tables() else None
    call_command("migrate", interactive=False, verbosity=0)


def _has_tables() -> bool:
    from django.db import connection

    return "crm_opportunity" in connection.introspection.table_names()


REFRESH_SECONDS: list[float] = []


def leadwell_import(kind: str, path: Path) -> tuple[float, object]:
    """Import a file as `leadwell import` does. Returns the seconds spent without the scorecard
    refresh every import ends with (timed apart, into REFRESH_SECONDS), and the run."""
    from leadwell.crm.importing.engine import run_import
    from leadwell.crm.importing.rows import ImportOptions
    from leadwell.metrics import compute

    refresh = compute.refresh_for_import
    spent: list[float] = []

    def timed_refresh(run_id: int, **kwargs):
        start = time.perf_counter()
        try:
            return refresh(run_id, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    compute.refresh_for_import = timed_refresh  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        run = run_import(path, ImportOptions(kind=kind))
        elapsed = time.perf_counter() - start
    finally:
        compute.refresh_for_import = refresh  # type: ignore[assignment]
    if run.status != "succeeded":
        raise SystemExit(
            f"the import of {path.name} did not succeed: {run.status} {run.message} {run.errors[:3]}"
        )
    REFRESH_SECONDS[:] = [sum(spent)]
    return elapsed - sum(spent), run


def raw_load(path: Path, columns: int) -> float:
    """The fastest raw load: no parsing, no validation, no indexes."""
    from django.db import connection, transaction

    table = "bench_raw"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} ({', '.join(f'c{i} text' for i in range(columns))})")
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _raw_into(cursor, table, path, columns)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
    return elapsed


def _raw_into(cursor, table: str, path: Path, columns: int) -> None:
    if cursor.db.vendor == "postgresql":
        with (
            path.open("rb") as source,
            cursor.cursor.copy(f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        return
    with path.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        marks = ", ".join("?" for _ in range(columns))
        cursor.cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", reader)


def indexed_floor(path: Path) -> float:
    """The same rows, already converted to ready tuples outside the timing, loaded the fastest
    way into the real opportunity table with its indexes and foreign keys: the database's own
    floor for this work, before any reading, validation, upsert or history."""
    import datetime
    from decimal import Decimal

    from django.db import connection, transaction

    from leadwell.crm.importing.writers.deals import OPPORTUNITY_COLUMNS
    from leadwell.crm.models import Account, ImportRun, Opportunity
    from leadwell.lib.dbsql import db_value, load, text_columns
    from leadwell.org.models import Person

    people = dict(Person.objects.values_list("name", "pk"))
    accounts = dict(Account.objects.values_list("name", "pk"))
    run = ImportRun.objects.create(kind="opportunities", file_name="floor")
    now = db_value(datetime.datetime.now(datetime.UTC))

    def day(text: str) -> datetime.date:
        month, dd, year = text.split("/")
        return datetime.date(int(year), int(month), int(dd))

    # The same columns, in the same order, as the importer writes.
    columns = ["external_id", *OPPORTUNITY_COLUMNS, "updated_at", "last_import_id"]
    with path.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        rows = [
            (
                f"floor-{r[0]}",
                r[1],
                accounts.get(r[2]),
                people[r[3]],
                Decimal(r[4].replace("$", "").replace(",", "")),
                "USD",
                Decimal(r[4].replace("$", "").replace(",", "")),  # in the reporting currency
                "USD",
                "same",
                None,
                "",
                "",
                r[7],
                1,
                "open",
                Decimal(r[8]),
                "pipeline",
                day(r[6]),
                day(r[5]),
                "",
                now,
                run.pk,
            )
            for r in reader
        ]
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        load(
            cursor,
            Opportunity._meta.db_table,
            columns,
            rows,
            as_text=text_columns(Opportunity, columns),
        )
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:  # nothing refers to these rows; skip the ORM's collector
        cursor.execute("DELETE FROM crm_opportunity WHERE last_import_id = %s", [run.pk])
    return elapsed


def set_based_ceiling(path: Path) -> float:
    """The most a redesign could hope for: the file's text loaded the raw way into a staging
    table, then one INSERT ... SELECT into the real opportunity table (owners and accounts
    joined by name, amounts and dates cast in SQL), with its secondary indexes and constraints
    dropped first and rebuilt after, as the databases' bulk-loading guides advise. No
    validation, no upsert, no history: an upper bound for any importer, not an importer.
    Rolled back."""
    from django.db import connection, transaction

    from leadwell.crm.models import ImportRun

    run = ImportRun.objects.create(kind="opportunities", file_name="ceiling")
    postgresql = connection.vendor == "postgresql"
    staged = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    if postgresql:
        amount = "replace(replace(s.c4, '$', ''), ',', '')::numeric"
        probability = "s.c8::numeric"
        close, created = "to_date(s.c5, 'MM/DD/YYYY')", "to_date(s.c6, 'MM/DD/YYYY')"
    else:  # SQLite keeps dates as text; leaving them as written only flatters the ceiling
        amount = "CAST(replace(replace(s.c4, '$', ''), ',', '') AS REAL)"
        probability = "CAST(s.c8 AS REAL)"
        close, created = "s.c5", "s.c6"
    insert = f"""
        INSERT INTO crm_opportunity (external_id, name, account_id, owner_id, amount, currency,
            amount_in_reporting_currency, reporting_currency, conversion,
            product, type, stage, stage_order, outcome, probability, forecast_category,
            created_date, close_date, lost_reason, updated_at, last_import_id)
        SELECT 'ceiling-' || s.c0, s.c1, a.id, p.id, {amount}, 'USD', {amount}, 'USD', 'same',
            '', '', s.c7, 1, 'open',
            {probability}, 'pipeline', {created}, {close}, '', CURRENT_TIMESTAMP, {run.pk}
        FROM bench_stage s
        LEFT JOIN crm_account a ON a.name = s.c2
        JOIN org_person p ON p.name = s.c3"""
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_stage ({staged})")
        _raw_into(cursor, "bench_stage", path, len(HEADER))
        rebuild = drop_secondary_indexes(cursor, "crm_opportunity")
        cursor.execute(insert)
        for statement in rebuild:
            cursor.execute(statement)
        if postgresql:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_stage")
    return elapsed


def import_export_load(path: Path) -> float:
    """The same rows through django-import-export's ModelResource (its documented fast path:
    bulk inserts, no report of unchanged rows)."""
    import tablib
    from import_export import fields, resources, widgets

    from leadwell.crm.models import Account, Opportunity
    from leadwell.org.models import Person

    class OpportunityResource(resources.ModelResource):
        external_id = fields.Field(attribute="external_id", column_name="Opportunity ID")
        name = fields.Field(attribute="name", column_name="Opportunity Name")
        account = fields.Field(
            attribute="account",
            column_name="Account Name",
            widget=widgets.ForeignKeyWidget(Account, "name"),
        )
        owner = fields.Field(
            attribute="owner",
            column_name="Opportunity Owner",
            widget=widgets.ForeignKeyWidget(Person, "name"),
        )
        amount = fields.Field(
            attribute="amount", column_name="Amount_clean", widget=widgets.DecimalWidget()
        )
        close_date = fields.Field(
            attribute="close_date", column_name="Close Date", widget=widgets.DateWidget("%m/%d/%Y")
        )
        created_date = fields.Field(
            attribute="created_date",
            column_name="Created Date",
            widget=widgets.DateWidget("%m/%d/%Y"),
        )
        stage = fields.Field(attribute="stage", column_name="Stage")

        class Meta:
            model = Opportunity
            import_id_fields = ("external_id",)
            fields = (
                "external_id",
                "name",
                "account",
                "owner",
                "amount",
                "close_date",
                "created_date",
                "stage",
            )
            use_bulk = True
            skip_unchanged = True
            report_skipped = False

    with path.open(newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    header = [*rows[0], "Amount_clean"]
    # import-export cannot read "$1,234.56"; give it a clean column, outside the timing.
    data = tablib.Dataset(
        *[[*r, r[4].replace("$", "").replace(",", "")] for r in rows[1:]], headers=header
    )
    start = time.perf_counter()
    result = OpportunityResource().import_data(data, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - start
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit("django-import-export reported errors")
    return elapsed


def wipe_opportunities() -> None:
    """Set-based: the ORM's delete would collect a million ids first."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM crm_opportunitychange")
        cursor.execute("UPDATE crm_activity SET opportunity_id = NULL")
        cursor.execute("DELETE FROM crm_opportunity")


def rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds else float("inf")


def run_speed(args) -> None:
    with tempfile.TemporaryDirectory(prefix="leadwell-bench-") as folder:
        work = Path(folder)
        setup(work / "data", args.database_url)
        from django.db import connection

        people = write_csv(work / "people.csv", ["Name"], ([o] for o in owners(SELLERS)))
        opportunities = write_csv(work / "opportunities.csv", HEADER, opportunity_rows(args.rows))
        leadwell_import("people", people)
        print(
            f"database: {connection.vendor}; {args.rows:,} opportunity rows, {args.activities:,} activity rows"
        )

        # The accounts first, so the floor and the importer both start from the same state:
        # people and accounts known, no opportunities.
        accounts = write_csv(
            work / "accounts.csv", ["Name"], ([f"Account {i:06d}"] for i in range(ACCOUNTS))
        )
        leadwell_import("accounts", accounts)
        floor = rate(args.rows, indexed_floor(opportunities))
        seconds, _ = leadwell_import("opportunities", opportunities)
        ours = rate(args.rows, seconds)
        refreshed = rate(args.rows, seconds + REFRESH_SECONDS[0])
        raw = rate(args.rows, raw_load(opportunities, len(HEADER)))
        print(f"leadwell importer (opportunities):  {ours:>12,.0f} rows/s")
        print(
            f"  with the scorecard refresh:       {refreshed:>12,.0f} rows/s"
            f"  (refresh {REFRESH_SECONDS[0]:.1f} s)"
        )
        print(f"raw load (same rows):               {raw:>12,.0f} rows/s")
        print(f"ratio importer / raw:               {ours / raw:>12.3f}   (bar: >= 0.333)")
        print(
            f"ready tuples into the indexed table: {floor:>11,.0f} rows/s  (the database's floor)"
        )
        print(f"ratio floor / raw:                  {floor / raw:>12.3f}")
        print(f"ratio importer / floor:             {ours / floor:>12.3f}")
        ceiling = rate(args.rows, set_based_ceiling(opportunities))
        print(f"set-based ceiling (see docstring):  {ceiling:>12,.0f} rows/s")
        print(f"ratio ceiling / raw:                {ceiling / raw:>12.3f}")

        again, run = leadwell_import("opportunities", opportunities)
        print(
            f"re-import, all unchanged:           {rate(args.rows, again):>12,.0f} rows/s  ({run.unchanged:,} unchanged)"
        )

        weekly_imports(work, args.rows)

        if args.activities:
            activities = write_csv(
                work / "activities.csv", ACTIVITY_HEADER, activity_rows(args.activities)
            )
            seconds, _ = leadwell_import("activities", activities)
            ours_a = rate(args.activities, seconds)
            raw_a = rate(args.activities, raw_load(activities, len(ACTIVITY_HEADER)))
            print(f"leadwell importer (activities):     {ours_a:>12,.0f} rows/s")
            print(f"raw load (same rows):               {raw_a:>12,.0f} rows/s")
            print(f"ratio importer / raw:               {ours_a / raw_a:>12.3f}   (bar: >= 0.333)")

        if args.import_export_rows:
            small = write_csv(
                work / "small.csv", HEADER, opportunity_rows(args.import_export_rows, seed=9)
            )
            wipe_opportunities()
            seconds, _ = leadwell_import("opportunities", small)
            ours_small = rate(args.import_export_rows, seconds)
            wipe_opportunities()
            theirs = rate(args.import_export_rows, import_export_load(small))
            print(
                f"at {args.import_export_rows:,} rows: leadwell {ours_small:,.0f} rows/s, "
                f"django-import-export {theirs:,.0f} rows/s"
            )
            print(
                f"ratio leadwell / django-import-export: {ours_small / theirs:>9.1f}   (bar: >= 20)"
            )


def weekly_imports(work: Path, rows: int) -> None:
    """After the large import: 500 and then 5,000 new deals, then the large file again with 1%
    of its rows changed (amount, stage, close date, owner). Bar: each one's scorecard refresh
    takes no longer than the import itself."""
    numbered = rows
    files = []
    for new in (500, 5_000):
        path = work / f"new-{new}.csv"
        write_csv(path, HEADER, opportunity_rows(new, seed=new, first=numbered))
        numbered += new
        files.append((f"{new:,} new deals", path))
    path = work / "changed.csv"
    write_csv(path, HEADER, changed_rows(rows, share=0.01))
    files.append((f"the {rows:,} again, 1% changed", path))
    for label, path in files:
        seconds, run = leadwell_import("opportunities", path)
        refresh = REFRESH_SECONDS[0]
        verdict = "met" if refresh <= seconds else "NOT MET"
        print(
            f"{label}: import {seconds:.2f} s ({run.created:,} created, {run.updated:,} updated), "
            f"refresh {refresh:.2f} s; refresh / import {refresh / seconds:.2f} "
            f"(bar: <= 1) — {verdict}"
        )


def changed_rows(rows: int, *, share: float, seed: int = 7):
    """The large file's rows, one in 1/`share` changed: a new amount, the next stage, a close
    date a month later and another owner."""
    rng = random.Random(seed)
    names = owners(SELLERS)
    stages = [stage for stage, _, _ in STAGES]
    every = round(1 / share)
    for i, row in enumerate(opportunity_rows(rows)):
        if i % every == 0:
            row = list(row)
            row[3] = rng.choice(names)
            row[4] = f"${rng.randrange(1000, 200000):,}.00"
            close = datetime.datetime.strptime(row[5], "%m/%d/%Y") + datetime.timedelta(days=31)
            row[5] = close.strftime("%m/%d/%Y")
            row[7] = stages[(stages.index(row[7]) + 1) % len(stages)]
        yield row


def run_memory(sizes: list[int], database_url: str | None) -> None:
    """Peak memory of the importer per size, each in a fresh child process."""
    peaks = []
    for size in sizes:
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child-import",
                str(size),
                *(["--database-url", database_url] if database_url else []),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        peak = int(output.strip().splitlines()[-1])
        peaks.append(peak)
        print(f"{size:>12,} rows: peak memory {peak / 1024:,.0f} MiB")
    print(f"ratio of peaks, largest / smallest: {peaks[-1] / peaks[0]:.3f}   (bar: <= 1.20)")


def child_import(size: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="leadwell-bench-") as folder:
        work = Path(folder)
        opportunities = write_csv(work / "opportunities.csv", HEADER, opportunity_rows(size))
        people = write_csv(work / "people.csv", ["Name"], ([o] for o in owners(SELLERS)))
        setup(work / "data", database_url)
        leadwell_import("people", people)
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        leadwell_import("opportunities", opportunities)
        del baseline
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=0)
    parser.add_argument("--import-export-rows", type=int, default=5_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--memory", default="", help="sizes to compare, e.g. 1000000,5000000")
    parser.add_argument("--child-import", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        child_import(args.child_import, args.database_url)
    elif args.memory:
        run_memory([int(s) for s in args.memory.split(",")], args.database_url)
    else:
        run_speed(args)


if __name__ == "__main__":
    main()
