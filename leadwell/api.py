"""The JSON API at /api/v1/: every endpoint asks leadwell.policy, exactly as the pages do."""

from csp.decorators import csp_update
from ninja import NinjaAPI

from leadwell.coaching.api import router as coaching_router
from leadwell.crm.api import router as imports_router
from leadwell.identity.api import router as me_router
from leadwell.identity.auth import api_auth
from leadwell.metrics.api import router as scorecards_router
from leadwell.org.api import router as people_router
from leadwell.web.api import router as personal_data_router

api = NinjaAPI(
    title="Leadwell API",
    version="1",
    description=(
        "Authenticate with a personal API token (create one on your profile page) sent as "
        "`Authorization: Bearer <token>`. Objects you may not see answer 404."
    ),
    auth=api_auth,
    urls_namespace="api",
    # The interactive docs (Swagger UI, from django-ninja's own static files, no CDN) draw
    # their icons as data: images; that page alone may show them (docs/decisions.md).
    docs_decorator=csp_update({"img-src": ["data:"]}),
)
api.add_router("/", me_router)
api.add_router("/", personal_data_router)
api.add_router("/", people_router)
api.add_router("/", imports_router)
api.add_router("/", scorecards_router)
api.add_router("/", coaching_router)
