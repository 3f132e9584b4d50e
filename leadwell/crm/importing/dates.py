"""Day first or month first: decided per date column from all of its values.

`03/01/2017` is the first of March in Boston and the third of January in Berlin. A column
says which it is the moment one of its dates has a number above 12 where the month would
be: `13/01/2017` can only be day-first, `01/13/2017` only month-first. That date may be on
row 900, so the decision reads the whole column, not a sample. When no date decides, the
file's decimal comma (`1.234,56`, written where dates are day-first) is the evidence; else
month-first, the order of the US exports most CRMs default to. A column whose dates decide
both ways is read in the order its first deciding date shows, and every date against that
order is a bad cell naming the line that decided it.

The decision, and why, is shown on the review page and in every import summary; a mapping
file (`[dates] "Close Date" = "day-first"`) or the page's choice overrides it.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from leadwell.crm.importing.fields import FIELDS
from leadwell.crm.importing.parsing import date_numbers, detect_decimal_comma
from leadwell.crm.importing.presets import header_key
from leadwell.crm.importing.reading import FileProblem
from leadwell.crm.importing.rows import ImportOptions, Plan

DAY_FIRST, MONTH_FIRST = "day-first", "month-first"
ORDERS = (DAY_FIRST, MONTH_FIRST)


@dataclass
class DateOrder:
    order: str  # DAY_FIRST or MONTH_FIRST
    reason: str
    # The line and value that decided it, when a date did.
    line: int | None = None
    value: str = ""
    source: str = "detected"  # detected, mapping, guessed

    @property
    def dayfirst(self) -> bool:
        return self.order == DAY_FIRST

    def as_json(self, column: str) -> dict[str, Any]:
        return {
            "column": column,
            "order": self.order,
            "source": self.source,
            "line": self.line,
            "reason": self.reason,
        }


numbers = date_numbers


class Evidence:
    """What a column's dates say about their order, as the file is read."""

    def __init__(self) -> None:
        self.day_first: tuple[int, str] | None = None  # first (line, value) only day-first
        self.month_first: tuple[int, str] | None = None
        self.numeric = False  # any date in the doubtful shape at all
        self._seen: set[str] = set()

    def add(self, line: int, value: Any) -> None:
        if value.__class__ is not str or value in self._seen:
            return
        if len(self._seen) < 100_000:
            self._seen.add(value)
        pair = numbers(value)
        if pair is None:
            return
        self.numeric = True
        first, second = pair
        if first > 12 and second <= 12 and self.day_first is None:
            self.day_first = (line, value.strip())
        elif second > 12 and first <= 12 and self.month_first is None:
            self.month_first = (line, value.strip())

    @property
    def decided(self) -> bool:
        return self.day_first is not None or self.month_first is not None


def decide(evidence: Evidence, *, decimal_comma: bool) -> DateOrder | None:
    """The column's order, or None when none of its dates is in the doubtful shape."""
    if not evidence.numeric:
        return None
    candidates = [
        (found, order)
        for found, order in ((evidence.day_first, DAY_FIRST), (evidence.month_first, MONTH_FIRST))
        if found is not None
    ]
    if candidates:
        (line, value), order = min(candidates)
        reason = f"read {order}: line {line} has {value}, and {_above_12(value)} cannot be a month"
        if len(candidates) == 2:
            (other_line, other_value), other = max(candidates)
            reason += (
                f"; but line {other_line} has {other_value}, which reads only {other}: "
                "dates against the column's order are bad cells"
            )
        return DateOrder(order, reason, line=line, value=value)
    if decimal_comma:
        return DateOrder(
            DAY_FIRST,
            "read day-first: no date has a number above 12, and the file writes numbers with "
            "a decimal comma, as day-first countries do; change it if that is wrong",
            source="guessed",
        )
    return DateOrder(
        MONTH_FIRST,
        "read month-first: no date has a number above 12 to decide, so the US order is "
        "assumed; change it if the file is day-first",
        source="guessed",
    )


def _above_12(value: str) -> int:
    pair = numbers(value)
    return max(pair) if pair else 0


def parse_order(value: Any, where: str) -> str:
    """An order as a mapping file or the page gives it."""
    spelled = str(value).strip().lower().replace("_", "-").replace(" ", "-")
    spellings = {
        "day-first": DAY_FIRST,
        "dayfirst": DAY_FIRST,
        "dmy": DAY_FIRST,
        "month-first": MONTH_FIRST,
        "monthfirst": MONTH_FIRST,
        "mdy": MONTH_FIRST,
    }
    if spelled not in spellings:
        raise ValueError(f"{where}: {value!r} is not a date order; write day-first or month-first")
    return spellings[spelled]


def scan(evidence: dict[int, Evidence], rows: Iterable[tuple[int, list[Any]]]) -> None:
    """Add the date cells of these rows (column index -> evidence)."""
    for line, cells in rows:
        width = len(cells)
        for index, found in evidence.items():
            if index < width:
                found.add(line, cells[index])


def decide_orders(
    plan: Plan,
    sample: list[tuple[int, list[Any]]],
    options: ImportOptions,
    rest: Callable[[], Iterator[tuple[int, list[Any]]]] | None = None,
) -> dict[str, DateOrder]:
    """Each date column's order (field -> DateOrder), from the sample and, when the sample
    decides nothing and the file goes on (`rest` reads the rows after it), from the rest."""
    given = _given_orders(plan, options)
    evidence = {
        index: Evidence()
        for name, index in plan.columns.items()
        if FIELDS[plan.kind][name].type == "date" and name not in given
    }
    scan(evidence, sample)
    undecided = {i: e for i, e in evidence.items() if not e.decided}
    if undecided and rest is not None:
        rows = rest()
        try:
            scan(undecided, rows)
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()
    comma = options.mapping.get("decimal_comma")
    if comma is None:
        comma = _decimal_comma(plan, sample)
    orders = {}
    for name, index in plan.columns.items():
        if name in given:
            orders[name] = DateOrder(
                given[name], f"read {given[name]}, as the mapping says", source="mapping"
            )
        elif index in evidence:
            found = decide(evidence[index], decimal_comma=bool(comma))
            if found is not None:
                orders[name] = found
    return orders


def _given_orders(plan: Plan, options: ImportOptions) -> dict[str, str]:
    """Orders a mapping sets: per column ([dates]), or for every column (date_format)."""
    given: dict[str, str] = {}
    fmt = options.mapping.get("date_format")
    if fmt:
        for name in plan.columns:
            if FIELDS[plan.kind][name].type == "date" and fmt.startswith(("%d", "%m")):
                given[name] = DAY_FIRST if fmt.startswith("%d") else MONTH_FIRST
    field_at = {index: name for name, index in plan.columns.items()}
    by_key = {header_key(h): i for i, h in enumerate(plan.header)}
    for column, order in (options.mapping.get("dates") or {}).items():
        index = by_key.get(header_key(column))
        if index is None:
            raise FileProblem(
                f"The mapping's [dates] names a column {column!r} that is not in the file"
            )
        field_name = field_at.get(index)
        if field_name is None or FIELDS[plan.kind][field_name].type != "date":
            raise FileProblem(
                f"The mapping's [dates] names {column!r}, which is not read as a date"
            )
        try:
            given[field_name] = parse_order(order, f"[dates] {column!r}")
        except ValueError as error:
            raise FileProblem(str(error)) from None
    return given


def _decimal_comma(plan: Plan, sample: list[tuple[int, list[Any]]]) -> bool:
    """Whether the file's money columns write a decimal comma (evidence for day-first)."""
    for name, index in plan.columns.items():
        if FIELDS[plan.kind][name].type in ("decimal", "percent"):
            values = [cells[index] for _, cells in sample if index < len(cells)]
            if detect_decimal_comma(values):
                return True
    return False


def decided_by(order: DateOrder | None) -> str:
    """What a date against the column's order is told, or "" when nothing can contradict it."""
    if order is None or order.source == "guessed":
        return ""
    if order.source == "mapping":
        return "as the mapping says"
    return f"line {order.line} has {order.value}"


def order_notes(plan: Plan) -> list[dict[str, Any]]:
    """The import's word on each date column's order (its `dates`): {column, order, source,
    line, reason} (line: the row that decided it, if one did)."""
    return [
        order.as_json(plan.header[plan.columns[name]]) for name, order in plan.date_orders.items()
    ]
