"""What the audit trail records of the CRM app's own plans (collected by leadwell.audit).

A forecast call is a commitment a seller or leader makes upward: the trail keeps each call
made on the page or through the API with its figures, as it keeps quotas. Imports write
forecasts in bulk, which the trail records as the import itself."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.crm.models import ForecastSubmission, TeamForecast
from leadwell.lib.dates import long_day
from leadwell.lib.periods import period_of

FIGURES = ("commit", "best_case", "pipeline")


def _seller_call(f: ForecastSubmission, action: str) -> str:
    period = period_of(f.period_start, f.period_kind)
    day = long_day(f.submitted_on)
    return f"{f.person}'s forecast call for {period.short_label} of {day} {action}"


def _team_call(f: TeamForecast, action: str) -> str:
    period = period_of(f.period_start, f.period_kind)
    return (
        f"{f.person}'s call for team {f.team} for {period.short_label} "
        f"of {long_day(f.submitted_on)} {action}"
    )


AUDITED = (
    tracked(
        ForecastSubmission,
        kind=Kind.FORECAST,
        fields=("person_id", "period_kind", "period_start", "submitted_on", *FIGURES),
        subject="person_id",
        describe=_seller_call,
    ),
    tracked(
        TeamForecast,
        kind=Kind.FORECAST,
        fields=("team_id", "person_id", "period_kind", "period_start", "submitted_on", *FIGURES),
        subject="person_id",
        team="team_id",
        describe=_team_call,
    ),
)
