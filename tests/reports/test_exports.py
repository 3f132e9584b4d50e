"""The report as a workbook: one sheet per section, numbers as numbers equal to the page's, the
frozen figures once sent, and nobody outside the leader's line gets it."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from leadwell.metrics.compute import recompute
from leadwell.reports import selectors, services
from leadwell.reports.models import Report

from ..conftest import PERSONA_KEYS, deal
from .conftest import OCTOBER_DAY, SEPTEMBER

pytestmark = pytest.mark.django_db

DOWNLOADS_THE_LEADERS_REPORT = {"leader", "director"}


def september_draft(p) -> Report:
    return services.report_draft(leader=p.leader, period=SEPTEMBER, by=p.user("leader"))


def workbook_of(p, key: str, report: Report):
    response = p.client(key).get(reverse("reports:xlsx", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def rows_of(sheet) -> list[dict]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def figure(book, key: str):
    return next(row["value"] for row in rows_of(book["Figures"]) if row["key"] == key)


def test_the_workbook_has_a_sheet_per_section(below_plan):
    book = workbook_of(below_plan, "leader", september_draft(below_plan))
    assert book.sheetnames == ["Figures", "Key metrics", "Strategies", "Coaching"]


def test_the_figures_are_numbers_equal_to_the_pages(below_plan):
    p = below_plan
    report = september_draft(p)
    page = p.client("leader").get(reverse("reports:report", args=[report.pk]))
    assert "Download XLSX" in page.content.decode()
    shown = selectors.report_figures(report)
    book = workbook_of(p, "director", report)

    assert figure(book, "bookings") == 40_000 == shown["team"]["bookings"]
    assert isinstance(figure(book, "attainment"), float)
    assert figure(book, "attainment") == pytest.approx(shown["team"]["attainment"])
    assert figure(book, "period_start") == "2026-09-01"
    assert figure(book, "deals_won") == shown["team"]["deals_won"]

    metrics = rows_of(book["Key metrics"])
    team_bookings = next(r for r in metrics if r["who"] == "team" and r["metric"] == "bookings")
    assert team_bookings["value"] == 40_000
    sellers = {r["name"]: r for r in metrics if r["who"] == "seller" and r["metric"] == "bookings"}
    for seller in shown["sellers"]:
        assert sellers[seller["name"]]["value"] == seller["values"]["bookings"]

    counts = {r["key"]: r["count"] for r in rows_of(book["Coaching"])}
    assert counts == shown["coaching"]


def test_a_sent_report_exports_its_frozen_figures_not_the_live_ones(below_plan):
    p = below_plan
    report = september_draft(p)
    services.report_update(report=report, by=p.user("leader"), explanation="Two deals slipped.")
    services.strategy_add(
        report=report,
        by=p.user("leader"),
        what="Weekly pipeline review with each seller",
        owner=p.seller,
        due_on=datetime.date(2026, 10, 31),
        effect_amount="25,000",
    )
    services.report_send(report=report, by=p.user("leader"), today=OCTOBER_DAY)
    deal(p.seller2, "won", 500_000, "2026-09-28")  # a late correction of September
    recompute(today=OCTOBER_DAY)

    book = workbook_of(p, "director", report)
    assert figure(book, "bookings") == 40_000
    assert figure(book, "status") == "Sent"
    [strategy] = rows_of(book["Strategies"])
    assert strategy["what"] == "Weekly pipeline review with each seller"
    assert strategy["effect_amount"] == 25_000
    assert strategy["due_on"] == "2026-10-31"


def test_only_the_leader_and_their_line_download_the_report(below_plan):
    report = september_draft(below_plan)
    for key in PERSONA_KEYS:
        response = below_plan.client(key).get(reverse("reports:xlsx", args=[report.pk]))
        assert response.status_code == (200 if key in DOWNLOADS_THE_LEADERS_REPORT else 404), key


def test_the_api_serves_the_same_workbook_to_the_leader_and_their_line_only(below_plan):
    p = below_plan
    report = september_draft(p)
    for key in PERSONA_KEYS:
        response = p.api(key).get(f"/api/v1/reports/{report.pk}/xlsx")
        assert response.status_code == (200 if key in DOWNLOADS_THE_LEADERS_REPORT else 404), key
    response = p.api("leader").get(f"/api/v1/reports/{report.pk}/xlsx")
    assert 'filename="report-boston-enterprise-2026-09-01.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert figure(book, "bookings") == figure(workbook_of(p, "leader", report), "bookings")
    assert isinstance(figure(book, "bookings"), int | float)
