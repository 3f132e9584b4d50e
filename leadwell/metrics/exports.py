"""Scorecards as data: JSON records (CLI `--format json`, API) and tables for CSV and XLSX."""

from typing import Any

from leadwell.metrics.selectors import Card


def card_record(card: Card) -> dict[str, Any]:
    """One object per person (or team) and period: who, the period, and each metric's value,
    target and unit under its stable identifier."""
    return {
        "who": {
            "kind": card.scope_kind,
            "id": card.scope_id,
            "name": card.name,
            "email": card.email,
        },
        "period": card.period.name,
        "period_start": card.period.start.isoformat(),
        "period_end": card.period.end.isoformat(),
        "metrics": {
            line.metric.key: {
                "value": line.value,
                "target": line.target,
                "target_source": line.target_source or None,
                "gap": line.gap,
                "unit": line.metric.unit.value,
            }
            for line in card.lines
        },
    }
