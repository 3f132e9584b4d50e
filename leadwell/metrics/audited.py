"""What the audit trail records of targets and scorecard settings (collected by leadwell.audit).

A seller's personal target is private to them and their management line, like their
scorecard: the trail records that it changed, never its value. A team standard is recorded
with its values."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.lib.dates import long_day
from leadwell.metrics.models import Diagnosis, Target, TeamSettings


def _target(t: Target, action: str) -> str:
    whose = f"{t.person}'s personal" if t.person_id else f"{t.team}'s team"
    return f"{whose} target for {t.metric} from {long_day(t.valid_from)} {action}"


AUDITED = (
    tracked(
        Target,
        kind=Kind.TARGET,
        fields=("team_id", "person_id", "metric", "value", "valid_from", "agreed_on"),
        subject="person_id",
        team="team_id",
        confidential=lambda t: t.person_id is not None,
        describe=_target,
    ),
    tracked(
        TeamSettings,
        kind=Kind.SETTING,
        fields=("public_ranking",),
        team="team_id",
        describe=lambda s, action: f"Scorecard settings of {s.team} {action}",
    ),
    tracked(
        Diagnosis,
        kind=Kind.SETTING,
        fields=("metric", "cause", "explanation", "order"),
        describe=lambda d, action: f"Diagnostic map: {d.cause} for {d.metric} {action}",
    ),
)
