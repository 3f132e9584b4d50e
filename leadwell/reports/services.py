"""The upward report's workflows: draft, explain, add strategies, send, discuss, read, and the
cadence a director sets. Pages, API and demo use these alike; each checks the policy for `by`.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leadwell import policy
from leadwell.metrics.pace import working_days
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team
from leadwell.reports import figures
from leadwell.reports.models import Cadence, Report, ReportCadence, ReportComment, Strategy
from leadwell.reports.periods import ReportPeriod

# A report is due on the fifth working day after its period: time to close the books and
# write the explanation, short enough that the director still acts on it.
DUE_WORKING_DAYS = 5


def due_on(period: ReportPeriod) -> datetime.date:
    """The fifth working day (Monday to Friday) after the period's last day."""
    day = period.end
    while working_days(period.end, day + datetime.timedelta(days=1)) < DUE_WORKING_DAYS:
        day += datetime.timedelta(days=1)
    return day


def _team_of(leader: Person, on: datetime.date) -> Team:
    team = org.teams_led_by(leader, on).order_by("name").first()
    if team is None:
        raise ValidationError({"team": [f"{leader} leads no team to report on."]})
    return team


def report_draft(
    *,
    leader: Person,
    period: ReportPeriod,
    team: Team | None = None,
    by: policy.Asker | None = None,
    today: datetime.date | None = None,
) -> Report:
    """The leader's report on their team for the period, started as a draft when there is none
    yet (its figures are read live until it is sent)."""
    today = today or timezone.localdate()
    if by is not None:
        policy.require(by, "view_reports", leader)
        if policy.viewer_for(by).person != leader:
            raise ValidationError({"leader": ["Only the leader prepares their own report."]})
    team = team or _team_of(leader, min(today, period.end - datetime.timedelta(days=1)))
    report, _ = Report.objects.get_or_create(
        leader=leader,
        team=team,
        period_kind=period.kind,
        period_start=period.start,
        defaults={"period_end": period.end, "due_on": due_on(period)},
    )
    return report


def _require_draft(report: Report) -> None:
    if report.is_sent:
        raise ValidationError("This report was sent: its figures and explanation are final.")


def report_update(
    *,
    report: Report,
    by: policy.Asker,
    explanation: str | None = None,
    links: str | None = None,
) -> Report:
    """Write the explanation of a draft and the links behind it (one a line: "text" or
    "text | URL"). A part given as None stays as it was."""
    policy.require(by, "prepare", report)
    _require_draft(report)
    if links is not None:
        for line in links.splitlines():
            _, _, url = line.partition("|")
            url = url.strip()
            # A path on this site, or an address on the web; never "//host", which leaves it.
            on_site = url.startswith("/") and not url.startswith("//")
            if url and not (on_site or url.startswith(("http://", "https://"))):
                raise ValidationError({"links": [f"Not a link: {url}"]})
        report.explanation_links = links.strip()
    if explanation is not None:
        report.explanation = explanation.strip()
    report.save(update_fields=["explanation", "explanation_links"])
    return report


def _amount(value: object) -> Decimal | None:
    text = str(value or "").replace(",", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal("NaN")


def strategy_add(
    *,
    report: Report,
    by: policy.Asker,
    what: str,
    owner: Person | None,
    due_on: datetime.date | None,
    effect_amount: object = None,
    effect_metric: str = "",
    effect_value: object = None,
) -> Strategy:
    """Add a strategy to recover to a draft: what, who owns it, by when, and the effect
    expected, in money or as the value a metric should reach."""
    policy.require(by, "prepare", report)
    _require_draft(report)
    errors: dict[str, list[str]] = {}
    what = (what or "").strip()
    if not what:
        errors["what"] = ["Say what will be done."]
    if owner is None:
        errors["owner"] = ["Choose who owns it."]
    elif owner != report.leader and owner.pk not in _sellers(report):
        errors["owner"] = ["The owner is the leader or one of the team's sellers."]
    if due_on is None:
        errors["due_on"] = ["Enter the date it is due, like 2026-11-23."]
    amount = _amount(effect_amount)
    if amount is not None and (amount.is_nan() or amount <= 0):
        errors["effect_amount"] = ["Enter the amount it should bring, a positive number."]
    value: float | None = None
    if effect_metric:
        if effect_metric not in figures.STRATEGY_METRICS:
            errors["effect_metric"] = ["Choose one of the report's metrics."]
        try:
            value = float(str(effect_value).strip()) if str(effect_value or "").strip() else None
        except ValueError:
            errors["effect_value"] = ["Enter the value the metric should reach, a number."]
        if value is None and "effect_value" not in errors:
            errors["effect_value"] = ["Enter the value the metric should reach."]
    if amount is None and not effect_metric and "effect_amount" not in errors:
        errors["effect_amount"] = ["Give the effect expected: an amount, or a metric's value."]
    if errors or owner is None or due_on is None:
        raise ValidationError(errors)
    return Strategy.objects.create(
        report=report,
        what=what[:300],
        owner=owner,
        due_on=due_on,
        effect_amount=amount,
        effect_metric=effect_metric if value is not None else "",
        effect_value=value,
    )


def _sellers(report: Report) -> set[int]:
    day = min(timezone.localdate(), report.period_end - datetime.timedelta(days=1))
    return set(org.members_of([report.team], day).values_list("pk", flat=True))


def strategy_remove(*, strategy: Strategy, by: policy.Asker) -> None:
    policy.require(by, "prepare", strategy.report)
    _require_draft(strategy.report)
    strategy.delete()


def strategy_follow_up(
    *, strategy: Strategy, by: policy.Asker, status: str, outcome: str
) -> Strategy:
    """Say where a strategy of a sent report stands (open, done, dropped) and what came of it:
    the next report carries it forward with this."""
    policy.require(by, "prepare", strategy.report)
    if status not in Strategy.Status.values:
        raise ValidationError({"status": ["Choose open, done or dropped."]})
    strategy.status = status
    strategy.outcome = (outcome or "").strip()
    strategy.save(update_fields=["status", "outcome"])
    return strategy


def report_send(*, report: Report, by: policy.Asker, today: datetime.date | None = None) -> Report:
    """Send the report to the line above, freezing its figures as they are now.

    Below plan (attainment to date below pace, or the forecast call below the quota) it is
    refused without an explanation and at least one strategy to recover."""
    policy.require(by, "prepare", report)
    _require_draft(report)
    today = today or timezone.localdate()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _require_draft(report)
        built = figures.build(
            leader=report.leader, team=report.team, period=period_of_report(report), today=today
        )
        strategies = list(report.strategies.all())
        if built["below_plan"]:
            errors: dict[str, list[str]] = {}
            if not report.explanation.strip():
                errors["explanation"] = ["Below plan: explain what happened before sending."]
            if not strategies:
                errors["strategies"] = [
                    "Below plan: add at least one strategy to recover (what, owner, due date, "
                    "expected effect) before sending."
                ]
            if errors:
                raise ValidationError(errors)
        for strategy in strategies:
            if strategy.effect_metric:
                strategy.metric_then = figures.metric_value(built, strategy.effect_metric)
                strategy.save(update_fields=["metric_then"])
        report.snapshot = built
        report.status = Report.Status.SENT
        report.sent_at = timezone.now()
        report.save(update_fields=["snapshot", "status", "sent_at"])
    return report


def period_of_report(report: Report) -> ReportPeriod:
    return ReportPeriod(report.period_kind, report.period_start, report.period_end)


def report_comment(*, report: Report, by: policy.Asker, kind: str, text: str) -> ReportComment:
    """A comment or question from the line above, or the leader's answer, in the thread of a
    sent report."""
    policy.require(by, "discuss", report)
    if not report.is_sent:
        raise ValidationError("The thread opens when the report is sent.")
    author = policy.person_or_404(by)
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = ["Write the comment."]
    is_leader = author == report.leader
    allowed = (
        [ReportComment.Kind.ANSWER, ReportComment.Kind.COMMENT]
        if is_leader
        else [ReportComment.Kind.COMMENT, ReportComment.Kind.QUESTION]
    )
    if kind not in allowed:
        errors["kind"] = ["The leader answers or comments; the line above comments or asks."]
    if errors:
        raise ValidationError(errors)
    return ReportComment.objects.create(report=report, author=author, kind=kind, text=text)


def report_mark_read(*, report: Report, by: policy.Asker) -> Report:
    policy.require(by, "mark_read", report)
    if not report.is_sent:
        raise ValidationError("A draft is not read yet: it has not been sent.")
    if report.read_at is None:
        report.read_at = timezone.now()
        report.read_by = policy.person_or_404(by)
        report.save(update_fields=["read_at", "read_by"])
    return report


def report_cadence_set(*, leader: Person, by: policy.Asker, cadence: str) -> ReportCadence:
    """How often the leader reports: weekly, monthly or quarterly, chosen by their line."""
    policy.require(by, "set_report_cadence", leader)
    if cadence not in Cadence.values:
        raise ValidationError({"cadence": ["Choose weekly, monthly or quarterly."]})
    found, _ = ReportCadence.objects.update_or_create(
        leader=leader, defaults={"cadence": cadence, "set_by": policy.person_or_404(by)}
    )
    return found
