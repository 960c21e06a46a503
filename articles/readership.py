"""Services for what readers read: counting article views, flushing them, trending.

A view is counted in the cache, never in the database, so the request that
renders the article runs no extra write query. With Redis (REDIS_URL) the
counts are a Redis hash, incremented atomically by every process; otherwise
they live in Django's cache (local memory in development: exact within the
one process). `flush_view_counts()` moves them in bulk into
`ArticleDailyViews`: the `flush_view_counts` command does it (cron, or a
task), and the web process itself does it after a response once every
VIEW_COUNTS_FLUSH_SECONDS, so a site without cron still gets its counts.
"""

import contextlib
import logging
import re
import threading
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery, Sum
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article, ArticleDailyViews
from portal.web import pagecache, resilientcache
from portal.web.resilientcache import CacheUnavailable
from portal.web.throttledlog import ThrottledLog

logger = logging.getLogger(__name__)
outage_log = ThrottledLog(__name__)

#: User agents that are not readers: crawlers, link previews, monitors, scripts.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|fetch|scan|monitor|"
    r"lighthouse|pagespeed|headless|phantomjs|python|curl|wget|httpclient|okhttp|go-http|java/|libwww|"
    r"feed|reader|validator|check|mediapartners|google-|adsbot",
    re.IGNORECASE,
)
TRENDING_KEY = "articles:trending:v2:{days}"
#: The longest list a page shows (the Trending page): one cached list, the boxes show its head.
TRENDING_KEPT = 20
WINDOW_KEY = "articles:views:window"
FLUSH_LOCK_KEY = "articles:views:flushing"


def is_countable(request, article) -> bool:
    """A reader's view: a GET of a published article, not by a bot, an editor or a prefetch."""
    if request.method != "GET" or not article.is_live:
        return False
    if request.user.is_authenticated and request.user.is_staff:
        return False  # editors checking their own work are not readers
    return is_reader_agent(request)


def is_reader_agent(request) -> bool:
    """A person's browser, not a bot, a script or a prefetch (reads headers only, never the session)."""
    if request.headers.get("Sec-Purpose", request.headers.get("Purpose", "")).startswith(("prefetch", "prerender")):
        return False
    agent = request.headers.get("User-Agent", "")
    return bool(agent) and not BOT_USER_AGENT.search(agent)


@pagecache.hit_hook("articles.view")
def cached_view_record(request, article_id):
    """An article page answered by the page cache is a view too: counted the same way, still no query.

    Only requests without a session reach the page cache, so no editor is counted.
    """
    if request.method == "GET" and is_reader_agent(request) and article_view_record(article_id=article_id):
        flush_after_response()


# --- The buffer ---------------------------------------------------------


class CacheBuffer:
    """Counts in Django's cache, one key per (day, article) plus an index of keys.

    A process-wide lock makes it exact with the local-memory cache (one
    process). With a shared cache other than Redis two processes could race
    on the index; use Redis in production.
    """

    INDEX = "articles:views:index"
    _lock = threading.Lock()

    def add(self, day, article_id):
        key = f"articles:views:{day.isoformat()}:{article_id}"
        with self._lock:
            if cache.add(key, 1, timeout=None):
                index = cache.get(self.INDEX) or set()
                index.add(key)
                cache.set(self.INDEX, index, timeout=None)
            else:
                cache.incr(key)

    def batches(self):
        """[(counts, done)]: call `done()` once the counts are in the database."""
        with self._lock:
            values = cache.get_many(cache.get(self.INDEX) or ())
        counts = {}
        for key, views in values.items():
            day, article_id = key.rsplit(":", 2)[1:]
            counts[(date.fromisoformat(day), int(article_id))] = int(views)

        def done():
            # Subtract what was written: views counted meanwhile stay buffered.
            with self._lock:
                index = cache.get(self.INDEX) or set()
                for key, views in values.items():
                    if cache.decr(key, views) <= 0:
                        cache.delete(key)
                        index.discard(key)
                cache.set(self.INDEX, index, timeout=None)

        return [(counts, done)]


class RedisBuffer:
    """Counts in one Redis hash, field "day:article_id", incremented atomically.

    Flushing renames the hash first (atomic), so views counted meanwhile go
    to a fresh hash; a renamed hash is deleted only after its counts are in
    the database, so a failed flush is retried, never lost.
    """

    def __init__(self, url):
        import redis

        self.url = url
        # The cache's fail-fast timeouts, and its breaker: while Redis is down a
        # view costs no wait at all (see portal.web.resilientcache).
        self.client = redis.Redis.from_url(url, **resilientcache.redis_options())
        self.breaker = resilientcache.breaker(resilientcache.server_name(url))
        self.errors = resilientcache.redis_errors()
        prefix = settings.CACHES["default"].get("KEY_PREFIX") or "newsportal"
        self.pending = f"{prefix}:articles:views:pending"

    def add(self, day, article_id):
        """Count one view; CacheUnavailable when Redis cannot be reached."""
        field = f"{day.isoformat()}:{article_id}"
        self.breaker.call(self.errors, self.client.hincrby, self.pending, field, 1)

    def batches(self):
        """[(counts, done)] per hash waiting to be flushed; `done()` deletes it."""
        import redis

        with contextlib.suppress(redis.ResponseError):  # nothing counted since the last flush
            self.client.rename(self.pending, f"{self.pending}:flushing:{uuid.uuid4().hex}")
        result = []
        for name in self.client.scan_iter(f"{self.pending}:flushing:*"):
            counts = {}
            for field, views in self.client.hgetall(name).items():
                day, article_id = field.decode().split(":")
                counts[(date.fromisoformat(day), int(article_id))] = int(views)
            result.append((counts, lambda name=name: self.client.delete(name)))
        return result


_buffer = None


def view_buffer():
    """The buffer for this configuration (Redis when REDIS_URL is set)."""
    global _buffer
    url = settings.REDIS_URL
    if url and not (isinstance(_buffer, RedisBuffer) and _buffer.url == url):
        _buffer = RedisBuffer(url)
    elif not url and not isinstance(_buffer, CacheBuffer):
        _buffer = CacheBuffer()
    return _buffer


# --- Services -----------------------------------------------------------


def article_view_record(*, article_id, now=None) -> bool:
    """Count one view; True when this process should flush after the response.

    Costs cache round trips only. The flush is due once the oldest unflushed
    view is VIEW_COUNTS_FLUSH_SECONDS old; one process wins the lock for it.
    With the cache unreachable the view is not counted (logged once a
    minute) and the page is served all the same.
    """
    now = now or timezone.now()
    try:
        view_buffer().add(timezone.localdate(now), article_id)
    except CacheUnavailable:
        # The reader's page matters more than the count: it renders, the view is lost.
        outage_log.warning("views", "Article views are not counted: the cache is unreachable.")
        return False
    interval = settings.VIEW_COUNTS_FLUSH_SECONDS
    if interval <= 0:
        return False
    started = cache.get(WINDOW_KEY)
    if started is None:
        cache.add(WINDOW_KEY, now.timestamp(), timeout=None)  # the first view starts the clock
        return False
    return now.timestamp() - started >= interval and cache.add(FLUSH_LOCK_KEY, 1, timeout=max(interval, 30))


def flush_view_counts() -> int:
    """Move the buffered counts into ArticleDailyViews in bulk; returns the views written."""
    written = 0
    cache.set(WINDOW_KEY, timezone.now().timestamp(), timeout=None)
    for counts, done in view_buffer().batches():
        written += _write(counts)
        done()  # only now leave the buffer: a failed write is retried next time
    cache.delete(FLUSH_LOCK_KEY)
    return written


_after_response = threading.local()


def flush_after_response():
    """Flush once the current response has gone out to the reader (Django's `request_finished`)."""
    _after_response.due = True


@receiver(request_finished, dispatch_uid="articles.readership.flush")
def _flush_if_due(sender, **kwargs):
    # The WSGI server closes the response after sending it, and closing sends
    # request_finished: the reader never waits for this write.
    if not getattr(_after_response, "due", False):
        return
    _after_response.due = False
    try:
        flush_view_counts()
    except Exception:  # a reader's page has already gone out; never fail it
        logger.exception("Flushing article view counts failed; they stay buffered for the next flush.")


def _write(counts) -> int:
    """Add the counts to the daily rows: one upsert per 500 rows, atomically."""
    if not counts:
        return 0
    existing = set(Article.objects.filter(pk__in={a for _, a in counts}).values_list("pk", flat=True))
    rows = [(day, article_id, views) for (day, article_id), views in counts.items() if article_id in existing]
    table = ArticleDailyViews._meta.db_table
    sql = (
        f"INSERT INTO {table} (date, article_id, views) VALUES {{values}} "
        f"ON CONFLICT (date, article_id) DO UPDATE SET views = {table}.views + excluded.views"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            cursor.execute(
                sql.format(values=", ".join(["(%s, %s, %s)"] * len(chunk))),
                [value for row in chunk for value in row],
            )
    return sum(views for _, _, views in rows)


# --- Trending -----------------------------------------------------------


def trending_articles(*, limit=6, days=None):
    """The most read published articles of the last `days` days, as cards; cached.

    One query when the cache is cold (a minute by default), none when warm.
    Forgotten when an article changes (`trending_forget`), so a page purged
    for an edit does not get the old headline back from this list.
    """
    days = days or settings.TRENDING_DAYS
    key = TRENDING_KEY.format(days=days)
    # Every page shows the box: the list (30 KB of cards) is unpickled once per worker and
    # version, and each page reads only the version's token.
    token = cache.get(f"{key}:token")
    memo = _trending_memo.get(key)
    if (
        token is not None
        and memo is not None
        and memo[0] == token
        and not (memo[1] < limit and len(memo[2]) == memo[1])
    ):
        return memo[2][:limit]
    kept = cache.get(key)
    if kept is None or len(kept) != 3 or (kept[0] < limit and len(kept[2]) == kept[0]):
        size = max(limit, TRENDING_KEPT)
        kept = (size, uuid.uuid4().hex, list(_most_read(size, days)))
        cache.set_many({key: kept, f"{key}:token": kept[1]}, settings.TRENDING_CACHE_SECONDS)
    _trending_memo[key] = (kept[1], kept[0], kept[2])
    return kept[2][:limit]


#: key -> (token, size, articles): the list as this worker last unpickled it.
_trending_memo = {}


def trending_forget():
    """Forget the cached most-read list; called when an article changes (`articles.changes`)."""
    key = TRENDING_KEY.format(days=settings.TRENDING_DAYS)
    cache.delete_many([key, f"{key}:token"])


def _most_read(limit, days):
    since = timezone.localdate() - timedelta(days=days - 1)
    recent = ArticleDailyViews.objects.filter(date__gte=since)
    published = Article.objects.published()
    top = (
        recent.filter(article__in=published.values("pk"))
        .values("article")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article")
        .values("article")[:limit]
    )
    totals = recent.filter(article=OuterRef("pk")).values("article").annotate(total=Sum("views")).values("total")
    return (
        published.for_cards()
        .filter(pk__in=top)
        .annotate(recent_views=Subquery(totals))
        .order_by("-recent_views", "-pk")
    )
