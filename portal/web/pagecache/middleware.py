"""The page cache middleware: answers readers from the cache before any view runs.

It sits right after WhiteNoise, before sessions and authentication, so a
hit costs no SQL query: it never reads the session (a request with a
session cookie is not answered from the cache, see `keys`).

On a miss the view runs; if the response is a public reader page, this
middleware finishes it for every cache on the way: the surrogate keys the
page declared (`Surrogate-Key` and `xkey` headers), ages lowered to the next
scheduled change of what it shows, a strong ETag and Last-Modified, and a
gzip copy. It then keeps the page for PAGE_CACHE_SECONDS (0: off) and
answers the request itself, with a 304 when the client's copy is current.
The validators and compression also work with the page cache off.

The cache is an optimisation, never a dependency: when a cache call fails
(Redis down) the page is rendered as if nothing were cached, and the failure
is logged at most once a minute.
"""

import logging
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from portal.web.cache import cache_public_within, cache_vary_without_cookie, is_public
from portal.web.pagecache import encoding, fragments
from portal.web.pagecache.declare import shown
from portal.web.pagecache.keys import carries_session, is_reader_request, page_key
from portal.web.pagecache.store import Entry, clock_read, lookup, store
from portal.web.throttledlog import ThrottledLog

logger = logging.getLogger(__name__)

#: Longest surrogate-key header sent: Varnish's default header limit is 8 KB, Fastly's and Cloudflare's 16 KB.
MAX_KEYS_HEADER = 7000
#: Headers a stored page does not keep: they are set for each answer.
NOT_STORED = {"content-length", "content-encoding", "etag", "age", "x-page-cache", "set-cookie"}
#: Vary fields a stored page may have: one entry answers both (compression), or none is read (Cookie).
STORABLE_VARY = {"accept-encoding", "cookie"}

#: name -> function(request, *args): what a hit does instead of the view (e.g. count a view).
HIT_HOOKS = {}
#: function(keys) -> seconds until the content behind any of them changes on its own, or None.
_schedule = []


def hit_hook(name):
    """Register what a cache hit runs for pages that asked for it (`declare.on_cache_hit`)."""

    def register(function):
        HIT_HOOKS[name] = function
        return function

    return register


def release_schedule_register(function):
    """Tell the page cache when content goes live without a save (scheduled stories): `function(keys)`."""
    _schedule[:] = [function]


class _Quiet:
    """Log a failing cache once per OUTAGE_LOG_SECONDS with a count, not once a request (the site's throttled log)."""

    log = ThrottledLog(__name__)

    def warn(self, what, error):
        self.log.warning(
            f"pagecache:{what}",
            "Page cache: %s failed (%s: %s); pages are rendered uncached.",
            what,
            type(error).__name__,
            error,
        )


_quiet = _Quiet()


def _safely(what, function, *args, default=None):
    try:
        return function(*args)
    except Exception as error:  # the cache is an optimisation: never fail a reader's page for it
        _quiet.warn(what, error)
        return default


def is_reader_response(request, response) -> bool:
    """A public, successful, complete page that reads no cookie: caches may keep it and share it."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.cookies
        and not response.has_header("Content-Encoding")
        and not request.META.get("CSRF_COOKIE_USED")
        and is_public(response)
    )


def seconds_until_change(keys, declared):
    """How long the page stays true: the page's own limit, or the next scheduled change of what it shows."""
    limits = [declared.max_seconds] if declared.max_seconds is not None else []
    for function in _schedule:
        limits.append(function(keys))
    limits = [limit for limit in limits if limit is not None]
    return min(limits) if limits else None


def copy_headers(response, entry):
    """Give a fresh response the entry's headers: a dict copy, where setting each would check each again."""
    store = getattr(response.headers, "_store", None)
    if isinstance(store, dict):  # Django's ResponseHeaders keeps {lowercase name: (name, value)}
        store.update(entry.prepared_headers())
        return
    for name, value in entry.headers:  # pragma: no cover - another Django's headers class
        response[name] = value


class PageCacheMiddleware:
    """Answer readers from the page cache; finish, keep and answer the reader pages it renders."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache_key = stamp = None
        if settings.PAGE_CACHE_SECONDS > 0 and is_reader_request(request):
            cache_key = page_key(request)
        if cache_key:
            entry = _safely("reading a page", lookup, cache_key)
            if entry is not None:
                for name, args in entry.hooks:
                    hook = HIT_HOOKS.get(name)
                    if hook is not None:
                        _safely(f"the hit hook {name}", hook, request, *args)
                return self.answer(request, entry, state="HIT")
            stamp = _safely("reading the clock", clock_read)
        elif fragments.enabled() and is_reader_request(request):
            # The page cache is off, or this host is not ours to key: the pieces still need the clock.
            stamp = _safely("reading the clock", clock_read)
        fragments.request_clock_set(request, stamp)
        response = self.get_response(request)
        if not is_reader_response(request, response):
            return response
        if response.streaming:  # a PDF: the proxies may keep it, by its keys; the page cache does not
            self.label(request, response)
            return response
        entry, seconds = self.finish(request, response, stamp, keeping=bool(cache_key and stamp is not None))
        size = len(entry.body) + sum(len(data) for data in entry.encoded.values())
        if cache_key and stamp is not None and seconds >= 1 and entry.keys and size <= settings.PAGE_CACHE_MAX_BYTES:
            _safely("storing a page", store, cache_key, entry, seconds)
        return self.answer(request, entry, state="MISS" if cache_key else None, response=response)

    def label(self, request, response):
        """The headers every cache reads: surrogate keys, Vary, ages, Last-Modified; returns (keys, seconds)."""
        declared = shown(request)
        keys = tuple(sorted(declared.keys))
        if not carries_session(request):
            cache_vary_without_cookie(response)
        seconds = settings.PAGE_CACHE_SECONDS
        header = " ".join(keys)
        if len(header) > MAX_KEYS_HEADER:
            # A proxy would refuse the response, and without its keys it could not be purged: keep it nowhere shared.
            logger.warning(
                "%s shows %d surrogate keys, too many to send: not kept by shared caches", request.path, len(keys)
            )
            cache_public_within(response, 0)
            keys, header, seconds = (), "", 0
        else:
            until = _safely("reading the release schedule", seconds_until_change, keys, declared, default=0)
            if until is not None:
                cache_public_within(response, until)
                seconds = min(seconds, until)
        if header:
            response["Surrogate-Key"] = header
            response["xkey"] = header
        if not response.has_header("Last-Modified") and declared.modified is not None:
            response["Last-Modified"] = encoding.last_modified_header(declared.modified)
        return keys, seconds

    def finish(self, request, response, stamp, *, keeping):
        """Complete a public reader page; returns it as an entry and how long the page cache may keep it.

        The gzip copy is made for a page that will be kept (once, for every
        later reader) or for a client that takes it; not for nothing.
        """
        keys, seconds = self.label(request, response)
        if "'nonce-" in response.get("Content-Security-Policy", ""):
            # A nonce is for one response: a kept page would hand the same one to everyone.
            cache_public_within(response, 0)
            seconds = 0
        vary = {field.strip().lower() for field in response.get("Vary", "").split(",") if field.strip()}
        if not vary <= STORABLE_VARY:
            seconds = 0
        body = response.content
        encoded = {}
        if encoding.compressible(response.get("Content-Type", ""), body):
            patch_vary_headers(response, ["Accept-Encoding"])
            accepts = encoding.accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""), encoding.ENCODINGS)
            if (keeping and seconds >= 1) or accepts:
                encoded = encoding.compress(body)
        headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED]
        entry = Entry(
            status=response.status_code,
            headers=headers,
            body=body,
            encoded=encoded,
            etag=encoding.body_etag(body),
            keys=keys,
            stamp=stamp or 0,
            hooks=tuple(shown(request).hooks),
        )
        return entry, seconds

    def answer(self, request, entry, *, state, response=None):
        """The entry as this client wants it: compressed or not, or a 304; `response` is reused on a miss.

        `state` goes out as X-Page-Cache: HIT, MISS (rendered, kept if it may be), or None (not looked up).
        """
        chosen = encoding.accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""), entry.encoded)
        extra = {"ETag": encoding.variant_etag(entry.etag, chosen)}
        if state == "HIT":
            extra["Age"] = str(max(0, int(time.time() - entry.stored_at)))
        if state:
            extra["X-Page-Cache"] = state
        last_modified = next((value for name, value in entry.headers if name.lower() == "last-modified"), None)
        if encoding.not_modified(request, etag=entry.etag, last_modified=last_modified):
            not_modified = HttpResponseNotModified()
            repeated = {name.lower() for name in encoding.NOT_MODIFIED_HEADERS}
            for name, value in entry.headers:
                if name.lower() in repeated:
                    not_modified[name] = value
            for name, value in extra.items():
                not_modified[name] = value
            return not_modified
        body = entry.encoded[chosen] if chosen else entry.body
        if response is None:
            response = HttpResponse(status=entry.status)
            copy_headers(response, entry)
        response.content = b"" if request.method == "HEAD" else body
        response["Content-Length"] = str(len(body))
        if chosen:
            response["Content-Encoding"] = chosen
        for name, value in extra.items():
            response[name] = value
        return response
