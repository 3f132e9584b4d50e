"""An upward report as the files a director forwards or reuses, answered the same way by the
page and the API: the PDF (`pdf.py`) and the workbook (`exports.py`), as attachments."""

from django.http import HttpResponse
from django.utils import timezone

from leadwell.reports import exports, pdf, selectors
from leadwell.reports.models import Report

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CannotPrint = pdf.CannotPrint


def attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    """A download the browser saves under `name`: the page's and the API's alike."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def pdf_download(report: Report) -> HttpResponse:
    """What the report shows (frozen once sent), printed; CannotPrint without Pango."""
    shown = selectors.report_figures(report, timezone.localdate())
    return attachment(pdf.report_pdf(report, shown), PDF, exports.file_name(report, "pdf"))


def xlsx_download(report: Report) -> HttpResponse:
    shown = selectors.report_figures(report, timezone.localdate())
    return attachment(
        exports.report_workbook(report, shown), XLSX, exports.file_name(report, "xlsx")
    )
