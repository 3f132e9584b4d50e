"""Workflows of the metrics app reachable from pages, the API and the CLI: setting targets.

No HTTP here: callers decide access through leadwell.policy first (team standards need
`set_standards` on the team, personal targets `set_targets` on the person) and turn a
`ValidationError` into a form error, a 422 answer or a CLI message.
"""

import datetime
import math

from django.core.exceptions import ValidationError

from leadwell.metrics import catalog
from leadwell.metrics.catalog import Direction, Metric, Unit
from leadwell.metrics.models import Target, TeamSettings
from leadwell.org.models import Person, Team

# Percentages are fractions everywhere (figures, exports, the API): 0.3 is 30%. A share of a
# whole cannot be above 100%; quota attainment can (a stretch target of 120% is 1.2), but not
# absurdly so, which also catches 90 typed for 90%.
PERCENT_MAX: dict[str, float] = {"quota_attainment": 3.0}
PERCENT_DEFAULT_MAX = 1.0
# Money, counts, days, multiples and rates: zero or more, and short of astronomical.
VALUE_MAX = 1e12


def target_set(
    *,
    metric: str,
    value: float | None,
    valid_from: datetime.date,
    team: Team | None = None,
    person: Person | None = None,
    agreed_on: datetime.date | None = None,
    set_by: Person | None = None,
) -> Target:
    """Set a target for one metric from `valid_from` on: a team standard (`team`) or a seller's
    personal target (`person`), which overrides the standard. Exactly one of the two.

    Targets are effective-dated: the one with the latest `valid_from` before a period ends
    applies to that period. Setting a target again for the same team or person, metric and
    `valid_from` replaces it (an upsert); `value=None` withdraws the target from `valid_from`
    on (earlier periods keep theirs).

    Values are in the metric's unit as figures are stored:

    - percentages are fractions: 0.3 means 30%. Values above 100% are refused for shares
      (win rate, forecast accuracy, ...), so 30 typed for 30% is caught with a hint rather
      than read as 3000%; quota attainment accepts up to 300% (3.0).
    - for a metric where closest to zero is best (forecast bias) the target is the tolerance
      either side of zero: 0.1 means "within plus or minus 10%".
    - money, counts, days, multiples and rates are zero or more.

    A personal target is agreed between seller and leader: `agreed_on` defaults to
    `valid_from`. A team standard may carry `agreed_on` too (when it was announced).

    Raises ValidationError with messages keyed by argument name (metric, value, valid_from;
    `team` when not exactly one of team and person is given), so a form can show each next to
    its field.
    """
    errors: dict[str, list[str]] = {}
    found = _metric(metric, errors)
    if (team is None) == (person is None):
        errors.setdefault("team", []).append(
            "Set a target either for a team (a team standard) or for a person (a personal "
            "target), not both or neither."
        )
    if not isinstance(valid_from, datetime.date):
        errors.setdefault("valid_from", []).append("Enter the date the target applies from.")
    if value is not None and found is not None:
        problem = _value_problem(found, value)
        if problem:
            errors.setdefault("value", []).append(problem)
    if errors or found is None:
        raise ValidationError(errors)

    if person is not None and agreed_on is None:
        agreed_on = valid_from
    whose = {"team": team} if team is not None else {"person": person}
    # One row per team or person, metric and day (unique constraints): update_or_create locks
    # it, so two leaders saving at once leave the last value, never two rows.
    target, _ = Target.objects.update_or_create(
        **whose,
        metric=found.key,
        valid_from=valid_from,
        defaults={
            "value": None if value is None else float(value),
            "agreed_on": agreed_on,
            "set_by": set_by,
        },
    )
    return target


def _metric(key: str, errors: dict[str, list[str]]) -> Metric | None:
    key = (key or "").strip()
    if not key:
        errors.setdefault("metric", []).append("Choose a metric.")
        return None
    try:
        found = catalog.get(key)
    except LookupError:
        targetable = ", ".join(m.key for m in catalog.METRICS if m.targetable)
        errors.setdefault("metric", []).append(
            f"Unknown metric {key!r}. Metrics that take a target: {targetable}."
        )
        return None
    if not found.targetable:
        errors.setdefault("metric", []).append(
            f"{found.name} does not take a target"
            + (
                " (its target is the quota itself)."
                if found.key == "quota"
                else " (it follows from other metrics)."
            )
        )
        return None
    return found


def _value_problem(metric: Metric, number: object) -> str | None:
    """Why a target value makes no sense for the metric, or None when it is fine."""
    if isinstance(number, bool | str):
        return f"{metric.name}: the target must be a number."
    try:
        value = float(number)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"{metric.name}: the target must be a number."
    if not math.isfinite(value):
        return f"{metric.name}: the target must be a finite number."
    if value < 0:
        if metric.direction == Direction.ZERO:
            return (
                f"{metric.name}: closest to zero is best, so the target is the tolerance either "
                f"side of zero; enter {abs(value):g} for plus or minus {abs(value):.0%}."
            )
        return f"{metric.name}: the target cannot be negative."
    if metric.unit == Unit.PERCENT:
        upper = PERCENT_MAX.get(metric.key, PERCENT_DEFAULT_MAX)
        if value > upper:
            hint = f" Did you mean {value / 100:g} for {value:g}%?" if value / 100 <= upper else ""
            return (
                f"{metric.name} is a percentage, entered as a fraction (0.3 is 30%), "
                f"at most {upper:g} ({upper:.0%}).{hint}"
            )
    elif value > VALUE_MAX:
        return f"{metric.name}: the target is too large (at most {VALUE_MAX:,.0f})."
    return None


def team_ranking_set(*, team: Team, public: bool) -> TeamSettings:
    """Whether the team's members see its sellers ranked by bookings (the leader's choice)."""
    settings, _ = TeamSettings.objects.update_or_create(
        team=team, defaults={"public_ranking": public}
    )
    return settings
