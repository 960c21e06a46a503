"""Pages kept in the worker too: a hit reads only the shared clock, and a purge anywhere still wins."""

from unittest import mock

from django.core.cache import cache

from portal.web.pagecache import local, store
from tests.portal.web.pagecache.conftest import page


def shared_reads():
    """Counts the reads that fetch pages or generations from the shared cache (not the clock)."""
    return mock.patch.object(cache, "get_many", wraps=cache.get_many)


def test_a_hit_reads_only_the_clock_while_nothing_was_purged(settings, stored):
    settings.PAGE_CACHE_CLOCK_SECONDS = 0
    with shared_reads() as reads, mock.patch.object(cache, "get", wraps=cache.get) as gets:
        for _ in range(3):
            assert store.lookup("page:1").body == stored.body
    assert reads.call_count == 0
    assert [call.args[0] for call in gets.call_args_list] == [store.CLOCK_KEY] * 3


def test_the_clock_is_read_at_most_every_few_hundred_milliseconds(settings, stored):
    settings.PAGE_CACHE_CLOCK_SECONDS = 0.2
    with mock.patch.object(cache, "get", wraps=cache.get) as gets:
        for _ in range(5):
            assert store.lookup("page:1") is not None
    assert gets.call_count == 1


def purge_elsewhere(*keys):
    """What `forget` does in another worker: this one's reading of the clock is not told."""
    now = cache.incr(store.CLOCK_KEY)
    cache.set_many({store.generation_key(key): now for key in keys})
    cache.incr(store.CLOCK_KEY)


def test_a_purge_in_another_worker_reaches_this_one_within_the_clock_interval(settings, stored):
    settings.PAGE_CACHE_CLOCK_SECONDS = 0.2
    start = 1000.0
    with mock.patch("portal.web.pagecache.store.time.monotonic", return_value=start):
        assert store.lookup("page:1") is not None  # the clock is read now
        purge_elsewhere("home")
        assert store.lookup("page:1") is not None  # not read again yet
    with mock.patch("portal.web.pagecache.store.time.monotonic", return_value=start + 0.2):
        assert store.lookup("page:1") is None


def test_a_purge_of_a_key_it_shows_is_seen_by_the_next_hit(stored):
    assert store.lookup("page:1") is not None
    store.forget({"home"})  # by an editor's save, in any process: it moves the shared clock
    assert store.lookup("page:1") is None
    assert not local.holds("page:1")


def test_after_an_unrelated_purge_the_shared_cache_is_asked_once_then_the_worker_copy_serves(stored):
    store.forget({"article-2"})
    with shared_reads() as reads:
        for _ in range(3):
            assert store.lookup("page:1") is not None
    pages = [call for call in reads.call_args_list if "page:1" in call.args[0]]
    assert len(pages) == 1


def test_a_flushed_shared_cache_is_not_papered_over_by_the_worker_copy(stored):
    assert local.holds("page:1")
    cache.clear()  # the clock and the generations are gone: nothing kept can be vouched for
    store.clock_forget_reading()  # as it is, PAGE_CACHE_CLOCK_SECONDS later
    assert store.lookup("page:1") is None


def test_the_worker_copy_leaves_when_the_shared_cache_lets_the_page_go(stored):
    later = stored.expires_at + 1
    with mock.patch("portal.web.pagecache.local.time.time", return_value=later):
        assert local.get("page:1", store.clock_read()) is None
    assert not local.holds("page:1")


def test_least_recently_used_pages_go_first_past_the_byte_limit(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 2500
    clock = store.clock_read()
    for number in range(1, 4):
        store.store(f"page:{number}", page(clock, "home", body=b"x" * 1000), 60)
        store.lookup("page:1")  # page:1 stays in use
    assert local.holds("page:1") and local.holds("page:3")
    assert not local.holds("page:2")
    # Still served from the shared cache, and kept again.
    assert store.lookup("page:2") is not None


def test_with_no_bytes_for_it_every_hit_reads_the_shared_cache(settings, stored):
    local.clear()
    settings.PAGE_CACHE_LOCAL_BYTES = 0
    with shared_reads() as reads:
        assert store.lookup("page:1") is not None
        assert store.lookup("page:1") is not None
    assert reads.call_count == 2
    assert not local.holds("page:1")


def test_a_hit_from_the_worker_copy_carries_the_headers_of_the_page_as_rendered(client, page_cache, article):
    url = article.get_absolute_url()
    rendered = client.get(url)
    hits = [client.get(url), client.get(url)]  # the second copies the headers prepared by the first
    per_answer = {"age", "x-page-cache", "date", "x-request-id"}
    for hit in hits:
        assert hit["X-Page-Cache"] == "HIT"
        assert {k: v for k, v in hit.items() if k.lower() not in per_answer} == {
            k: v for k, v in rendered.items() if k.lower() not in per_answer
        }
        assert hit.content == rendered.content


def test_the_prepared_headers_never_travel_to_the_shared_cache(stored):
    stored.prepared_headers()
    assert "_prepared" not in stored.__getstate__()
