"""What a reader page shows, declared while it is built: surrogate keys, dates, how long it stays true.

Views (and the template tags that read cached data) call these with the
request; the page cache and the proxy headers read them once the response
is ready. A request that is not an HttpRequest (a template rendered
outside a request) is ignored, so callers need not check.
"""

from dataclasses import dataclass, field
from datetime import datetime

ATTRIBUTE = "_page_shows"


@dataclass
class Shown:
    """Everything one response declared: keys, the newest date shown, a limit on its lifetime, hit hooks."""

    keys: set = field(default_factory=set)
    modified: datetime | None = None
    #: Seconds the page stays true at most (e.g. until the next scheduled story), None: no limit of its own.
    max_seconds: float | None = None
    #: (name, args) of the hooks a cache hit runs instead of the view (e.g. counting an article view).
    hooks: list = field(default_factory=list)


def shown(request) -> Shown:
    """The declarations of this request so far (an empty set when none)."""
    if request is None:
        return Shown()
    value = getattr(request, ATTRIBUTE, None)
    if value is None:
        value = Shown()
        try:
            setattr(request, ATTRIBUTE, value)
        except AttributeError:  # not a request object
            return Shown()
    return value


def surrogate_keys_add(request, *keys):
    """Declare that this page shows the content behind these keys ("article-12", "home", ...)."""
    if request is not None:
        shown(request).keys.update(key for key in keys if key)


def last_modified_add(request, *moments):
    """Declare dates of what the page shows; the newest becomes its Last-Modified."""
    if request is None:
        return
    declared = shown(request)
    for moment in moments:
        if moment is not None and (declared.modified is None or moment > declared.modified):
            declared.modified = moment


def expires_within(request, seconds):
    """Declare that this page stops being true within `seconds` (a minute's trending list, a window closing)."""
    if request is None or seconds is None:
        return
    declared = shown(request)
    seconds = max(0.0, float(seconds))
    if declared.max_seconds is None or seconds < declared.max_seconds:
        declared.max_seconds = seconds


def on_cache_hit(request, name, *args):
    """Ask a cache hit of this page to run hook `name` with `args` (see `pagecache.hit_hook`)."""
    if request is not None:
        shown(request).hooks.append((name, args))
