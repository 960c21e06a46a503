"""Cached pages and their exact purge, shared by every worker through Django's cache.

Each surrogate key has a *generation* in the cache: the value of a shared
clock when the key was last purged. A page is stored with the clock's value
read just before its view ran (its `stamp`); it is valid while every key it
shows has a generation no newer than that stamp. Purging a key is therefore
one increment and one write, whatever the number of pages that show it, and
every process sees it at once (the clock and the generations live in the
shared cache; with the local-memory cache that is one process only, see the
README). Reading the stamp *before* the view runs closes the race where an
edit commits while a page is being rendered from the old rows: that page is
stamped older than the purge and is never served.

The clock starts from the wall clock in microseconds, so if the cache loses
it (a flush, an eviction) it restarts above every stamp handed out before
(unless purges came faster than one a microsecond).

A hit should not read a hundred generations (a front page shows that many
keys): the page, the clock and the page's last check come in one round
trip, and when no purge happened since that check (the clock has not
moved) the page is served as it is. Only after a purge somewhere does a
page read its keys' generations again, once, and record the check. Each
worker also keeps the pages it served (`local`): while the clock has not
moved, such a hit reads only the clock.
"""

import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http.response import ResponseHeaders

from portal.web.pagecache import local
from portal.web.pagecache.keys import PREFIX

CLOCK_KEY = f"{PREFIX}:clock"
#: Generations outlive every page stamped before them (pages live minutes); a day is plenty.
GENERATION_SECONDS = 24 * 3600


def generation_key(key):
    return f"{PREFIX}:gen:{key}"


def checked_key(cache_key):
    """Where the last check of a page is kept: (its stamp, the clock when its keys were found unpurged)."""
    return f"{cache_key}:checked"


@dataclass
class Entry:
    """One stored page: what is sent again on a hit, and what it depends on."""

    status: int
    headers: list  # [(name, value)], without Content-Length and Content-Encoding
    body: bytes
    encoded: dict  # {"gzip": bytes, ...}: the same body, compressed once when it was stored
    etag: str  # the strong ETag of the uncompressed body
    keys: tuple
    stamp: int
    stored_at: float = field(default_factory=time.time)
    hooks: tuple = ()
    expires_at: float = 0.0  # time.time() when the shared cache lets it go (0: unknown, not kept locally)

    def prepared_headers(self) -> dict:
        """The headers as Django's response keeps them, checked and encoded once per entry, not once per hit."""
        prepared = self.__dict__.get("_prepared")
        if prepared is None:
            prepared = self._prepared = ResponseHeaders(dict(self.headers))._store
        return prepared

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_prepared", None)  # rebuilt where it is used, never sent to the shared cache
        return state


def _new_clock():
    return int(time.time() * 1_000_000)


def clock_read() -> int:
    """The clock's value now (a page rendered from here on is stamped with it)."""
    value = cache.get(CLOCK_KEY)
    if value is None:
        cache.add(CLOCK_KEY, _new_clock(), timeout=None)
        value = cache.get(CLOCK_KEY)
    return int(value or 0)


class _RecentClock(threading.local):
    value = None
    read_at = float("-inf")


_recent = _RecentClock()


def clock_recent():
    """The shared clock as read at most PAGE_CACHE_CLOCK_SECONDS ago by this thread (None: lost).

    Only the hits on pages kept in this worker use it: at thousands of hits a
    second, one read every few hundred milliseconds instead of one per hit,
    so a purge made elsewhere reaches this worker that much later (a purge
    made here, at once: `forget` forgets the reading).
    """
    now = time.monotonic()
    if now - _recent.read_at >= settings.PAGE_CACHE_CLOCK_SECONDS:
        _recent.value, _recent.read_at = cache.get(CLOCK_KEY), now
    return _recent.value


def clock_forget_reading():
    _recent.read_at = float("-inf")


def clock_tick() -> int:
    try:
        return cache.incr(CLOCK_KEY)
    except ValueError:  # no clock yet, or it was lost
        cache.add(CLOCK_KEY, _new_clock(), timeout=None)
        return cache.incr(CLOCK_KEY)


def forget(keys):
    """Purge every stored page that shows any of these keys, in every process."""
    keys = sorted(set(keys))
    if not keys:
        return
    now = clock_tick()
    cache.set_many({generation_key(key): now for key in keys}, timeout=GENERATION_SECONDS)
    # Moved again once the generations are written: a page checked between the
    # first tick and the write (it saw the old generations) is checked again.
    clock_tick()
    clock_forget_reading()


def lookup(cache_key) -> Entry | None:
    """The stored page, if it is there and none of its keys was purged since it was rendered."""
    if local.holds(cache_key):
        entry = local.get(cache_key, clock_recent())
        if entry is not None:
            return entry
    entry, clock = _shared_lookup(cache_key)
    if entry is None:
        local.drop(cache_key)
    else:
        local.put(cache_key, entry, clock, entry.expires_at)
    return entry


def _shared_lookup(cache_key):
    """(the stored page or None, the clock it was checked at) from the shared cache."""
    found = cache.get_many([cache_key, CLOCK_KEY, checked_key(cache_key)])
    entry = found.get(cache_key)
    if not isinstance(entry, Entry):
        return None, None
    clock = found.get(CLOCK_KEY)
    checked = found.get(checked_key(cache_key))
    if clock is not None:
        if int(clock) <= entry.stamp:
            return entry, clock  # nothing purged anywhere since it was rendered
        if isinstance(checked, tuple) and checked[0] == entry.stamp and int(clock) <= checked[1]:
            return entry, clock  # nothing purged since its keys were last found unpurged
    if entry.keys:
        generations = cache.get_many([generation_key(key) for key in entry.keys])
        if any(int(value) > entry.stamp for value in generations.values()):
            return None, None
    if clock is not None:
        # The clock as read before the generations: a purge after it moves the clock past it.
        cache.set(checked_key(cache_key), (entry.stamp, int(clock)), timeout=GENERATION_SECONDS)
    return entry, clock


def store(cache_key, entry: Entry, seconds):
    """Keep the page for `seconds` (whole seconds, at least one)."""
    seconds = max(1, int(seconds))
    entry.expires_at = time.time() + seconds
    cache.set(cache_key, entry, timeout=seconds)
    # Valid as of its stamp: the clock read before its view ran.
    local.put(cache_key, entry, entry.stamp, entry.expires_at)
