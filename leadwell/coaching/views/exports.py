"""Exports of a seller's coaching history: one self-contained HTML document to keep.

The seller and their management line may export it (`view_coaching`); anyone else gets 404,
like every refusal. What goes into the document is decided in leadwell.coaching.exports.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from leadwell import policy
from leadwell.coaching import exports
from leadwell.org.models import Person

# The document carries no script and loads nothing: inline styles only, even if it is opened
# from the response instead of from disk.
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none';"
    " frame-ancestors 'none'"
)


@require_GET
def coaching_history(request: HttpRequest, person_id: int, fmt: str) -> HttpResponse:
    if fmt != "html":
        raise Http404("The coaching history is exported as HTML")
    person = policy.get_or_404(request.user, "view_coaching", Person, pk=person_id)
    today = timezone.localdate()
    history = exports.coaching_history(person, viewer=request.user, today=today)
    document = render_to_string("coaching/export/history.html", {"history": history})
    response = HttpResponse(document, content_type="text/html; charset=utf-8")
    name = exports.filename(person, today)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Security-Policy"] = DOCUMENT_POLICY
    return response
