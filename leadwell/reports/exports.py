"""An upward report as a workbook a director can forward or reuse: one sheet per section, numbers
as numbers, dates ISO. It reads what the page shows (the snapshot once sent, else the draft's
live figures), so the workbook and the page never disagree."""

from typing import Any

from django.utils.text import slugify

from leadwell.lib.currency import reporting_currency
from leadwell.metrics import exports
from leadwell.metrics.catalog import Unit
from leadwell.metrics.formatting import unit_label
from leadwell.reports.models import Report

MONEY, PERCENT, MULTIPLE, COUNT = Unit.MONEY, Unit.PERCENT, Unit.MULTIPLE, Unit.COUNT

# The team's figures as the page's Results, Forecast call and Pipeline sections show them.
TEAM_FIGURES = (
    ("Results", "bookings", "Bookings", MONEY),
    ("Results", "quota", "Quota for the period", MONEY),
    ("Results", "attained", "Booked toward attainment", MONEY),
    ("Results", "attainment_quota", "Quota attainment is judged against", MONEY),
    ("Results", "attainment", "Attainment", PERCENT),
    ("Results", "pace_share", "Pace", PERCENT),
    ("Results", "deals_won", "Deals won", COUNT),
    ("Pipeline", "coverage", "Coverage of the quota still to book", MULTIPLE),
    ("Pipeline", "pipeline_created", "Pipeline created", MONEY),
    ("Pipeline", "open_pipeline", "Open pipeline", MONEY),
    ("Pipeline", "slipped", "Slipped deals", COUNT),
    ("Pipeline", "pulled_in", "Pulled-in deals", COUNT),
)
CALL_FIGURES = (
    ("commit", "Commit", MONEY),
    ("best_case", "Best case", MONEY),
    ("quota", "Quarter quota", MONEY),
)
COACHING_COUNTS = (
    ("open_gaps", "Gaps open"),
    ("in_progress", "Items in progress"),
    ("evaluated", "Evaluated improvements"),
)


def _figures_rows(report: Report, shown: dict, currency: str) -> list[list[Any]]:
    period, team, call = shown["period"], shown["team"], shown["call"]
    rows: list[list[Any]] = [
        ["Report", "team", "Team", team["name"], ""],
        ["Report", "leader", "Leader", report.leader.name, ""],
        ["Report", "period", "Period", period["label"], ""],
        ["Report", "period_start", "First day", period["start"], ""],
        ["Report", "period_end", "First day after", period["end"], ""],
        ["Report", "status", "Status", report.get_status_display(), ""],
        ["Report", "as_of", "Figures as of", shown["as_of"], ""],
        [
            "Results",
            "attainment_basis",
            "Attainment is judged over",
            team.get("attainment_basis"),
            "",
        ],
    ]
    rows += [
        [section, key, label, team.get(key), unit_label(unit, currency)]
        for section, key, label, unit in TEAM_FIGURES
    ]
    rows += [
        [f"Forecast call {call['quarter']}", key, label, call.get(key), unit_label(unit, currency)]
        for key, label, unit in CALL_FIGURES
    ]
    rows += [["Below plan", "reason", "Why", reason, ""] for reason in shown["below_plan"]]
    return rows


def _metrics_rows(shown: dict, currency: str) -> list[list[Any]]:
    units = {m["key"]: (m["name"], unit_label(m["unit"], currency)) for m in shown["metrics"]}
    team = shown["team"]["name"]
    rows: list[list[Any]] = []
    for metric in shown["metrics"]:
        trend = metric["trend"]
        before = trend[-2][1] if len(trend) > 1 else None
        name, unit = units[metric["key"]]
        rows.append(["team", team, metric["key"], name, metric["value"], before, unit])
    for seller in shown["sellers"]:
        for key, value in seller["values"].items():
            name, unit = units[key]
            rows.append(["seller", seller["name"], key, name, value, seller["before"][key], unit])
    return rows


def _strategies_rows(report: Report) -> list[list[Any]]:
    return [
        [
            strategy.what,
            strategy.owner.name,
            strategy.due_on.isoformat(),
            strategy.get_status_display(),
            float(strategy.effect_amount) if strategy.effect_amount is not None else None,
            strategy.effect_metric,
            strategy.effect_value,
            strategy.metric_then,
            strategy.outcome,
        ]
        for strategy in report.strategies.all()
    ]


def report_workbook(report: Report, shown: dict) -> bytes:
    """The report as .xlsx: its figures, the key metrics of the team and each seller, its
    strategies and the coaching counts, each on its own sheet."""
    currency = reporting_currency()
    return exports.to_workbook(
        [
            (
                "Figures",
                ["section", "key", "figure", "value", "unit"],
                _figures_rows(report, shown, currency),
            ),
            (
                "Key metrics",
                ["who", "name", "metric", "metric_name", "value", "previous", "unit"],
                _metrics_rows(shown, currency),
            ),
            (
                "Strategies",
                [
                    "what",
                    "owner",
                    "due_on",
                    "status",
                    "effect_amount",
                    "effect_metric",
                    "effect_value",
                    "metric_then",
                    "outcome",
                ],
                _strategies_rows(report),
            ),
            (
                "Coaching",
                ["key", "item", "count"],
                [[key, label, shown["coaching"][key]] for key, label in COACHING_COUNTS],
            ),
        ]
    )


def file_name(report: Report, extension: str) -> str:
    """`report-boston-2026-09-01.xlsx`: the team and the period's first day, ISO."""
    return f"report-{slugify(report.team.name)}-{report.period_start.isoformat()}.{extension}"
