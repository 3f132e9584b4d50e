"""`leadwell manage chart_styles`: write the trend charts' stylesheet from pygal's styles."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leadwell.metrics import charts

PATH = Path(__file__).resolve().parents[2] / "static" / charts.STYLESHEET


class Command(BaseCommand):
    help = "Write metrics/charts.css, the styles of every trend chart, from pygal's own."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=PATH, help=f"default: {PATH}")
        parser.add_argument(
            "--check", action="store_true", help="change nothing; fail if the file is stale"
        )

    def handle(self, *args: Any, path: Path, check: bool, **options: Any) -> None:
        text = charts.stylesheet()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if check:
            if current != text:
                raise CommandError(f"{path} differs from pygal's chart styles: run chart_styles")
            self.stdout.write(f"{path} matches pygal's chart styles.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote the trend charts' styles to {path}.")
