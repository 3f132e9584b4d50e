"""An upward report as PDF: the page's own template, printed. The PDF is what a director
forwards, so it carries the same sections and charts as the page, a running title and page
numbers, and none of the page's forms.

WeasyPrint needs Pango from the system; importing it is left to the call so the rest of the
app runs where the library is missing.
"""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from leadwell.reports import selectors
from leadwell.reports.models import Report

CANNOT_PRINT = (
    "This server cannot print PDFs yet: it lacks Pango "
    "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
    "The XLSX download works meanwhile."
)

STYLESHEETS = ("leadwell/leadwell.css", "metrics/charts.css", "reports/print.css")
CHART_STYLES = "metrics/charts.css"
SVG_OPENING = re.compile(r"<svg\b[^>]*>")


class CannotPrint(Exception):
    """The server lacks what WeasyPrint needs from the system (Pango)."""


def _refuse_fetch(url: str, *args, **kwargs) -> dict:
    # Everything the PDF shows is in its HTML and stylesheets: a link typed in the report
    # (an explanation's URL) must never make the server fetch anything.
    raise ValueError(f"The report's PDF fetches nothing: {url}")


def print_context(report: Report, shown: dict) -> dict:
    """What the page's template needs to print the report: its content, no form."""
    return {
        "base_template": "reports/print.html",
        "printing": True,
        "report": report,
        "shown": _with_chart_styles(shown),
        "today": timezone.localdate(),
        "is_leader": False,
        "may_prepare": False,
        "may_follow_up": False,
        "may_discuss": False,
        "may_mark_read": False,
        "overdue": report.is_overdue(timezone.localdate()),
        "carried": selectors.carried_forward(report, shown),
        "strategies": list(report.strategies.select_related("owner")),
        "comments": list(report.comments.select_related("author")),
        "failed": "",
        "problems": [],
        "field_errors": {},
        "posted": {},
    }


def _with_chart_styles(shown: dict) -> dict:
    """The figures with each chart carrying its stylesheet: WeasyPrint draws an inline SVG with
    the styles inside it only (a page cannot, under its content policy, so the page links them)."""
    style = f"<style>{Path(_static(CHART_STYLES)).read_text('utf-8')}</style>"
    charts = [
        {**chart, "svg": SVG_OPENING.sub(lambda found: found[0] + style, chart["svg"])}
        for chart in shown["charts"]
    ]
    return {**shown, "charts": charts}


def report_pdf(report: Report, shown: dict) -> bytes:
    """The PDF's bytes; CannotPrint where the system lacks Pango."""
    try:
        from weasyprint import CSS, HTML
    except OSError as missing:
        # WeasyPrint loads Pango from the system as it is imported.
        raise CannotPrint(CANNOT_PRINT) from missing

    html = render_to_string("reports/report.html", print_context(report, shown))
    stylesheets = [CSS(filename=_static(name), url_fetcher=_refuse_fetch) for name in STYLESHEETS]
    document = HTML(string=html, url_fetcher=_refuse_fetch)
    # Given no target, write_pdf answers the document's bytes.
    pdf = document.write_pdf(stylesheets=stylesheets)
    if pdf is None:
        raise RuntimeError("WeasyPrint answered no PDF")
    return pdf


def _static(name: str) -> str:
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(f"Static file {name} is missing")
    return str(Path(found if isinstance(found, str) else found[0]))
