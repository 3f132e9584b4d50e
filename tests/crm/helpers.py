from pathlib import Path

from leadwell.crm.importing.engine import run_import
from leadwell.crm.importing.rows import ImportOptions
from leadwell.crm.models import ImportRun
from tests.conftest import require

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"


def dataset(*parts: str) -> Path:
    """A file or folder of ../shared/datasets: skips the test (fails it in CI) when absent."""
    path = DATASETS.joinpath(*parts)
    if not path.exists():
        require(f"the shared data sets are not beside the repository ({DATASETS})")
    return path


def write(
    tmp_path: Path, content: str | bytes, name: str = "export.csv", encoding: str = "utf-8"
) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def import_file(path: Path, kind: str = "opportunities", **options) -> ImportRun:
    return run_import(path, ImportOptions(kind=kind, **options))


def error_reasons(run: ImportRun) -> list[tuple[int, str, str]]:
    return [(e["line"], e["column"], e["reason"]) for e in run.errors]
