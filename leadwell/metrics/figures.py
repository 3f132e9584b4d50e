"""Figures, read: each catalog metric's formula evaluated over a `Parts` row when it is read.

The summaries keep parts only (one row per scope and period); a figure is arithmetic over one
row, so it is worked out in the query that reads it, never stored. That keeps a recompute to
the parts (an earlier design wrote every figure as its own row: 3.5 million rows at 1,000,000
deals, three quarters of them zero), and it keeps the per-week figures of the period under
way true on the day they are read: "weeks so far" is counted to `today`, the reader's day.

Everything that shows a figure reads it here, through the selectors: pages, the API, exports,
gaps and the coaching measurement.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from leadwell.lib.dbsql import days_between, is_postgresql
from leadwell.metrics import catalog
from leadwell.metrics.models import CalendarDay, Parts
from leadwell.metrics.tables import as_date


@dataclass(frozen=True)
class FigureRow:
    scope_id: int
    period_start: datetime.date
    values: dict[str, float]  # metric key -> value; a metric with no figure is absent


def _date_param() -> str:
    # SQLite keeps dates as ISO text (a CAST would make a number of them); PostgreSQL needs
    # the parameter typed to do date arithmetic with it.
    return "CAST(%s AS date)" if is_postgresql() else "%s"


def _weeks() -> str:
    """SQL for the weeks of period `x` so far on the day after the parameter's day (the whole
    period once it has ended; NULL for a period not yet begun), as the summaries used to."""
    until = f"CASE WHEN c.period_end < {_date_param()} THEN c.period_end ELSE {_date_param()} END"
    days = days_between(f"({until})", "x.period_start")
    return f"CASE WHEN {days} > 0 THEN {days} / 7.0 END"


def _value(metric: catalog.Metric) -> str:
    """SQL for one metric's figure over row `f` (which carries the row's `weeks`), NULL for a
    period kind the metric is not measured for."""
    kinds = ", ".join(f"'{kind}'" for kind in metric.period_kinds)
    formula = catalog.bind(metric.formula, row="f", weeks="f.weeks")
    return f"CASE WHEN f.period_kind IN ({kinds}) THEN {formula} END"


def _select(
    metrics: Iterable[str] | None,
    *,
    scope_kind: str,
    period_kind: str,
    scope_ids: Sequence[int] | None,
    period_starts: Sequence[datetime.date] | None,
    today: datetime.date | None,
) -> tuple[list[catalog.Metric], list[str], str, list]:
    """Over the matching parts rows `f`: the metrics (every one, or those named), the SQL of
    each one's figure, the FROM clause and its parameters."""
    chosen = catalog.METRICS if metrics is None else [catalog.get(key) for key in metrics]
    after_today = (today or timezone.localdate()) + datetime.timedelta(days=1)
    parts = Parts._meta.db_table
    calendar = CalendarDay._meta.db_table
    conditions = ["x.scope_kind = %s", "x.period_kind = %s"]
    params: list = [after_today, after_today, after_today, after_today, scope_kind, period_kind]
    if scope_ids is not None:
        conditions.append(f"x.scope_id IN ({', '.join(['%s'] * len(scope_ids))})")
        params += list(scope_ids)
    if period_starts is not None:
        conditions.append(f"x.period_start IN ({', '.join(['%s'] * len(period_starts))})")
        params += list(period_starts)
    # The period's end is the calendar's: its row for the period's first day. Table names and
    # formulas are the code's own constants; every value is a parameter.
    inner = (
        f"SELECT x.*, {_weeks()} AS weeks FROM {parts} x "
        f"JOIN {calendar} c ON c.day = x.period_start AND c.period_kind = x.period_kind "
        f"WHERE {' AND '.join(conditions)}"
    )
    return chosen, [_value(metric) for metric in chosen], f"FROM ({inner}) f", params


def figure_rows(
    scope_kind: str,
    period_kind: str,
    *,
    scope_ids: Iterable[int] | None = None,
    period_starts: Iterable[datetime.date] | None = None,
    metrics: Iterable[str] | None = None,
    today: datetime.date | None = None,
) -> list[FigureRow]:
    """The figures of the scopes of one kind (all, or `scope_ids`) for the periods of one kind
    (all, or starting on `period_starts`): every metric, or `metrics`. One query."""
    ids = None if scope_ids is None else list(scope_ids)
    starts = None if period_starts is None else list(period_starts)
    if ids == [] or starts == []:
        return []
    chosen, values, source, params = _select(
        metrics,
        scope_kind=scope_kind,
        period_kind=period_kind,
        scope_ids=ids,
        period_starts=starts,
        today=today,
    )
    with connection.cursor() as cursor:
        # The formulas are the catalog's own constants; the values are parameters.
        cursor.execute(f"SELECT f.scope_id, f.period_start, {', '.join(values)} {source}", params)
        rows = cursor.fetchall()
    return [
        FigureRow(
            scope_id=row[0],
            period_start=as_date(row[1]),
            values={
                metric.key: float(value)
                for metric, value in zip(chosen, row[2:], strict=True)
                if value is not None
            },
        )
        for row in rows
    ]


def periods_with_results(
    scope_kind: str,
    period_kind: str,
    *,
    scope_ids: Iterable[int] | None = None,
    metrics: Iterable[str] | None = None,
    today: datetime.date | None = None,
) -> set[datetime.date]:
    """The starts of the periods in which any of the scopes has a figure other than zero (of
    any metric, or of `metrics`): a deal won or lost, pipeline standing, activities, a
    quota."""
    ids = None if scope_ids is None else list(scope_ids)
    if ids == []:
        return set()
    _, values, source, params = _select(
        metrics,
        scope_kind=scope_kind,
        period_kind=period_kind,
        scope_ids=ids,
        period_starts=None,
        today=today,
    )
    # A figure of NULL (none) compares as unknown, so only a figure other than zero counts.
    any_result = " OR ".join(f"({value}) <> 0" for value in values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT f.period_start {source} WHERE {any_result}", params)
        return {as_date(start) for (start,) in cursor.fetchall()}
