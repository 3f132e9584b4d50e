"""Who is making changes right now, and how: set for each request, command and import, read
when a change is recorded.

A context variable, so each request (each thread of a web worker) and each background task has
its own. A request's user is read when a change is recorded, not when the request starts: an
API call's token is checked by the view, after the middleware has run.
"""

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from leadwell.audit.models import Via


@dataclass(frozen=True)
class Acting:
    via: str
    user: Any = None  # a sign-in account, or a callable giving one when asked
    label: str = ""  # who, when there is no account: "the demo generator"
    import_run_id: int | None = None

    def account(self) -> Any:
        user = self.user() if callable(self.user) else self.user
        return user if getattr(user, "is_authenticated", False) else None


_SYSTEM = Acting(via=Via.SYSTEM, label="Leadwell")
_current: ContextVar[Acting] = ContextVar("leadwell_acting", default=_SYSTEM)


def current() -> Acting:
    return _current.get()


@contextlib.contextmanager
def acting(
    *,
    via: str,
    user: Any = None,
    label: str = "",
    import_run_id: int | None = None,
) -> Iterator[Acting]:
    """Changes made inside are recorded as made by `user` (or `label`) through `via`. An import
    started by a request or a command keeps the account of whoever started it."""
    outer = _current.get()
    if user is None and not label and via == Via.IMPORT:
        user, label = outer.user, outer.label
    token = _current.set(Acting(via=via, user=user, label=label, import_run_id=import_run_id))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@contextlib.contextmanager
def resumed(earlier: Acting) -> Iterator[Acting]:
    """Act again as an earlier context did: work done after a commit on behalf of a change
    (telling people about it) is recorded as the change's own."""
    token = _current.set(earlier)
    try:
        yield earlier
    finally:
        _current.reset(token)


def begin(*, via: str, label: str) -> None:
    """For a whole process (a command): what it changes is recorded as made through `via`."""
    _current.set(Acting(via=via, label=label))


def _via_of(path: str) -> str:
    if path.startswith("/api/"):
        return Via.API
    if path.startswith("/admin/"):
        return Via.ADMIN
    return Via.PAGE


class ActingMiddleware:
    """Every change a request makes is recorded as made by its signed-in user (or token), and
    through the page, the API or the admin."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        with acting(via=_via_of(request.path_info), user=lambda: getattr(request, "user", None)):
            return self.get_response(request)
