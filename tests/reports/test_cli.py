"""`leadwell report`: a leader's report for a period as JSON or a workbook, the frozen figures
once sent, and plain errors when there is no such report."""

import json

import pytest
from openpyxl import load_workbook

from leadwell.metrics.compute import recompute
from leadwell.reports import selectors, services
from leadwell.reports.models import Report
from tests.metrics_cli.conftest import cli  # noqa: F401 (the fixture running `leadwell ...`)

from ..conftest import deal
from .conftest import OCTOBER_DAY, SEPTEMBER

pytestmark = pytest.mark.django_db


def september_draft(p) -> Report:
    return services.report_draft(leader=p.leader, period=SEPTEMBER, by=p.user("leader"))


def test_json_is_the_snapshot_of_a_sent_report_not_the_live_figures(on_plan, cli):  # noqa: F811
    p = on_plan
    report = september_draft(p)
    sent = services.report_send(report=report, by=p.user("leader"), today=OCTOBER_DAY)
    deal(p.seller2, "won", 500_000, "2026-09-28")  # a late correction of September
    recompute(today=OCTOBER_DAY)

    result = cli("report", "--leader", p.leader.email, "--period", SEPTEMBER.figures_period.name)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == sent.snapshot
    assert printed["team"]["bookings"] == 120_000


def test_json_of_a_draft_is_its_figures_as_they_are_today(below_plan, cli):  # noqa: F811
    report = september_draft(below_plan)
    result = cli("report", "--leader", below_plan.leader.email, "--period", "2026-09")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["team"]["bookings"] == 40_000
    built = json.loads(json.dumps(selectors.report_figures(report)))
    # Each chart drawn gets a fresh element id: the rest must be the same figures.
    assert [c["title"] for c in printed.pop("charts")] == [c["title"] for c in built.pop("charts")]
    assert printed == built


def test_xlsx_is_written_to_the_output_file_with_numbers_as_numbers(below_plan, cli, tmp_path):  # noqa: F811
    september_draft(below_plan)
    target = tmp_path / "september.xlsx"
    result = cli(
        "report",
        "--leader",
        below_plan.leader.email,
        "--period",
        "2026-09",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    assert book.sheetnames == ["Figures", "Key metrics", "Strategies", "Coaching"]
    bookings = [row for row in book["Figures"].iter_rows(values_only=True) if row[1] == "bookings"]
    assert bookings[0][3] == 40_000


def test_a_period_without_a_report_says_so(below_plan, cli):  # noqa: F811
    september_draft(below_plan)
    result = cli("report", "--leader", below_plan.leader.email, "--period", "2026-08")
    assert result.exit_code == 1
    assert "has no report for" in result.output


def test_a_year_is_no_report_period(below_plan, cli):  # noqa: F811
    result = cli("report", "--leader", below_plan.leader.email, "--period", "FY2026")
    assert result.exit_code == 2
    assert "a month or a quarter" in result.output


def test_an_unknown_leader_is_a_usage_error(below_plan, cli):  # noqa: F811
    result = cli("report", "--leader", "nobody@example.com", "--period", "2026-09")
    assert result.exit_code == 2
    assert "no person has the e-mail nobody@example.com" in result.output
