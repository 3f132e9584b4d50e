"""Load benchmark: `leadwell serve` under a mixed load, without and then with a large import.

    python bench/load.py                                   # SQLite, 12 clients, 200,000 rows
    python bench/load.py --database-url postgresql:///leadwell_bench_load
    python bench/load.py --clients 4 --duration 10 --rows 20000      # a quick run

It generates the demo organisation into a fresh data directory (with --database-url, into
that PostgreSQL database, which it empties first: give it one of its own), starts `leadwell
serve` on loopback with its worker, signs the demo personas in (a browser session each, and an
API token made on their profile page, as a person would) and runs N clients, each a thread
looping over one persona's mix:

- page views (70%): the pages the persona reaches from their home page, with the session;
- API reads (15%): /me, people, metrics, 1:1s, targets, with the token;
- small writes (15%): a talking point added to the persona's next 1:1, or (a leader's) a
  personal target for one of their sellers, each with a value of its own.

First for --duration seconds with nothing else running (the baseline), then from the moment
a --rows opportunity export (made like bench/import.py's, owned by the demo's people) is
uploaded through the API until the worker has imported it. For each phase it prints requests
per second, p50 and p99 latency, errors (an answer of 400 or more, or none at all) and writes
lost (acknowledged, then not found in the database at the end), and the import phase's ratios
to the baseline of the same run; the part of the import phase during which the import held
its write transaction is shown on a line of its own.
"""

import argparse
import datetime
import http.cookiejar
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import HEADER, opportunity_rows

MIX = {"page": 0.70, "api": 0.15, "write": 0.15}
API_READS = ["/api/v1/me", "/api/v1/people/", "/api/v1/metrics/", "/api/v1/one-on-ones/"]
PAGES_PER_PERSONA = 15
TIMEOUT = 180


# --- one client's HTTP ------------------------------------------------------------------------
class Http:
    """A client of one persona: its own session cookie, and its API token once made."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.token = ""

    def request(
        self,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        token: bool = False,
        method: str | None = None,
    ) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            self.base + path, data=data, headers=headers, method=method
        )
        opener = urllib.request.build_opener() if token else self.opener
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        _, page = self.request(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        fields = {**fields, "csrfmiddlewaretoken": token.group(1).decode() if token else ""}
        headers = {"Referer": self.base + path, "X-CSRFToken": self.csrf()}
        return self.request(path, data=urllib.parse.urlencode(fields).encode(), headers=headers)

    def api(self, path: str, payload: dict | None = None) -> tuple[int, dict | list | None]:
        data = json.dumps(payload).encode() if payload is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        status, body = self.request(path, data=data, headers=headers, token=True)
        try:
            return status, json.loads(body) if body else None
        except ValueError:
            return status, None


def sign_in(base: str, email: str, password: str) -> Http:
    client = Http(base)
    status, page = client.post_form("/signin/", {"username": email, "password": password})
    if status != 200 or b"signout" not in page:
        raise SystemExit(f"could not sign in as {email}: {status}")
    status, page = client.post_form("/profile/", {"name": f"load {uuid.uuid4().hex[:6]}"})
    secret = re.search(rb'<code id="new-token">(lw_[^<]+)</code>', page)
    if not secret:
        raise SystemExit(f"could not make an API token for {email}")
    client.token = secret.group(1).decode()
    return client


def multipart(fields: dict[str, str], name: str, path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body = b"".join(parts) + head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


# --- the personas and what each does ----------------------------------------------------------
@dataclass
class Persona:
    key: str
    http: Http
    pages: list[str]
    meeting_id: int | None = None
    seller_ids: list[int] = field(default_factory=list)


def discover(http: Http) -> list[str]:
    """The pages a persona reaches from their home page (GET only, no exports)."""
    seen: list[str] = []
    queue = ["/"]
    while queue and len(seen) < PAGES_PER_PERSONA:
        path = queue.pop(0)
        if path in seen or path.startswith(("/signout", "/admin", "/static", "/api")):
            continue
        if any(word in path for word in ("export", ".csv", ".xlsx", "revoke", "password")):
            continue
        status, page = http.request(path)
        if status != 200:
            continue
        seen.append(path)
        queue += [p.decode().replace("&amp;", "&") for p in re.findall(rb'href="(/[^"#]*)"', page)]
    return seen


def prepare(key: str, http: Http) -> Persona:
    persona = Persona(key, http, discover(http))
    _, me = http.api("/api/v1/me")
    myself = (me or {}).get("person") or {}  # type: ignore[union-attr]
    _, body = http.api("/api/v1/one-on-ones/")
    series = body.get("items", []) if isinstance(body, dict) else []
    if series:
        status, meeting = http.api(f"/api/v1/one-on-ones/{series[0]['id']}/next-meeting", {})
        if status in (200, 201) and isinstance(meeting, dict):
            persona.meeting_id = meeting["id"]
    if (me or {}).get("role") == "leader":  # type: ignore[union-attr]
        persona.seller_ids = [
            s["report"]["id"] for s in series if s["leader"]["id"] == myself.get("id")
        ]
    return persona


@dataclass
class Sample:
    at: float
    kind: str
    seconds: float
    ok: bool


@dataclass
class Written:
    table: str
    id: int
    text: str = ""


class Recorder:
    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.written: list[Written] = []
        self.lock = threading.Lock()

    def add(self, sample: Sample, written: Written | None = None) -> None:
        with self.lock:
            self.samples.append(sample)
            if written is not None:
                self.written.append(written)


def one_request(persona: Persona, rng: random.Random, counter: list[int]) -> tuple:
    """Do one request of the persona's mix: (kind, ok, what was written or None)."""
    roll = rng.random()
    can_write = persona.meeting_id is not None or persona.seller_ids
    if roll < MIX["page"] or (roll >= MIX["page"] + MIX["api"] and not can_write):
        status, _ = persona.http.request(rng.choice(persona.pages))
        return "page", status < 400, None
    if roll < MIX["page"] + MIX["api"]:
        status, _ = persona.http.api(rng.choice(API_READS))
        return "api", status < 400, None
    counter[0] += 1
    mark = f"load {persona.key} {uuid.uuid4().hex[:8]}"
    if persona.seller_ids and (persona.meeting_id is None or rng.random() < 0.5):
        # A day far ahead, so nearly every target is a new one.
        day = (
            datetime.date(2030, 1, 1) + datetime.timedelta(days=rng.randrange(25000))
        ).isoformat()
        payload = {
            "metric": "win_rate",
            "value": round(rng.uniform(0.1, 0.5), 3),
            "valid_from": day,
            "person_id": rng.choice(persona.seller_ids),
        }
        status, body = persona.http.api("/api/v1/targets/", payload)
        written = Written("metrics_target", body["id"]) if status == 200 and body else None
        return "write", status == 200, written
    status, body = persona.http.api(f"/api/v1/meetings/{persona.meeting_id}/points", {"text": mark})
    written = Written("coaching_talkingpoint", body["id"], mark) if status == 201 and body else None
    return "write", status == 201, written


def client_loop(persona: Persona, seed: int, stop: threading.Event, recorder: Recorder) -> None:
    rng = random.Random(seed)
    counter = [0]
    while not stop.is_set():
        start = time.perf_counter()
        try:
            kind, ok, written = one_request(persona, rng, counter)
        except (OSError, urllib.error.URLError):
            kind, ok, written = "error", False, None
        recorder.add(Sample(time.time(), kind, time.perf_counter() - start, ok), written)


def run_load(personas: list[Persona], clients: int, recorder: Recorder, until: Callable) -> None:
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=client_loop, args=(personas[i % len(personas)], i, stop, recorder), daemon=True
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    until()
    stop.set()
    for thread in threads:
        thread.join(timeout=TIMEOUT)


# --- figures ----------------------------------------------------------------------------------
@dataclass
class Figures:
    seconds: float
    requests: int
    errors: int
    p50: float
    p99: float
    write_p99: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def figures(samples: list[Sample], seconds: float) -> Figures:
    times = [s.seconds for s in samples]
    writes = [s.seconds for s in samples if s.kind == "write"]
    return Figures(
        seconds=seconds,
        requests=len(samples),
        errors=sum(not s.ok for s in samples),
        p50=percentile(times, 0.50) * 1000,
        p99=percentile(times, 0.99) * 1000,
        write_p99=percentile(writes, 0.99) * 1000,
    )


def lost_writes(written: list[Written], query: Callable[[str], list[tuple]]) -> int:
    lost = 0
    for table in ("metrics_target", "coaching_talkingpoint"):
        mine = [w for w in written if w.table == table]
        found: dict[int, str] = {}
        for start in range(0, len(mine), 500):
            ids = ", ".join(str(int(w.id)) for w in mine[start : start + 500])
            text = "text" if table == "coaching_talkingpoint" else "''"
            found.update(query(f"SELECT id, {text} FROM {table} WHERE id IN ({ids})"))
        lost += sum(1 for w in mine if w.id not in found or found[w.id] != w.text)
    return lost


# --- the installation -------------------------------------------------------------------------
def leadwell(data_dir: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        ["leadwell", *args, "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"leadwell {' '.join(args)} failed:\n{result.stderr}{result.stdout}")
    return result.stdout


def empty_postgresql(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        others = db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchone()[0]
        if others:
            raise SystemExit(f"{others} other session(s) use {url}; it is emptied: stop them first")
        db.execute("DROP SCHEMA public CASCADE")
        db.execute("CREATE SCHEMA public")


def query_for(data_dir: Path, url: str | None) -> Callable[[str], list[tuple]]:
    def query(sql: str) -> list[tuple]:
        if url:
            import psycopg

            with psycopg.connect(url) as db:
                return db.execute(sql).fetchall()
        with sqlite3.connect(data_dir / "leadwell.sqlite3") as db:
            return db.execute(sql).fetchall()

    return query


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("leadwell serve stopped; see its log")
        try:
            with urllib.request.urlopen(base + "/signin/", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("leadwell serve did not answer")


def export_file(folder: Path, rows: int, owners: list[str]) -> Path:
    import csv

    path = folder / "opportunities.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i, row in enumerate(opportunity_rows(rows)):
            row[3] = owners[i % len(owners)]
            writer.writerow(row)
    return path


def line(label: str, f: Figures, lost: str = "") -> str:
    return (
        f"{label:<34}{f.requests:>9,}{f.rate:>8.1f}{f.p50:>9.0f}{f.p99:>9.0f}{f.write_p99:>11.0f}"
        f"{f.errors:>8}{lost:>7}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of the baseline")
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the import")
    parser.add_argument("--database-url", help="a PostgreSQL database the run may empty")
    parser.add_argument("--port", type=int, default=8640)
    parser.add_argument("--workers", type=int, default=2, help="web workers of leadwell serve")
    parser.add_argument("--threads", type=int, default=0, help="threads per web worker")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="leadwell-load-"))
    data_dir = folder / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
    if args.database_url:
        empty_postgresql(args.database_url)
        env["LEADWELL_DATABASE_URL"] = args.database_url
    demo = json.loads(leadwell(data_dir, env, "demo", "--no-serve", "--json"))
    log_path = folder / "serve.log"
    base = f"http://127.0.0.1:{args.port}"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                *("leadwell", "serve", "--port", str(args.port), "--workers", str(args.workers)),
                *("--data-dir", str(data_dir)),
                *(("--threads", str(args.threads)) if args.threads else ()),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(base, server)
        by_key = {p["key"]: p for p in demo["personas"]}
        keys = ["leader", "seller", "director", "other_leader", "other_seller", "admin"]
        personas = [
            prepare(k, sign_in(base, by_key[k]["email"], by_key[k]["password"])) for k in keys
        ]
        admin = personas[-1].http
        _, people = admin.api("/api/v1/people/?page=1")
        owners = [p["name"] for p in people["items"]]  # type: ignore[index]
        export = export_file(folder, args.rows, owners)
        database = "PostgreSQL" if args.database_url else "SQLite"
        print(
            f"leadwell serve: {args.workers} web workers x {args.threads or 'default'} threads "
            f"and its worker, {database}; "
            f"{args.clients} clients; mix {MIX}"
        )

        baseline = Recorder()
        started = time.time()
        run_load(personas, args.clients, baseline, lambda: time.sleep(args.duration))
        base_fig = figures(baseline.samples, time.time() - started)

        during = Recorder()
        body, content_type = multipart({"kind": "opportunities"}, "opportunities.csv", export)
        status, answer = admin.request(
            "/api/v1/imports/",
            data=body,
            headers={"Content-Type": content_type},
            token=True,
        )
        if status != 202:
            raise SystemExit(f"the upload was refused: {status} {answer[:300]!r}")
        run_id = json.loads(answer)["id"]
        marks: dict[str, float] = {"queued": time.time()}
        final: dict = {}

        def until_imported() -> None:
            while True:
                _, run = admin.api(f"/api/v1/imports/{run_id}")
                now = time.time()
                if isinstance(run, dict):
                    if run["progress"] >= 0.5 and "writing" not in marks:
                        marks["writing"] = now
                    if run["status"] not in ("pending", "running"):
                        marks["done"] = now
                        final.update(run)
                        return
                time.sleep(0.5)

        run_load(personas, args.clients, during, until_imported)
        import_fig = figures(during.samples, marks["done"] - marks["queued"])
        writing_samples = [s for s in during.samples if s.at >= marks.get("writing", 1e18)]
        writing_fig = figures(writing_samples, marks["done"] - marks.get("writing", marks["done"]))

        query = query_for(data_dir, args.database_url)
        print(
            f"{'':<34}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'write p99':>11}"
            f"{'errors':>8}{'lost':>7}"
        )
        print(
            line(
                f"no import ({base_fig.seconds:.0f} s)",
                base_fig,
                str(lost_writes(baseline.written, query)),
            )
        )
        print(
            line(
                f"during the import ({import_fig.seconds:.0f} s)",
                import_fig,
                str(lost_writes(during.written, query)),
            )
        )
        print(line(f"  while it wrote ({writing_fig.seconds:.0f} s)", writing_fig))
        print(
            f"ratios, import / no import: req/s {import_fig.rate / base_fig.rate:.2f}, "
            f"p50 {import_fig.p50 / base_fig.p50:.2f}, p99 {import_fig.p99 / base_fig.p99:.2f}"
        )
        print(
            f"the import: {final.get('status')} ({final.get('counts', {}).get('created', 0):,} "
            f"created of {args.rows:,} rows), {marks['done'] - marks['queued']:.0f} s from upload "
            f"to done, of which about {marks['done'] - marks.get('writing', marks['done']):.0f} s "
            "writing"
        )
        locked = log_path.read_text(errors="replace").count("database is locked")
        print(f"'database is locked' in the server's log: {locked}")
    finally:
        server.terminate()
        server.wait(timeout=120)
        if args.keep:
            print(f"kept {folder}")
        else:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
