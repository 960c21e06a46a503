"""Whole reader pages, kept in Django's cache and purged exactly, by surrogate key.

- `declare`: what a page shows (`surrogate_keys_add(request, "article-12")`,
  `last_modified_add`, `expires_within`, `on_cache_hit`);
- `keys`: which requests the cache answers, and the key of a page;
- `store`: entries and the generation counters that purge them;
- `encoding`: ETag, Last-Modified, 304, gzip;
- `middleware`: `PageCacheMiddleware`, which puts it together.

Configured by PAGE_CACHE_SECONDS (default 300, 0 turns the cache off) and
PAGE_CACHE_MAX_BYTES. `forget(keys)` is subscribed to the content-changed
mechanism (`portal.receivers`); nothing else purges.
"""

from portal.web.pagecache.declare import expires_within, last_modified_add, on_cache_hit, shown, surrogate_keys_add
from portal.web.pagecache.middleware import PageCacheMiddleware, hit_hook, release_schedule_register
from portal.web.pagecache.store import forget

__all__ = [
    "PageCacheMiddleware",
    "expires_within",
    "forget",
    "hit_hook",
    "last_modified_add",
    "on_cache_hit",
    "release_schedule_register",
    "shown",
    "surrogate_keys_add",
]
