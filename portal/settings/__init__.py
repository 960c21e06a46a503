"""Settings for Newsportal, read from the environment through django-environ.

Development defaults are safe and need nothing installed: a SQLite file, the
local-memory cache and console email. Production sets DEBUG=False, which
makes SECRET_KEY and ALLOWED_HOSTS mandatory (see README, "Production").
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from portal.web.dbrouter import replica_databases
from portal.web.logs import logging_config
from portal.web.storage import media_origin, storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is a convenience for local work; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    # Only ever used on a developer's machine: DEBUG=False refuses to start
    # without a real key, so this value can never reach production.
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=False the site needs a long random "
            "SECRET_KEY in the environment (see README, 'Environment variables')."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. With DEBUG=False list the site's host names, "
            "comma-separated, e.g. ALLOWED_HOSTS=news.example.com (never '*')."
        )

SITE_NAME = env("SITE_NAME", default="Global Finance Review")
PUBLISHER_NAME = env("PUBLISHER_NAME", default="Global Finance Review Ltd")
COPYRIGHT_START_YEAR = env.int("COPYRIGHT_START_YEAR", default=2010)

INSTALLED_APPS = [
    # Django's admin with the newsroom's site: two-step staff sign-in (portal/logins).
    "portal.logins.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "taggit",
    "reversion",
    "django_prose_editor",
    "anymail",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The read API (/api/v1/): listed for its static files, the self-hosted Swagger UI of the docs page.
    "ninja",
    "portal",
    "articles",
    "newsletter",
]

MIDDLEWARE = [
    # First: every log line of the request carries the proxy's X-Request-ID (or a new one).
    "portal.web.logs.RequestIdMiddleware",
    # Counts and times every response by view and status for /metrics.
    "portal.web.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise, so static files carry Permissions-Policy and CORP too.
    "portal.middleware.resource_policy_headers",
    "portal.middleware.reject_control_characters",
    # The database down: the styled 503 page with Retry-After, not a 500.
    "portal.web.outage.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and auth: a reader's page from the cache costs no query (portal/web/pagecache).
    "portal.web.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a one-time code (staff two-factor).
    "django_otp.middleware.OTPMiddleware",
    # Reader pages read from a replica (when DATABASE_REPLICA_URLS is set); a write pins the client to the primary.
    "portal.web.dbrouter.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    # Old (e.g. WordPress) addresses: looked up only when a page would 404.
    "articles.middleware.legacy_redirects",
    # Last, as django-axes asks: turns a sign-in refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "portal.context_processors.site",
            ],
            # {% fragment %}: a rendered piece kept per worker (portal/web/pagecache/fragments.py).
            "builtins": ["portal.web.pagecache.tags"],
        },
    },
]

# --- When a service is down (README, "When a service is down") -------------
# Redis unreachable: a cache call gives up after these many seconds (connect,
# then each reply), the server is skipped for CACHE_RETRY_SECONDS in this
# process, and pages render uncached meanwhile (portal/web/resilientcache.py).
CACHE_CONNECT_TIMEOUT = env.float("CACHE_CONNECT_TIMEOUT", default=0.25)
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5)
# The database unreachable: 503 with this Retry-After (portal/web/outage.py).
OUTAGE_RETRY_AFTER = env.int("OUTAGE_RETRY_AFTER", default=30)
# Seconds PostgreSQL may take to accept a connection before the request gives up.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
# A failure that repeats on every request is logged at most once per this many seconds.
OUTAGE_LOG_SECONDS = env.int("OUTAGE_LOG_SECONDS", default=60)

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# A kept connection that died (database restarted, failover) is noticed and
# replaced at the start of the next request instead of failing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable host fails the request in seconds, not after the OS's minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # Parameters sent apart from the SQL: psycopg then prepares a statement the
    # worker runs five times, and PostgreSQL stops planning the pages' queries
    # on every request. Off behind PgBouncer in transaction mode, which cannot
    # keep a prepared statement (README, "Databases").
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer work at once during `make run`.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# Read replicas (PostgreSQL streaming replicas of the primary above): reader
# pages read from them, everything else from the primary (portal/web/dbrouter.py).
DATABASES.update(
    replica_databases(
        env.list("DATABASE_REPLICA_URLS", default=[]),
        primary=DATABASES["default"],
        connect_timeout=env.int("REPLICA_CONNECT_TIMEOUT", default=2),
    )
)
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["portal.web.dbrouter.ReplicaRouter"]
# Seconds a client that wrote reads from the primary (their own change is there at once).
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
# A replica further behind than this is skipped until it catches up.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5)
# How often each process measures a replica's lag (and retries one that was down).
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5)
# Always read from the primary: sign-in and sessions, the task queue, the
# newsletter's ledger and subscribers, import jobs, revisions (app labels or app.model).
REPLICA_PRIMARY_MODELS = env.list(
    "REPLICA_PRIMARY_MODELS",
    default=[
        "sessions",
        "auth",
        "admin",
        "django_tasks_db",
        "reversion",
        "newsletter.delivery",
        "newsletter.subscriber",
        "newsletter.subscription",
        "newsletter.consentrecord",
        "newsletter.suppression",
        "articles.importjob",
        "articles.alertdelivery",
        "articles.pushsubscription",
    ],
)
# Paths whose reads always go to the primary (the admin, draft previews, and the probes: a node whose
# primary is unreachable is not ready, whatever its replica says).
REPLICA_PRIMARY_PATHS = env.list("REPLICA_PRIMARY_PATHS", default=["/admin/", "/preview/", "/healthz", "/readyz"])

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="newsportal"),
        }
    }
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsportal")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down or hung costs a reader a cache miss, never a 500 (or 5 s per call).
    CACHES["default"]["BACKEND"] = "portal.web.resilientcache.ResilientRedisCache"
    _options = CACHES["default"].setdefault("OPTIONS", {})
    _options.setdefault("socket_connect_timeout", CACHE_CONNECT_TIMEOUT)
    _options.setdefault("socket_timeout", CACHE_SOCKET_TIMEOUT)

# Editors' sessions stay server-side so they can be revoked; readers never
# get one, because public pages never touch the session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True
# One date format in the admin ("1 Dec 2026, 07:38"), see portal/formats/en_GB/formats.py.
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Object storage (S3 API, django-storages): public media in one bucket,
# readers' attachments and import uploads in a second, private one. Unset:
# local folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT, IMPORT_ROOT).
MEDIA_STORAGE_URL = env("MEDIA_STORAGE_URL", default="")
PRIVATE_STORAGE_URL = env("PRIVATE_STORAGE_URL", default="")
_media_storage = storage_from_url(MEDIA_STORAGE_URL, public=True)
MEDIA_URL = env("MEDIA_URL", default="/media/")
if _media_storage and MEDIA_URL.startswith("/"):
    # Nothing is served from this site's /media/ when a bucket holds the files.
    MEDIA_URL = f"{media_origin(_media_storage, '')}/"
# Django serves uploads itself only where no web server or object storage does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG) and not _media_storage
STORAGES = {
    "default": _media_storage or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": storage_from_url(PRIVATE_STORAGE_URL, public=False, location="private")
    or {"BACKEND": "portal.web.storage.FolderStorage", "OPTIONS": {"setting": "PRIVATE_MEDIA_ROOT"}},
    "imports": storage_from_url(PRIVATE_STORAGE_URL, public=False, location="imports")
    or {"BACKEND": "portal.web.storage.FolderStorage", "OPTIONS": {"setting": "IMPORT_ROOT"}},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default=(
                "django.contrib.staticfiles.storage.StaticFilesStorage"
                if DEBUG
                else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            ),
        )
    },
}

EMAIL_URL = env("EMAIL_URL", default="consolemail://")
EMAIL_CONFIG = env.email_url_config(EMAIL_URL)
if EMAIL_URL.startswith("filemail:"):
    # django-environ drops the leading "/" of filemail:///abs/path (and takes
    # the first folder of filemail://rel/path for a host): read the folder
    # here. Three slashes: an absolute folder; two: relative to the project.
    _mail = urlsplit(EMAIL_URL)
    _folder = unquote(_mail.netloc + _mail.path)
    if not _folder.strip("/"):
        raise ImproperlyConfigured(
            "EMAIL_URL=filemail:// needs a folder: filemail:///var/mail/newsportal (absolute) "
            "or filemail://sent-mail (relative to the project folder)."
        )
    EMAIL_CONFIG.update(EMAIL_FILE_PATH=str(BASE_DIR / _folder), EMAIL_HOST=None)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A hung mail server must not hold a newsletter worker past its lease.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# An email provider's own API instead of SMTP, e.g. "anymail.backends.postmark.EmailBackend".
if env("EMAIL_BACKEND", default=""):
    EMAIL_BACKEND = env("EMAIL_BACKEND")
ANYMAIL = {
    # "user:password" the provider's webhooks send as HTTP basic auth; the
    # bounce and complaint webhooks (/anymail/...) exist only when it is set.
    "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default=""),
    **{key: env(f"ANYMAIL_{key}") for key in env.list("ANYMAIL_SETTINGS", default=[])},
}

# Absolute links in emails (confirmation, issues, unsubscribe) start with this.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Background work ----------------------------------------------------
# Production queues work in the database for `manage.py db_worker`; with
# DEBUG (make run) and in tests it runs at once, inside the request.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# --- Operations -----------------------------------------------------------
# Who may read /metrics (addresses or networks); requests relayed by a proxy never may.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
# "json": one JSON object a line (for a log shipper); "text": readable lines. Both carry the request id.
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}; use json or text.")
# One line per request (method, path, status, duration, view, request id) from the app itself.
LOG_REQUESTS = env.bool("LOG_REQUESTS", default=not DEBUG)
LOGGING = logging_config(LOG_FORMAT, env("LOG_LEVEL", default="INFO"))

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "articles.tagging.comma_splitter"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.comma_joiner"

# --- Reader submissions and the awards ------------------------------------
# Attachments readers send are kept outside MEDIA_ROOT (never served
# publicly); staff download them through the admin.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
SUBMISSION_ATTACHMENT_MAX_MB = env.int("SUBMISSION_ATTACHMENT_MAX_MB", default=10)
AWARDS_MEDIA_KIT_MAX_MB = env.int("AWARDS_MEDIA_KIT_MAX_MB", default=25)
# Who is told about each submission: these addresses, else ADMINS/MANAGERS, else DEFAULT_FROM_EMAIL.
SUBMISSIONS_NOTIFY_EMAILS = env.list("SUBMISSIONS_NOTIFY_EMAILS", default=[])
SUBMISSIONS_PER_IP = env.int("SUBMISSIONS_PER_IP", default=5)
SUBMISSIONS_WINDOW = env.int("SUBMISSIONS_WINDOW", default=600)

# The features' settings, then security and staff sign-in: kept apart so each module stays readable;
# both read the environment through the `env` above.
from portal.settings.newsroom import *  # noqa: E402, F403
from portal.settings.security import *  # noqa: E402, F403
