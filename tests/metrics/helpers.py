"""Snapshots of the summary tables, and their differences, for the metrics tests."""

import datetime
from typing import Any

import pytest

from leadwell.metrics.catalog import PART_KEYS
from leadwell.metrics.models import Figure, Parts

# (scope kind, scope id, period kind, period start, metric) -> value
FigureKey = tuple[str, int, str, datetime.date, str]


def figures() -> dict[FigureKey, float]:
    return {
        tuple(row[:5]): row[5]
        for row in Figure.objects.values_list(
            "scope_kind", "scope_id", "period_kind", "period_start", "metric", "value"
        )
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
