"""The fiscal calendar: months, quarters and fiscal years, named like `FY2017-Q3`.

A fiscal year is named after the calendar year in which it ends: with a fiscal year that
starts in February, FY2018 runs from 1 February 2017 to 31 January 2018. With the default
January start, fiscal and calendar years are the same.
"""

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

from leadwell.lib import dates


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def fiscal_start_month() -> int:
    return int(getattr(settings, "FISCAL_YEAR_START_MONTH", 1))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    kind: PeriodKind
    fiscal_year: int
    number: int  # month 1-12 or quarter 1-4 within the fiscal year; 1 for a year

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind]
        return _add_months(self.start, months)

    @property
    def name(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"FY{self.fiscal_year}-Q{self.number}"
        if self.kind == PeriodKind.YEAR:
            return f"FY{self.fiscal_year}"
        return f"FY{self.fiscal_year}-M{self.number:02d}"

    @property
    def short_label(self) -> str:
        """What people call it where room is short: "Q4 FY2026", "FY2026", "October 2026"."""
        if self.kind == PeriodKind.QUARTER:
            return f"Q{self.number} FY{self.fiscal_year}"
        if self.kind == PeriodKind.YEAR:
            return f"FY{self.fiscal_year}"
        if fiscal_start_month() == 1:
            return dates.month(self.start)
        return f"M{self.number} FY{self.fiscal_year}"

    @property
    def label(self) -> str:
        """The period as people read it, with its days: "Q4 FY2026 (1 Oct to 31 Dec 2026)".

        `name` stays the identifier (URLs, the CLI's --period, the API); this is for reading.
        A month of a fiscal year that starts in January is just its calendar month; with
        another start its fiscal number comes first, then the calendar month it falls in.
        """
        if self.kind == PeriodKind.MONTH:
            if fiscal_start_month() == 1:
                return dates.month(self.start)
            return f"{self.short_label} ({dates.month(self.start)})"
        last = self.end - datetime.timedelta(days=1)
        return f"{self.short_label} ({dates.day_range(self.start, last)})"

    def __str__(self) -> str:
        return self.name

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day < self.end

    def next(self) -> "Period":
        return period_of(self.end, self.kind)


def period_of(day: datetime.date, kind: PeriodKind | str = PeriodKind.QUARTER) -> Period:
    kind = PeriodKind(kind)
    start_month = fiscal_start_month()
    months_into_year = (day.month - start_month) % 12
    year_start = _add_months(datetime.date(day.year, day.month, 1), -months_into_year)
    fiscal_year = year_start.year if start_month == 1 else year_start.year + 1
    if kind == PeriodKind.YEAR:
        return Period(year_start, kind, fiscal_year, 1)
    if kind == PeriodKind.QUARTER:
        quarter = months_into_year // 3
        return Period(_add_months(year_start, quarter * 3), kind, fiscal_year, quarter + 1)
    return Period(datetime.date(day.year, day.month, 1), kind, fiscal_year, months_into_year + 1)


_QUARTER = re.compile(r"^(?:FY)?\s*(\d{4})\s*[-_ ]?\s*Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^FY\s*(\d{4})$", re.IGNORECASE)
_FISCAL_MONTH = re.compile(r"^FY\s*(\d{4})\s*-\s*M(\d{1,2})$", re.IGNORECASE)
_CALENDAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_period(text: str) -> Period:
    """Read `FY2017-Q3`, `2017-Q3`, `2017 Q3`, `FY2017`, `FY2017-M04` or a month `2017-03`."""
    raw = " ".join(str(text).split())
    if match := _QUARTER.match(raw):
        year, quarter = int(match[1]), int(match[2])
        return _nth(year, PeriodKind.QUARTER, quarter)
    if match := _YEAR.match(raw):
        return _nth(int(match[1]), PeriodKind.YEAR, 1)
    if match := _FISCAL_MONTH.match(raw):
        month = int(match[2])
        if 1 <= month <= 12:
            return _nth(int(match[1]), PeriodKind.MONTH, month)
    if match := _CALENDAR_MONTH.match(raw):
        month = int(match[2])
        if 1 <= month <= 12:
            return period_of(datetime.date(int(match[1]), month, 1), PeriodKind.MONTH)
    raise ValueError(f"not a period: {text!r} (use FY2017-Q3, 2017-Q3, FY2017 or 2017-03)")


def _nth(fiscal_year: int, kind: PeriodKind, number: int) -> Period:
    start_month = fiscal_start_month()
    first_year = fiscal_year if start_month == 1 else fiscal_year - 1
    year_start = datetime.date(first_year, start_month, 1)
    step = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[kind]
    return Period(_add_months(year_start, (number - 1) * step), kind, fiscal_year, number)
