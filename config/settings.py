"""Settings for Briefing Trainer, read from the environment with safe local defaults.

Environment: DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, DATABASE_URL,
CONN_MAX_AGE, CONN_HEALTH_CHECKS, TIME_ZONE, SIGNUP_OPEN, IMPORT_MAX_BYTES,
SECURE_SSL_REDIRECT, REDIS_URL, LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES,
TRUSTED_PROXY_COUNT, SESSION_IDLE_SECONDS, SIGNUP_RATE_LIMIT, SIGNUP_RATE_WINDOW_SECONDS,
STATIC_ROOT, BACKUP_DIR.
With DEBUG off, SECRET_KEY must be set (and strong) and the security settings are strict.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key_weakness(key: str) -> str:
    """Why ``key`` is too weak to sign sessions in production ("" when it is not).

    The same rule as Django's own deploy check (security.W009), which only warns.
    """
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return f"it starts with {SECRET_KEY_INSECURE_PREFIX!r}"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (
            f"it has {len(set(key))} different characters, "
            f"fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS}"
        )
    return ""


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-key-only-never-in-production"
elif not DEBUG and (weakness := secret_key_weakness(SECRET_KEY)):
    # Django's check only warns (security.W009) and the site starts anyway: refuse instead.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: {weakness}. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "accounts",
    "briefing",
    "quizzes",
    "learning",
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for browsers that ask (static files come precompressed from
    # whitenoise). Django pads each response with random bytes against BREACH, and
    # the CSRF token is masked anew on every response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language from the language cookie, else Accept-Language (URLs carry none).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.signup_open",
                "briefing.content_cache.csrf_token",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "django.templatetags.i18n",  # {% translate %} everywhere, without {% load i18n %}
            ],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"

# No health check by default: with it, Django sends a `SELECT 1` round trip before the
# first query of every request on a kept connection (0.13 ms on loopback PostgreSQL, a
# network round trip to a database host). Without it, a connection that died in between
# (database restart, failover, a proxy's idle timeout) fails the one request that meets
# it, and Django closes a connection that raised a database error at the end of that
# request, so the thread's next request connects afresh; CONN_MAX_AGE renews every
# connection anyway. CONN_HEALTH_CHECKS=true brings the check back where that one failed
# request per thread is not acceptable.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a writer commits; IMMEDIATE takes the write lock when a
    # transaction begins, so no "database is locked" upgrade fails half-way through it; a
    # writer waits up to `timeout` seconds for the lock: long enough to outlast a large
    # import's write transaction with learners queued behind it (tests/concurrency),
    # shorter than gunicorn's worker timeout.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's PostgreSQL cursors bind parameters on the client: the server plans each
    # statement anew. The few that run on nearly every request, and the review views'
    # queries, go through config.compiled (statement_cursor, prepared_queries), which
    # binds them on the server; 0 has psycopg prepare each of those at its first run,
    # so the connection keeps its plan. Django's own cursors are never prepared.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 0

# The cache: Redis when REDIS_URL is set (shared by every app server: sessions and
# lesson content), else this process's memory, so `make run` needs nothing. The session
# engines are Django's, reading the session row with SQL compiled once (accounts/sessions).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "accounts.sessions.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    # Each gunicorn worker has its own local memory: a session ended (signed out)
    # in one worker would live on in another's copy, so sessions stay in the
    # database. Lesson content is safe in local memory: it is keyed by version.
    SESSION_ENGINE = "accounts.sessions.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "briefing:home"
LOGOUT_REDIRECT_URL = "briefing:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface languages (the switcher in the page footer); a document's own language is
# its content's, whatever the interface's. Catalogues: locale/<code>/LC_MESSAGES/django.po.
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "briefing-trainer@localhost")

# Briefing Trainer's own settings.
SIGNUP_OPEN = env_bool("SIGNUP_OPEN", True)
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Hardening (issue 14): throttled sign-in, idle sessions, sign-up limit, CSP ------------
# Kept in one block, apart from the cache, session-engine and static-file settings.
INSTALLED_APPS += ["config", "axes", "csp"]
MIDDLEWARE += [
    "config.middleware.CSPMiddleware",  # django-csp's, the policy built once
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a lock-out into a page
]
# django-axes checks every sign-in (the site's and the admin's) before Django's own backend
# (accounts.backends.ModelBackend: Django's, reading the signed-in user with SQL compiled once).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",
]
# Locked out after LOGIN_FAILURE_LIMIT failures for one username, or from one address
# (whichever comes first), for LOGIN_LOCKOUT_MINUTES after the last failure. Attempts live
# in the database so that an administrator sees and deletes them in the admin (unlock).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
# A success does not wipe the failures: it would also wipe those against other accounts
# from the same address, so an attacker with an account could reset the count at will.
AXES_RESET_ON_SUCCESS = False
# Proxies in front of the app that append to X-Forwarded-For (0: trust REMOTE_ADDR only).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Signed in for at most SESSION_IDLE_SECONDS without a request (see IdleSessionTimeoutMiddleware).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 60  # the store keeps it until the middleware decides

# Sign-up attempts (POSTs) per address and window, counted in Django's default cache.
SIGNUP_RATE_LIMIT = int(os.environ.get("SIGNUP_RATE_LIMIT", "10"))
SIGNUP_RATE_WINDOW_SECONDS = int(os.environ.get("SIGNUP_RATE_WINDOW_SECONDS", "3600"))

# Content-Security-Policy (django-csp): scripts, styles and everything else from this site
# only; no inline script, style or event handler; never framed. Violations are reported.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "report-uri": "/csp-report/",
    },
}

# Where `make backup` (manage.py backup_db) writes when given no path.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", str(BASE_DIR / "backups")))
