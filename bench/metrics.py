"""Metrics benchmark: page time against database size, and `recompute()` against DuckDB.

    python bench/metrics.py                      # 1,000,000 deals, 5,000,000 activities, SQLite
    python bench/metrics.py --database-url postgresql:///leadwell_bench
    python bench/metrics.py --opportunities 100000 --activities 500000 --sellers 300  # quick

It builds the same organisation in two databases (one director; `--sellers` sellers in teams
of `--team-size`, ten teams to an office, every team with a leader; a few sellers change team
during the data's eight quarters) and loads a small CRM data set into one
(`--small-opportunities`, proportionally as many activities) and the large one into the other
(`--opportunities`, `--activities`). Then:

1. it runs a full `recompute()` in each, timed;
2. it times the team scorecard and the seller gap page in-process with Django's test client,
   signed in as the team's leader: `--warmup` unmeasured requests, then `--requests` timed
   ones, alternating between the two databases request by request, so that both sizes see
   the same load from whatever else runs on the machine; it prints the medians and their
   ratio large / small (bar: <= 1.5, the pages are size-independent);
3. it loads the large data set's own CSV files into an in-memory DuckDB database (outside the
   timing), times DuckDB computing the per-seller, per-quarter aggregates (bookings, deals
   won, win rate, average deal size, median cycle days, activities by type, pipeline created)
   from those rows and checks them against the parts `recompute()` wrote (informative); then
   DuckDB computing the same numbers in recompute()'s shape (months, quarters and years;
   sellers, teams, offices and the organisation; medians from raw won deals), checked too,
   and prints recompute / that (bar: <= 3); and the small recompute over the large one (bar:
   <= 1/20, no fixed cost). It shows where recompute()'s time goes, by step and statement.

The small database is a second SQLite file, or on PostgreSQL the schema `bench_small` of the
same database (dropped and made again on each run); the large one is the usual data
directory's file, or the database's own schema (flushed first). The CRM rows are inserted raw
and set-based (COPY on PostgreSQL, one executemany on SQLite) with the tables' secondary
indexes and foreign keys dropped during the load and rebuilt after it; the importer has its
own benchmark. Every random choice is seeded, so two runs build the same data.
"""

import argparse
import contextlib
import csv
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dbtools import drop_secondary_indexes
from generate import STAGES, owners

# The data is an export taken on AS_OF: deals close over the eight quarters before it (and,
# while still open, up to a quarter after it); activities were done up to it.
AS_OF = datetime.date(2017, 12, 31)
FIRST_CLOSE = datetime.date(2016, 1, 1)
LAST_CLOSE = datetime.date(2018, 3, 31)
ORG_START = datetime.date(2015, 1, 1)
TEAMS_PER_OFFICE = 10
MOVERS = 0.02  # the share of sellers who change team once during the data's quarters
SLIPPED = 0.15  # the share of deals whose close date was moved out once
PULLED_IN = 0.03  # ... and moved in
ACTIVITY_TYPES = ["call", "email", "meeting", "demo", "other"]
ACTIVITY_WEIGHTS = [35, 35, 15, 8, 7]
SEGMENTS = ["Enterprise", "Mid-Market", "SMB"]
LEADER_PASSWORD = "bench-only-password-1234"  # a throwaway database
DUCKDB_CHECKED = [  # (DuckDB column, metrics_parts column)
    ("bookings", "won_amount"),
    ("deals_won", "won_count"),
    ("deals_lost", "lost_count"),
    ("median_cycle_days", "median_cycle_days"),
    ("pipeline_created", "created_amount"),
    ("activities", "activities"),
    ("calls", "calls"),
    ("emails", "emails"),
    ("meetings", "meetings"),
    ("demos", "demos"),
]


# -- Setup ----------------------------------------------------------------------------------------


SMALL_SCHEMA = "bench_small"  # PostgreSQL: where the small data set lives


def setup(data_dir: Path, database_url: str | None) -> None:
    """Point Django at a SQLite file in `data_dir`, or at `database_url`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["LEADWELL_DATA_DIR"] = str(data_dir)
    os.environ["LEADWELL_DEBUG"] = "false"  # no query log while timing
    os.environ["DJANGO_SETTINGS_MODULE"] = "leadwell.settings"
    if database_url:
        os.environ["LEADWELL_DATABASE_URL"] = database_url
    import django

    django.setup()


def small_connection(data_dir: Path):
    """A second connection for the small data set, made like the default one: another SQLite
    file, or on PostgreSQL the same database with `bench_small` first on the search path."""
    import copy

    from django.db import connections
    from django.db.utils import load_backend

    default = connections["default"]
    settings = copy.deepcopy(default.settings_dict)
    if default.vendor == "postgresql":
        with default.cursor() as cursor:
            # The run empties the database: not while another session uses it (another
            # benchmark, say).
            cursor.execute(
                "SELECT pid, LEFT(query, 80) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            others = cursor.fetchall()
            if others:
                raise SystemExit(
                    f"another session uses database {settings['NAME']} (pid {others[0][0]}: "
                    f"{others[0][1]!r}); wait for it to end, or give another --database-url"
                )
            cursor.execute(f"DROP SCHEMA IF EXISTS {SMALL_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SMALL_SCHEMA}")
        settings["OPTIONS"] = {**settings["OPTIONS"], "options": f"-c search_path={SMALL_SCHEMA}"}
    else:
        settings["NAME"] = data_dir / "small.sqlite3"
    return load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")


@contextlib.contextmanager
def using(wrapper):
    """Make `wrapper` Django's default connection (ORM, raw cursors, the test client) inside."""
    from django.db import connections

    previous = connections["default"]
    connections["default"] = wrapper
    try:
        yield
    finally:
        connections["default"] = previous


def empty_database() -> None:
    """The default connection's database, migrated and empty."""
    from django.core.management import call_command
    from django.db import connection

    if "crm_opportunity" in connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


class Org:
    """The organisation the benchmark measures: ids, and each seller's habits."""

    def __init__(self, seller_ids: list[int], team_ids: list[int], team_of: dict[int, int]):
        self.seller_ids = seller_ids
        self.team_ids = team_ids
        self.team_of = team_of  # each seller's team at the start
        rng = random.Random(11)
        # Sellers differ: how many deals they work, how often they win, how large their deals
        # are and how busy they are, so that gap analysis has gaps to find.
        self.volume = {s: rng.uniform(0.6, 1.4) for s in seller_ids}
        self.win_rate = {s: rng.uniform(0.2, 0.45) for s in seller_ids}
        self.size = {s: rng.uniform(0.6, 1.5) for s in seller_ids}
        self.busy = {s: rng.uniform(0.6, 1.4) for s in seller_ids}
        self.measured_team: int = 0
        self.measured_seller: int = 0
        self.leader_user = None


def build_org(sellers: int, team_size: int) -> Org:
    """One director leading the leaders' team; teams of `team_size` sellers, each with a
    leader, ten to an office, the offices in one business unit. Made through the org services,
    in one transaction (so the org-change receiver queues a single recompute task, which this
    benchmark never runs)."""
    from django.db import transaction

    from leadwell.identity.services import user_create
    from leadwell.org.models import Office
    from leadwell.org.services import (
        office_create,
        person_create,
        person_join_team,
        person_lead_team,
        team_create,
    )

    rng = random.Random(12)
    team_count = max(1, -(-sellers // team_size))
    with transaction.atomic():
        unit = office_create(name="Sales", kind=Office.Kind.BUSINESS_UNIT)
        offices = [
            office_create(name=f"Office {i:02d}", parent=unit)
            for i in range(-(-team_count // TEAMS_PER_OFFICE))
        ]
        director = person_create(
            name="Dana Director", email="director@bench.example", title="Sales director"
        )
        leadership = team_create(name="Sales leadership", office=unit)
        person_lead_team(person=director, team=leadership, on=ORG_START)
        teams, leaders = [], []
        for t in range(team_count):
            team = team_create(name=f"Team {t:03d}", office=offices[t // TEAMS_PER_OFFICE])
            leader = person_create(
                name=f"Leader {t:03d}", email=f"leader{t:03d}@bench.example", title="Sales leader"
            )
            person_lead_team(person=leader, team=team, on=ORG_START)
            person_join_team(person=leader, team=leadership, on=ORG_START)
            teams.append(team)
            leaders.append(leader)
        seller_ids, team_of = [], {}
        people = []
        for i, name in enumerate(owners(sellers)):
            seller = person_create(name=name, email=f"seller{i:05d}@bench.example")
            team = teams[i // team_size]
            person_join_team(person=seller, team=team, on=ORG_START)
            seller_ids.append(seller.pk)
            team_of[seller.pk] = team.pk
            people.append(seller)
        # A few sellers change team once, part-way through the data's quarters.
        span = (AS_OF - FIRST_CLOSE).days
        for seller in rng.sample(people, int(len(people) * MOVERS)):
            other = rng.choice(teams)
            if other.pk != team_of[seller.pk]:
                day = FIRST_CLOSE + datetime.timedelta(days=rng.randrange(30, span))
                person_join_team(person=seller, team=other, on=day)
    org = Org(seller_ids, [t.pk for t in teams], team_of)
    # The measured team: one in the middle, and its first seller who never moved.
    middle = teams[len(teams) // 2]
    org.measured_team = middle.pk
    from leadwell.org.models import Membership

    movers = set(
        Membership.objects.members()
        .filter(valid_from__gt=ORG_START)
        .values_list("person_id", flat=True)
    )
    org.measured_seller = next(s for s in seller_ids if team_of[s] == middle.pk and s not in movers)
    leader = leaders[len(teams) // 2]
    org.leader_user = user_create(email=leader.email, password=LEADER_PASSWORD, validate=False)
    return org


# -- CRM rows -------------------------------------------------------------------------------------

ACTIVITY_COLUMNS = ["external_id", "owner_id", "type", "date", "status", "subject", "account_id"]
CHANGE_COLUMNS = ["opportunity_id", "field", "old_value", "new_value", "changed_on", "source"]
ACCOUNT_COLUMNS = ["id", "name", "name_key", "segment", "industry", "region"]
QUOTA_COLUMNS = ["person_id", "period_kind", "period_start", "amount"]
FORECAST_COLUMNS = [
    "person_id",
    "period_kind",
    "period_start",
    "submitted_on",
    "commit",
    "best_case",
    "pipeline",
]
OPEN_STAGES = [(i, s) for i, s in enumerate(STAGES) if s[0] not in ("Closed Won", "Closed Lost")]
WON_STAGE = next((i, s) for i, s in enumerate(STAGES) if s[0] == "Closed Won")
LOST_STAGE = next((i, s) for i, s in enumerate(STAGES) if s[0] == "Closed Lost")
DEAL_TYPES = ["new_business", "expansion", "renewal"]
LOST_REASONS = ["Price", "No decision", "Competitor", "Timing"]


def quarter_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    from leadwell.lib.periods import period_of

    starts, period = [], period_of(first, "quarter")
    while period.start <= last:
        starts.append(period.start)
        period = period.next()
    return starts


def opportunity_rows(n: int, org: Org, accounts: int, now, seed: int = 21):
    """Deals closing over the eight quarters to AS_OF (open ones up to a quarter after it), a
    fifth of the won ones in the last two weeks of their quarter; won, lost or open by the
    seller's win rate; created a lognormal cycle (median about two months) before closing."""
    from leadwell.lib.periods import period_of

    rng = random.Random(seed)
    days = [
        FIRST_CLOSE + datetime.timedelta(days=d) for d in range((LAST_CLOSE - FIRST_CLOSE).days)
    ]
    pick = _weighted(org.seller_ids, org.volume, rng)
    quarter_end = {}
    for i in range(n):
        owner = rng.choice(pick)
        close = rng.choice(days)
        amount = round(min(max(rng.lognormvariate(10.3, 0.8) * org.size[owner], 500), 2e6), 2)
        if close > AS_OF or rng.random() < 0.05:  # in the future, or past due and still open
            index, (stage, probability, category) = rng.choice(OPEN_STAGES)
            outcome, lost_reason = "open", ""
        elif rng.random() < org.win_rate[owner]:
            index, (stage, probability, category) = WON_STAGE
            outcome, lost_reason = "won", ""
            if rng.random() < 0.2:  # the quarter-end rush
                end = quarter_end.get(close)
                if end is None:
                    end = quarter_end[close] = period_of(close, "quarter").end
                close = end - datetime.timedelta(days=1 + rng.randrange(14))
        else:
            index, (stage, probability, category) = LOST_STAGE
            outcome, lost_reason = "lost", rng.choice(LOST_REASONS)
        cycle = min(int(rng.lognormvariate(4.1, 0.6)), 540)
        yield (
            i + 1,
            f"b-{i:09d}",
            f"Deal {i}",
            1 + rng.randrange(accounts),
            owner,
            amount,
            "USD",
            amount,  # in the reporting currency already (USD): converted as itself
            "USD",
            "same",
            1,
            "",
            rng.choice(DEAL_TYPES),
            stage,
            index + 1,
            outcome,
            float(probability),
            category.lower().replace(" ", "_"),
            close - datetime.timedelta(days=cycle),
            close,
            lost_reason,
            now,
        )


def activity_rows(n: int, org: Org, accounts: int, seed: int = 22):
    """Done calls, e-mails, meetings, demos and other activities, on working days up to AS_OF."""
    rng = random.Random(seed)
    first = FIRST_CLOSE - datetime.timedelta(days=90)
    days = [
        first + datetime.timedelta(days=d)
        for d in range((AS_OF - first).days + 1)
        if (first + datetime.timedelta(days=d)).weekday() < 5
    ]
    pick = _weighted(org.seller_ids, org.busy, rng)
    kinds = [k for k, w in zip(ACTIVITY_TYPES, ACTIVITY_WEIGHTS, strict=True) for _ in range(w)]
    for i in range(n):
        yield (
            f"a-{i:09d}",
            rng.choice(pick),
            rng.choice(kinds),
            rng.choice(days),
            "done",
            "",
            1 + rng.randrange(accounts),
        )


def change_rows(opportunities: str, seed: int = 23):
    """Close-date changes: a deal slipped out of an earlier date, or pulled in from a later one
    (read back from the opportunities' CSV file, so that they match the deals)."""
    rng = random.Random(seed)
    with open(opportunities, newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        header = next(reader)
        at = {name: header.index(name) for name in ("id", "created_date", "close_date")}
        for row in reader:
            draw = rng.random()
            if draw >= SLIPPED + PULLED_IN:
                continue
            created = datetime.date.fromisoformat(row[at["created_date"]])
            close = datetime.date.fromisoformat(row[at["close_date"]])
            shift = datetime.timedelta(days=rng.randrange(15, 90))
            old = close - shift if draw < SLIPPED else close + shift
            changed = created + (close - created) / 2
            yield (
                int(row[at["id"]]),
                "close_date",
                old.isoformat(),
                close.isoformat(),
                changed,
                "import",
            )


def account_rows(count: int, seed: int = 24):
    rng = random.Random(seed)
    for i in range(count):
        name = f"Account {i:06d}"
        yield (i + 1, name, name.casefold(), rng.choice(SEGMENTS), "", "")


def plan_rows(org: Org, opportunities: int, seed: int = 25):
    """A quota for every seller and quarter of the data, sized on the seller's expected
    bookings; and two forecast submissions per seller and quarter."""
    rng = random.Random(seed)
    quarters = quarter_starts(FIRST_CLOSE, LAST_CLOSE)
    mean_volume = statistics.fmean(org.volume.values())
    quotas, forecasts = [], []
    for s in org.seller_ids:
        deals = opportunities / len(org.seller_ids) / len(quarters) * org.volume[s] / mean_volume
        expected = deals * 0.33 * 40_000 * org.size[s]
        for start in quarters:
            quota = round(expected * rng.uniform(0.9, 1.3), -2)
            quotas.append((s, "quarter", start, quota))
            for week in (2, 8):
                commit = round(quota * rng.uniform(0.6, 1.1), 2)
                submitted = start + datetime.timedelta(weeks=week)
                forecasts.append((s, "quarter", start, submitted, commit, commit * 1.3, commit * 2))
    return quotas, forecasts


def _weighted(ids: list[int], weights: dict[int, float], rng: random.Random) -> list[int]:
    """A list to draw from with rng.choice: each id about weight x 10 times."""
    return [i for i in ids for _ in range(max(1, round(weights[i] * 10)))]


def _through_csv(path: Path, header: list[str], rows):
    """Yield the rows while writing them to a CSV file (the same rows DuckDB reads later)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            yield row


def load_crm(work: Path, org: Org, opportunities: int, activities: int) -> dict[str, Path]:
    """Insert the CRM rows raw and set-based; return the CSV files of the same rows."""
    from django.db import connection, transaction
    from django.utils import timezone

    from leadwell.crm.importing.writers.deals import OPPORTUNITY_COLUMNS as IMPORTED
    from leadwell.crm.models import Activity, Opportunity, OpportunityChange
    from leadwell.lib.dbsql import db_value, load, text_columns

    # The importer's own column list, with the key and timestamp around it.
    opportunity_columns = ["id", "external_id", *IMPORTED, "updated_at"]
    accounts = max(500, opportunities // 50)
    files = {
        "opportunities": work / f"opportunities-{opportunities}.csv",
        "activities": work / f"activities-{activities}.csv",
    }
    now = db_value(timezone.now())
    quotas, forecasts = plan_rows(org, opportunities)
    tables = ["crm_opportunity", "crm_activity", "crm_opportunitychange"]
    with transaction.atomic(), connection.cursor() as cursor:
        rebuild = [s for table in tables for s in drop_secondary_indexes(cursor, table)]
        load(cursor, "crm_account", ACCOUNT_COLUMNS, account_rows(accounts))
        load(
            cursor,
            "crm_opportunity",
            opportunity_columns,
            _through_csv(
                files["opportunities"],
                opportunity_columns,
                opportunity_rows(opportunities, org, accounts, now),
            ),
            as_text=text_columns(Opportunity, opportunity_columns),
        )
        load(
            cursor,
            "crm_activity",
            ACTIVITY_COLUMNS,
            _through_csv(
                files["activities"],
                ACTIVITY_COLUMNS,
                activity_rows(activities, org, accounts),
            ),
            as_text=text_columns(Activity, ACTIVITY_COLUMNS),
        )
        load(
            cursor,
            "crm_opportunitychange",
            CHANGE_COLUMNS,
            change_rows(str(files["opportunities"])),
            as_text=text_columns(OpportunityChange, CHANGE_COLUMNS),
        )
        load(cursor, "crm_quota", QUOTA_COLUMNS, quotas, as_text=["period_start", "amount"])
        load(
            cursor,
            "crm_forecastsubmission",
            FORECAST_COLUMNS,
            forecasts,
            as_text=["period_start", "submitted_on", "commit", "best_case", "pipeline"],
        )
        for statement in rebuild:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            for table in ("crm_opportunity", "crm_account"):  # rows were given their ids
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
    if connection.vendor == "postgresql":
        # Autovacuum would analyze the freshly loaded tables within a minute; do it now so
        # the timings do not depend on when it runs. (SQLite's planner keeps no statistics
        # unless asked, and Leadwell never asks.)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join([*tables, 'crm_account', 'crm_quota'])}")
    return files


# -- Measuring ------------------------------------------------------------------------------------


METRICS_PACKAGE = os.sep + os.path.join("leadwell", "metrics") + os.sep
# SQL helpers of the metrics package: a statement is put down to the function that called them.
HELPERS = frozenset(
    {"insert_rows", "_insert_rows", "load_rows", "_load_rows", "index", "_index", "select"}
)


class StatementTimer:
    """Times every statement run through Django's cursors (connection.execute_wrapper), by the
    metrics-package function (and line) that ran it. Bulk loads go to the driver's cursor
    directly (COPY, executemany) and are not seen here; they count in their step's time."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - start
            self.seconds[f"{self._caller()}: {' '.join(sql.split())[:80]}"] += elapsed

    @staticmethod
    def _caller() -> str:
        for frame in reversed(traceback.extract_stack(limit=30)):
            if METRICS_PACKAGE in frame.filename and frame.name not in HELPERS:
                return f"{Path(frame.filename).stem}.{frame.name}:{frame.lineno}"
        return "elsewhere"


def recompute_steps() -> list[str]:
    """The metrics-package functions recompute() and its _compute() call by name, in the
    order they name them: the steps to time (read from their code, so that the benchmark
    follows compute.py as it changes)."""
    import types

    from leadwell.metrics import compute

    steps: list[str] = []
    for outer in (compute.recompute, compute._compute):
        for name in outer.__code__.co_names:
            function = getattr(compute, name, None)
            if (
                isinstance(function, types.FunctionType)
                and function.__module__.startswith("leadwell.metrics")
                and name not in HELPERS
                and name not in ("_compute", *steps)
            ):
                steps.append(name)
    return steps


def timed_recompute(profile: bool) -> tuple[float, object, StatementTimer, dict[str, float]]:
    """A full recompute(), timed. With `profile`, its statements are timed one by one (a
    Django execute wrapper) and its steps by wrapping the functions in compute.py's namespace
    for the call: a few microseconds per statement and step, nothing against the seconds
    measured."""
    from django.db import connection

    from leadwell.metrics import compute

    timer = StatementTimer()
    phases: dict[str, float] = {}
    originals = {name: getattr(compute, name) for name in recompute_steps()}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    with contextlib.ExitStack() as stack:
        if profile:
            stack.enter_context(connection.execute_wrapper(timer))
            for name, function in originals.items():
                setattr(compute, name, timed(name, function))
            stack.callback(lambda: [setattr(compute, n, f) for n, f in originals.items()])
        start = time.perf_counter()
        outcome = compute.recompute(today=AS_OF)
        elapsed = time.perf_counter() - start
    return elapsed, outcome, timer, phases


def page_urls(org: Org, period: str) -> dict[str, str] | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return {
            "team scorecard page": reverse("metrics:team", args=[org.measured_team])
            + f"?period={period}",
            "seller gap page": reverse("metrics:gaps", args=[org.measured_seller])
            + f"?period={period}",
        }
    except NoReverseMatch:
        return None


def time_pages(
    sides: dict[str, tuple[object, Org]], period: str, warmup: int, requests: int
) -> dict[str, dict[str, tuple[float, float]]] | None:
    """{size: {page: (median, fastest)}}: the server time of each page in each database, in
    seconds; Django's test client, in-process, signed in as the team's leader. After `warmup`
    unmeasured requests, `requests` timed ones, alternating between the databases (in turn
    first), so that a burst of load from elsewhere on the machine hits both alike. None when
    the pages' URLs do not resolve."""
    from django.test import Client

    clients = {}
    for label, (wrapper, org) in sides.items():
        urls = page_urls(org, period)
        if urls is None:
            return None
        with using(wrapper):
            client = Client(HTTP_HOST="localhost")
            client.force_login(org.leader_user)
        clients[label] = (wrapper, client, urls)
    labels = list(sides)
    times: dict[str, dict[str, list[float]]] = {label: defaultdict(list) for label in labels}
    for page in next(iter(clients.values()))[2]:
        for i in range(warmup + requests):
            for label in labels if i % 2 == 0 else reversed(labels):
                wrapper, client, urls = clients[label]
                with using(wrapper):
                    start = time.perf_counter()
                    response = client.get(urls[page])
                    elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    raise SystemExit(f"{page} {urls[page]} answered {response.status_code}")
                if i >= warmup:
                    times[label][page].append(elapsed)
    return {
        label: {page: (statistics.median(t), min(t)) for page, t in by_page.items()}
        for label, by_page in times.items()
    }


# -- DuckDB ---------------------------------------------------------------------------------------


def duckdb_aggregates(files: dict[str, Path], threads: int | None) -> tuple[float, object]:
    """Load the CSV files into an in-memory DuckDB database (not timed), then time computing the
    per-seller, per-quarter aggregates into a table. Returns the seconds and the connection."""
    import duckdb

    from leadwell.lib.periods import fiscal_start_month

    db = duckdb.connect(":memory:")
    if threads:
        db.execute(f"SET threads = {int(threads)}")
    shift = fiscal_start_month() - 1
    for kind in ("quarter", "year"):  # fiscal periods: shift to a January start and back
        db.execute(
            f"CREATE MACRO fiscal_{kind}(d) AS CAST(date_trunc('{kind}', d - to_months("
            f"{shift})) + to_months({shift}) AS DATE)"
        )
    db.execute(
        "CREATE MACRO period_of(kind, d) AS CASE kind WHEN 'month' THEN "
        "CAST(date_trunc('month', d) AS DATE) WHEN 'quarter' THEN fiscal_quarter(d) "
        "ELSE fiscal_year(d) END"
    )
    db.execute(
        "CREATE MACRO period_end(kind, start) AS CAST(start + to_months(CASE kind "
        "WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 ELSE 12 END) AS DATE)"
    )
    db.execute(
        "CREATE TABLE opportunity AS SELECT * FROM read_csv(?, header = true, types = "
        "{'owner_id': 'INTEGER', 'amount': 'DOUBLE', 'outcome': 'VARCHAR', "
        "'created_date': 'DATE', 'close_date': 'DATE'})",
        [str(files["opportunities"])],
    )
    db.execute(
        "CREATE TABLE activity AS SELECT * FROM read_csv(?, header = true, types = "
        "{'owner_id': 'INTEGER', 'type': 'VARCHAR', 'date': 'DATE', 'status': 'VARCHAR'})",
        [str(files["activities"])],
    )
    query = """
        CREATE TABLE seller_quarter AS
        WITH closing AS (
            SELECT owner_id, fiscal_quarter(close_date) AS period_start,
                SUM(amount) FILTER (WHERE outcome = 'won') AS bookings,
                COUNT(*) FILTER (WHERE outcome = 'won') AS deals_won,
                COUNT(*) FILTER (WHERE outcome = 'lost') AS deals_lost,
                MEDIAN(close_date - created_date)
                    FILTER (WHERE outcome = 'won' AND created_date IS NOT NULL)
                    AS median_cycle_days
            FROM opportunity WHERE close_date IS NOT NULL GROUP BY ALL
        ), creating AS (
            SELECT owner_id, fiscal_quarter(created_date) AS period_start,
                SUM(COALESCE(amount, 0)) AS pipeline_created
            FROM opportunity WHERE created_date IS NOT NULL GROUP BY ALL
        ), acting AS (
            SELECT owner_id, fiscal_quarter(date) AS period_start,
                COUNT(*) AS activities,
                COUNT(*) FILTER (WHERE type = 'call') AS calls,
                COUNT(*) FILTER (WHERE type = 'email') AS emails,
                COUNT(*) FILTER (WHERE type = 'meeting') AS meetings,
                COUNT(*) FILTER (WHERE type = 'demo') AS demos
            FROM activity WHERE status = 'done' GROUP BY ALL
        )
        SELECT owner_id, period_start, bookings, deals_won, deals_lost,
            deals_won / NULLIF(deals_won + deals_lost, 0) AS win_rate,
            bookings / NULLIF(deals_won, 0) AS avg_deal_size,
            median_cycle_days, pipeline_created,
            activities, calls, emails, meetings, demos
        FROM closing
        FULL JOIN creating USING (owner_id, period_start)
        FULL JOIN acting USING (owner_id, period_start)
    """
    start = time.perf_counter()
    db.execute(query)
    elapsed = time.perf_counter() - start
    return elapsed, db


def database_floor() -> float:
    """The database's own floor for the bar's work: the same per-seller, per-quarter aggregates
    as DuckDB's, computed by the database in one read-only query into a temporary table (the
    quarters from recompute()'s calendar; the median by window functions on SQLite, which has
    no median, and by percentile_cont on PostgreSQL). No attribution, no roll-ups, no months
    or years, no summary tables written: what recompute() cannot do faster than, here."""
    from django.db import connection

    from leadwell.lib.dbsql import days_between
    from leadwell.metrics.models import CalendarDay

    calendar = CalendarDay._meta.db_table
    cycle = days_between("o.close_date", "o.created_date")
    quarter = "c.period_kind = 'quarter'"
    won = "o.outcome = 'won'"
    if connection.vendor == "postgresql":
        median = (
            f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {cycle}) "
            f"FILTER (WHERE {won} AND o.created_date IS NOT NULL)"
        )
        medians = ""
    else:
        median = "NULL"
        medians = f"""
            UNION ALL SELECT owner_id, period_start, NULL, NULL, NULL, AVG(days), NULL,
                NULL, NULL, NULL, NULL, NULL FROM (
                SELECT o.owner_id, c.period_start, {cycle} AS days,
                    ROW_NUMBER() OVER (PARTITION BY o.owner_id, c.period_start
                        ORDER BY {cycle}) AS position,
                    COUNT(*) OVER (PARTITION BY o.owner_id, c.period_start) AS total
                FROM crm_opportunity o JOIN {calendar} c ON c.day = o.close_date AND {quarter}
                WHERE {won} AND o.created_date IS NOT NULL
            ) x WHERE position IN ((total + 1) / 2, (total + 2) / 2)
            GROUP BY owner_id, period_start"""
    null = "CAST(NULL AS DOUBLE PRECISION)"  # typed, for PostgreSQL's UNION
    counts = ", ".join(
        f"SUM(CASE WHEN a.type = '{kind}' THEN 1 ELSE 0 END)"
        for kind in ("call", "email", "meeting", "demo")
    )
    select = f"""
        SELECT owner_id, period_start, SUM(bookings) AS bookings, SUM(deals_won) AS deals_won,
            SUM(deals_lost) AS deals_lost, MAX(median_cycle_days) AS median_cycle_days,
            SUM(pipeline_created) AS pipeline_created, SUM(activities) AS activities,
            SUM(calls) AS calls, SUM(emails) AS emails, SUM(meetings) AS meetings,
            SUM(demos) AS demos
        FROM (
            SELECT o.owner_id, c.period_start,
                SUM(CASE WHEN {won} THEN o.amount END) AS bookings,
                SUM(CASE WHEN {won} THEN 1 ELSE 0 END) AS deals_won,
                SUM(CASE WHEN o.outcome = 'lost' THEN 1 ELSE 0 END) AS deals_lost,
                {median} AS median_cycle_days, {null} AS pipeline_created,
                {null} AS activities, {null} AS calls, {null} AS emails, {null} AS meetings,
                {null} AS demos
            FROM crm_opportunity o JOIN {calendar} c ON c.day = o.close_date AND {quarter}
            GROUP BY o.owner_id, c.period_start
            UNION ALL SELECT o.owner_id, c.period_start, {null}, {null}, {null}, {null},
                SUM(COALESCE(o.amount, 0)), {null}, {null}, {null}, {null}, {null}
            FROM crm_opportunity o JOIN {calendar} c ON c.day = o.created_date AND {quarter}
            GROUP BY o.owner_id, c.period_start
            UNION ALL SELECT a.owner_id, c.period_start, {null}, {null}, {null}, {null}, {null},
                COUNT(*), {counts}
            FROM crm_activity a JOIN {calendar} c ON c.day = a.date AND {quarter}
            WHERE a.status = 'done'
            GROUP BY a.owner_id, c.period_start
            {medians}
        ) x GROUP BY owner_id, period_start"""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        start = time.perf_counter()
        cursor.execute(f"CREATE TEMPORARY TABLE bench_floor AS {select}")
        return time.perf_counter() - start


def duckdb_same_shape(db) -> float:
    """Informative: DuckDB computing the same numbers in the shape recompute() writes them:
    months, quarters and years; each seller, and rolled up to the team they counted for in the
    period (the latest membership overlapping it), its office and business unit, and the
    organisation; the medians computed from raw won deals for every scope. The org chart is
    loaded into DuckDB first (not timed, a few thousand rows); the attribution is computed in
    the timing."""
    from leadwell.org.models import Membership, Office, Team

    db.execute(
        "CREATE TABLE membership (person_id INTEGER, team_id INTEGER, "
        "valid_from DATE, valid_until DATE)"
    )
    db.executemany(
        "INSERT INTO membership VALUES (?, ?, ?, ?)",
        list(
            Membership.objects.members().values_list(
                "person_id", "team_id", "valid_from", "valid_until"
            )
        ),
    )
    office_parent = dict(Office.objects.values_list("pk", "parent_id"))
    chains = []
    for team_id, office_id in Team.objects.values_list("pk", "office_id"):
        chains.append((team_id, "team", team_id))
        if office_id is None:  # recompute()'s "No office" row, as for a seller on no team
            chains.append((team_id, "office", 0))
        step, seen = office_id, set()
        while step is not None and step not in seen:
            seen.add(step)
            chains.append((team_id, "office", step))
            step = office_parent.get(step)
    db.execute("CREATE TABLE team_scope (team_id INTEGER, scope_kind VARCHAR, scope_id INTEGER)")
    db.executemany("INSERT INTO team_scope VALUES (?, ?, ?)", chains)
    query = """
        CREATE TABLE scope_period AS
        WITH kinds(kind) AS (VALUES ('month'), ('quarter'), ('year')),
        closing AS (
            SELECT o.owner_id AS person_id, k.kind, period_of(k.kind, o.close_date) AS start,
                SUM(o.amount) FILTER (WHERE o.outcome = 'won') AS bookings,
                COUNT(*) FILTER (WHERE o.outcome = 'won') AS deals_won,
                COUNT(*) FILTER (WHERE o.outcome = 'lost') AS deals_lost
            FROM opportunity o, kinds k WHERE o.close_date IS NOT NULL GROUP BY ALL
        ), creating AS (
            SELECT o.owner_id AS person_id, k.kind, period_of(k.kind, o.created_date) AS start,
                SUM(COALESCE(o.amount, 0)) AS pipeline_created
            FROM opportunity o, kinds k WHERE o.created_date IS NOT NULL GROUP BY ALL
        ), acting AS (
            SELECT a.owner_id AS person_id, k.kind, period_of(k.kind, a.date) AS start,
                COUNT(*) AS activities,
                COUNT(*) FILTER (WHERE a.type = 'call') AS calls,
                COUNT(*) FILTER (WHERE a.type = 'email') AS emails,
                COUNT(*) FILTER (WHERE a.type = 'meeting') AS meetings,
                COUNT(*) FILTER (WHERE a.type = 'demo') AS demos
            FROM activity a, kinds k WHERE a.status = 'done' GROUP BY ALL
        ), person_parts AS (
            SELECT * FROM closing
            FULL JOIN creating USING (person_id, kind, start)
            FULL JOIN acting USING (person_id, kind, start)
        ), periods AS (
            SELECT DISTINCT kind, start, period_end(kind, start) AS finish FROM person_parts
        ), counted_for AS (
            SELECT m.person_id, p.kind, p.start, arg_max(m.team_id, m.valid_from) AS team_id
            FROM membership m JOIN periods p ON m.valid_from < p.finish
                AND COALESCE(m.valid_until, DATE '9999-12-31') > p.start
            GROUP BY ALL
        ), attribution AS (
            SELECT person_id, kind, start, 'person' AS scope_kind, person_id AS scope_id
            FROM person_parts
            UNION ALL SELECT person_id, kind, start, 'org', 0 FROM person_parts
            UNION ALL SELECT c.person_id, c.kind, c.start, s.scope_kind, s.scope_id
            FROM counted_for c JOIN team_scope s USING (team_id)
            UNION ALL SELECT p.person_id, p.kind, p.start, 'office', 0
            FROM person_parts p ANTI JOIN counted_for c USING (person_id, kind, start)
        ), sums AS (
            SELECT a.scope_kind, a.scope_id, a.kind, a.start,
                SUM(bookings) AS bookings, SUM(deals_won) AS deals_won,
                SUM(deals_lost) AS deals_lost, SUM(pipeline_created) AS pipeline_created,
                SUM(activities) AS activities, SUM(calls) AS calls, SUM(emails) AS emails,
                SUM(meetings) AS meetings, SUM(demos) AS demos
            FROM person_parts JOIN attribution a USING (person_id, kind, start)
            GROUP BY ALL
        ), medians AS (
            SELECT a.scope_kind, a.scope_id, a.kind, a.start,
                MEDIAN(o.close_date - o.created_date) AS median_cycle_days
            FROM opportunity o, kinds k
            JOIN attribution a ON a.person_id = o.owner_id AND a.kind = k.kind
                AND a.start = period_of(k.kind, o.close_date)
            WHERE o.outcome = 'won' AND o.created_date IS NOT NULL
            GROUP BY ALL
        )
        SELECT scope_kind, scope_id, kind, start, bookings, deals_won, deals_lost,
            deals_won / NULLIF(deals_won + deals_lost, 0) AS win_rate,
            bookings / NULLIF(deals_won, 0) AS avg_deal_size,
            median_cycle_days, pipeline_created, activities, calls, emails, meetings, demos
        FROM sums LEFT JOIN medians USING (scope_kind, scope_id, kind, start)
    """
    start = time.perf_counter()
    db.execute(query)
    return time.perf_counter() - start


def check_against_recompute(db, table: str) -> tuple[int, int]:
    """Compare DuckDB's numbers with the parts recompute() wrote: (rows compared, rows that
    differ). `seller_quarter` holds sellers' quarters; `scope_period` every scope and period
    kind; `bench_floor` (in the database, not DuckDB) the database's own per-seller quarters.
    Rows with none of these numbers (only a quota, a forecast or open deals, say) are left
    out on both sides."""
    from django.db import connection

    parts = ", ".join(p for _, p in DUCKDB_CHECKED)
    columns = ", ".join(c for c, _ in DUCKDB_CHECKED)
    where = "WHERE scope_kind = 'person' AND period_kind = 'quarter'"
    seller_quarters = f"SELECT 'person', owner_id, 'quarter', period_start, {columns} FROM {table}"
    with connection.cursor() as cursor:
        if table == "bench_floor":
            cursor.execute(seller_quarters)
            theirs = _keyed(cursor.fetchall())
        elif table == "seller_quarter":
            theirs = _keyed(db.execute(seller_quarters).fetchall())
        else:
            where = ""
            theirs = _keyed(
                db.execute(
                    f"SELECT scope_kind, scope_id, kind, start, {columns} FROM {table}"
                ).fetchall()
            )
        cursor.execute(
            f"SELECT scope_kind, scope_id, period_kind, period_start, {parts} "
            f"FROM metrics_parts {where}"
        )
        ours = _keyed(cursor.fetchall())
    differ = 0
    for key in sorted(set(ours) | set(theirs)):
        a, b = ours.get(key), theirs.get(key)
        if (
            a is None
            or b is None
            or any(
                abs(float(x or 0) - float(y or 0)) > 0.01 + 1e-9 * abs(float(y or 0))
                for x, y in zip(a, b, strict=True)
            )
        ):
            differ += 1
            if differ <= 3:  # a few, to see what differs
                names = [c for c, _ in DUCKDB_CHECKED]
                print(f"  differs in {table}: {key}: recompute {a} / the other {b} ({names})")
    return len(set(ours) | set(theirs)), differ


def _keyed(rows) -> dict[tuple, tuple]:
    return {(r[0], r[1], r[2], str(r[3])): r[4:] for r in rows if any(v for v in r[4:])}


# -- The run --------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def run(args) -> None:
    began = time.perf_counter()
    small_activities = round(args.small_opportunities * args.activities / args.opportunities)
    with tempfile.TemporaryDirectory(prefix="leadwell-bench-") as folder:
        work = Path(folder)
        setup(work / "data", args.database_url)
        from django.db import connections

        large_db = connections["default"]
        small_db = small_connection(work / "data")
        print(
            f"database: {large_db.vendor}; {args.sellers:,} sellers in teams of "
            f"{args.team_size}; load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        sides: dict[str, tuple[object, Org]] = {}
        recomputes: dict[str, float] = {}
        timer, phases = None, {}
        files: dict[str, Path] = {}
        for label, wrapper, opportunities, activities in [
            ("small", small_db, args.small_opportunities, small_activities),
            ("large", large_db, args.opportunities, args.activities),
        ]:
            with using(wrapper):
                start = time.perf_counter()
                empty_database()
                org = build_org(args.sellers, args.team_size)
                print(
                    f"{label}: org chart of {len(org.team_ids):,} teams made in "
                    f"{time.perf_counter() - start:.1f} s",
                    flush=True,
                )
                start = time.perf_counter()
                files = load_crm(work, org, opportunities, activities)
                print(
                    f"{label}: {opportunities:,} deals, {activities:,} activities loaded in "
                    f"{time.perf_counter() - start:.1f} s",
                    flush=True,
                )
                seconds, outcome, timer, phases = timed_recompute(profile=label == "large")
                recomputes[label] = seconds
                print(
                    f"{label}: recompute() {seconds:.1f} s ({outcome.people_periods:,} "
                    f"person-periods, {outcome.scopes:,} scope-periods)",
                    flush=True,
                )
            sides[label] = (wrapper, org)

        print()
        small_n, large_n = f"{args.small_opportunities:,}", f"{args.opportunities:,}"
        pages = None
        if not args.skip_pages:
            pages = time_pages(sides, args.period, args.warmup, args.requests)
            if pages is None:
                print("pages: not measured (metrics:team and metrics:gaps do not resolve yet)")
        for name in pages["large"] if pages else []:
            (a, a_min), (b, b_min) = pages["small"][name], pages["large"][name]
            print(
                f"{name}: {ms(a)} at {small_n} deals, {ms(b)} at {large_n} deals, "
                f"ratio {b / a:.2f} (bar <= 1.5); fastest of each: {ms(a_min)}, {ms(b_min)}, "
                f"ratio {b_min / a_min:.2f}",
                flush=True,
            )
        small_db.close()
        if large_db.vendor == "postgresql":
            with large_db.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA {SMALL_SCHEMA} CASCADE")

        duck_seconds, db = duckdb_aggregates(files, args.duckdb_threads)
        threads = db.execute("SELECT current_setting('threads')").fetchone()[0]
        compared, differ = check_against_recompute(db, "seller_quarter")
        shape_seconds = duckdb_same_shape(db)
        shape_compared, shape_differ = check_against_recompute(db, "scope_period")
        db.close()
        large = recomputes["large"]
        print(
            f"recompute(): {recomputes['small']:.2f} s at {small_n} deals, "
            f"{large:.1f} s at {large_n} deals"
        )
        print(
            f"DuckDB ({threads} threads), the per-seller per-quarter aggregates from the same "
            f"rows in memory (loading the CSV files into DuckDB not timed): {duck_seconds:.2f} s "
            f"({compared:,} seller-quarters checked against recompute()'s parts: {differ:,} differ)"
        )
        print(
            f"informative: recompute / DuckDB's per-seller per-quarter aggregates at {large_n} "
            f"deals: {large / duck_seconds:.1f}"
        )
        small_share = recomputes["small"] / large
        print(
            f"recompute() at {small_n} deals / at {large_n} deals: {small_share:.3f} "
            f"(bar <= 0.050: no fixed cost) — {'met' if small_share <= 0.05 else 'NOT MET'}"
        )
        floor_seconds = database_floor()
        floor_compared, floor_differ = check_against_recompute(db, "bench_floor")
        print(
            f"informative: {large_db.vendor} itself, the same per-seller per-quarter aggregates "
            f"in one read-only query: {floor_seconds:.2f} s ({floor_compared:,} seller-quarters "
            f"checked: {floor_differ:,} differ); that / DuckDB: {floor_seconds / duck_seconds:.1f}"
            f", recompute / that: {large / floor_seconds:.1f}"
        )
        print(
            f"informative: DuckDB, the same numbers in recompute()'s shape (months, quarters, "
            f"years; sellers, teams, offices, organisation): {shape_seconds:.2f} s "
            f"({shape_compared:,} scope-periods checked: {shape_differ:,} differ)"
        )
        shape_ratio = large / shape_seconds
        print(
            f"recompute / DuckDB in recompute()'s shape at {large_n} deals: {shape_ratio:.1f} "
            f"(bar <= 3) — {'met' if shape_ratio <= 3 else 'NOT MET'}"
        )
        if phases:
            print(f"\nwhere recompute()'s {large:.1f} s go at {large_n} deals, by step:")
            for name, seconds in phases.items():
                print(f"  {seconds:7.1f} s {100 * seconds / large:5.1f}%  {name}")
        if timer is not None and timer.seconds:
            print("by statement (those over 1%; bulk loads into temporary tables not seen):")
            for key, seconds in sorted(timer.seconds.items(), key=lambda kv: -kv[1]):
                if seconds >= large / 100:
                    print(f"  {seconds:7.1f} s {100 * seconds / large:5.1f}%  {key}")
        print(
            f"load average at the end: {os.getloadavg()[0]:.2f}; the whole run took "
            f"{(time.perf_counter() - began) / 60:.1f} min"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--opportunities", type=int, default=1_000_000)
    parser.add_argument("--activities", type=int, default=5_000_000)
    parser.add_argument("--sellers", type=int, default=3_000)
    parser.add_argument("--team-size", type=int, default=10)
    parser.add_argument("--small-opportunities", type=int, default=10_000)
    parser.add_argument("--period", default="FY2017-Q2", help="the quarter the pages show")
    parser.add_argument("--requests", type=int, default=31, help="timed requests per page and size")
    parser.add_argument(
        "--warmup", type=int, default=3, help="unmeasured requests per page and size"
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--duckdb-threads", type=int, default=None, help="DuckDB's default: cores")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
