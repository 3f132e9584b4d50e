"""What the audit trail records of upward reports (collected by leadwell.audit). A report is the
leader's account to their line, and administrators read the whole trail: the report, its
strategies (what the leader commits to do, often about a named seller) and its thread are
confidential, so the trail names the fields that changed, never what they say. The cadence is
a setting and is recorded with its values."""

from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked
from leadwell.reports.models import Report, ReportCadence, ReportComment, Strategy


def _of_report(part: str):
    def describe(obj, action: str) -> str:
        report = obj if isinstance(obj, Report) else obj.report
        return f"{report.leader}'s report ({report.period_start:%Y-%m-%d}): {part} {action}"

    return describe


AUDITED = (
    tracked(
        ReportCadence,
        kind=Kind.SETTING,
        fields=("cadence", "set_by_id"),
        subject="leader_id",
        describe=lambda c, action: f"{c.leader}'s reporting cadence {action}",
    ),
    tracked(
        Report,
        kind=Kind.REPORT,
        fields=(
            "status",
            "due_on",
            "sent_at",
            "read_at",
            "read_by_id",
            "explanation",
            "explanation_links",
        ),
        subject="leader_id",
        confidential=True,
        describe=_of_report("the report"),
    ),
    tracked(
        Strategy,
        kind=Kind.REPORT,
        fields=("what", "owner_id", "due_on", "effect_amount", "effect_metric", "effect_value"),
        subject="report__leader_id",
        confidential=True,
        describe=_of_report("a strategy"),
    ),
    tracked(
        ReportComment,
        kind=Kind.REPORT,
        fields=("kind", "text", "author_id"),
        subject="report__leader_id",
        confidential=True,
        describe=_of_report("the thread"),
    ),
)
