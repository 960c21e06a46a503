"""Settings for Newsportal, read from the environment through django-environ.

Development defaults are safe and need nothing installed: a SQLite file, the
local-memory cache and console email. Production sets DEBUG=False, which
makes SECRET_KEY and ALLOWED_HOSTS mandatory (see README, "Production").
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

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
    "django.contrib.admin",
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
    "portal",
    "articles",
    "newsletter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.reject_null_bytes",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    # Old (e.g. WordPress) addresses: looked up only when a page would 404.
    "articles.middleware.legacy_redirects",
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
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer work at once during `make run`.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

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

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Django serves uploads itself only where no web server or object storage does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
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

# --- Newsletter ---------------------------------------------------------
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
NEWSLETTER_POSTAL_ADDRESS = env(
    "NEWSLETTER_POSTAL_ADDRESS", default="1 Example Street, London EC1A 1AA, United Kingdom"
)
# The mailbox of List-Unsubscribe's mailto: (default: unsubscribe@ the From domain).
NEWSLETTER_UNSUBSCRIBE_MAILTO = env("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")
# Bump when the consent wording next to the forms changes; consent records keep it.
NEWSLETTER_CONSENT_VERSION = env("NEWSLETTER_CONSENT_VERSION", default="2025-01")
NEWSLETTER_CONFIRM_MAX_AGE = env.int("NEWSLETTER_CONFIRM_MAX_AGE", default=3 * 24 * 3600)
NEWSLETTER_CONFIRM_INTERVAL = env.int("NEWSLETTER_CONFIRM_INTERVAL", default=15 * 60)
NEWSLETTER_SIGNUPS_PER_IP = env.int("NEWSLETTER_SIGNUPS_PER_IP", default=10)
NEWSLETTER_SIGNUP_WINDOW = env.int("NEWSLETTER_SIGNUP_WINDOW", default=3600)
# "" trusts REMOTE_ADDR; behind a proxy name the header it sets, e.g. HTTP_X_REAL_IP.
NEWSLETTER_CLIENT_IP_HEADER = env("NEWSLETTER_CLIENT_IP_HEADER", default="")
NEWSLETTER_UTM = env("NEWSLETTER_UTM", default="utm_source=newsletter&utm_medium=email")
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=100)
NEWSLETTER_RATE_LIMIT = env.float("NEWSLETTER_RATE_LIMIT", default=0)  # messages per second, 0 = no limit
NEWSLETTER_LEASE_SECONDS = env.int("NEWSLETTER_LEASE_SECONDS", default=300)
NEWSLETTER_MAX_ATTEMPTS = env.int("NEWSLETTER_MAX_ATTEMPTS", default=5)
NEWSLETTER_RETRY_BASE_SECONDS = env.int("NEWSLETTER_RETRY_BASE_SECONDS", default=60)
NEWSLETTER_RETRY_MAX_SECONDS = env.int("NEWSLETTER_RETRY_MAX_SECONDS", default=3600)
NEWSLETTER_LISTS_CACHE_SECONDS = 3600

LOGIN_URL = "admin:login"

# --- Images -------------------------------------------------------------
# Upload limits: files past them get a form error, never a 500.
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
IMAGE_MIN_WIDTH = env.int("IMAGE_MIN_WIDTH", default=320)
# Largest PDF of a magazine issue or research report, in megabytes.
PUBLICATION_PDF_MAX_MB = env.float("PUBLICATION_PDF_MAX_MB", default=50)
# Widths of the renditions made once per upload (WebP and JPEG each).
# 1200 is the og:image social networks ask for (`manage.py make_renditions` adds it to older images).
IMAGE_RENDITION_WIDTHS = env.list("IMAGE_RENDITION_WIDTHS", cast=int, default=[320, 640, 960, 1200, 1280])
# Uploaded videos (MP4/WebM) may be at most this many megabytes; longer
# pieces belong on YouTube or Vimeo, embedded with click-to-load.
VIDEO_UPLOAD_MAX_MB = env.int("VIDEO_UPLOAD_MAX_MB", default=200)

# --- Content import (ninjs, WordPress) ----------------------------------
# Uploaded import files stay outside MEDIA_ROOT: they are not for readers.
IMPORT_ROOT = Path(env("IMPORT_ROOT", default=str(BASE_DIR / "imports")))
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=200)
# The section wire stories go to when `--section` is not given.
IMPORT_DEFAULT_SECTION = env("IMPORT_DEFAULT_SECTION", default="headlines")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Pages --------------------------------------------------------------
ARTICLES_PER_PAGE = 20
READING_WORDS_PER_MINUTE = 230
# How long public HTML may be kept by a CDN or browser (seconds).
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=60)
NAVIGATION_CACHE_SECONDS = 300

# --- Editorial workflow ---------------------------------------------------
# Days a shareable preview link works (/preview/<token>/) unless revoked.
PREVIEW_LINK_DAYS = env.int("PREVIEW_LINK_DAYS", default=7)
# Seconds an open change form counts as "also open" after its last heartbeat.
PRESENCE_TTL_SECONDS = 60

# --- Discovery: search, feeds, sitemaps, trending -------------------------
# PostgreSQL text search configuration (stemming, stop words) of the search
# index; after changing it run `manage.py update_search_index`.
SEARCH_CONFIG = env("SEARCH_CONFIG", default="english")
SEARCH_RESULTS_PER_PAGE = 20
FEED_ITEMS = 30
# "Trending": the most read articles of the last TRENDING_DAYS days, cached.
TRENDING_DAYS = 7
TRENDING_CACHE_SECONDS = env.int("TRENDING_CACHE_SECONDS", default=60)
# Views are buffered in the cache; the web process moves them into the
# database after a response at most this often (0: only `flush_view_counts`).
VIEW_COUNTS_FLUSH_SECONDS = env.int("VIEW_COUNTS_FLUSH_SECONDS", default=60)

# --- Security -----------------------------------------------------------
# Uploaded videos play from MEDIA_URL: its host too when media is on a CDN.
_media = urlsplit(MEDIA_URL)
MEDIA_ORIGIN = f"{_media.scheme}://{_media.netloc}" if _media.scheme and _media.netloc else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Video stories: only the privacy-enhanced players, after the reader presses play
        # (articles.video.PLAYER_ORIGINS); uploaded videos from our own media.
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "media-src": [SELF, MEDIA_ORIGIN] if MEDIA_ORIGIN else [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default config gives "django" its own console handler; one
        # handler at the root is enough, or every line is printed twice.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
    },
}

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

# How the admin's import page runs each kind of job (the WordPress one lives
# in portal because it writes company pages; articles must not import portal).
IMPORT_RUNNERS = {
    "ninjs": "articles.importing.jobs.run_ninjs_job",
    "wordpress": "portal.importing.wordpress.run_wordpress_job",
}
