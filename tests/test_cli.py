"""The `leadwell` command as a person runs it: the installed console script, in a subprocess.

Migrating a database and generating the demo take seconds, so each is done once for the module
into a template data directory (`initialised`, `built_demo`); a test that needs one works on
its own copy (`copy_of`), and what it changes there stays there.
"""

import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import once_per_ci_run

pytestmark = once_per_ci_run

TIMEOUT = 120


def leadwell(*args: str, data_dir: Path | None = None, env: dict | None = None, stdin: str = ""):
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
    run_env.pop("DJANGO_SETTINGS_MODULE", None)
    run_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    run_env.update(env or {})
    command = ["leadwell", *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        input=stdin,
        env=run_env,
        timeout=TIMEOUT,
        check=False,
    )


@dataclass
class Built:
    data_dir: Path
    result: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def initialised(tmp_path_factory) -> Path:
    """A data directory after `leadwell init`: an empty database with every migration run."""
    path = tmp_path_factory.mktemp("initialised")
    result = leadwell("init", data_dir=path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory) -> Built:
    """A data directory after a first `leadwell demo --no-serve --json`, and what it printed."""
    path = tmp_path_factory.mktemp("demo")
    result = leadwell("demo", "--no-serve", "--json", data_dir=path)
    assert result.returncode == 0, result.stderr
    return Built(path, result)


@pytest.fixture
def copy_of(tmp_path):
    """copy_of(template): the test's own copy of a template data directory."""

    def copy(template: Path, name: str = "data") -> Path:
        return shutil.copytree(template, tmp_path / name)

    return copy


def org_snapshot(data_dir: Path) -> list[tuple]:
    with closing(sqlite3.connect(data_dir / "leadwell.sqlite3")) as db, db:
        people = db.execute("SELECT name, email, title FROM org_person ORDER BY id").fetchall()
        lines = db.execute(
            "SELECT p.name, t.name, m.role, m.valid_from, m.valid_until FROM org_membership m"
            " JOIN org_person p ON p.id = m.person_id JOIN org_team t ON t.id = m.team_id"
            " ORDER BY m.id"
        ).fetchall()
    return people + lines


def test_demo_creates_the_organisation_and_prints_the_sign_ins(built_demo):
    printed = json.loads(built_demo.result.stdout)
    assert printed["data_dir"] == str(built_demo.data_dir)
    personas = {p["key"]: p for p in printed["personas"]}
    assert set(personas) >= {"leader", "seller", "other_seller", "director", "admin"}
    assert all(p["email"] and len(p["password"]) >= 12 for p in personas.values())
    snapshot = org_snapshot(built_demo.data_dir)
    teams = {row[1] for row in snapshot if len(row) == 5}
    assert len(teams) == 3  # the leadership team and two sales teams


def test_demo_prints_each_personas_email_and_password_for_a_person_to_read(built_demo, copy_of):
    result = leadwell("demo", "--no-serve", data_dir=copy_of(built_demo.data_dir))
    assert result.returncode == 0, result.stderr
    assert "Sign in with any of these demo people" in result.stdout
    for persona in json.loads(built_demo.result.stdout)["personas"]:
        assert persona["email"] in result.stdout and persona["password"] in result.stdout
    assert "leadwell-demo-leader" in result.stdout and "@northwind.example" in result.stdout


def test_running_demo_again_reuses_the_same_organisation(built_demo, copy_of):
    data_dir = copy_of(built_demo.data_dir)
    second = leadwell("demo", "--no-serve", "--json", data_dir=data_dir)
    assert second.returncode == 0, second.stderr
    assert org_snapshot(data_dir) == org_snapshot(built_demo.data_dir)
    first = built_demo.result
    assert json.loads(first.stdout)["personas"] == json.loads(second.stdout)["personas"]


def test_two_fresh_demos_generate_the_same_organisation(built_demo, initialised, copy_of):
    # The second starts from an empty database (migrated already: that part is not the demo's).
    second = copy_of(initialised)
    assert leadwell("demo", "--no-serve", data_dir=second).returncode == 0
    assert org_snapshot(second) == org_snapshot(built_demo.data_dir)


def test_another_seed_generates_another_organisation(built_demo, initialised, copy_of):
    other = copy_of(initialised)
    assert leadwell("demo", "--no-serve", "--seed", "7", data_dir=other).returncode == 0
    assert org_snapshot(other) and org_snapshot(other) != org_snapshot(built_demo.data_dir)


def test_demo_reset_starts_over(built_demo, copy_of):
    data_dir = copy_of(built_demo.data_dir)
    with closing(sqlite3.connect(data_dir / "leadwell.sqlite3")) as db, db:
        db.execute("UPDATE org_person SET title = 'Changed by hand'")
    assert any("Changed by hand" in str(row) for row in org_snapshot(data_dir))
    result = leadwell("demo", "--no-serve", "--reset", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    after = org_snapshot(data_dir)
    assert after and not any("Changed by hand" in str(row) for row in after)


def test_demo_never_resets_or_fills_a_database_that_is_not_a_demo(initialised, copy_of):
    data_dir = copy_of(initialised)
    leadwell(
        "createuser",
        "ops@example.com",
        "--name",
        "Olga Ops",
        "--password-stdin",
        data_dir=data_dir,
        stdin="a-very-long-password\n",
    )
    for args in (["--reset"], []):
        result = leadwell("demo", "--no-serve", *args, data_dir=data_dir)
        assert result.returncode != 0
        assert "not a demo" in result.stderr
    assert [row[0] for row in org_snapshot(data_dir)] == ["Olga Ops"]


def test_init_creates_the_database_and_is_a_no_op_the_second_time(tmp_path):
    first = leadwell("init", data_dir=tmp_path)
    assert first.returncode == 0 and "Database ready" in first.stdout
    db_file = tmp_path / "leadwell.sqlite3"
    with closing(sqlite3.connect(db_file)) as db, db:
        schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    second = leadwell("init", data_dir=tmp_path)
    assert second.returncode == 0 and "nothing to do" in second.stdout
    with closing(sqlite3.connect(db_file)) as db, db:
        assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema


def test_data_dir_can_come_from_the_environment(initialised, copy_of):
    data_dir = copy_of(initialised, "from-env")
    result = leadwell("init", env={"LEADWELL_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    assert f"{data_dir / 'leadwell.sqlite3'} (nothing to do)" in result.stdout
    assert f"Data directory: {data_dir}" in result.stdout


def test_createuser_makes_an_administrator_who_can_sign_in(initialised, copy_of):
    data_dir = copy_of(initialised)
    result = leadwell(
        "createuser",
        "Root@Example.com",
        "--name",
        "Ria Root",
        "--admin",
        "--password-stdin",
        data_dir=data_dir,
        stdin="correct horse battery staple\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Created administrator account for Ria Root <root@example.com>" in result.stdout
    with closing(sqlite3.connect(data_dir / "leadwell.sqlite3")) as db, db:
        assert db.execute("SELECT email, is_staff FROM identity_user").fetchall() == [
            ("root@example.com", 1)
        ]


def test_createuser_refuses_a_short_password_and_explains(initialised, copy_of):
    data_dir = copy_of(initialised)
    result = leadwell(
        "createuser",
        "a@example.com",
        "--name",
        "A B",
        "--password-stdin",
        data_dir=data_dir,
        stdin="short\n",
    )
    assert result.returncode != 0
    assert "at least 12 characters" in result.stderr
    with closing(sqlite3.connect(data_dir / "leadwell.sqlite3")) as db, db:
        assert db.execute("SELECT count(*) FROM identity_user").fetchone() == (0,)


def test_check_passes_on_a_fresh_database_and_asks_for_init_when_behind(
    tmp_path, initialised, copy_of
):
    behind = leadwell("check", data_dir=tmp_path / "empty")
    assert behind.returncode != 0 and "leadwell init" in behind.stderr
    result = leadwell("check", data_dir=copy_of(initialised))
    assert result.returncode == 0 and "All checks passed" in result.stdout


def test_manage_passes_through_to_djangos_commands(initialised, copy_of):
    result = leadwell("manage", "showmigrations", "org", data_dir=copy_of(initialised))
    assert result.returncode == 0 and "[X] 0001_initial" in result.stdout


@pytest.mark.parametrize(
    "command",
    ["init", "serve", "worker", "upkeep", "imports", "demo", "createuser", "check", "manage"],
)
def test_every_command_explains_itself(command):
    main = leadwell("--help")
    assert command in main.stdout
    if command != "manage":
        result = leadwell(command, "--help")
        assert result.returncode == 0 and "Usage: leadwell " + command in result.stdout


def production_env(**extra: str) -> dict:
    env = {
        "LEADWELL_ENV": "production",
        "LEADWELL_SECRET_KEY": "x9#-" + "k3Qz7-Lm2pV8sR1tY6wN4bC0dF5gH" * 3,
        "LEADWELL_ALLOWED_HOSTS": "leadwell.example.com",
    }
    env.update(extra)
    return env


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env()
    del env["LEADWELL_SECRET_KEY"]
    result = leadwell("check", data_dir=tmp_path, env=env)
    assert result.returncode != 0 and "LEADWELL_SECRET_KEY is required" in result.stderr


def test_production_passes_djangos_deployment_checks(initialised, copy_of):
    data_dir = copy_of(initialised)
    result = leadwell("check", "--deploy", data_dir=data_dir, env=production_env())
    assert result.returncode == 0, result.stderr + result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_a_production_server_that_answers_pages_and_static_files(initialised, copy_of):
    data_dir = copy_of(initialised)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
    server = subprocess.Popen(
        ["leadwell", "serve", "--port", str(port), "--workers", "1", "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/signin/", timeout=2
                ) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "Sign in to Leadwell" in body
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/leadwell/leadwell.css", timeout=5
        ) as css:
            assert b"--accent" in css.read()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "gunicorn" in output.lower() or "Listening at" in output


@pytest.mark.parametrize(
    ("missing", "what_to_set"),
    [
        ("LEADWELL_SECRET_KEY", "LEADWELL_SECRET_KEY is required when LEADWELL_ENV=production"),
        (
            "LEADWELL_ALLOWED_HOSTS",
            "LEADWELL_ALLOWED_HOSTS is required when LEADWELL_ENV=production",
        ),
    ],
)
def test_a_production_check_without_a_required_setting_says_what_to_set(
    tmp_path, missing, what_to_set
):
    env = production_env()
    del env[missing]
    result = leadwell("check", "--deploy", data_dir=tmp_path, env=env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and not result.stdout
    (paragraph,) = result.stderr.strip().split("\n")
    assert paragraph.startswith("Error: Leadwell cannot start: " + what_to_set)


@pytest.mark.parametrize(
    ("command", "env"),
    [
        (["init"], production_env(LEADWELL_SECRET_KEY="")),
        (["serve", "--no-worker"], production_env(LEADWELL_ALLOWED_HOSTS="")),
        (["demo", "--no-serve"], {"LEADWELL_ENV": "staging"}),
        (["createuser", "a@example.com", "--password-stdin"], {"LEADWELL_DEBUG": "maybe"}),
        (["worker"], {"LEADWELL_FISCAL_YEAR_START_MONTH": "13"}),
        (["scorecard"], {"LEADWELL_DATABASE_URL": "mysql-ish://nowhere"}),
        (["import", "people", __file__], {"LEADWELL_SESSION_HOURS": "twelve"}),
        (["manage", "showmigrations"], {"LEADWELL_ENV": "prod"}),
    ],
)
def test_every_command_explains_a_setting_it_cannot_use_without_a_traceback(tmp_path, command, env):
    result = leadwell(*command, data_dir=tmp_path, env=env, stdin="a-long-test-password-42\n")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "Error: Leadwell cannot start: LEADWELL_" in result.stderr


def a_free_port_of_ours() -> int:
    """A port this project's tests may use on a shared machine (8620-8629) that is free now."""
    for port in range(8620, 8630):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("ports 8620-8629 are all in use")


def test_the_first_production_start_serves_the_stylesheet_and_scripts(tmp_path):
    data_dir = tmp_path / "fresh"
    port = a_free_port_of_ours()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
    env.update(
        production_env(LEADWELL_ALLOWED_HOSTS="127.0.0.1", LEADWELL_BEHIND_PROXY="true"),
        LEADWELL_DATA_DIR=str(data_dir),
    )
    server = subprocess.Popen(
        ["leadwell", "serve", "--port", str(port), "--workers", "1", "--no-worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def fetch(path: str) -> tuple[int, bytes]:
        # The TLS proxy in front of a deployment says the browser came over HTTPS.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    try:
        page = ""
        deadline = time.monotonic() + TIMEOUT  # a fresh database: every migration runs first
        while not page and server.poll() is None and time.monotonic() < deadline:
            try:
                status, body = fetch("/signin/")
                page = body.decode() if status == 200 else ""
            except OSError:
                time.sleep(0.2)
        assert "Sign in to Leadwell" in page
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)[1]
        script = re.search(r'<script src="([^"]*htmx[^"]*)"', page)[1]
        # The collected, fingerprinted names: what a browser asks for on the first visit.
        assert re.fullmatch(r"/static/leadwell/leadwell\.[0-9a-f]{12}\.css", stylesheet)
        assert fetch(stylesheet) == (200, (data_dir / "static" / stylesheet[8:]).read_bytes())
        status, htmx = fetch(script)
        assert status == 200 and b"htmx" in htmx
    finally:
        server.terminate()
        server.communicate(timeout=30)
