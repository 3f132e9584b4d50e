"""What the backup tests share: the demo organisation to back up, the scorecards it serves,
and backup files altered the way a newer Leadwell or a damaged disk would alter them."""

import datetime
import gzip
import io
import json
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path

from tests.test_cli import leadwell


def demo(data_dir: Path, env: dict | None = None) -> Path:
    result = leadwell("demo", "--no-serve", data_dir=data_dir, env=env)
    assert result.returncode == 0, result.stderr
    return data_dir


def copy(template: Path, into: Path) -> Path:
    return shutil.copytree(template, into)


def scorecards(data_dir: Path, env: dict | None = None) -> list:
    """`leadwell scorecard --format json` for everyone, last fiscal year."""
    last_year = f"FY{datetime.date.today().year - 1}"
    result = leadwell(
        "scorecard", "--format", "json", "--period", last_year, data_dir=data_dir, env=env
    )
    assert result.returncode == 0, result.stderr
    cards = json.loads(result.stdout)
    assert cards, f"the demo has figures for {last_year}"
    return cards


def ok(result) -> dict:
    """The JSON a command printed, once it succeeded."""
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rewritten(
    backup: Path,
    into: Path,
    *,
    manifest: Callable[[dict], None] = lambda manifest: None,
    member: Callable[[str, bytes], bytes] = lambda name, data: data,
) -> Path:
    """A copy of a backup whose manifest and members were changed by the given functions."""
    with tarfile.open(backup, "r:gz") as source, tarfile.open(into, "w:gz") as target:
        for entry in source:
            handle = source.extractfile(entry)
            data = handle.read() if handle else b""
            if entry.name == "manifest.json":
                changed = json.loads(data)
                manifest(changed)
                data = json.dumps(changed).encode()
            else:
                data = member(entry.name, data)
            entry.size = len(data)
            target.addfile(entry, io.BytesIO(data))
    return into


def edited_export(export: Path, into: Path, edit: Callable[[list[str]], list[str]]) -> Path:
    """A copy of an export whose lines were changed by `edit`."""
    with gzip.open(export, "rt", encoding="utf-8") as source:
        lines = source.read().splitlines()
    with gzip.open(into, "wt", encoding="utf-8") as target:
        target.write("\n".join(edit(lines)) + "\n")
    return into
