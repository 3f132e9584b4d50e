"""`GET /api/v1/me/export`: everything Leadwell holds about the caller, as on the profile page."""

from django.views.decorators.cache import never_cache
from ninja import Router

from leadwell.web import data_export
from leadwell.web.views import personal_data_response

router = Router(tags=["me"])


@router.get(
    "/me/export",
    summary="Everything Leadwell holds about me, as one JSON document",
    description=(
        "Your person record, reporting lines, sign-in account (never the password or a token's "
        "secret), goals, coaching, assignments, evaluations, development plan, the 1:1s you are "
        "in with your own private notes only, your CRM records, quotas, forecasts, targets and "
        "the imports you started. Sections are grouped by the part of Leadwell that keeps them: "
        "`data.<part>.<section>.rows`."
    ),
)
@never_cache
def export_me(request):
    document = data_export.personal_data_export(account=request.user, channel="api")
    return personal_data_response(document, request.user)
