"""Reading a CSV or XLSX export row by row, whatever its encoding and dialect.

Rows come out as (line, cells): `line` is the row number a spreadsheet shows for that
record (the header is row 1), and cells are strings for CSV, or whatever the cell holds for
XLSX (numbers, dates). Nothing is read into memory beyond a small sample.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"


class FileProblem(ValueError):
    """The file as a whole cannot be read (as opposed to one bad row)."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""
    size: int = 0
    # How far through the file reading has got, 0..1, for a progress bar.
    position: Any = None

    def progress(self) -> float:
        return self.position() if self.position else 0.0


class _CountingReader(io.RawIOBase):
    """Wraps a binary file and counts the bytes handed out, so progress is known cheaply."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # UTF-16 without a BOM still shows itself by a NUL in every other byte of ASCII text.
    if sample[1:200:2].count(0) > 50:
        return "utf-16-le"
    if sample[0:200:2].count(0) > 50:
        return "utf-16-be"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if error.start < len(sample) - 4:
            return "cp1252"
    return "utf-8"


def detect_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        # The sniffer gives up on files with very uneven rows; the header line decides.
        header = lines[0]
        return max(DELIMITERS, key=header.count)


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    suffix = path.suffix.lower()
    if suffix in {".xls"}:
        raise FileProblem("Old .xls files are not supported: save the sheet as .xlsx or .csv")
    try:
        return _open_xlsx(path, sheet) if suffix in {".xlsx", ".xlsm"} else _open_csv(path)
    except OSError as error:  # e.g. an upload removed from the disk before its import ran
        raise FileProblem(f"The file cannot be read: {error.strerror or error}") from None


def _open_csv(path: Path) -> Table:
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("The file is empty")
    with path.open("rb") as probe:
        sample = probe.read(SAMPLE_BYTES)
    encoding = detect_encoding(sample)
    decoded = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = detect_delimiter(decoded)

    raw = path.open("rb")
    counter = _CountingReader(raw)
    text = io.TextIOWrapper(
        io.BufferedReader(counter, buffer_size=1 << 16), encoding=encoding, newline=""
    )
    reader = csv.reader(text, delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[str]]]:
        try:
            yield from enumerate(reader, start=1)
        except UnicodeDecodeError as error:
            raise FileProblem(f"The file is not valid {encoding} text: {error.reason}") from None
        except csv.Error as error:
            raise FileProblem(
                f"The file is not valid CSV near row {reader.line_num}: {error}"
            ) from None
        finally:
            raw.close()

    rows = records()
    header = _first_nonblank(rows)
    return Table(
        header=header,
        rows=rows,
        encoding=encoding,
        delimiter=delimiter,
        size=size,
        position=lambda: min(counter.count / size, 1.0),
    )


def _first_nonblank(rows: Iterator[tuple[int, list[Any]]]) -> list[str]:
    for _, cells in rows:
        header = ["" if c is None else str(c).strip().lstrip("\ufeff") for c in cells]
        if any(header):
            while header and not header[-1]:
                header.pop()
            return header
    raise FileProblem("The file has no header row")


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(f"This is not a readable .xlsx file: {error}") from None
    if sheet is not None and sheet not in workbook.sheetnames:
        raise FileProblem(
            f"No sheet named {sheet!r}; the sheets are {', '.join(workbook.sheetnames)}"
        )
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    total = worksheet.max_row or 1
    state = {"line": 0}

    def records() -> Iterator[tuple[int, list[Any]]]:
        try:
            for line, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                state["line"] = line
                yield line, list(values)
        finally:
            workbook.close()

    rows = records()
    header = _first_nonblank(rows)
    return Table(
        header=header,
        rows=rows,
        encoding="xlsx",
        size=path.stat().st_size,
        position=lambda: min(state["line"] / total, 1.0),
    )
