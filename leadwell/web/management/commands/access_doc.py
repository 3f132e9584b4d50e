"""`leadwell manage access_doc`: write docs/access.md from the rules the apps declare."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leadwell import policy

DOC = Path(__file__).resolve().parents[4] / "docs" / "access.md"


class Command(BaseCommand):
    help = "Write docs/access.md, the table of every access rule, from the apps' rules.py."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DOC, help=f"default: {DOC}")
        parser.add_argument(
            "--check", action="store_true", help="change nothing; fail if the file is stale"
        )

    def handle(self, *args: Any, path: Path, check: bool, **options: Any) -> None:
        text = policy.access_table()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if check:
            if current != text:
                raise CommandError(f"{path} differs from the declared rules: run access_doc")
            self.stdout.write(f"{path} matches the declared rules.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {len(policy.declared())} rules to {path}.")
