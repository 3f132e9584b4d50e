"""Leadwell settings: every knob is a LEADWELL_* environment variable (see README, Configuration).

Development defaults are safe on a laptop; LEADWELL_ENV=production turns on the deployment
hardening that `manage.py check --deploy` asks for and refuses to start without a secret key.
"""

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from leadwell.lib.currency import check_setting
from leadwell.lib.email_url import email_settings
from leadwell.lib.env import data_dir, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

ENVIRONMENT = env_str("ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"LEADWELL_ENV must be 'development' or 'production', not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    if PRODUCTION:
        raise ImproperlyConfigured(
            "LEADWELL_SECRET_KEY is required when LEADWELL_ENV=production: set it to a long "
            "random value, the same for every web and worker process, and keep it secret. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    # A development key kept beside the database, so sessions survive restarts and every
    # worker agrees; before the data directory exists (linters, unit tests) a throwaway key.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if DATA_DIR.is_dir():
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key
    return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "LEADWELL_ALLOWED_HOSTS is required when LEADWELL_ENV=production: set it to the host "
        "names people reach Leadwell by, separated by commas, e.g. "
        "LEADWELL_ALLOWED_HOSTS=leadwell.example.com."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "leadwell.web.apps.AdministrationConfig",  # django.contrib.admin, administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "leadwell.audit",
    "leadwell.coaching",
    "leadwell.plans",
    "leadwell.debriefs",
    "leadwell.agreements",
    "leadwell.challenges",
    "leadwell.balance",
    "leadwell.pulse",
    "leadwell.leadership",
    "leadwell.cadences",
    "leadwell.asks",
    "leadwell.reports",
    "leadwell.signals",
    "leadwell.conditioning",
    "leadwell.crm",
    "leadwell.identity",
    "leadwell.metrics",
    "leadwell.org",
    "leadwell.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leadwell.identity.auth.SignInRequiredMiddleware",
    "leadwell.web.middleware.RefuseNulCharactersMiddleware",
    "leadwell.audit.acting.ActingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "leadwell.web.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "leadwell.urls"
WSGI_APPLICATION = "leadwell.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leadwell.web.context_processors.viewer",
            ],
            # Every template reads days the same way (`{{ d|day }}`) without loading a library.
            "builtins": ["leadwell.lib.day_filters"],
        },
    },
]


SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 120)
if SQLITE_BUSY_TIMEOUT < 1:
    raise ImproperlyConfigured("LEADWELL_SQLITE_BUSY_TIMEOUT must be at least 1 (seconds)")


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    if url:
        try:
            parsed = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
        except ValueError as problem:
            raise ImproperlyConfigured(
                f"LEADWELL_DATABASE_URL is not a database address ({problem}). Write it as "
                "postgresql://user:password@host:5432/name, or leave it out for SQLite."
            ) from None
        config: dict[str, Any] = dict(parsed)
        config["CONN_HEALTH_CHECKS"] = True
        return config
    # SQLite has one writer at a time: a write waits this long for the write lock (an import
    # holds it while it writes; see docs/decisions.md for how the default was chosen), then
    # answers 503 "busy".
    busy_ms = SQLITE_BUSY_TIMEOUT * 1000
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "leadwell.sqlite3",
        "OPTIONS": {
            # WAL lets pages read while an import writes; IMMEDIATE takes the write lock when a
            # transaction starts, so it waits (busy_timeout) instead of failing at once when
            # a read would have to become a write.
            "transaction_mode": "IMMEDIATE",
            # Python's own wait, used when a statement outside a transaction needs the lock.
            "timeout": SQLITE_BUSY_TIMEOUT,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                f" PRAGMA busy_timeout={busy_ms}; PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Passwords are hashed with Argon2id at a cost sized for this hardware (leadwell/identity/
# hashers.py); hashes made before with PBKDF2 still verify, and are rehashed with Argon2 when
# their owner next signs in (docs/decisions.md, "Passwords are hashed with Argon2id").
PASSWORD_HASHERS = [
    "leadwell.identity.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "signin"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signin"

SESSION_HOURS = min(env_int("SESSION_HOURS", 12), 12)
SESSION_COOKIE_AGE = int(timedelta(hours=SESSION_HOURS).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling (django-axes): after LEADWELL_LOGIN_FAILURE_LIMIT failures for the same
# e-mail from the same address, that pair is locked out for LEADWELL_LOGIN_COOLOFF_MINUTES;
# after LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the e-mails
# (password spraying), the address is (leadwell/identity/throttling.py).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
if AXES_FAILURE_LIMIT < 1 or LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured(
        "LEADWELL_LOGIN_FAILURE_LIMIT and LEADWELL_LOGIN_ADDRESS_FAILURE_LIMIT must be 1 or more"
    )
AXES_HANDLER = "leadwell.identity.throttling.AddressLimitHandler"
AXES_CLIENT_IP_CALLABLE = "leadwell.identity.throttling.client_address"
# Behind the TLS proxy every request comes from the proxy's address; the client's is the last
# one the proxy appended to X-Forwarded-For (production only, like the rest of the proxy set-up).
BEHIND_PROXY = PRODUCTION and env_bool("BEHIND_PROXY", default=False)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "leadwell.identity.auth.throttled_email"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "identity/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "old_password"]

# Content-Security-Policy on every response (django-csp): scripts, styles, images and fonts
# come from Leadwell's own static files only; no inline script, no plug-in, no framing, forms
# post only here. The few responses that need another policy set their own header, which the
# middleware leaves alone (docs/decisions.md, "Content-Security-Policy").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Outgoing mail: LEADWELL_EMAIL_URL names the server, e.g. smtp+tls://user:pass@host:587
# (STARTTLS), smtp+ssl://user:pass@host:465 (TLS from the start), smtp://host:25, or
# consolemail:// to print mail instead; django-environ reads it (docs/decisions.md). Without
# it, mail is printed on the console.
EMAIL_URL = env_str("EMAIL_URL", "consolemail://")
_email = email_settings(EMAIL_URL)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Where the people reading an e-mail or subscribing to a calendar reach Leadwell: the links
# in e-mails and feeds are made with it, as the worker that sends them answers no request.
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("FROM_EMAIL", "Leadwell <leadwell@localhost>")

# Pages follow the browser's language (LocaleMiddleware reads Accept-Language and adds
# Vary: Accept-Language): days read "Dec 6, 2026" in American and "6 Dec 2026" in British
# English (leadwell/lib/dates.py). The CLI, e-mail and a client that sends no language
# (a script on the API) get LANGUAGE_CODE: British, like the product's own wording.
LANGUAGE_CODE = "en-gb"
# The other Englishes write the day first, as British English does; without them here Django
# would read en-AU as the first English it knows, American.
LANGUAGES = [
    ("en-us", "English (United States)"),
    ("en-gb", "English (United Kingdom)"),
    ("en-au", "English (Australia)"),
    ("en-ie", "English (Ireland)"),
    ("en-in", "English (India)"),
    ("en-nz", "English (New Zealand)"),
    ("en-za", "English (South Africa)"),
]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected (for production) into the data directory; development serves from the apps.
STATIC_ROOT = DATA_DIR / "static" if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# In development the files are served straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", default=True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "leadwell": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Long work (large imports) runs as background tasks in the database queue; `leadwell serve`
# and `leadwell demo` start a worker beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Progress of background work is published through the cache, which the web process reads
# while the worker's transaction is still open. A file cache works across the processes of
# one machine; LEADWELL_CACHE_DIR moves it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CACHE_DIR", str(DATA_DIR / "cache")),
        # Past MAX_ENTRIES the file cache deletes a third of its entries at random, and a
        # heartbeat deleted so would make running work look stopped: keep far more than
        # Leadwell ever holds (one entry per running task, import of the day and API token).
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# Background work (an import, a recompute) beats a heartbeat through the same cache; work
# silent for this many seconds has stopped (its process died) and is marked failed.
HEARTBEAT_TIMEOUT = env_int("HEARTBEAT_TIMEOUT", 60)
if HEARTBEAT_TIMEOUT < 1:
    raise ImproperlyConfigured("LEADWELL_HEARTBEAT_TIMEOUT must be at least 1 (seconds)")
UPLOAD_DIR = DATA_DIR / "uploads"
# The uploaded file of a finished import is removed this many days after it finished (the
# import's record stays); 0 keeps uploads for ever.
UPLOAD_RETENTION_DAYS = env_int("UPLOAD_RETENTION_DAYS", 30)
if UPLOAD_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("LEADWELL_UPLOAD_RETENTION_DAYS must be 0 (keep) or more days")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The month the fiscal year starts in (1 = January); see leadwell/lib/periods.py.
FISCAL_YEAR_START_MONTH = env_int("FISCAL_YEAR_START_MONTH", 1)
if not 1 <= FISCAL_YEAR_START_MONTH <= 12:
    raise ImproperlyConfigured("LEADWELL_FISCAL_YEAR_START_MONTH must be a month number, 1 to 12.")

# The organisation's reporting currency: every figure, scorecard and export is in it. Deals
# in other currencies keep their own amount and are converted (see leadwell/lib/currency.py).
try:
    LEADWELL_CURRENCY = check_setting(env_str("CURRENCY", "USD"))
except ValueError as problem:
    raise ImproperlyConfigured(str(problem)) from None
