"""The leader's report to their director: built from the summaries, explained and with
strategies when below plan, frozen when sent, read and discussed in its thread.

For the leader and their management line; anyone else (sellers, peers, administrators) gets 404.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from leadwell import policy
from leadwell.coaching.api.common import PersonBrief, call
from leadwell.lib.api_input import Day, Id, Input, Message
from leadwell.org.models import Person
from leadwell.reports import downloads, selectors, services
from leadwell.reports.models import Report, ReportComment, Strategy
from leadwell.reports.periods import period_for

router = Router(tags=["Upward reports"])

CONFIDENTIAL = "For the leader and their management line; anyone else gets 404."
LEADER_ONLY = "For the leader who reports; anyone else gets 404."
LINE_ONLY = "For the leader's management line; anyone else gets 404."


class StrategyOut(Schema):
    id: int
    what: str
    owner: PersonBrief
    due_on: datetime.date
    effect_amount: float | None
    effect_metric: str
    effect_value: float | None
    metric_then: float | None = Field(description="The team's value of the metric when sent")
    status: str = Field(description="open, done or dropped")
    outcome: str


class CommentOut(Schema):
    id: int
    author: PersonBrief
    kind: str = Field(description="comment, question or answer")
    text: str
    created_at: datetime.datetime


class ReportBrief(Schema):
    id: int
    leader: PersonBrief
    team: str
    period_kind: str
    period_start: datetime.date
    period_label: str
    status: str = Field(description="draft or sent")
    due_on: datetime.date
    overdue: bool
    sent_at: datetime.datetime | None
    read_at: datetime.datetime | None

    @staticmethod
    def resolve_team(report: Report) -> str:
        return report.team.name

    @staticmethod
    def resolve_overdue(report: Report) -> bool:
        return report.is_overdue(timezone.localdate())


class ReportOut(ReportBrief):
    explanation: str
    explanation_links: str
    figures: dict[str, Any] = Field(
        description="As frozen when sent; a draft's are read live from the summaries"
    )
    strategies: list[StrategyOut]
    comments: list[CommentOut]

    @staticmethod
    def resolve_figures(report: Report) -> dict[str, Any]:
        shown = selectors.report_figures(report)
        # The charts are the page's drawings of these same figures.
        return {key: value for key, value in shown.items() if key != "charts"}


class DraftIn(Input):
    period_start: Day | None = Field(
        None, description="A day in the period; default: the last period finished, by cadence"
    )


class ReportIn(Input):
    explanation: str | None = None
    explanation_links: str | None = Field(None, description='One a line: "text" or "text | URL"')


class StrategyIn(Input):
    what: str
    owner_id: Id
    due_on: Day
    effect_amount: float | None = None
    effect_metric: str = ""
    effect_value: float | None = None


class CommentIn(Input):
    kind: str = Field(
        description="comment or question (the line above); comment or answer (the leader)"
    )
    text: str


def _full(report_id: int, request: HttpRequest) -> Report:
    return selectors.report_for(request.user, report_id)


@router.get("/reports", response=list[ReportBrief], summary="The reports the asker may read")
def report_list(request: HttpRequest):
    return list(selectors.visible_reports(request.user))


@router.get(
    "/reports/{report_id}", response=ReportOut, summary="One report", description=CONFIDENTIAL
)
def report_detail(request: HttpRequest, report_id: Id):
    return _full(report_id, request)


@router.post(
    "/reports",
    response={201: ReportOut},
    summary="Start (or find) the asker's draft for a period",
    description="For a leader with a line above; 422 for one who leads no team.",
)
def report_draft(request: HttpRequest, payload: DraftIn):
    me = policy.person_or_404(request.user)
    today = timezone.localdate()
    period = selectors.current_period(me, today)
    if payload.period_start is not None:
        period = period_for(period.kind, payload.period_start)
    report = call(services.report_draft, leader=me, period=period, by=request.user)
    return Status(201, _full(report.pk, request))


@router.patch(
    "/reports/{report_id}",
    response=ReportOut,
    summary="Write a draft's explanation",
    description=LEADER_ONLY,
)
def report_update(request: HttpRequest, report_id: Id, payload: ReportIn):
    report = selectors.report_for(request.user, report_id, "prepare")
    call(
        services.report_update,
        report=report,
        by=request.user,
        explanation=payload.explanation,
        links=payload.explanation_links,
    )
    return _full(report_id, request)


@router.post(
    "/reports/{report_id}/strategies",
    response={201: StrategyOut},
    summary="Add a strategy to recover to a draft",
    description=LEADER_ONLY + " The effect: an amount, or a metric and the value it should reach.",
)
def strategy_add(request: HttpRequest, report_id: Id, payload: StrategyIn):
    report = selectors.report_for(request.user, report_id, "prepare")
    owner = Person.objects.filter(pk=payload.owner_id).first()
    strategy = call(
        services.strategy_add,
        report=report,
        by=request.user,
        what=payload.what,
        owner=owner,
        due_on=payload.due_on,
        effect_amount=payload.effect_amount,
        effect_metric=payload.effect_metric,
        effect_value=payload.effect_value,
    )
    return Status(201, Strategy.objects.select_related("owner").get(pk=strategy.pk))


@router.post(
    "/reports/{report_id}/send",
    response=ReportOut,
    summary="Send a draft, freezing its figures",
    description=LEADER_ONLY + " Below plan, 422 without an explanation and a strategy.",
)
def report_send(request: HttpRequest, report_id: Id):
    report = selectors.report_for(request.user, report_id, "prepare")
    call(services.report_send, report=report, by=request.user)
    return _full(report_id, request)


@router.post(
    "/reports/{report_id}/comments",
    response={201: CommentOut},
    summary="Comment, ask or answer in a sent report's thread",
    description=CONFIDENTIAL,
)
def report_comment(request: HttpRequest, report_id: Id, payload: CommentIn):
    report = selectors.report_for(request.user, report_id, "discuss")
    comment = call(
        services.report_comment,
        report=report,
        by=request.user,
        kind=payload.kind,
        text=payload.text,
    )
    return Status(201, ReportComment.objects.select_related("author").get(pk=comment.pk))


@router.post(
    "/reports/{report_id}/read",
    response=ReportOut,
    summary="Mark a sent report read",
    description=LINE_ONLY,
)
def report_mark_read(request: HttpRequest, report_id: Id):
    report = selectors.report_for(request.user, report_id, "mark_read")
    call(services.report_mark_read, report=report, by=request.user)
    return _full(report_id, request)


def _file(content_type: str, what: str) -> dict:
    """The operation's 200 as the file it answers, for the schema and its readers."""
    return {
        "responses": {
            200: {
                "description": what,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@router.get(
    "/reports/{report_id}/xlsx",
    response={200: None, 404: Message},
    summary="The report as XLSX: a sheet per section, numbers as numbers",
    description=CONFIDENTIAL + " The figures frozen when sent; a draft's as they are today.",
    openapi_extra=_file(downloads.XLSX, "The workbook, as an attachment"),
)
def report_xlsx(request: HttpRequest, report_id: Id):
    report = _full(report_id, request)
    return downloads.xlsx_download(report)


@router.get(
    "/reports/{report_id}/pdf",
    response={200: None, 404: Message, 503: Message},
    summary="The report as PDF: the page's sections and charts, with page numbers",
    description=CONFIDENTIAL + " 503 when the server lacks Pango, which WeasyPrint needs.",
    openapi_extra=_file(downloads.PDF, "The document, as an attachment"),
)
def report_pdf(request: HttpRequest, report_id: Id):
    report = _full(report_id, request)
    try:
        return downloads.pdf_download(report)
    except downloads.CannotPrint as missing:
        return Status(503, {"detail": str(missing)})
