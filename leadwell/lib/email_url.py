"""LEADWELL_EMAIL_URL, read by django-environ into Django's EMAIL_* settings.

One address names the mail server, its login and how the connection is secured:
smtp+tls://user:pass@host:587 (STARTTLS), smtp+ssl://user:pass@host:465 (TLS from the start),
smtp://host:25, or consolemail:// to print the mail instead. A user name or password holding
"@", ":" or "/" is written percent-encoded (us%40er for us@er).
"""

from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

SCHEMES = "smtp://, smtp+tls://, smtp+ssl://, consolemail:// or filemail://"


def email_settings(url: str) -> dict[str, Any]:
    """Django's EMAIL_* settings for the address, with Django's defaults for what it omits."""
    try:
        parsed = environ.Env.email_url_config(url)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            f"LEADWELL_EMAIL_URL {_without_password(url)!r} is not a mail server's address "
            f"({error}); it starts with {SCHEMES}, e.g. smtp+tls://user:pass@host:587."
        ) from error
    return {
        "EMAIL_BACKEND": parsed["EMAIL_BACKEND"],
        "EMAIL_HOST": parsed["EMAIL_HOST"] or "localhost",
        "EMAIL_PORT": parsed["EMAIL_PORT"] or 25,
        "EMAIL_HOST_USER": parsed["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": parsed["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": bool(parsed.get("EMAIL_USE_TLS")),
        "EMAIL_USE_SSL": bool(parsed.get("EMAIL_USE_SSL")),
    }


def _without_password(url: str) -> str:
    # The error is printed when Leadwell starts: never the password with it.
    head, at, tail = url.rpartition("@")
    if not at or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, login = head.partition("//")
    return f"{scheme}//{login.split(':', 1)[0]}:***@{tail}"
