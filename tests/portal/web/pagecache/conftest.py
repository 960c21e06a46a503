"""Stored pages for the store's tests and the worker copy's (test_store, test_local)."""

import pytest

from portal.web.pagecache import store


def page(stamp, *keys, body=b"<p>page</p>"):
    return store.Entry(status=200, headers=[], body=body, encoded={}, etag='"x"', keys=keys, stamp=stamp)


@pytest.fixture
def stored():
    """Store a page rendered now (stamped with the clock) under "page:1"; returns the entry."""
    entry = page(store.clock_read(), "article-1", "home")
    store.store("page:1", entry, 60)
    return entry
