"""`leadwell report`: an upward report as JSON, XLSX or PDF from the command line.

Like the other commands this is the operator's tool: whoever runs it reads the whole database,
so no viewer's access policy applies.
"""

import json
from collections.abc import Callable
from pathlib import Path

import click

from leadwell.metrics.cli import emit, emit_binary, find_person, find_team, output_option

REPORT_FORMATS = ["json", "xlsx", "pdf"]


def register(main: click.Group, data_dir_option: Callable, setup: Callable) -> None:
    @main.command("report")
    @data_dir_option
    @click.option(
        "--leader",
        "leader_text",
        required=True,
        metavar="ID|E-MAIL|NAME",
        help="The leader whose report it is.",
    )
    @click.option(
        "--period",
        "period_text",
        required=True,
        metavar="PERIOD",
        help="The report's month (FY2026-M11, 2026-09) or quarter (FY2026-Q3).",
    )
    @click.option(
        "--team",
        "team_text",
        metavar="NAME",
        help="The team, when the leader reports on several.",
    )
    @click.option(
        "--format",
        "output_format",
        type=click.Choice(REPORT_FORMATS),
        default="json",
        show_default=True,
        help="json: the figures as sent (a draft's as they are today); xlsx: a sheet per "
        "section; pdf: the report as a document.",
    )
    @output_option
    def report_command(
        data_dir: str | None,
        leader_text: str,
        period_text: str,
        team_text: str | None,
        output_format: str,
        output: Path | None,
    ) -> None:
        """Print or save a leader's upward report for a period.

        A sent report gives the figures frozen when it was sent; a draft gives its figures as
        the summaries hold them today.
        """
        setup(data_dir)
        report = _find_report(leader_text, period_text, team_text)

        from leadwell.reports import exports, pdf, selectors

        shown = selectors.report_figures(report)
        if output_format == "xlsx":
            emit_binary(exports.report_workbook(report, shown), output)
        elif output_format == "pdf":
            try:
                emit_binary(pdf.report_pdf(report, shown), output)
            except pdf.CannotPrint as missing:
                raise click.ClickException(str(missing)) from None
        else:
            emit(json.dumps(shown, indent=2, ensure_ascii=False), output)


def _find_report(leader_text: str, period_text: str, team_text: str | None):
    from leadwell.lib.periods import PeriodKind, parse_period
    from leadwell.reports.models import Report

    leader = find_person(leader_text)
    try:
        period = parse_period(period_text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--period'") from None
    if period.kind not in (PeriodKind.MONTH, PeriodKind.QUARTER):
        raise click.BadParameter(
            "a report is for a month or a quarter (FY2026-M11, FY2026-Q3).",
            param_hint="'--period'",
        )
    found = Report.objects.select_related("leader", "team").filter(
        leader=leader, period_kind=period.kind.value, period_start=period.start
    )
    if team_text:
        found = found.filter(team=find_team(team_text))
    reports = list(found.order_by("team__name"))
    if not reports:
        raise click.ClickException(
            f"{leader.name} has no report for {period.label} (none sent or drafted)."
        )
    if len(reports) > 1:
        teams = ", ".join(r.team.name for r in reports)
        raise click.UsageError(
            f"{leader.name} has {len(reports)} reports for {period.label} ({teams}): give --team."
        )
    return reports[0]
