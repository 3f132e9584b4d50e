"""The JSON API at /api/v1/: every endpoint asks leadwell.policy, exactly as the pages do.

What every endpoint accepts is declared once in leadwell/lib/api_input.py; what every endpoint
may answer besides its own results (401, 404, 422, 400) is documented here, once, in the
OpenAPI schema, so a client (or a schema-driven test) knows every status it can get."""

import json
from typing import Any

from csp.decorators import csp_update
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from leadwell.agreements.api import router as agreements_router
from leadwell.asks.api import router as asks_router
from leadwell.balance.api import router as balance_router
from leadwell.challenges.api import router as challenges_router
from leadwell.coaching.api import router as coaching_router
from leadwell.conditioning.api import router as conditioning_router
from leadwell.crm.api import router as imports_router
from leadwell.debriefs.api import router as debriefs_router
from leadwell.identity.api import router as me_router
from leadwell.identity.auth import api_auth
from leadwell.leadership.api import router as leadership_router
from leadwell.metrics.api import router as scorecards_router
from leadwell.org.api import router as people_router
from leadwell.plans.api import router as plans_router
from leadwell.pulse.api import router as pulse_router
from leadwell.reports.api import router as reports_router
from leadwell.signals.api import router as signals_router
from leadwell.web.api import router as personal_data_router
from leadwell.web.audit_trail import router as audit_router


def _not_a_json_number(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON number")


def _number(text: str) -> float | int:
    # JSON has one kind of number: 3.0 and 3e0 are the whole number 3, as JSON Schema reads them.
    value = float(text)
    return int(value) if value.is_integer() else value


class JsonParser(Parser):
    """Reads a body as JSON says: Python's reader also takes NaN and Infinity, which JSON has
    no words for, and would make 3.0 a number that is not a whole number."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json.loads(request.body, parse_constant=_not_a_json_number, parse_float=_number)


MESSAGE = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
INVALID = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "description": "One entry per value refused",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "description": "What is wrong, as a code"},
                    "loc": {
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                        "description": 'Where: e.g. ["path", "person_id"], ["query", "page"], '
                        '["body", "payload", "title"]',
                    },
                    "msg": {"type": "string", "description": "What is wrong, in words"},
                },
                "required": ["type", "loc", "msg"],
            },
        }
    },
    "required": ["detail"],
}


def _answer(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def document_refusals(schema: dict[str, Any]) -> None:
    """Add to each operation the refusals any endpoint of its kind can answer."""
    schema["components"]["schemas"].update({"Refusal": MESSAGE, "InvalidInput": INVALID})
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            answers = operation["responses"]
            answers.setdefault(
                401, _answer("No valid API token, and no signed-in session", "Refusal")
            )
            if operation.get("parameters") or "requestBody" in operation:
                answers.setdefault(
                    422, _answer("Input that is not what this operation takes", "InvalidInput")
                )
            if "requestBody" in operation:
                answers.setdefault(400, _answer("The body is not JSON", "Refusal"))
            if "{" in path:
                answers.setdefault(
                    404, _answer("No such object, or not one you may see", "Refusal")
                )


class LeadwellAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_refusals(schema)
        return schema


api = LeadwellAPI(
    title="Leadwell API",
    version="1",
    description=(
        "Authenticate with a personal API token (create one on your profile page) sent as "
        "`Authorization: Bearer <token>`. Objects you may not see answer 404. Input that is "
        "not what an operation takes answers 422 with one entry per value refused: ids are "
        "whole numbers from 1 to 9223372036854775807, bodies are JSON objects of the "
        "documented fields and types, and text cannot hold the NUL character."
    ),
    auth=api_auth,
    urls_namespace="api",
    parser=JsonParser(),
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
api.add_router("/", plans_router)
api.add_router("/", debriefs_router)
api.add_router("/", agreements_router)
api.add_router("/", challenges_router)
api.add_router("/", asks_router)
api.add_router("/", reports_router)
api.add_router("/", signals_router)
api.add_router("/", balance_router)
api.add_router("/", conditioning_router)
api.add_router("/", pulse_router)
api.add_router("/", leadership_router)
api.add_router("/", audit_router)
