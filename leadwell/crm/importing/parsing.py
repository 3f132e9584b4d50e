"""Turning the cells of real exports into values: money, percentages, dates, choices.

Formats are detected once per column from a sample of its values (is `03/01/2017` the first
of March or the third of January? is `1.234` a thousand or one and a bit?), then every cell
of the column is read the same way. Parsed values are memoised per column: exports repeat
the same dates and stage names many thousands of times.
"""

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil import parser as dateutil_parser

from leadwell.lib.currency import SIGNS


class CellError(ValueError):
    """One cell cannot be read; the message is the reason shown to the person importing."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


SHOWN_CHARACTERS = 200


def shown(value: str, limit: int = SHOWN_CHARACTERS) -> str:
    """A cell as an error message shows it: every invisible or control character (a NUL, a
    line feed, a zero-width space) written as an escape such as `\\x00`, and cut at `limit`."""
    cut = value[:limit]
    if not cut.isprintable():
        cut = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in cut)
    return cut + ("…" if len(value) > limit else "")


# --- numbers ---------------------------------------------------------------------------

# A currency sign (lib/currency.py's table) or an ISO code written before or after a number.
_SIGN = "|".join(map(re.escape, SIGNS)) + "|[A-Z]{3}"
_LEADING_CURRENCY = re.compile(rf"^(?:{_SIGN})\s*")
_TRAILING_CURRENCY = re.compile(rf"\s*(?:{_SIGN})$")
_LEADING_SIGN = re.compile(rf"^(?:{_SIGN})")
_TRAILING_SIGN = re.compile(rf"(?:{_SIGN})$")
_AROUND_NUMBER = " \t\u00a0\u202f()+-"
_COMMA_DECIMAL = re.compile(r"^-?\d{1,3}(?:[.\s]\d{3})*,\d+$|^-?\d+,\d{1,2}$")
_DOT_THOUSANDS = re.compile(r"^-?\d{1,3}(?:\.\d{3}){2,}$")


def _clean_number(raw: str) -> tuple[str, bool]:
    s = raw.strip().replace("\u00a0", " ").replace("\u202f", " ")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.startswith("-"):
        negative, s = True, s[1:].strip()
    # A sign can only be at either end: a plain number is not searched for one.
    if s and not s[0].isdigit():
        s = _LEADING_CURRENCY.sub("", s, count=1)
    if s and not s[-1].isdigit():
        s = _TRAILING_CURRENCY.sub("", s, count=1)
    s = s.strip()
    if s.startswith("-"):
        negative, s = True, s[1:].strip()
    return s, negative


def currency_sign(value: Any) -> str | None:
    """The currency sign or ISO code an amount is written with (`€` in `€1.000`, `EUR` in
    `1 000 EUR`, `US$`), as written; None for a plain number. Which currency it names is
    lib/currency.py's to say. Cheap for a plain number: a cell that starts and ends with a
    digit (once its minus and brackets are set aside) has no sign."""
    if value.__class__ is not str:
        return None
    s = value.strip(_AROUND_NUMBER)
    if not s or (s[0].isdigit() and s[-1].isdigit()):
        return None
    found = _LEADING_SIGN.match(s) or _TRAILING_SIGN.search(s)
    return found[0] if found else None


def detect_decimal_comma(samples: Iterable[Any]) -> bool:
    """Whether a column writes `1.234,56` (decimal comma) rather than `1,234.56`."""
    votes = 0
    for value in samples:
        if not isinstance(value, str):
            continue
        s, _ = _clean_number(value)
        if "," in s and "." in s:
            votes += 1 if s.rfind(",") > s.rfind(".") else -1
        elif (
            _COMMA_DECIMAL.match(s) and not re.match(r"^-?\d{1,3}(,\d{3})+$", s)
        ) or _DOT_THOUSANDS.match(s):
            votes += 1
        elif "." in s:
            votes -= 1
    return votes > 0


# A number's digits, grouped the one way its column's style allows: thousands separated by a
# comma (or a space or an apostrophe) before a decimal point, by a dot (or a space or an
# apostrophe) before a decimal comma. Indian grouping (12,34,567.00) goes with the point.
_NUMBER = {
    False: re.compile(
        r"^\+?(?P<whole>\d*|\d{1,3}(?P<sep>[, '])\d{3}(?:(?P=sep)\d{3})*|\d{1,2}(?:,\d{2})+,\d{3})"
        r"(?:\.(?P<fraction>\d*))?(?P<exponent>[eE][+-]?\d+)?$"
    ),
    True: re.compile(
        r"^\+?(?P<whole>\d*|\d{1,3}(?P<sep>[. '])\d{3}(?:(?P=sep)\d{3})*)"
        r"(?:,(?P<fraction>\d*))?(?P<exponent>[eE][+-]?\d+)?$"
    ),
}
_DIGITS_AND_MARKS = re.compile(r"^[\d.,' ]*\d[\d.,' ]*$")
_STYLE = {False: "1,234,567.89", True: "1.234.567,89"}


def make_decimal_parser(*, decimal_comma: bool) -> Callable[[Any], Decimal]:
    """Read a number written in the column's style; one that fits no style is refused
    rather than guessed (is `1,234,5` 1234.5, 12345 or a typo?)."""
    pattern = _NUMBER[decimal_comma]
    ambiguous = (
        f"ambiguous number: this column writes numbers like {_STYLE[decimal_comma]}"
        " (decimal_comma in a mapping file says which style a column uses)"
    )

    def parse(value: Any) -> Decimal:
        if isinstance(value, bool):
            raise CellError("expected a number")
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(str(value))
        else:
            s, negative = _clean_number(str(value))
            match = pattern.match(s)
            if match is None or not re.search(r"\d", s):
                raise CellError(ambiguous if _DIGITS_AND_MARKS.match(s) else "not a number")
            whole = re.sub(r"\D", "", match["whole"]) or "0"
            fraction = f".{match['fraction']}" if match["fraction"] else ""
            exponent = match["exponent"] or ""
            try:
                number = Decimal(f"{whole}{fraction}{exponent}")
            except InvalidOperation:  # an exponent no decimal holds: 1e99999999999999999999
                if "-" not in exponent:
                    raise CellError("out of range") from None
                number = Decimal(0)
            number = -number if negative else number
        if not number.is_finite():
            raise CellError("not a number")
        return number

    return parse


def make_percent_parser(*, decimal_comma: bool, fractions: bool) -> Callable[[Any], Decimal]:
    """Percentages as 0-100: `65.0%`, `65`, or `0.65` in a column of fractions."""
    number = make_decimal_parser(decimal_comma=decimal_comma)

    def parse(value: Any) -> Decimal:
        had_sign = isinstance(value, str) and "%" in value
        result = number(str(value).replace("%", "") if had_sign else value)
        if fractions and not had_sign:
            result *= 100
        if not Decimal(0) <= result <= Decimal(100):
            raise CellError("a percentage must be between 0 and 100")
        return result.quantize(Decimal("0.01"))

    return parse


def detect_fractions(samples: Iterable[Any]) -> bool:
    """Whether a percentage column holds fractions (0.65) rather than percents (65)."""
    seen = False
    for value in samples:
        if isinstance(value, str) and "%" in value:
            return False
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            continue
        seen = True
        if number > 1:
            return False
    return seen


# --- dates -----------------------------------------------------------------------------

DATE_FORMATS = [
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%m/%d/%y",
    "%d/%m/%y",
    "%m-%d-%Y",
    "%d-%m-%Y",
    "%Y%m%d",
]
_TIME_TAIL = re.compile(
    r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?$"
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _strip_time(value: str) -> str:
    return _TIME_TAIL.sub("", value.strip())


DAY_FIRST_FORMATS = {"%d/%m/%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%Y"}
MONTH_FIRST_FORMATS = {"%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y"}


def detect_date_format(samples: Iterable[Any], *, dayfirst: bool | None = None) -> str | None:
    """The first format that reads every sampled text date, or None to read each flexibly;
    with `dayfirst` decided (dates.py), only a format in that order."""
    texts = [_strip_time(v) for v in samples if isinstance(v, str) and v.strip()]
    if not texts:
        return None
    against = {True: MONTH_FIRST_FORMATS, False: DAY_FIRST_FORMATS, None: set()}[dayfirst]
    for fmt in DATE_FORMATS:
        if fmt in against:
            continue
        try:
            for value in texts:
                datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return fmt
    return None


def make_date_parser(
    *, fmt: str | None, dayfirst: bool = False, decided_by: str = ""
) -> Callable[[Any], datetime.date]:
    """`decided_by` (why the column is read in its order) makes a date against that order a
    bad cell, where the flexible reading would swap day and month without a word."""

    def parse(value: Any) -> datetime.date:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _excel_serial(value)
        if decided_by:
            _check_order(value)
        s = _strip_time(str(value))
        if fmt is not None:
            try:
                return datetime.datetime.strptime(s, fmt).date()
            except ValueError:
                pass
        if re.fullmatch(r"\d{5}(\.\d+)?", s):
            return _excel_serial(float(s))
        try:
            return dateutil_parser.parse(
                s, dayfirst=dayfirst, default=datetime.datetime(2000, 1, 1)
            ).date()
        except (ValueError, OverflowError):
            raise CellError(
                "not a date (expected e.g. 2017-03-01, 3/1/2017 or 01-Jan-2015)"
            ) from None

    def _check_order(value: Any) -> None:
        pair = date_numbers(value)
        if pair is None:
            return
        month = pair[1] if dayfirst else pair[0]
        if month > 12 and max(pair) <= 31 and min(pair) <= 12:
            order = "day-first" if dayfirst else "month-first"
            raise CellError(
                f"{month} cannot be a month: this column is read {order} ({decided_by}). Fix "
                "the date, or set the column's order in the mapping ([dates])"
            )

    return parse


def date_numbers(value: Any) -> tuple[int, int] | None:
    """The first two numbers of a date written like 03/01/2017 (or with dots or dashes)."""
    if not isinstance(value, str):
        return None
    found = _NUMERIC_DATE.match(value)
    return (int(found[1]), int(found[3])) if found else None


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T].*)?$")


def _excel_serial(number: float) -> datetime.date:
    if not 1 <= number < 2958466:
        raise CellError("not a date")
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


# --- choices ---------------------------------------------------------------------------


def _choice_key(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.casefold())


def make_choice_parser(choices: Mapping[str, Iterable[str]], *, label: str) -> Callable[[Any], str]:
    """Read one of a few values, accepting the spellings exports use for each."""
    lookup = {}
    for value, spellings in choices.items():
        lookup[_choice_key(value)] = value
        for spelling in spellings:
            lookup[_choice_key(spelling)] = value
    allowed = ", ".join(choices)

    def parse(value: Any) -> str:
        found = lookup.get(_choice_key(str(value)))
        if found is None:
            raise CellError(f"not a known {label} (expected one of: {allowed})")
        return found

    return parse


MEMO_LIMIT = 100_000
_MISSING = object()


def memoised(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Remember each distinct cell's result (or its error): real columns repeat themselves.

    Memory stays bounded: past MEMO_LIMIT distinct values, new ones are parsed, not kept.
    """
    values: dict[Any, Any] = {}
    errors: dict[Any, CellError] = {}

    def cached(value: Any) -> Any:
        try:
            hit = values.get(value, _MISSING)
        except TypeError:  # a list or an object sent through the API: nothing to remember
            return parse(value)
        if hit is not _MISSING:
            return hit
        if value in errors:
            raise errors[value]
        try:
            hit = parse(value)
        except CellError as error:
            if len(errors) < MEMO_LIMIT:
                errors[value] = error
            raise
        if len(values) < MEMO_LIMIT:
            values[value] = hit
        return hit

    return cached


def mostly_distinct(samples: list[Any]) -> bool:
    """Whether a column's values hardly repeat (ids, names), so remembering them is waste."""
    return len(samples) >= 20 and len(set(samples)) > 0.8 * len(samples)
