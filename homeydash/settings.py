"""Django settings for homeydash, read from the environment (see README "Configuration").

Every variable goes through the helpers in ``homeydash.env`` so a bad value fails at start-up
with a message naming it. Application code reads ``django.conf.settings`` inside functions,
never at import, so tests can override anything.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import csp.constants as csp
import dj_database_url

from homeydash.env import EnvError, envbool, envint, envlist, envstr, installation_secret

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DJANGO_DEBUG", False)

# Athom Web API client. Without a client id homeydash runs in demo mode: the emulator is
# served under /emulator/ and the same sign-in code talks to it.
ATHOM_CLIENT_ID = envstr("ATHOM_CLIENT_ID")
ATHOM_CLIENT_SECRET = envstr("ATHOM_CLIENT_SECRET")
DEMO_MODE = not ATHOM_CLIENT_ID
if DEMO_MODE:
    ATHOM_CLIENT_ID = "homeydash-demo"
    ATHOM_CLIENT_SECRET = "homeydash-demo-secret"
# A relative URL is resolved against the address the browser used to reach homeydash;
# demo mode uses that to reach the emulator on this same server, whatever host or port.
ATHOM_API_URL = envstr("ATHOM_API_URL", "/emulator/cloud" if DEMO_MODE else "https://api.athom.com")
PRODUCTION = not DEBUG and not DEMO_MODE

PLACEHOLDER_SECRET_KEYS = {"", "change-me", "change-me-to-a-long-random-string"}
SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if SECRET_KEY in PLACEHOLDER_SECRET_KEYS or SECRET_KEY.startswith("django-insecure"):
    if PRODUCTION:
        raise EnvError(
            "DJANGO_SECRET_KEY is unset or a placeholder. Set it to a long random string, "
            'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
        )
    # Outside production (the demo, a LAN tablet) every installation makes its own secret on
    # first start and keeps it in this file, so no two installations share a known key.
    SECRET_KEY = installation_secret(
        Path(envstr("HOMEYDASH_SECRET_KEY_FILE") or BASE_DIR / ".secret_key")
    )


def _derived_token_key(secret: str) -> str:
    digest = hashlib.sha256(b"homeydash-token-key:" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Fernet keys for tokens at rest, newest first: adding a key in front re-encrypts lazily and
# keeps every stored token readable.
HOMEYDASH_TOKEN_KEYS = envlist("HOMEYDASH_TOKEN_KEYS")
if not HOMEYDASH_TOKEN_KEYS:
    if PRODUCTION:
        raise EnvError(
            "HOMEYDASH_TOKEN_KEYS is required in production: one or more Fernet keys, comma "
            'separated, newest first. Make one with python -c "from cryptography.fernet import '
            'Fernet; print(Fernet.generate_key().decode())".'
        )
    HOMEYDASH_TOKEN_KEYS = [_derived_token_key(SECRET_KEY)]

HOMEYDASH_POLL_SECONDS = envint("HOMEYDASH_POLL_SECONDS", 5, minimum=1)
HOMEYDASH_HTTP_TIMEOUT = envint("HOMEYDASH_HTTP_TIMEOUT", 10, minimum=1)
# Keep watched Homeys current from their realtime sockets (off: interval reads only).
HOMEYDASH_REALTIME = envbool("HOMEYDASH_REALTIME", True)
# Requests per minute one API token may make (counted in the shared cache); over it: 429.
HOMEYDASH_API_RATE_LIMIT = envint("HOMEYDASH_API_RATE_LIMIT", 120, minimum=1)
HOMEYDASH_HTTPS = envbool("HOMEYDASH_HTTPS", PRODUCTION)

# The local-connection form (a Homey Pro's address + API key). Who may use it: "anyone",
# "signed-in" (people signed in with Homey) or "nobody". Which addresses it may call: these
# networks, checked on the resolved address; loopback only in demo mode, link-local and cloud
# metadata addresses never.
HOMEYDASH_LOCAL_CONNECT = envstr("HOMEYDASH_LOCAL_CONNECT", "anyone" if DEMO_MODE else "signed-in")
HOMEYDASH_LOCAL_NETWORKS = envlist(
    "HOMEYDASH_LOCAL_NETWORKS",
    ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
    + (["127.0.0.0/8", "::1/128"] if DEMO_MODE else []),
)

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    # The JSON API (/api/v1/): installed so its docs page uses its own bundled Swagger UI
    # files from our static files, not a CDN.
    "ninja",
    "dashboard",
]
EMULATOR_ENABLED = DEMO_MODE
if EMULATOR_ENABLED:
    # First, so its runserver (which adds the Homeys' realtime socket) is the one used.
    INSTALLED_APPS.insert(0, "emulator")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: its own .br / .gz copies
    # Pages and poll answers. Django's GZipMiddleware pads each answer with 0-99 random bytes
    # ("Heal The Breach") and the CSRF token in a page is masked anew for every response, so a
    # compressed page leaks neither through its length (BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx, which everything below reads
    "dashboard.middleware.KioskMiddleware",
    "dashboard.middleware.LanguageMiddleware",
    "dashboard.middleware.HtmxLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dashboard.middleware.HomeyErrorMiddleware",
]

ROOT_URLCONF = "homeydash.urls"
WSGI_APPLICATION = "homeydash.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.context_processors.homeydash",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.config(
            env="DATABASE_URL",
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=60,
            conn_health_checks=True,
        )
    }
except ValueError:
    raise EnvError(
        "DATABASE_URL is not a database URL homeydash understands. Set it like "
        "postgres://user:password@host:5432/homeydash, or remove it to use the SQLite file."
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, which is what the token-refresh row lock
    # relies on where SQLite has no SELECT ... FOR UPDATE. The test database is a file (one
    # per test run) so that threads in live-server tests share it with real locking.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}


def _runs_alone() -> bool:
    """True for a server known to be one process: ``manage.py runserver`` (``make run``) and
    the test suite. Any other server (gunicorn, uWSGI...) may run several worker processes,
    which must share what they cache."""
    return sys.argv[1:2] == ["runserver"] or "pytest" in sys.modules


# The cache holds what every request must agree on: each Homey's snapshot and its version,
# the single-flight lock of its refresh, Homey sessions and signed-in sessions. Redis with
# REDIS_URL (several hosts); otherwise a table in the database whenever several processes may
# serve, so any worker answers "nothing changed"; only a lone process keeps it in memory.
REDIS_URL = envstr("REDIS_URL")
SHARED_CACHE: dict[str, Any]
if REDIS_URL:
    SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
else:
    SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "homeydash_shared_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
if REDIS_URL or not _runs_alone():
    CACHES = {"default": SHARED_CACHE}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "homeydash",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Sessions are read from the cache first (written to both) when the cache costs no query; with
# the database cache they are simply read from their table.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.db"
    if CACHES["default"] is SHARED_CACHE and not REDIS_URL
    else "django.contrib.sessions.backends.cached_db"
)
AUTHENTICATION_BACKENDS = [
    "dashboard.backends.AccountBackend",
    # Sessions signed in before AccountBackend existed name this one; they keep working.
    "django.contrib.auth.backends.ModelBackend",
]

# Counts that must hold across worker processes and hosts (wrong pairing codes per client):
# Redis with REDIS_URL, otherwise a table in the database (made by the migrations). The address
# of a client behind HOMEYDASH_TRUSTED_PROXIES reverse proxies comes from X-Forwarded-For.
HOMEYDASH_TRUSTED_PROXIES = envint("HOMEYDASH_TRUSTED_PROXIES", 0, minimum=0)
CACHES["shared"] = SHARED_CACHE

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# Each language names itself in the language chooser (not translated).
LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One clock per language (homeydash/formats/en: "1:00 PM"; Dutch and German: 24-hour).
FORMAT_MODULE_PATH = ["homeydash.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only a production deploy collects static files; elsewhere they are served from the sources.
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed file names need ``collectstatic`` first, which a production deploy runs; the demo
    # and the tests serve straight from the source folders.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 90
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HOMEYDASH_HTTPS
CSRF_COOKIE_SECURE = HOMEYDASH_HTTPS
if HOMEYDASH_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
SECURE_REFERRER_POLICY = "same-origin"
# HSTS for subdomains or the preload list is the operator's call, not ours: a self-hosted
# dashboard often lives beside plain-HTTP devices on the same domain.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles and everything else from this origin
# only, no inline code and no eval (htmx runs with allowEval and its inline indicator styles
# off, see templates/_htmx_config.html). Forms may also post on to Athom's sign-in page.
_athom_origin = "/".join(ATHOM_API_URL.split("/")[:3]) if "://" in ATHOM_API_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF, *([_athom_origin] if _athom_origin else [])],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "dashboard.logging.RedactSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "urllib3": {"level": "WARNING"},
        "authlib": {"level": "WARNING"},
    },
}
