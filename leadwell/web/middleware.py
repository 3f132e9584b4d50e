"""What a person is told when the database is too busy to take their change."""

import logging

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

log = logging.getLogger("leadwell")

BUSY = "Your change was not saved: Leadwell is busy writing a large import. Try again in a minute."
RETRY_AFTER_SECONDS = 60


class DatabaseBusyMiddleware:
    """On SQLite one write happens at a time; a write waits for the write lock for
    LEADWELL_SQLITE_BUSY_TIMEOUT seconds (an import holds it while it writes). A write that
    waited that long answers 503 with Retry-After and says what happened, not a server
    error."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OperationalError) and "database is locked" in str(exception)):
            return None
        log.warning("database busy: %s %s answered 503", request.method, request.path)
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": BUSY}, status=503)
        else:
            response = render(request, "web/503.html", {"message": BUSY}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


NUL = "\x00"
NUL_REFUSED = (
    "The form held a character that cannot be saved (the NUL character, often pasted from "
    "another program). Nothing was saved: remove it and try again."
)


class RefuseNulCharactersMiddleware:
    """A page's form or query that holds the NUL character is refused with 400 before any view
    sees it: PostgreSQL cannot store it (the view would fail with a server error) and no person
    types it. The API refuses it in its own schema (leadwell/lib/api_input.py)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and _holds_nul(request):
            log.warning("refused a form with a NUL character: %s %s", request.method, request.path)
            return render(request, "web/400.html", {"message": NUL_REFUSED}, status=400)
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    return any(
        NUL in key or any(NUL in value for value in values)
        for source in sources
        for key, values in source.lists()
    )
