"""Demo step 3: team standards, a personal target, and the summaries computed from the history."""

import datetime

from leadwell.demo import DemoContext
from leadwell.metrics.compute import recompute
from leadwell.metrics.services import target_set

# What a sales manager typically coaches to (as fractions, multiples and counts per week).
STANDARDS = {
    "win_rate": 0.30,
    "pipeline_coverage": 3.0,
    "meetings_per_week": 6.0,
    "activities_per_week": 25.0,
    "sales_cycle_days": 75.0,
    # A commit forecast within 15% either side of what is booked.
    "forecast_bias": 0.15,
}


def build(context: DemoContext) -> None:
    start = context.history_starts or context.today
    for team, leader in zip(context.teams, context.leaders, strict=True):
        for metric, value in STANDARDS.items():
            target_set(metric=metric, value=value, valid_from=start, team=team, set_by=leader)
    thin = context.patterns.get("thin_pipeline")
    if thin is not None:
        # Agreed when the thin pipeline first showed: a higher bar for pipeline building.
        agreed = context.today - datetime.timedelta(days=120)
        target_set(
            metric="pipeline_coverage",
            value=3.5,
            valid_from=agreed,
            agreed_on=agreed,
            person=thin,
            set_by=context.leaders[0] if context.leaders else None,
        )
    recompute(today=context.today)
