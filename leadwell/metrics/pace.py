"""Pace: the share of a period's quota expected by a day inside it.

A period in progress is judged against pace, never against its whole quota (docs/decisions.md,
"Periods in progress are judged against pace"). The share is either

- by working days: the working days (Monday to Friday) of the period up to and including the
  day, over all its working days; or
- by the scope's own seasonality, when it has at least two past years of bookings in the same
  period: per past year, the share of that period's bookings booked by the same point of it,
  averaged over the years. The point is read from the monthly summaries: the months of the
  period before the day's month in full, and the day's month by its working days elapsed.

A month has no month inside it to show a season, so a month is always paced by working days.
Everything here is pure: the history is read by `selectors.pace_history`.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from leadwell.lib.periods import Period, PeriodKind, period_of

ONE_DAY = datetime.timedelta(days=1)
# The past years of bookings the seasonality needs, and the most it averages.
MIN_YEARS = 2
MAX_YEARS = 3


class Method(StrEnum):
    WORKING_DAYS = "working days"
    SEASONALITY = "seasonality"


# How each method is named on the page, before the share.
METHOD_WORDS = {
    Method.WORKING_DAYS: "pace by working days",
    Method.SEASONALITY: "pace by {whose} seasonality",
}
# Whose seasonality it is, by the scope's kind.
WHOSE = {
    "person": "this seller's",
    "team": "this team's",
    "office": "this office's",
    "org": "the organisation's",
}


def working_days(start: datetime.date, until: datetime.date) -> int:
    """The days Monday to Friday from `start` up to, not including, `until`."""
    days = max((until - start).days, 0)
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(rest):
        if (start + datetime.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def in_progress(period: Period, today: datetime.date) -> bool:
    return period.contains(today)


def elapsed_share(period: Period, today: datetime.date) -> float:
    """The share of the period's days gone by, today included: 0 before it, 1 after it."""
    if today < period.start:
        return 0.0
    if today >= period.end:
        return 1.0
    return ((today + ONE_DAY) - period.start).days / (period.end - period.start).days


def working_day_share(period: Period, today: datetime.date) -> float:
    """The share of the period's working days gone by, today included."""
    if today < period.start:
        return 0.0
    if today >= period.end:
        return 1.0
    total = working_days(period.start, period.end)
    return working_days(period.start, today + ONE_DAY) / total if total else 1.0


def seasonal_share(
    period: Period, today: datetime.date, history: Sequence[Sequence[float]]
) -> tuple[float, int] | None:
    """The average share of the period's bookings booked by the same point of it in past
    years, and how many years it averages; None with fewer than `MIN_YEARS` years of bookings.
    `history`: per past year, the bookings of each month of the period, in order."""
    months = months_of(period)
    if len(months) < 2:
        return None
    month = period_of(today, PeriodKind.MONTH)
    index = months.index(month)
    into_month = working_day_share(month, today)
    shares = []
    for year in history:
        total = sum(year)
        if len(year) != len(months) or total <= 0:
            continue
        shares.append((sum(year[:index]) + into_month * year[index]) / total)
    shares = shares[:MAX_YEARS]
    if len(shares) < MIN_YEARS:
        return None
    return sum(shares) / len(shares), len(shares)


def expected_share(
    period: Period, today: datetime.date, history: Sequence[Sequence[float]] | None = None
) -> tuple[float, Method]:
    """The quota share expected by `today` in `period`, and the method that gave it: the
    scope's seasonality when `history` holds at least two past years of the period's monthly
    bookings (most recent year first), else the working days."""
    if in_progress(period, today) and history:
        seasonal = seasonal_share(period, today, history)
        if seasonal is not None:
            return seasonal[0], Method.SEASONALITY
    return working_day_share(period, today), Method.WORKING_DAYS


def months_of(period: Period) -> list[Period]:
    """The months of a period, in order."""
    months, month = [], period_of(period.start, PeriodKind.MONTH)
    while month.start < period.end:
        months.append(month)
        month = month.next()
    return months


def same_period_years_before(period: Period, years: int) -> Period:
    """The period of the same kind and place `years` fiscal years earlier."""
    start = period.start
    return period_of(datetime.date(start.year - years, start.month, 1), period.kind)


@dataclass(frozen=True)
class Pace:
    """A period in progress on `today`: how much of it is gone, and the quota share expected
    by now."""

    period: Period
    today: datetime.date
    elapsed: float  # the share of the period's days gone by, today included
    share: float  # the quota share expected by today
    method: Method
    whose: str = "this team's"  # whose seasonality, when paced by it

    @property
    def kind_word(self) -> str:
        return self.period.kind.value

    @property
    def label(self) -> str:
        """ "Q4 FY2026 to date (62% of the quarter elapsed)"."""
        elapsed = f"{self.elapsed:.0%} of the {self.kind_word} elapsed"
        return f"{self.period.short_label} to date ({elapsed})"

    @property
    def words(self) -> str:
        """ "pace by working days: 45% of the quarter"."""
        method = METHOD_WORDS[self.method].format(whose=self.whose)
        return f"{method}: {self.share:.0%} of the {self.kind_word}"


def pace_of(
    period: Period,
    today: datetime.date,
    history: Sequence[Sequence[float]] | None = None,
    *,
    scope_kind: str = "team",
) -> Pace | None:
    """The pace of a period in progress on `today`; None for a finished or future period."""
    if not in_progress(period, today):
        return None
    share, method = expected_share(period, today, history)
    whose = WHOSE.get(scope_kind, WHOSE["team"])
    return Pace(period, today, elapsed_share(period, today), share, method, whose)
