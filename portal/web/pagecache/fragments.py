"""Rendered pieces of reader pages (a card, an article's story), kept in each process.

A page the page cache does not hold (a first reader, the cache off, a page
purged a moment ago) is assembled from pieces instead of rendered whole: a
front page shows sixty cards, and rendering them is most of its cost. A
piece is checked the same way as a whole page (`store.lookup`): it is stamped
with the clock the request read before its view ran, records the surrogate
keys declared while it was rendered, and is served while none of those keys
was purged since. The pieces live in this process's memory (a dict lookup,
no round trip), bounded by FRAGMENT_CACHE_ENTRIES (least recently used go
first) and by FRAGMENT_CACHE_SECONDS, which also bounds what a lost shared
cache (a flush forgets the generations) could leave stale.

Only requests whose clock was read (`request_clock_set`, by the page cache
middleware for reader requests) use pieces: staff, previews and anything
with a session cookie always render afresh. A piece must not hold anything
that differs per request (a CSP nonce, a CSRF token): callers keep those out.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.utils.safestring import SafeString, mark_safe

from portal.web.pagecache.declare import ATTRIBUTE, Shown, expires_within, last_modified_add, shown, surrogate_keys_add
from portal.web.pagecache.store import generation_key

#: Where the request keeps the clock it read before its view ran.
CLOCK_ATTRIBUTE = "_page_clock"
SITE_ATTRIBUTE = "_page_site"


@dataclass
class Fragment:
    html: SafeString
    keys: tuple
    modified: object
    stamp: int
    checked: int  # the clock when the keys were last found unpurged
    expires: float  # time.monotonic() deadline
    hooks: list = field(default_factory=list)


_pieces: OrderedDict = OrderedDict()
_lock = threading.Lock()  # runserver and threaded workers share the dict


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_ENTRIES > 0


def request_clock_set(request, clock):
    """Record the clock read before the view ran: pieces rendered for this request are stamped with it."""
    if clock is None or not enabled():
        return
    try:
        host = request.get_host()
    except DisallowedHost:  # answered 400 further on; nothing of it is kept
        return
    setattr(request, CLOCK_ATTRIBUTE, int(clock))
    # Absolute links (canonical, og:url, JSON-LD) differ per scheme and host: so do the pieces.
    setattr(request, SITE_ATTRIBUTE, f"{request.scheme}://{host}")


def piece_name(request, *parts):
    """The name of a piece: the site it was rendered for, then `parts` ("card", 12, ...)."""
    return ":".join([getattr(request, SITE_ATTRIBUTE, ""), *(str(part) for part in parts)])


def request_clock(request):
    return getattr(request, CLOCK_ATTRIBUTE, None) if request is not None else None


def clear():
    """Forget every piece of this process (tests; a deploy restarts the workers anyway)."""
    with _lock:
        _pieces.clear()


def _still_true(piece: Fragment, clock: int) -> bool:
    if time.monotonic() > piece.expires:
        return False
    if clock <= piece.checked:
        return True  # nothing was purged anywhere since the last check
    if piece.keys:
        try:
            generations = cache.get_many([generation_key(key) for key in piece.keys])
        except Exception:  # the shared cache is down: nothing can be checked, so nothing is served
            return False
        if any(int(value) > piece.stamp for value in generations.values()):
            return False
    piece.checked = clock
    return True


def _declare(request, piece: Fragment):
    surrogate_keys_add(request, *piece.keys)
    last_modified_add(request, piece.modified)
    declared = shown(request)
    declared.hooks.extend(hook for hook in piece.hooks if hook not in declared.hooks)


def get(request, name):
    """The piece `name` as this request may show it (declaring what it shows), or None."""
    clock = request_clock(request)
    if clock is None:
        return None
    with _lock:
        piece = _pieces.get(name)
        if piece is not None:
            _pieces.move_to_end(name)
    if piece is None:
        return None
    if not _still_true(piece, clock):
        with _lock:
            if _pieces.get(name) is piece:
                del _pieces[name]
        return None
    _declare(request, piece)
    return piece.html


def has(request, *names) -> bool:
    """Whether every one of these pieces can be served to this request (without declaring them)."""
    clock = request_clock(request)
    if clock is None:
        return False
    with _lock:
        pieces = [_pieces.get(name) for name in names]
    return all(piece is not None and _still_true(piece, clock) for piece in pieces)


def render(request, name, build):
    """The piece `name`: kept, or built now with `build()` (returns HTML) and kept for the next reader.

    What `build` declares (surrogate keys, dates, a shorter lifetime) is
    recorded with the piece and declared again whenever it is served.
    """
    html = get(request, name)
    if html is not None:
        return html
    clock = request_clock(request)
    if clock is None:
        return build()
    outer = shown(request)
    inner = Shown()
    setattr(request, ATTRIBUTE, inner)
    try:
        html = mark_safe(build())
    finally:
        setattr(request, ATTRIBUTE, outer)
    outer.keys |= inner.keys
    last_modified_add(request, inner.modified)
    expires_within(request, inner.max_seconds)
    outer.hooks.extend(hook for hook in inner.hooks if hook not in outer.hooks)
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if inner.max_seconds is not None:
        seconds = min(seconds, inner.max_seconds)
    if seconds >= 1:
        piece = Fragment(
            html=html,
            keys=tuple(sorted(inner.keys)),
            modified=inner.modified,
            stamp=clock,
            checked=clock,
            expires=time.monotonic() + seconds,
            hooks=list(inner.hooks),
        )
        with _lock:
            _pieces[name] = piece
            _pieces.move_to_end(name)
            while len(_pieces) > settings.FRAGMENT_CACHE_ENTRIES:
                _pieces.popitem(last=False)
    return html
