"""Settings of the newsroom's features: newsletter, images, imports, pages, the page cache, workflow, discovery.

Imported by portal/settings (the base: environment, apps, databases, caches, storage, email).
"""

from pathlib import Path

from django_prose_editor.config import html_tags
from js_asset import static_lazy

from portal.settings import BASE_DIR, DEBUG, DEFAULT_FROM_EMAIL, EMAIL_URL, env

# --- Newsletter ---------------------------------------------------------
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
# The demo publisher's (fictional) address: a newsroom sets its own; the law asks for it in every newsletter.
NEWSLETTER_POSTAL_ADDRESS = env(
    "NEWSLETTER_POSTAL_ADDRESS", default="Global Finance Review, 40 Lantern Wharf, London E14 9XY, United Kingdom"
)
# The mailbox of List-Unsubscribe's mailto: (default: unsubscribe@ the From domain).
NEWSLETTER_UNSUBSCRIBE_MAILTO = env("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")
# Bump when the consent wording next to the forms changes; consent records keep it.
NEWSLETTER_CONSENT_VERSION = env("NEWSLETTER_CONSENT_VERSION", default="2025-01")
NEWSLETTER_CONFIRM_MAX_AGE = env.int("NEWSLETTER_CONFIRM_MAX_AGE", default=3 * 24 * 3600)
NEWSLETTER_CONFIRM_INTERVAL = env.int("NEWSLETTER_CONFIRM_INTERVAL", default=15 * 60)
# Development: one "Confirmation link for x@y: ..." line in the server log, so the
# link is not lost in the console's MIME dump. Never on by default where mail really goes out.
NEWSLETTER_LOG_CONFIRM_LINKS = env.bool(
    "NEWSLETTER_LOG_CONFIRM_LINKS", default=DEBUG and EMAIL_URL.startswith(("consolemail:", "filemail:"))
)
NEWSLETTER_SIGNUPS_PER_IP = env.int("NEWSLETTER_SIGNUPS_PER_IP", default=10)
NEWSLETTER_SIGNUP_WINDOW = env.int("NEWSLETTER_SIGNUP_WINDOW", default=3600)
# "" trusts REMOTE_ADDR; behind a proxy name the header it sets, e.g. HTTP_X_REAL_IP.
NEWSLETTER_CLIENT_IP_HEADER = env("NEWSLETTER_CLIENT_IP_HEADER", default="")
NEWSLETTER_UTM = env("NEWSLETTER_UTM", default="utm_source=newsletter&utm_medium=email")
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=100)
# Sending tasks queued per issue: with several db_workers, that many send it side by side.
NEWSLETTER_SEND_TASKS = env.int("NEWSLETTER_SEND_TASKS", default=2)
NEWSLETTER_RATE_LIMIT = env.float("NEWSLETTER_RATE_LIMIT", default=0)  # messages per second, 0 = no limit
NEWSLETTER_LEASE_SECONDS = env.int("NEWSLETTER_LEASE_SECONDS", default=300)
NEWSLETTER_MAX_ATTEMPTS = env.int("NEWSLETTER_MAX_ATTEMPTS", default=5)
NEWSLETTER_RETRY_BASE_SECONDS = env.int("NEWSLETTER_RETRY_BASE_SECONDS", default=60)
NEWSLETTER_RETRY_MAX_SECONDS = env.int("NEWSLETTER_RETRY_MAX_SECONDS", default=3600)
# PostgreSQL only: the senders' per-message commits stop waiting for the disk (see newsletter/services/ledger.py).
NEWSLETTER_ASYNC_COMMIT = env.bool("NEWSLETTER_ASYNC_COMMIT", default=False)
NEWSLETTER_LISTS_CACHE_SECONDS = 3600
# Click figures (README "Newsletter click figures"): links in sent issues go through
# /newsletter/r/<token>/. Opens are not counted unless this is on (it adds a 1x1 image).
NEWSLETTER_TRACK_OPENS = env.bool("NEWSLETTER_TRACK_OPENS", default=False)
# How long the redirect keeps an issue link's URL in the cache (links of a sent issue never change).
NEWSLETTER_LINK_CACHE_SECONDS = env.int("NEWSLETTER_LINK_CACHE_SECONDS", default=24 * 3600)

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
# Content credentials (C2PA, README "Content credentials"): the publisher's certificate chain
# (leaf first, CA-issued, ES256/PS256...) and its private key, each as PEM or a path to a PEM file.
# Unset, renditions are not signed; manifests arriving with uploads are still read.
C2PA_SIGNING_CERT = env("C2PA_SIGNING_CERT", default="")
C2PA_SIGNING_KEY = env("C2PA_SIGNING_KEY", default="")
C2PA_SIGNING_ALG = env("C2PA_SIGNING_ALG", default="es256")
# An RFC 3161 timestamp authority, so signatures outlive the certificate; none by default.
C2PA_TSA_URL = env("C2PA_TSA_URL", default="")
# A manifest larger than this (a wire agency's chain carrying its own thumbnail) goes into a sidecar
# `<rendition>.c2pa` next to each rendition, which the rendition links to, instead of inside it.
C2PA_EMBED_MAX_BYTES = env.int("C2PA_EMBED_MAX_BYTES", default=16 * 1024)
# Extra root certificates (PEM or path) whose signatures count as trusted when manifests are read.
C2PA_TRUST_ANCHORS = env("C2PA_TRUST_ANCHORS", default="")
# Uploaded videos (MP4/WebM) may be at most this many megabytes; longer
# pieces belong on YouTube or Vimeo, embedded with click-to-load.
VIDEO_UPLOAD_MAX_MB = env.int("VIDEO_UPLOAD_MAX_MB", default=200)

# The article body's "Picture" and "Embed" buttons (articles/body/editor.py): their editor script,
# and their tags for django-prose-editor's allow-list builder (the body's own is articles/body/sanitize.py).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/admin-body-media.js")],
        "extensions": {
            "NewsFigure": html_tags(["figure"], {"figure": ["data-image", "data-caption", "data-credit"]}),
            "NewsEmbed": html_tags(["div"], {"div": ["data-embed", "data-url"]}),
        },
    }
]

# --- Sources and methods: the dead-link check (`manage.py check_source_links`) ---
# A link is checked again when its last check is this many days old.
SOURCE_LINK_CHECK_DAYS = env.int("SOURCE_LINK_CHECK_DAYS", default=7)
SOURCE_LINK_CHECK_TIMEOUT = env.float("SOURCE_LINK_CHECK_TIMEOUT", default=10)
SOURCE_LINK_CHECK_BATCH = env.int("SOURCE_LINK_CHECK_BATCH", default=500)
# Off: links to private networks (the server's own, 10.x, 169.254.x) are never requested.
SOURCE_LINK_CHECK_PRIVATE = env.bool("SOURCE_LINK_CHECK_PRIVATE", default=False)

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
NAVIGATION_CACHE_SECONDS = 300
# The main bar shows at most this many sections, with at most this many characters of names
# (what fits one row at 1280 px next to the menus); the others are under its "More" menu.
NAVIGATION_BAR_SECTIONS = env.int("NAVIGATION_BAR_SECTIONS", default=6)
NAVIGATION_BAR_CHARACTERS = env.int("NAVIGATION_BAR_CHARACTERS", default=56)

# --- Live blogs (articles/liveblog; README, "Live blogs") --------------------
# Seconds between a reader's browser asking for new entries (the answer comes from the page cache).
LIVEBLOG_POLL_SECONDS = env.int("LIVEBLOG_POLL_SECONDS", default=20)
# Entries on the live blog's page (older ones on its "all updates" pages), and in each feed.
LIVEBLOG_PAGE_ENTRIES = env.int("LIVEBLOG_PAGE_ENTRIES", default=50)
LIVEBLOG_FEED_ENTRIES = env.int("LIVEBLOG_FEED_ENTRIES", default=10)
# The article form shows this many of the newest entries (and drafts); the others are in the entry list.
LIVEBLOG_ADMIN_ENTRIES = env.int("LIVEBLOG_ADMIN_ENTRIES", default=40)

# --- Page cache and the proxy in front (README, "Page cache and proxy") ----
# Whole reader pages kept in the cache for anonymous readers, purged by
# surrogate key when their content changes; 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=2 * 1024 * 1024)
# Each worker also keeps the pages it served (portal/web/pagecache/local.py):
# a hit then reads only the shared clock, not the page. Bytes per worker; 0: off.
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=32 * 1024 * 1024)
# ...and reads that clock at most this often: a purge made in another worker
# reaches this one's kept pages within it (its own purges at once). 0: every hit.
PAGE_CACHE_CLOCK_SECONDS = env.float("PAGE_CACHE_CLOCK_SECONDS", default=0.2)
# Rendered pieces of reader pages (cards, an article's story) kept in each
# worker's memory and purged by the same keys, so a page the page cache does
# not hold is assembled, not rendered whole (portal/web/pagecache/fragments.py).
# About 2 KB a card: 5,000 pieces are ~10 MB a worker. 0 turns them off.
FRAGMENT_CACHE_ENTRIES = env.int("FRAGMENT_CACHE_ENTRIES", default=5000)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)
# Cache-Control of reader pages: max-age (browsers), s-maxage (Varnish, CDNs),
# and how long a shared cache may answer from a stale copy.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=60)
SHARED_CACHE_SECONDS = env.int("SHARED_CACHE_SECONDS", default=PAGE_CACHE_SECONDS)
STALE_WHILE_REVALIDATE_SECONDS = env.int("STALE_WHILE_REVALIDATE_SECONDS", default=30)
STALE_IF_ERROR_SECONDS = env.int("STALE_IF_ERROR_SECONDS", default=86400)
# Base URLs of the caching proxies (Varnish) to purge on every content change,
# comma-separated, e.g. http://10.0.0.5:6081,http://10.0.0.6:6081; sent after
# commit from a background thread, so a proxy that is down never slows a save.
CACHE_PURGE_URLS = env.list("CACHE_PURGE_URLS", default=[])
CACHE_PURGE_BACKEND = env("CACHE_PURGE_BACKEND", default="portal.web.purge.VarnishPurger")
CACHE_PURGE_TIMEOUT = env.float("CACHE_PURGE_TIMEOUT", default=2.0)
# Purge again this many seconds later: a page the proxy was fetching while
# the first purge went out was rendered from the old rows. 0: only once.
CACHE_PURGE_REPEAT_SECONDS = env.float("CACHE_PURGE_REPEAT_SECONDS", default=2.0)
# "soft": a purged page may be answered once more from the old copy while
# one background fetch gets the new one (a purged front page does not make
# every reader wait for it); "hard": the next reader waits for the refetch.
CACHE_PURGE_MODE = env("CACHE_PURGE_MODE", default="soft")

# --- Breaking news, related stories (README "Breaking news, related stories, wire embargoes") ----
# How long a banner made with one click from a wire flash shows (the editor can change it).
BREAKING_BANNER_HOURS = env.int("BREAKING_BANNER_HOURS", default=2)
# How many stories "Related" shows under an article (the editors' picks first).
RELATED_STORIES = env.int("RELATED_STORIES", default=4)
# How fast an automatic related story's weight fades with its age: halved every this many days.
RELATED_HALF_LIFE_DAYS = env.int("RELATED_HALF_LIFE_DAYS", default=30)

# --- Read API (/api/v1/, README "Read API") ----------------------------------
# Requests per minute that the site itself answers (cache hits are free and not counted):
# per client network without a key, per key by default (each key has its own figure in the admin).
API_ANONYMOUS_RATE_LIMIT = env.int("API_ANONYMOUS_RATE_LIMIT", default=60)
API_KEY_RATE_LIMIT = env.int("API_KEY_RATE_LIMIT", default=600)
API_RATE_WINDOW_SECONDS = 60
API_PAGE_SIZE = 20
# At most 50 a page: a page's surrogate keys (each story, picture, tag) must fit the proxy's header limit.
API_MAX_PAGE_SIZE = 50

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

# --- Breaking-news alerts (Web Push, README "Breaking-news alerts (Web Push)") ---------
# The site's VAPID key pair (base64url; `manage.py webpush_keys` makes one) and the address push services may
# contact. Without a pair the opt-in is hidden and sending is refused; in development (DEBUG) a pair is made
# once in WEBPUSH_KEYS_FILE (under private-media/, never committed) so `make run` needs nothing.
WEBPUSH_VAPID_PUBLIC_KEY = env("WEBPUSH_VAPID_PUBLIC_KEY", default="")
WEBPUSH_VAPID_PRIVATE_KEY = env("WEBPUSH_VAPID_PRIVATE_KEY", default="")
WEBPUSH_CONTACT = env("WEBPUSH_CONTACT", default="mailto:newsroom@localhost")
_keys_file = env("WEBPUSH_KEYS_FILE", default=str(BASE_DIR / "private-media" / "webpush-vapid.json") if DEBUG else "")
WEBPUSH_KEYS_FILE = Path(_keys_file) if _keys_file else None
# Push services a subscription may point at (the host or a parent domain): the workers POST to these
# addresses, so an endpoint elsewhere (an internal address) is refused at opt-in.
WEBPUSH_ENDPOINT_HOSTS = env.list(
    "WEBPUSH_ENDPOINT_HOSTS",
    default=["fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"],
)
# Plain-http endpoints (only the test suite's local push service needs them).
WEBPUSH_ALLOW_HTTP = env.bool("WEBPUSH_ALLOW_HTTP", default=False)
# Opt-ins and opt-outs a reader's network may make per window (seconds).
WEBPUSH_SUBSCRIBES_PER_IP = env.int("WEBPUSH_SUBSCRIBES_PER_IP", default=20)
WEBPUSH_SUBSCRIBE_WINDOW = env.int("WEBPUSH_SUBSCRIBE_WINDOW", default=600)
# How long a push service keeps an alert for a browser that is offline (seconds): breaking news goes stale.
WEBPUSH_TTL_SECONDS = env.int("WEBPUSH_TTL_SECONDS", default=6 * 3600)
WEBPUSH_TIMEOUT_SECONDS = env.int("WEBPUSH_TIMEOUT_SECONDS", default=10)
# The ledger: rows a worker claims at once, its lease, and retries of transient failures (429, 5xx, network).
WEBPUSH_BATCH_SIZE = env.int("WEBPUSH_BATCH_SIZE", default=200)
WEBPUSH_LEASE_SECONDS = env.int("WEBPUSH_LEASE_SECONDS", default=300)
WEBPUSH_MAX_ATTEMPTS = env.int("WEBPUSH_MAX_ATTEMPTS", default=5)
WEBPUSH_RETRY_BASE_SECONDS = env.int("WEBPUSH_RETRY_BASE_SECONDS", default=60)
