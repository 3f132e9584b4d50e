"""The report as the PDF a director forwards: the page's figures, charts and strategies with page
numbers and none of its forms, only for the leader and their line, and from the command line."""

import datetime
import io
import sys
import types

import pytest
from django.urls import reverse
from pypdf import PdfReader

from leadwell.reports import selectors, services
from leadwell.reports.models import Report
from tests.metrics_cli.conftest import cli  # noqa: F401 (the fixture running `leadwell ...`)

from ..conftest import PERSONA_KEYS, require
from .conftest import OCTOBER_DAY, SEPTEMBER

pytestmark = pytest.mark.django_db

DOWNLOADS_THE_LEADERS_REPORT = {"leader", "director"}


@pytest.fixture(autouse=True)
def weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as missing:
        require(f"WeasyPrint or the system's Pango it needs is missing ({missing})")
    return weasyprint


def sent_below_plan(p) -> Report:
    report = services.report_draft(leader=p.leader, period=SEPTEMBER, by=p.user("leader"))
    services.report_update(report=report, by=p.user("leader"), explanation="Two deals slipped.")
    services.strategy_add(
        report=report,
        by=p.user("leader"),
        what="Weekly pipeline review with each seller",
        owner=p.seller,
        due_on=datetime.date(2026, 10, 31),
        effect_amount="25,000",
    )
    return services.report_send(report=report, by=p.user("leader"), today=OCTOBER_DAY)


def text_of_pdf(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_director_downloads_a_pdf_with_the_reports_numbers_charts_and_page_numbers(
    below_plan,
):
    p = below_plan
    report = sent_below_plan(p)
    page = p.client("director").get(reverse("reports:report", args=[report.pk]))
    assert "Download PDF" in page.content.decode()

    response = p.client("director").get(reverse("reports:pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "report-boston" in response["Content-Disposition"]
    pages, text = text_of_pdf(response.content)

    shown = selectors.report_figures(report)
    assert f"{p.boston.name}: {shown['period']['label']}" in text
    assert shown["team"]["bookings"] == 40_000 and "40,000" in text
    assert "Attainment is 40% of quota (September 2026)" in text
    for seller in shown["sellers"]:
        assert seller["name"] in text
    assert "Weekly pipeline review with each seller" in text
    assert "Two deals slipped." in text
    for chart in shown["charts"]:
        assert chart["title"] in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_the_pdf_carries_none_of_the_pages_forms_or_links(below_plan):
    p = below_plan
    report = services.report_draft(leader=p.leader, period=SEPTEMBER, by=p.user("leader"))
    response = p.client("leader").get(reverse("reports:pdf", args=[report.pk]))
    _, text = text_of_pdf(response.content)
    assert "Below plan" in text
    for control in ("Send the report", "Add the strategy", "Download XLSX", "Save the explanation"):
        assert control not in text


def test_only_the_leader_and_their_line_download_the_pdf(below_plan):
    report = services.report_draft(
        leader=below_plan.leader, period=SEPTEMBER, by=below_plan.user("leader")
    )
    for key in PERSONA_KEYS:
        response = below_plan.client(key).get(reverse("reports:pdf", args=[report.pk]))
        assert response.status_code == (200 if key in DOWNLOADS_THE_LEADERS_REPORT else 404), key


def test_the_command_line_writes_the_pdf(below_plan, cli, tmp_path):  # noqa: F811
    sent_below_plan(below_plan)
    target = tmp_path / "september.pdf"
    result = cli(
        "report",
        "--leader",
        below_plan.leader.email,
        "--period",
        "2026-09",
        "--format",
        "pdf",
        "--output",
        str(target),
    )
    assert result.exit_code == 0, result.output
    _, text = text_of_pdf(target.read_bytes())
    assert "40,000" in text and "Weekly pipeline review with each seller" in text


class WithoutPango(types.ModuleType):
    """WeasyPrint as a server without Pango loads it: every name fails to load the library."""

    def __getattr__(self, name):
        raise OSError("cannot load library 'libpango-1.0-0'")


def test_a_server_without_pango_says_so_instead_of_failing(below_plan, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", WithoutPango("weasyprint"))
    report = sent_below_plan(below_plan)

    page = below_plan.client("director").get(reverse("reports:pdf", args=[report.pk]))
    assert page.status_code == 503 and "lacks Pango" in page.content.decode()
    api = below_plan.api("director").get(f"/api/v1/reports/{report.pk}/pdf")
    assert api.status_code == 503 and "lacks Pango" in api.json()["detail"]


def test_the_api_serves_the_same_pdf_to_the_leader_and_their_line_only(below_plan):
    p = below_plan
    report = sent_below_plan(p)
    for key in PERSONA_KEYS:
        response = p.api(key).get(f"/api/v1/reports/{report.pk}/pdf")
        assert response.status_code == (200 if key in DOWNLOADS_THE_LEADERS_REPORT else 404), key
    response = p.api("director").get(f"/api/v1/reports/{report.pk}/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    _, text = text_of_pdf(response.content)
    assert "40,000" in text and "Weekly pipeline review with each seller" in text
