"""Metrics benchmark: page time against database size, and `recompute()` against DuckDB.

    python bench/metrics.py                                   # 1,000,000 deals, 5,000,000 activities
    python bench/metrics.py --database-url postgresql:///leadwell_bench
    python bench/metrics.py --opportunities 100000 --activities 500000 --sellers 300   # a quick run

It builds an organisation (one director; `--sellers` sellers in teams of `--team-size`, ten
teams to an office, every team with a leader; a few sellers change team during the data's
eight quarters), then, in one database:

1. loads a small CRM data set (`--small-opportunities`, with proportionally as many
   activities), runs `recompute()` and times the team scorecard and the seller gap page
   in-process with Django's test client (a leader of the team, signed in; the median of
   `--requests` requests after `--warmup` unmeasured ones);
2. replaces it with the large data set (`--opportunities`, `--activities`), times a full
   `recompute()`, and times the same pages again;
3. loads the large data set's own CSV files into an in-memory DuckDB database (outside the
   timing) and times DuckDB computing the per-seller, per-quarter aggregates (bookings,
   deals won, win rate, average deal size, median cycle days, activities by type, pipeline
   created) from those rows, and checks them against what `recompute()` wrote.

It prints the page ratio large / small (bar: <= 1.5, the pages are size-independent) and the
ratio recompute / DuckDB (bar: <= 5). The CRM rows are inserted raw and set-based (COPY on
PostgreSQL, one executemany on SQLite) with the tables' secondary indexes and foreign keys
dropped during the load and rebuilt after it; the importer has its own benchmark. Every
random choice is seeded, so two runs build the same data.
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


def setup(data_dir: Path, database_url: str | None) -> None:
    """Point Django at a fresh SQLite file in `data_dir`, or at `database_url` (emptied)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["LEADWELL_DATA_DIR"] = str(data_dir)
    os.environ["LEADWELL_DEBUG"] = "false"  # no query log while timing
    os.environ["DJANGO_SETTINGS_MODULE"] = "leadwell.settings"
    if database_url:
        os.environ["LEADWELL_DATABASE_URL"] = database_url
    import django
    from django.core.management import call_command

    django.setup()
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

OPPORTUNITY_COLUMNS = [
    "id",
    "external_id",
    "name",
    "account_id",
    "owner_id",
    "amount",
    "currency",
    "product",
    "type",
    "stage",
    "stage_order",
    "outcome",
    "probability",
    "forecast_category",
    "created_date",
    "close_date",
    "lost_reason",
    "updated_at",
]
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
    from leadwell.crm.periods import period_of

    starts, period = [], period_of(first, "quarter")
    while period.start <= last:
        starts.append(period.start)
        period = period.next()
    return starts


def opportunity_rows(n: int, org: Org, accounts: int, now, seed: int = 21):
    """Deals closing over the eight quarters to AS_OF (open ones up to a quarter after it), a
    fifth of the won ones in the last two weeks of their quarter; won, lost or open by the
    seller's win rate; created a lognormal cycle (median about two months) before closing."""
    from leadwell.crm.periods import period_of

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

    from leadwell.crm.models import Activity, Opportunity, OpportunityChange
    from leadwell.lib.dbsql import db_value, load, text_columns

    accounts = max(500, opportunities // 50)
    files = {
        "opportunities": work / f"opportunities-{opportunities}.csv",
        "activities": work / f"activities-{activities}.csv",
    }
    now = db_value(timezone.now())
    quotas, forecasts = plan_rows(org, opportunities)
    tables = ["crm_opportunity", "crm_activity", "crm_opportunitychange"]
    with transaction.atomic(), connection.cursor() as cursor:
        rebuild = [s for table in tables for s in _drop_secondary_indexes(cursor, table)]
        load(cursor, "crm_account", ACCOUNT_COLUMNS, account_rows(accounts))
        load(
            cursor,
            "crm_opportunity",
            OPPORTUNITY_COLUMNS,
            _through_csv(
                files["opportunities"],
                OPPORTUNITY_COLUMNS,
                opportunity_rows(opportunities, org, accounts, now),
            ),
            as_text=text_columns(Opportunity, OPPORTUNITY_COLUMNS),
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
            cursor.execute("ANALYZE")
    return files


def wipe_crm() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in [
            "metrics_figure",
            "metrics_parts",
            "crm_opportunitychange",
            "crm_activity",
            "crm_opportunity",
            "crm_quota",
            "crm_forecastsubmission",
            "crm_account",
        ]:
            cursor.execute(f"DELETE FROM {table}")


def _drop_secondary_indexes(cursor, table: str) -> list[str]:
    """Drop every index and constraint of `table` but its primary key; return the statements
    that rebuild them (as in bench/import.py)."""
    rebuild = []
    if cursor.db.vendor == "postgresql":
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename = %s AND indexname NOT LIKE %s",
            [table, "%pkey"],
        )
    else:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
            " AND sql IS NOT NULL",
            [table],
        )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes] + rebuild


# -- Measuring ------------------------------------------------------------------------------------


COMPUTE_FILE = os.path.join("metrics", "compute.py")


class StatementTimer:
    """Times every statement run through Django's cursors (connection.execute_wrapper), by the
    compute.py function that ran it. Bulk loads go to the raw driver cursor and are not seen:
    they count in "the rest"."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.sql: dict[str, str] = {}

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - start
            where = self._caller()
            key = f"{where}: {' '.join(sql.split())[:90]}"
            self.seconds[key] += elapsed

    HELPERS = frozenset({"_insert_rows", "_load_rows", "_index", "select"})

    @classmethod
    def _caller(cls) -> str:
        """The compute.py function (and line) behind a statement, past its SQL helpers."""
        for frame in reversed(traceback.extract_stack(limit=30)):
            if frame.filename.endswith(COMPUTE_FILE) and frame.name not in cls.HELPERS:
                return f"{frame.name}:{frame.lineno}"
        return "elsewhere"


# The steps of compute._compute (and of recompute before it), timed by wrapping them.
PHASES = [
    "_ensure_calendar",
    "_mark_standing_quarters",
    "_create_periods",
    "_create_attribution",
    "_create_scopes",
    "_person_parts",
    "_quota_parts",
    "_exact_parts",
    "_collapse",
    "_group_parts",
    "_figures",
]


def timed_recompute(profile: bool) -> tuple[float, object, StatementTimer, dict[str, float]]:
    """A full recompute(), timed. With `profile`, its statements are timed one by one (a
    Django execute wrapper) and its steps by wrapping compute.py's functions for the call:
    a few microseconds per statement and step, nothing against the seconds measured."""
    from django.db import connection

    from leadwell.metrics import compute

    timer = StatementTimer()
    phases: dict[str, float] = defaultdict(float)
    originals = {name: getattr(compute, name) for name in PHASES}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] += time.perf_counter() - start

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
    return elapsed, outcome, timer, dict(phases)


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
    org: Org, urls: dict[str, str], warmup: int, requests: int
) -> dict[str, tuple[float, float]]:
    """The median and the fastest server time of each page, in seconds: Django's test client,
    in-process, signed in as the team's leader; `warmup` unmeasured requests first."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(org.leader_user)
    found = {}
    for name, url in urls.items():
        times = []
        for i in range(warmup + requests):
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise SystemExit(f"{name} {url} answered {response.status_code}")
            if i >= warmup:
                times.append(elapsed)
        found[name] = (statistics.median(times), min(times))
    return found


# -- DuckDB ---------------------------------------------------------------------------------------


def duckdb_aggregates(files: dict[str, Path], threads: int | None) -> tuple[float, object]:
    """Load the CSV files into an in-memory DuckDB database (not timed), then time computing the
    per-seller, per-quarter aggregates into a table. Returns the seconds and the connection."""
    import duckdb

    from leadwell.crm.periods import fiscal_start_month

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
    kind. Rows with none of these numbers (only a quota, a forecast or open deals, say) are
    left out on both sides."""
    from django.db import connection

    parts = ", ".join(p for _, p in DUCKDB_CHECKED)
    columns = ", ".join(c for c, _ in DUCKDB_CHECKED)
    if table == "seller_quarter":
        where = "WHERE scope_kind = 'person' AND period_kind = 'quarter'"
        select = f"SELECT 'person', owner_id, 'quarter', period_start, {columns} FROM {table}"
    else:
        where = ""
        select = f"SELECT scope_kind, scope_id, kind, start, {columns} FROM {table}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope_kind, scope_id, period_kind, period_start, {parts} "
            f"FROM metrics_parts {where}"
        )
        ours = _keyed(cursor.fetchall())
    theirs = _keyed(db.execute(select).fetchall())
    differ = 0
    for key in set(ours) | set(theirs):
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
    return len(set(ours) | set(theirs)), differ


def _keyed(rows) -> dict[tuple, tuple]:
    return {(r[0], r[1], r[2], str(r[3])): r[4:] for r in rows if any(v for v in r[4:])}


# -- The run --------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def run(args) -> None:
    small_activities = round(args.small_opportunities * args.activities / args.opportunities)
    with tempfile.TemporaryDirectory(prefix="leadwell-bench-") as folder:
        work = Path(folder)
        setup(work / "data", args.database_url)
        from django.db import connection

        print(
            f"database: {connection.vendor}; {args.sellers:,} sellers in teams of "
            f"{args.team_size}; load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        start = time.perf_counter()
        org = build_org(args.sellers, args.team_size)
        print(
            f"org chart: {len(org.team_ids):,} teams, built in {time.perf_counter() - start:.1f} s",
            flush=True,
        )

        pages: dict[str, dict[str, tuple[float, float]]] = {}
        recomputes: dict[str, float] = {}
        sizes = [("small", args.small_opportunities, small_activities)]
        sizes.append(("large", args.opportunities, args.activities))
        urls = None
        timer, phases = None, {}
        files: dict[str, Path] = {}
        for label, opportunities, activities in sizes:
            if label == "large":
                wipe_crm()
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
                f"{label}: recompute() {seconds:.1f} s ({outcome.people_periods:,} person-periods, "
                f"{outcome.scopes:,} scope-periods, {outcome.figures:,} figures)",
                flush=True,
            )
            if args.skip_pages:
                continue
            urls = page_urls(org, args.period)
            if urls is None:
                print(f"{label}: the pages' URLs do not resolve yet (metrics:team, metrics:gaps)")
                continue
            pages[label] = time_pages(org, urls, args.warmup, args.requests)
            for name, (median, fastest) in pages[label].items():
                print(f"{label}: {name} {ms(median)} (fastest {ms(fastest)})", flush=True)

        print()
        small_n, large_n = f"{args.small_opportunities:,}", f"{args.opportunities:,}"
        if "small" in pages and "large" in pages:
            for name in pages["large"]:
                (a, a_min), (b, b_min) = pages["small"][name], pages["large"][name]
                print(
                    f"{name}: {ms(a)} at {small_n} deals, {ms(b)} at {large_n} deals, "
                    f"ratio {b / a:.2f} (bar <= 1.5); fastest of each: {ms(a_min)}, "
                    f"{ms(b_min)}, ratio {b_min / a_min:.2f}"
                )
        elif not args.skip_pages:
            print("pages: not measured (their URLs do not resolve yet)")

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
        print(f"recompute / DuckDB at {large_n} deals: {large / duck_seconds:.1f} (bar <= 5)")
        print(
            f"informative: DuckDB, the same numbers in recompute()'s shape (months, quarters, "
            f"years; sellers, teams, offices, organisation): {shape_seconds:.2f} s "
            f"({shape_compared:,} scope-periods checked: {shape_differ:,} differ); "
            f"recompute / that: {large / shape_seconds:.1f}"
        )
        if phases:
            print(f"\nwhere recompute()'s {large:.1f} s go at {large_n} deals, by step:")
            for name in PHASES:
                if name in phases:
                    print(f"  {phases[name]:7.1f} s {100 * phases[name] / large:5.1f}%  {name}")
        if timer is not None and timer.seconds:
            print("by statement (those over 1%; bulk loads into temporary tables not seen):")
            for key, seconds in sorted(timer.seconds.items(), key=lambda kv: -kv[1]):
                if seconds >= large / 100:
                    print(f"  {seconds:7.1f} s {100 * seconds / large:5.1f}%  {key}")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")


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
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured requests per page")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--duckdb-threads", type=int, default=None, help="DuckDB's default: cores")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
