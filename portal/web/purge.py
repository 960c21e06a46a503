"""Purging the caching proxies and CDNs in front of the site, by surrogate key.

Every reader page names the content it shows in its `Surrogate-Key` and
`xkey` headers. When content changes (`portal.web.changes`), the keys are
handed to a background thread that tells every proxy in CACHE_PURGE_URLS
to drop the pages tagged with them. The editor's save never waits for it:
a proxy that is slow or down costs the thread a timeout and a log line,
and the page expires there on its own (s-maxage).

One class per kind of proxy, `PurgeBackend`:

    class MyCdnPurger(PurgeBackend):
        max_keys = 30                     # keys per request the API accepts
        def purge(self, keys):            # raise on failure; it is logged
            ...

`VarnishPurger` is the one shipped: `PURGE /` with an `xkey` header, which
deploy/varnish/newsportal.vcl answers from allowed addresses only. A CDN
that purges by tag is the same shape (README, "Page cache and proxy"):
Fastly's `POST /service/<id>/purge` with a `Surrogate-Key` header,
Cloudflare's `POST /zones/<id>/purge_cache` with `{"tags": [...]}`.
"""

import http.client
import logging
import os
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class PurgeError(Exception):
    """A proxy refused or did not answer a purge."""


class PurgeBackend:
    """Drops what one proxy or CDN holds for surrogate keys. Subclasses implement `purge`."""

    #: Most keys one request may carry; longer lists are sent in several.
    max_keys = 100

    def __init__(self, url, *, timeout):
        self.url = url
        self.timeout = timeout

    def purge(self, keys):
        """Purge every object tagged with any of `keys` (a list of strings); raise PurgeError on failure."""
        raise NotImplementedError

    def __str__(self):
        return f"{type(self).__name__}({self.url})"


class VarnishPurger(PurgeBackend):
    """Varnish with deploy/varnish/newsportal.vcl: `PURGE /` with the keys in an `xkey` header.

    With CACHE_PURGE_MODE "soft" (the default) the VCL soft-purges: the old
    copy may answer while one background fetch brings the new one, so a
    front page purged at every publish never makes its crowd wait.
    """

    def purge(self, keys):
        parts = urlsplit(self.url)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=self.timeout)
        headers = {"xkey": " ".join(keys)}
        if settings.CACHE_PURGE_MODE == "soft":
            headers["X-Purge-Mode"] = "soft"
        try:
            connection.request("PURGE", parts.path or "/", headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            raise PurgeError(f"{self.url}: {error}") from error
        finally:
            connection.close()
        if response.status != 200:
            raise PurgeError(f"{self.url} answered {response.status} {response.reason}")


def backends():
    """One backend per URL in CACHE_PURGE_URLS, of the class CACHE_PURGE_BACKEND names."""
    backend_class = import_string(settings.CACHE_PURGE_BACKEND)
    return [backend_class(url, timeout=settings.CACHE_PURGE_TIMEOUT) for url in settings.CACHE_PURGE_URLS]


def send(keys, targets=None):
    """Purge `keys` on every proxy now (in the calling thread); failures are logged, never raised."""
    keys = sorted(set(keys))
    failed = 0
    for backend in targets if targets is not None else backends():
        for start in range(0, len(keys), backend.max_keys):
            try:
                backend.purge(keys[start : start + backend.max_keys])
            except Exception as error:  # one proxy down must not stop the purge of the others
                failed += 1
                logger.warning("Could not purge %d keys on %s: %s", len(keys), backend, error)
                break
    return failed


class Sender:
    """The background thread of one process: purges in the order changes happened, each twice.

    The repeat (CACHE_PURGE_REPEAT_SECONDS later) catches a page the proxy
    was fetching while the first purge went out: rendered from the rows
    before the change, it would otherwise be kept for its whole s-maxage.

    The first purge waits until every worker has read the page cache's clock
    again (PAGE_CACHE_CLOCK_SECONDS, when workers keep pages of their own):
    sent at once, the proxy's refetch could be answered from another
    worker's copy that does not know of the purge yet, and the page would
    stay old until the repeat.
    """

    #: Changes waiting beyond this are dropped with a warning (the proxies' s-maxage still bounds them).
    max_waiting = 10_000

    def __init__(self):
        self.condition = threading.Condition()
        self.waiting = []  # [(when, keys)] not sent yet, due at `when`
        self.repeats = []  # [(when, keys)], oldest first
        self.thread = None
        self.pid = None

    def submit(self, keys):
        with self.condition:
            self._ensure_thread()
            if len(self.waiting) >= self.max_waiting:
                logger.warning("Purge queue full: %d keys not purged on the proxies (they expire there)", len(keys))
                return
            self.waiting.append((time.monotonic() + first_purge_delay(), frozenset(keys)))
            self.condition.notify_all()

    def _ensure_thread(self):
        # After a fork (gunicorn workers) the parent's thread does not exist in the child.
        if self.thread is None or self.pid != os.getpid() or not self.thread.is_alive():
            self.pid = os.getpid()
            self.waiting, self.repeats = [], []
            self.thread = threading.Thread(target=self._run, name="cache-purge", daemon=True)
            self.thread.start()

    def _next(self):
        """Wait for work; returns (new keys, repeated keys)."""
        with self.condition:
            while True:
                now = time.monotonic()
                first = [keys for when, keys in self.waiting if when <= now]
                due = [keys for when, keys in self.repeats if when <= now]
                if first or due:
                    self.waiting = [(when, keys) for when, keys in self.waiting if when > now]
                    self.repeats = [(when, keys) for when, keys in self.repeats if when > now]
                    self.sending = True
                    return set().union(*first), set().union(*due)
                upcoming = [when for when, _ in self.waiting + self.repeats]
                self.condition.wait(min(upcoming) - now if upcoming else None)

    def _run(self):
        while True:
            batch, again = self._next()
            try:
                send(batch | again)
            except Exception:  # a misconfigured backend class: say so, keep the thread alive
                logger.exception("Purging the proxies failed")
            with self.condition:
                repeat = settings.CACHE_PURGE_REPEAT_SECONDS
                if batch and repeat > 0:
                    self.repeats.append((time.monotonic() + repeat, frozenset(batch)))
                self.sending = False
                self.condition.notify_all()

    sending = False

    def wait(self, timeout=10.0):
        """Block until every purge (and its repeat) went out: for tests, and commands that exit right after."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while self.waiting or self.repeats or self.sending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.condition.wait(min(left, 0.05))
        return True


sender = Sender()


def first_purge_delay():
    """Seconds until every worker's kept pages know of a purge made now (`pagecache.store.clock_recent`)."""
    if settings.PAGE_CACHE_SECONDS > 0 and settings.PAGE_CACHE_LOCAL_BYTES > 0:
        return max(0.0, settings.PAGE_CACHE_CLOCK_SECONDS)
    return 0.0


def proxies_forget(keys):
    """Subscribed to page changes (`portal.receivers`): hand the keys to the background sender."""
    if settings.CACHE_PURGE_URLS:
        sender.submit(keys)
