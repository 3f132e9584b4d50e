"""How API callers prove who they are: a personal token, or the browser's session."""

import logging

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from leadwell.identity import services
from leadwell.identity.models import User

log = logging.getLogger("leadwell.security")


class TokenAuth(HttpBearer):
    openapi_description = (
        "A personal API token from your profile page: `Authorization: Bearer lw_…`"
    )

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.token_authenticate(secret=token.strip())
        if user is None:
            # Never the token itself, not even its first characters.
            log.warning(
                "api token refused: unknown, revoked or switched-off client=%s path=%s",
                request.META.get("REMOTE_ADDR", "-"),
                request.path,
            )
            return None
        request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser's session, for calls that carry no token. A call that sends a
    token is a script's: a refused token answers 401, never falls back to the session (whose
    CSRF check would answer a confusing 403 to a POST)."""

    def __call__(self, request: HttpRequest):
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        return super().__call__(request)


api_auth = [TokenAuth(), BrowserSessionAuth()]


def throttled_email(request: HttpRequest, credentials: dict | None = None) -> str:
    """The e-mail django-axes counts failures against, the same however it was typed."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(raw).strip().lower()


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user unless its view says otherwise.

    The API is left out: it authenticates each call itself (token or session) and answers
    401 as JSON rather than redirecting to the sign-in page. So is Django's admin: it answers
    404 to anyone but an administrator, signed in or not (leadwell/web/admin_site.py).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(("/api/", "/admin/")):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
