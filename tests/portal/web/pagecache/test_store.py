"""The stored pages and their purge: generations, the shared clock, the check a hit skips."""

from unittest import mock

from django.core.cache import cache

from portal.web.pagecache import store
from tests.portal.web.pagecache.conftest import page


def test_a_page_is_found_until_one_of_its_keys_is_purged(stored):
    assert store.lookup("page:1") == stored
    store.forget({"article-2"})  # another story
    assert store.lookup("page:1") == stored
    store.forget({"home"})
    assert store.lookup("page:1") is None


def test_after_an_unrelated_purge_a_page_checks_its_keys_once(stored):
    store.forget({"article-2"})
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        store.lookup("page:1")
        store.lookup("page:1")
    generations = [call for call in reads.call_args_list if store.generation_key("home") in call.args[0]]
    assert len(generations) == 1  # the second hit is one round trip again


def test_a_check_made_while_a_purge_is_half_written_is_made_again(stored):
    real_set_many = cache.set_many

    def check_in_between(values, timeout):
        assert store.lookup("page:1") == stored  # ticked, generations not written yet: still valid
        real_set_many(values, timeout=timeout)

    with mock.patch.object(cache, "set_many", side_effect=check_in_between):
        store.forget({"home"})
    assert store.lookup("page:1") is None


def test_a_stale_render_stored_over_a_fresh_page_is_caught(stored):
    stale = page(stored.stamp, "article-1", "home")  # rendered before the purge below
    store.forget({"home"})
    fresh = page(store.clock_read(), "article-1", "home")
    store.store("page:1", fresh, 60)
    assert store.lookup("page:1") == fresh  # checked, and the check recorded
    store.store("page:1", stale, 60)  # the slow render finishes last
    assert store.lookup("page:1") is None


def test_a_lost_clock_restarts_above_every_stamp_it_gave(stored):
    for _ in range(5):
        store.forget({"article-9"})
    cache.delete(store.CLOCK_KEY)
    assert store.clock_read() > stored.stamp
    store.forget({"home"})
    assert store.lookup("page:1") is None
