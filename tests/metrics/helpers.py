"""Snapshots of the summary tables, and their differences, for the metrics tests."""

import datetime
from typing import Any

import pytest

from leadwell.metrics.catalog import PART_KEYS
from leadwell.metrics.figures import figure_rows
from leadwell.metrics.models import Parts, Scope

# (scope kind, scope id, period kind, period start, metric) -> value
FigureKey = tuple[str, int, str, datetime.date, str]


def figures(today: datetime.date | None = None) -> dict[FigureKey, float]:
    """Every figure of every scope and period, as the pages read them."""
    return {
        (scope_kind, row.scope_id, period_kind, row.period_start, metric): value
        for scope_kind in Scope.values
        for period_kind in ("month", "quarter", "year")
        for row in figure_rows(scope_kind, period_kind, today=today)
        for metric, value in row.values.items()
    }


def parts() -> dict[tuple, tuple]:
    """(scope kind, scope id, period kind, period start) -> the parts, in catalog order."""
    return {
        tuple(row[:4]): tuple(row[4:])
        for row in Parts.objects.values_list(
            "scope_kind", "scope_id", "period_kind", "period_start", *PART_KEYS
        )
    }


def snapshot() -> tuple[dict, dict]:
    return parts(), figures()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and len(a) == len(b)
            and all(map(_same, a, b))
        )
    if a is None or b is None:
        return a is None and b is None
    return a == pytest.approx(b)


def differences(before: dict, after: dict) -> list[str]:
    """Each key whose value differs (floats compared approximately), added or removed."""
    keys = sorted(before.keys() | after.keys(), key=repr)
    return [
        f"{key}: {before.get(key, 'missing')} -> {after.get(key, 'missing')}"
        for key in keys
        if not _same(before.get(key), after.get(key))
    ]


def changed_keys(before: dict, after: dict) -> set:
    return {
        key for key in before.keys() | after.keys() if not _same(before.get(key), after.get(key))
    }
