"""PostgreSQL's own tools, pg_dump and pg_restore: finding them, checking that they are recent
enough, and running them against the database Leadwell is configured with.

pg_dump refuses a server of a newer major version than its own, and pg_restore cannot read an
archive written by a newer pg_dump; both are checked first, so the operator reads what to
install instead of the tool's own complaint halfway through.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.db import connection
from psycopg.conninfo import make_conninfo

from leadwell.ops import Refused

# Connection settings Django passes through OPTIONS that pg_dump and pg_restore understand too.
LIBPQ_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslpassword",
    "passfile",
    "service",
    "options",
    "target_session_attrs",
    "connect_timeout",
)


@dataclass(frozen=True)
class Tool:
    path: str
    version: str
    major: int


def server_version() -> str:
    number = _server_number()
    return f"{number // 10000}.{number % 10000}"


def server_major() -> int:
    return _server_number() // 10000


def _server_number() -> int:
    # Django's PostgreSQL connection knows it, e.g. 150020 for 15.20 (the stubs do not).
    return int(cast(Any, connection).pg_version)


def find(name: str, *, at_least: int, needed_for: str) -> Tool:
    path = shutil.which(name)
    if path is None:
        raise Refused(f"{name} was not found on the PATH. {install_advice(at_least)}")
    printed = subprocess.run(  # noqa: S603 - the tool found on the PATH, fixed arguments
        [path, "--version"], capture_output=True, text=True, check=False, timeout=60
    ).stdout
    found = re.search(r"(\d+)(?:\.(\d+))?", printed)
    if found is None:
        raise Refused(f"{path} --version did not say its version: {printed.strip()!r}.")
    tool = Tool(path=path, version=found.group(0), major=int(found.group(1)))
    if tool.major < at_least:
        raise Refused(
            f"{name} {tool.version} ({path}) is older than {needed_for} (PostgreSQL "
            f"{at_least}) and cannot work with it. {install_advice(at_least)}"
        )
    return tool


def install_advice(major: int) -> str:
    return (
        f"Install PostgreSQL's client tools, version {major} or newer, and put them first on "
        f"the PATH: on Debian or Ubuntu `apt-get install postgresql-client-{major}` (the "
        f"tools are then in /usr/lib/postgresql/{major}/bin), on Fedora or RHEL `dnf install "
        f"postgresql{major}`, on macOS `brew install postgresql@{major}`."
    )


def dump(into: Path, *, snapshot: str) -> Tool:
    """Write the database to `into` in pg_dump's custom format, as it was at `snapshot`
    (uncompressed: the backup archive compresses everything once)."""
    tool = find("pg_dump", at_least=server_major(), needed_for="the database server")
    _run(
        tool,
        "--format=custom",
        "--compress=0",
        f"--snapshot={snapshot}",
        f"--file={into}",
    )
    return tool


def restore(dump_file: Path, *, written_by_major: int) -> Tool:
    """Load a dump into the (empty) database in one transaction: all of it or nothing."""
    tool = find(
        "pg_restore", at_least=written_by_major, needed_for="the pg_dump that wrote the backup"
    )
    _run(
        tool,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        str(dump_file),
    )
    return tool


def _run(tool: Tool, *args: str) -> None:
    settings = connection.settings_dict
    params = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "host": settings["HOST"],
        "port": str(settings["PORT"] or ""),
    }
    options = settings.get("OPTIONS", {})
    params.update({key: str(options[key]) for key in LIBPQ_OPTIONS if key in options})
    environment = os.environ.copy()
    if settings["PASSWORD"]:
        # In the environment rather than the command line, where other users could read it.
        environment["PGPASSWORD"] = settings["PASSWORD"]
    conninfo = make_conninfo(**{key: value for key, value in params.items() if value})
    name = Path(tool.path).name
    completed = subprocess.run(  # noqa: S603 - the tool found on the PATH, fixed arguments
        [tool.path, *args, "--no-password", f"--dbname={conninfo}"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    if completed.returncode != 0:
        raise Refused(f"{name} failed: {completed.stderr.strip() or completed.stdout.strip()}")
