"""What upward reports hold about a person, for their own data export and for erasure.

A report is the leader's account of their team: it goes into the leader's export, with its
strategies and thread. A strategy's owner and a comment's author from the line above are named
in the leader's report, which goes into the leader's export only.
"""

from leadwell.lib.personal_data import Erasable, Holding, NotExported
from leadwell.reports.models import Report, ReportCadence, ReportComment, Strategy

IN_THE_LEADERS_REPORT = (
    "It is part of a leader's report to their line, which goes into that leader's export only."
)

PERSONAL_DATA = (
    Holding(
        key="upward_reports",
        title="Your reports to your director",
        model=Report,
        rows=lambda person: Report.objects.filter(leader=person),
        fields=(
            "id",
            "team",
            "period_kind",
            "period_start",
            "status",
            "due_on",
            "sent_at",
            "read_at",
            "explanation",
            "explanation_links",
            "snapshot",
        ),
        via=("leader",),
    ),
    NotExported(Report, "read_by", IN_THE_LEADERS_REPORT),
    Holding(
        key="upward_report_strategies",
        title="The strategies in your reports",
        model=Strategy,
        rows=lambda person: Strategy.objects.filter(report__leader=person),
        fields=("id", "report", "what", "owner", "due_on", "status", "outcome"),
    ),
    NotExported(Strategy, "owner", IN_THE_LEADERS_REPORT),
    Holding(
        key="upward_report_threads",
        title="The comments, questions and answers on your reports",
        model=ReportComment,
        rows=lambda person: ReportComment.objects.filter(report__leader=person),
        fields=("id", "report", "author", "kind", "text", "created_at"),
    ),
    NotExported(ReportComment, "author", IN_THE_LEADERS_REPORT),
    Holding(
        key="report_cadence",
        title="How often you report to your director",
        model=ReportCadence,
        rows=lambda person: ReportCadence.objects.filter(leader=person),
        fields=("cadence", "set_at"),
        via=("leader",),
    ),
    NotExported(ReportCadence, "set_by", IN_THE_LEADERS_REPORT),
)

# The explanation and the thread may speak of people's performance: erasing a departed leader
# removes them (the frozen figures stay, as the scorecards they came from do).
ERASABLE = (
    Erasable(
        "upward_report_threads",
        "Comments, questions and answers on their reports",
        ReportComment,
        lambda person: ReportComment.objects.filter(report__leader=person),
    ),
)
