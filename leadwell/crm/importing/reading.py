"""Reading a CSV or XLSX export row by row, whatever its encoding and dialect.

Rows come out as (line, cells): `line` is the row number a spreadsheet shows for that
record (the header is row 1), and cells are strings for CSV, or whatever the cell holds for
XLSX (numbers, dates). Nothing is read into memory beyond a small sample (but for a file that
is not UTF-8, whose encoding is worked out from the whole of it).
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
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
    # (line, bytes) of the sequences that were not valid in the encoding and were replaced.
    replaced: list[tuple[int, bytes]] = field(default_factory=list)

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


class BadBytes(FileProblem):
    """A UTF-8 file with a few byte sequences that are not UTF-8 (a damaged copy, a cut and
    paste from another program): reading it as another encoding would garble every accented
    letter, so the person importing decides whether the bad bytes are replaced."""

    def __init__(self, spots: list[tuple[int, bytes]]) -> None:
        self.spots = spots
        shown = "; ".join(f"line {line}: {raw!r}" for line, raw in spots[:5])
        more = f" and {len(spots) - 5} more" if len(spots) > 5 else ""
        super().__init__(
            f"The file is UTF-8 text except for {len(spots)} byte sequence"
            f"{'s' if len(spots) != 1 else ''} that {'are' if len(spots) != 1 else 'is'} not "
            f"UTF-8 ({shown}{more}). Fix those lines, or import with the bad bytes replaced "
            "by \N{REPLACEMENT CHARACTER} (--replace-bad-bytes; on the page, "
            '"Replace the bad bytes").'
        )


UTF8_CHUNK = 1 << 20


def detect_encoding(path: Path, sample: bytes) -> tuple[str, list[tuple[int, bytes]]]:
    """The file's encoding, decided from the whole file, and the spots (line, bytes) that are
    not valid in it when the file is UTF-8 but for a few broken byte sequences."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _utf8_damage(path) if not _valid_utf8(path) else []
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", []
    # UTF-16 without a BOM still shows itself by a NUL in every other byte of ASCII text.
    if sample[1:200:2].count(0) > 50:
        return "utf-16-le", []
    if sample[0:200:2].count(0) > 50:
        return "utf-16-be", []
    # Most files are UTF-8 (or plain ASCII): checking that takes one streaming pass over the
    # whole file at the decoder's speed, so a bad byte on the last line is not missed.
    if _valid_utf8(path):
        return "utf-8", []
    spots = _utf8_damage(path)
    if spots:
        return "utf-8", spots
    return _legacy_encoding(path), []


def _valid_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            for chunk in iter(lambda: handle.read(UTF8_CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _utf8_damage(path: Path) -> list[tuple[int, bytes]]:
    """The broken spots of a file that is otherwise UTF-8 (it has well-formed multi-byte
    characters, at least as many as broken sequences); [] when it is not UTF-8 at all."""
    data = path.read_bytes()
    spots: list[tuple[int, int]] = []
    position = 0
    good = 0
    while True:
        try:
            text = data[position:].decode("utf-8")
        except UnicodeDecodeError as error:
            good += _non_ascii(data[position : position + error.start])
            spots.append((position + error.start, position + error.end))
            position += error.end
            continue
        good += sum(1 for c in text if ord(c) > 127)
        break
    if not good or len(spots) > good:
        return []
    return [(data.count(b"\n", 0, start) + 1, data[start:end]) for start, end in spots]


def _non_ascii(chunk: bytes) -> int:
    return sum(1 for c in chunk.decode("utf-8") if ord(c) > 127)


def _legacy_encoding(path: Path) -> str:
    """A file in an older encoding, as charset-normalizer reads it from the whole file.

    Windows-1252 is what CRM exports that are not UTF-8 almost always are, and on a short
    text its neighbours (Central European 1250, Baltic 1257) read just as cleanly: it wins
    when it reads the file as cleanly as the best guess, or when the best guess is itself
    unsure (a few accented letters read as Chinese)."""
    from charset_normalizer import from_path

    matches = from_path(path)
    best = matches.best()
    data = path.read_bytes()
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return codecs.lookup(best.encoding).name if best is not None else "latin-1"
    if best is None or best.chaos > UNSURE_CHAOS:
        return "cp1252"
    cp1252 = next((m for m in matches if codecs.lookup(m.encoding).name == "cp1252"), None)
    if cp1252 is not None and cp1252.chaos <= best.chaos + SAME_CHAOS:
        return "cp1252"
    return codecs.lookup(best.encoding).name


# How garbled charset-normalizer finds a text read in an encoding (0 clean .. 1 noise).
UNSURE_CHAOS = 0.1
SAME_CHAOS = 0.02


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


def open_table(path: Path, *, sheet: str | None = None, replace_bad_bytes: bool = False) -> Table:
    suffix = path.suffix.lower()
    if suffix in {".xls"}:
        raise FileProblem("Old .xls files are not supported: save the sheet as .xlsx or .csv")
    try:
        return (
            _open_xlsx(path, sheet)
            if suffix in {".xlsx", ".xlsm"}
            else _open_csv(path, replace_bad_bytes)
        )
    except OSError as error:  # e.g. an upload removed from the disk before its import ran
        raise FileProblem(f"The file cannot be read: {error.strerror or error}") from None


def _open_csv(path: Path, replace_bad_bytes: bool = False) -> Table:
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("The file is empty")
    with path.open("rb") as probe:
        sample = probe.read(SAMPLE_BYTES)
    encoding, bad = detect_encoding(path, sample)
    if bad and not replace_bad_bytes:
        raise BadBytes(bad)
    decoded = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = detect_delimiter(decoded)

    raw = path.open("rb")
    counter = _CountingReader(raw)
    text = io.TextIOWrapper(
        io.BufferedReader(counter, buffer_size=1 << 16),
        encoding=encoding,
        errors="replace" if bad else "strict",
        newline="",
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
        replaced=bad,
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
