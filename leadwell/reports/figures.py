"""The figures of an upward report, built from the summaries: never typed.

`build` answers plain values (numbers, labels, the charts' SVG) that go into the report's
snapshot as they are when it is sent, so a sent report renders without reading a live figure.
A draft is built again on each reading.
"""

import datetime
from typing import Any

from leadwell.coaching import selectors as coaching
from leadwell.crm import selectors as crm
from leadwell.lib import dates
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics import catalog
from leadwell.metrics import selectors as metrics
from leadwell.metrics.charts import trend_svg
from leadwell.metrics.models import Scope
from leadwell.metrics.pace import months_of, pace_of
from leadwell.org.models import Person, Team
from leadwell.reports.periods import ReportPeriod

ONE_DAY = datetime.timedelta(days=1)

# The metrics the report shows for the team and each seller, with their trends.
# Quotas are set by the quarter, so the quota-based metrics are left to the attainment and
# coverage figures, which read the quarter when the period has no quota of its own.
KEY_METRICS = (
    "bookings",
    "deals_won",
    "win_rate",
    "avg_deal_size",
    "pipeline_created",
    "activities_per_week",
)
# The team charts the report carries, each held against the line named beside it (or its
# target): the same charts as the scorecards.
CHARTS = (
    ("bookings", "quota", "Team bookings against quota"),
    ("pipeline_created", None, "Pipeline created"),
    ("win_rate", None, "Win rate"),
)
# What a strategy may aim at: a metric the team's figures hold.
STRATEGY_METRICS = KEY_METRICS


def _value(card: metrics.Card, key: str) -> float | None:
    return card.value(key)


def _trend(line: metrics.Line) -> list[list[Any]]:
    return [[period.short_label, value] for period, value in line.trend]


def _attainment(bookings: float | None, quota: float | None) -> float | None:
    if not quota:
        return None
    return (bookings or 0.0) / quota


def build(*, leader: Person, team: Team, period: ReportPeriod, today: datetime.date) -> dict:
    """The report's figures for the team's period as the summaries hold them on `today`."""
    shown = period.figures_period
    team_card = metrics.group_cards(Scope.TEAM, [team], shown, with_trend=True, today=today)[0]
    people = metrics.team_people(team, shown)
    seller_cards = metrics.person_cards(people, shown, with_trend=True, today=today)
    bookings, quota = _value(team_card, "bookings"), _value(team_card, "quota")

    # The call is made for a quarter, and quotas are mostly set by the quarter: a month's
    # report holds the quarter's call against the quarter's quota, and when the month has no
    # quota of its own, judges the quarter's bookings up to the month's end against its pace.
    quarter = period_of(shown.start, PeriodKind.QUARTER)
    # A report is about a period once it is over: its figures are the period's last day's. A
    # quarter that ended with the period is finished, so it is judged as finished (on the day
    # after it), never as a quarter still running on its last day.
    over = today >= period.end
    last_day = period.end - ONE_DAY if over else today
    quarter_finished = over and period.end >= quarter.end
    quarter_on = quarter.end if quarter_finished else last_day
    quarter_card = metrics.group_cards(
        Scope.TEAM, [team], quarter, with_trend=True, today=quarter_on
    )[0]
    call = crm.team_call(team, quarter, min(today, quarter.end - ONE_DAY))
    call_quota = _value(quarter_card, "quota")
    attained: float | None
    attainment_quota: float | None
    if quota:
        basis = team_card
        attained, attainment_quota = bookings, quota
        pace_share = team_card.pace.share if team_card.pace is not None else 1.0
        basis_label = team_card.period_label
        # The figures' period (a weekly report reads its month) is over, not just the report's.
        basis_finished = today >= shown.end
    else:
        basis = quarter_card
        months = [m for m in months_of(quarter) if m.start < shown.end]
        by_month = metrics.figures(Scope.TEAM, [team.pk], months)
        attained = sum(
            (by_month.get((team.pk, m.start), {}).get("bookings") or 0.0) for m in months
        )
        attainment_quota = call_quota
        pace = pace_of(quarter, quarter_on)
        pace_share = pace.share if pace is not None else 1.0
        basis_finished = quarter_finished
        basis_label = (
            f"{quarter.short_label}, finished"
            if quarter_finished
            else f"{quarter.short_label} to {dates.day(last_day)}"
        )
    attainment = _attainment(attained, attainment_quota)

    overviews = coaching.overviews(people, shown, today)
    coaching_counts = {
        "open_gaps": sum(len(o.open_gaps) for o in overviews),
        "in_progress": sum(len(o.open_items) for o in overviews),
        "evaluated": sum(1 for o in overviews for _, evaluation in o.closed if evaluation),
    }

    below: list[str] = []
    if attainment is not None and attainment < pace_share and basis_finished:
        below.append(f"Attainment is {attainment:.0%} of quota ({basis_label}).")
    elif attainment is not None and attainment < pace_share:
        below.append(
            f"Attainment to date is {attainment:.0%} of quota ({basis_label}), below the "
            f"{pace_share:.0%} the pace calls for."
        )
    if call is not None and call_quota and float(call.commit) < call_quota:
        below.append(
            f"The forecast call (commit {float(call.commit):,.0f}) is below the quota of "
            f"{call_quota:,.0f} for {quarter.short_label}."
        )

    # Bookings against quota and coverage are charted by the quarter when the months have no
    # quota: a month's chart would hold them against nothing.
    chart_card = basis

    return {
        "period": {
            "kind": period.kind,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
            "figures": team_card.period_label,
        },
        "as_of": today.isoformat(),
        "team": {
            "name": team.name,
            "bookings": bookings,
            "quota": quota,
            "attainment": attainment,
            "pace_share": pace_share,
            "in_progress": pace_share < 1.0,
            "attainment_basis": basis_label,
            # Whether attainment and coverage are read over a finished period (the quarter, for
            # a month without a quota of its own): nothing is left to book or to cover in it.
            "basis_finished": basis_finished,
            "attained": attained,
            "attainment_quota": attainment_quota,
            "expected": attainment_quota * pace_share if attainment_quota else None,
            "deals_won": _value(team_card, "deals_won"),
            # Coverage of the quota still to book: none is left once the period is over.
            "coverage": None if basis_finished else _value(basis, "pipeline_coverage"),
            "pipeline_created": _value(team_card, "pipeline_created"),
            "open_pipeline": _value(team_card, "open_pipeline"),
            "slipped": _value(team_card, "slipped_deals"),
            "pulled_in": _value(team_card, "pulled_in_deals"),
        },
        "call": {
            "quarter": quarter.short_label,
            "quota": call_quota,
            "commit": float(call.commit) if call else None,
            "best_case": float(call.best_case) if call else None,
            "by_leader": call.by_leader if call else None,
        },
        "metrics": [
            {
                "key": key,
                "name": catalog.get(key).name,
                "unit": catalog.get(key).unit.value,
                "value": team_card.value(key),
                "trend": _trend(team_card.line(key)),
            }
            for key in KEY_METRICS
        ],
        "sellers": [
            {
                "name": card.name,
                "values": {key: card.value(key) for key in KEY_METRICS},
                "before": {key: _before(card.line(key)) for key in KEY_METRICS},
            }
            for card in seller_cards
        ],
        "wins": [
            [name, count, amount] for name, count, amount in metrics.recognition(seller_cards)
        ],
        "coaching": coaching_counts,
        "below_plan": below,
        "charts": [
            {
                # A month's report charts the quarters when its month has no quota: say so.
                "title": title if chart_card is team_card else f"{title}, by quarter",
                "svg": trend_svg(
                    chart_card.line(key),
                    chart_card.line(against) if against else None,
                    chart_card.pace,
                    today=last_day,
                ),
            }
            for key, against, title in CHARTS
        ],
    }


def _before(line: metrics.Line) -> float | None:
    """The previous period's value, for the way the seller's metric went."""
    return line.trend[-2][1] if len(line.trend) > 1 else None


def metric_value(figures: dict, key: str) -> float | None:
    """The team's value of a key metric in built figures (or a snapshot)."""
    for entry in figures.get("metrics", []):
        if entry["key"] == key:
            return entry["value"]
    return None
