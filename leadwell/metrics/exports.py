"""Scorecards as data: JSON records (CLI `--format json`, API) and tables for CSV and XLSX.

Money is in the reporting currency (LEADWELL_CURRENCY). A record keeps `unit: "money"`, a
stable value for programs, and says the currency once, in `currency`; a table, read by people
in a spreadsheet, writes the currency's code in the unit column of each money row.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from leadwell.lib.currency import reporting_currency
from leadwell.lib.spreadsheet import safe_cell
from leadwell.metrics.catalog import Unit
from leadwell.metrics.formatting import unit_label
from leadwell.metrics.gaps import Analysis, Driver
from leadwell.metrics.selectors import Card


def card_record(card: Card) -> dict[str, Any]:
    """One object per person (or team) and period: who, the period, and each metric's value,
    target and unit under its stable identifier."""
    return {
        "who": _who(card),
        "period": card.period.name,
        "period_label": card.period.label,
        "period_start": card.period.start.isoformat(),
        "period_end": card.period.end.isoformat(),
        "currency": reporting_currency(),
        **pace_record(card),
        "metrics": {
            line.metric.key: {
                "value": line.value,
                "target": line.target,
                "target_source": line.target_source or None,
                "gap": line.gap,
                "unit": line.metric.unit.value,
                "note": line.undefined or None,
                "paced": line.paced,
                "full_target": line.full_target,
            }
            for line in card.lines
        },
    }


def pace_record(card: Card) -> dict[str, Any]:
    """Whether the card's period is in progress, how much of it is gone, and the pace its
    quota-based lines are judged against (docs/decisions.md, "Periods in progress are judged
    against pace")."""
    pace = card.pace
    return {
        "in_progress": pace is not None,
        "elapsed_share": pace.elapsed if pace else None,
        "pace_share": pace.share if pace else None,
        "pace_method": pace.method.value if pace else None,
    }


# -- Gap analysis as data -------------------------------------------------------------------------


def _who(card: Card) -> dict[str, Any]:
    return {"kind": card.scope_kind, "id": card.scope_id, "name": card.name, "email": card.email}


def driver_record(driver: Driver) -> dict[str, Any]:
    return {
        "key": driver.key,
        "name": driver.name,
        "actual": driver.actual,
        "reference": driver.reference,
        "unit": driver.unit.value,
        "amount": driver.amount,
    }


def analysis_record(analysis: Analysis) -> dict[str, Any]:
    """One object per seller and period: the bookings gap (bookings minus their target,
    negative when short) split into drivers whose amounts add up to it, and every metric below
    target with its gap (how far short, always positive) and likely causes."""
    card = analysis.card
    main = analysis.main_driver
    return {
        "who": _who(card),
        "period": card.period.name,
        "period_label": card.period.label,
        "period_start": card.period.start.isoformat(),
        "period_end": card.period.end.isoformat(),
        "currency": reporting_currency(),
        **pace_record(card),
        "bookings_target": analysis.bookings.target,
        "bookings_gap": analysis.bookings_gap,
        "main_driver": main.key if main is not None else None,
        "reference_source": analysis.reference_source or None,
        "drivers": [driver_record(driver) for driver in analysis.drivers],
        "gaps": [
            {
                "metric": gap.metric.key,
                "name": gap.metric.name,
                "value": gap.line.value,
                "target": gap.line.target,
                "target_source": gap.line.target_source or None,
                "gap": gap.size,
                "unit": gap.metric.unit.value,
                "causes": [
                    {"cause": cause.cause, "explanation": cause.explanation} for cause in gap.causes
                ],
            }
            for gap in analysis.gaps
        ],
    }


# -- Tables for CSV and XLSX ----------------------------------------------------------------------

Table = tuple[list[str], list[list[Any]]]

SCORECARD_HEADER = [
    "kind",
    "id",
    "name",
    "email",
    "period",
    "metric",
    "metric_name",
    "value",
    "target",
    "gap",
    "unit",
    "target_source",
    "note",  # why a value is missing: "no forecast" (the cell is left empty)
]


def _who_cells(card: Card) -> list[Any]:
    return [card.scope_kind, card.scope_id, card.name, card.email or "", card.period.name]


def scorecard_table(cards: Iterable[Card]) -> Table:
    """Scorecards in long format: one row per card and metric (values as numbers; percents as
    fractions, 0.312 is 31.2%); money's unit is the reporting currency's code. A value that is
    undefined for a reason is an empty cell, and `note` says why ("no forecast")."""
    currency = reporting_currency()
    rows = [
        [
            *_who_cells(card),
            line.metric.key,
            line.metric.name,
            line.value,
            line.target,
            line.gap,
            unit_label(line.metric.unit, currency),
            line.target_source,
            line.undefined,
        ]
        for card in cards
        for line in card.lines
    ]
    return list(SCORECARD_HEADER), rows


GAPS_HEADER = [
    "kind",
    "id",
    "name",
    "email",
    "period",
    "item",  # "gap": a metric below target; "driver": a part of the bookings gap
    "key",
    "label",
    "value",  # a gap's value, a driver's actual figure
    "target",  # a gap's target, a driver's reference
    "gap",  # how far short of target (gaps only)
    "unit",
    "amount",  # a driver's part of bookings minus target, in the currency (drivers only)
    "causes",
]


def gaps_table(analyses: Iterable[Analysis]) -> Table:
    """Gap analyses in long format: per seller, a row per metric below target (with its likely
    causes) and a row per driver of the bookings gap; money's unit is the reporting currency's
    code."""
    currency = reporting_currency()
    rows: list[list[Any]] = []
    for analysis in analyses:
        who = _who_cells(analysis.card)
        for gap in analysis.gaps:
            rows.append(
                [
                    *who,
                    "gap",
                    gap.metric.key,
                    gap.metric.name,
                    gap.line.value,
                    gap.line.target,
                    gap.size,
                    unit_label(gap.metric.unit, currency),
                    None,
                    "; ".join(cause.cause for cause in gap.causes),
                ]
            )
        for driver in analysis.drivers:
            rows.append(
                [
                    *who,
                    "driver",
                    driver.key,
                    driver.name,
                    driver.actual,
                    driver.reference,
                    None,
                    unit_label(driver.unit, currency),
                    driver.amount,
                    "",
                ]
            )
    return list(GAPS_HEADER), rows


def _safe(value: Any) -> Any:
    """A cell as a spreadsheet should get it: formula-like text neutralised, None empty."""
    if value is None:
        return ""
    return safe_cell(value)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The table as CSV text (every text cell neutralised against formula injection)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


# Number formats per unit, for the value, target and gap columns of a table with a unit column.
NUMBER_FORMATS = {
    Unit.MONEY.value: "#,##0",
    Unit.PERCENT.value: "0.0%",
    Unit.MULTIPLE.value: '0.0"x"',
    Unit.DAYS.value: "0",
    Unit.RATE.value: "0.0",
    Unit.COUNT.value: "#,##0",
}
UNIT_COLUMNS = {"value", "target", "gap"}
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str) -> str:
    # Excel refuses []:*?/\ in a sheet title and more than 31 characters.
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", title)).strip()
    return cleaned[:31].strip("' ") or "Sheet"


def _xlsx_text(value: Any) -> Any:
    if value is None:
        return None  # an empty cell
    value = safe_cell(value)
    if isinstance(value, str):
        # Control characters cannot be stored in a workbook at all.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    """The table as an .xlsx workbook with one sheet named `title` (see `to_workbook`)."""
    return to_workbook([(title, header, rows)])


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def to_workbook(sheets: Iterable[Sheet]) -> bytes:
    """Tables as an .xlsx workbook, one sheet per (title, header, rows): a bold, frozen header
    row, numbers kept as numbers (formatted by unit when the table has a unit column), and every
    text cell neutralised against formula injection."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        _add_sheet(workbook, header, rows, title)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _add_sheet(
    workbook: Workbook, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str
) -> None:
    sheet = workbook.create_sheet(_sheet_title(title))
    sheet.freeze_panes = "A2"
    names = list(header)
    unit_at = names.index("unit") if "unit" in names else None
    # A money row's unit is the reporting currency's code (formatting.unit_label).
    formats = NUMBER_FORMATS | {reporting_currency(): NUMBER_FORMATS[Unit.MONEY.value]}
    formatted = [i for i, name in enumerate(names) if name in UNIT_COLUMNS]
    for i, name in enumerate(names):
        sheet.column_dimensions[get_column_letter(i + 1)].width = max(10, min(len(name) + 4, 40))
    bold = Font(bold=True)
    head = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(name))
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for row in rows:
        values = [_xlsx_text(cell) for cell in row]
        number_format = formats.get(str(row[unit_at])) if unit_at is not None else None
        if number_format:
            for i in formatted:
                if i < len(values) and isinstance(values[i], int | float):
                    cell = WriteOnlyCell(sheet, value=values[i])
                    cell.number_format = number_format
                    values[i] = cell
        sheet.append(values)
