"""Whole pages kept in this process as well, in front of the shared cache.

A hit from the shared cache moves the page over the network and unpickles
it: for a 60 KB front page with its gzip copy that is about two thirds of
the cost of a hit. So a worker keeps the pages it served in its own memory
too, and a hit costs one small read of the shared clock instead:

- while the clock has not moved since the page was last found valid (no
  purge anywhere), the page kept here is served as it is;
- once the clock has moved (a purge somewhere, or the shared cache lost its
  clock in a flush), the shared lookup decides again, exactly as without
  this layer, and its answer is kept here with the clock it was checked at.

So a purge reaches every worker's next request, as before. A page leaves
this process when it would have left the shared cache (its own lifetime),
and least recently used pages go first once PAGE_CACHE_LOCAL_BYTES (per
process, 0: off) are taken.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings


@dataclass
class Kept:
    entry: object  # store.Entry
    checked: int  # the shared clock when the page was last found valid
    expires: float  # time.time() at which the shared cache lets the page go
    size: int


_pages: OrderedDict = OrderedDict()
_lock = threading.Lock()  # runserver and threaded workers share the dict
_used = 0


def enabled() -> bool:
    return settings.PAGE_CACHE_LOCAL_BYTES > 0


def holds(cache_key) -> bool:
    return cache_key in _pages


def get(cache_key, clock):
    """The page kept here if the clock says nothing was purged since it was last checked, else None."""
    if clock is None:  # the shared cache lost its clock (flushed): nothing kept can be vouched for
        return None
    with _lock:
        kept = _pages.get(cache_key)
        if kept is None:
            return None
        if time.time() >= kept.expires:
            _drop(cache_key)
            return None
        if int(clock) > kept.checked:
            return None  # a purge somewhere since: the shared lookup decides
        _pages.move_to_end(cache_key)
        return kept.entry


def put(cache_key, entry, clock, expires):
    """Keep `entry`, found valid when the shared clock read `clock`, until `expires` (time.time())."""
    global _used
    if not enabled() or clock is None or not expires or expires <= time.time():
        return
    size = len(entry.body) + sum(len(data) for data in entry.encoded.values())
    limit = settings.PAGE_CACHE_LOCAL_BYTES
    if size > limit:
        return
    with _lock:
        _drop(cache_key)
        _pages[cache_key] = Kept(entry=entry, checked=int(clock), expires=expires, size=size)
        _used += size
        while _used > limit:
            _drop(next(iter(_pages)))


def drop(cache_key):
    with _lock:
        _drop(cache_key)


def _drop(cache_key):
    global _used
    kept = _pages.pop(cache_key, None)
    if kept is not None:
        _used -= kept.size


def clear():
    """Forget every page of this process (tests; a deploy restarts the workers anyway)."""
    global _used
    with _lock:
        _pages.clear()
        _used = 0
