"""The cache with Redis refusing, hung and restarted: quick misses instead of errors, a breaker, one log line."""

import logging
import os
import time

import pytest
from django.core.cache import cache

from portal.web import resilientcache
from portal.web.resilientcache import CacheUnavailable, ResilientRedisCache, server_name
from tests.helpers import requires_env
from tests.servers import RedisServer, free_port


@pytest.fixture(autouse=True)
def _fresh_breakers(settings):
    """Each test starts as a fresh process would: no server known to be down, nothing logged."""
    settings.CACHE_CONNECT_TIMEOUT = settings.CACHE_SOCKET_TIMEOUT = 0.25
    settings.CACHE_RETRY_SECONDS = 5
    settings.OUTAGE_LOG_SECONDS = 60
    resilientcache.reset()
    yield
    resilientcache.reset()


def redis_cache(settings, url):
    """Make `url` the site's cache, configured as portal/settings does for REDIS_URL."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.web.resilientcache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "degrade-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    return cache


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


def cache_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "portal.cache" and r.levelno == logging.WARNING]


def test_a_server_that_refuses_connections_answers_misses_and_ignores_writes(settings):
    down = redis_cache(settings, f"redis://127.0.0.1:{free_port()}/0")
    settings.CACHE_RETRY_SECONDS = 0  # every call really tries the server
    assert down.get("k") is None and down.get("k", "default") == "default"
    assert down.get_many(["a", "b"]) == {}
    assert down.has_key("k") is False
    assert down.add("k", 1) is False
    assert down.set("k", 1) is None
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys that could not be stored
    assert down.touch("k") is False and down.delete("k") is False and down.delete_many(["a"]) is None
    assert down.get_or_set("k", lambda: "computed") == "computed"
    assert down.clear() is False
    # A count cannot be made up: its callers decide how to fail open.
    with pytest.raises(CacheUnavailable):
        down.incr("k")
    with pytest.raises(CacheUnavailable):
        down.decr("k")


def test_a_refusing_server_is_logged_once_a_minute_with_the_count_of_failures(settings, caplog):
    down = redis_cache(settings, f"redis://127.0.0.1:{free_port()}/0")
    settings.CACHE_RETRY_SECONDS = 0
    settings.OUTAGE_LOG_SECONDS = 0.3
    with caplog.at_level(logging.INFO, logger="portal.cache"):
        for _ in range(30):
            down.get("k")
        assert len(cache_warnings(caplog)) == 1
        assert "unreachable (ConnectionError" in cache_warnings(caplog)[0]
        assert "pages render uncached" in cache_warnings(caplog)[0]
        time.sleep(0.35)
        down.get("k")
    assert len(cache_warnings(caplog)) == 2
    assert "(and 29 more time(s) since the last report)" in cache_warnings(caplog)[1]


def test_a_hung_server_costs_one_short_timeout_then_is_skipped_until_the_retry(settings, redis_server):
    live = redis_cache(settings, redis_server.url)
    settings.CACHE_RETRY_SECONDS = 0.6
    live.set("k", "v")
    redis_server.pause()  # accepts connections, never answers: the worst kind of outage
    started = time.monotonic()
    assert live.get("k") is None
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(50):
        assert live.get("k") is None
        live.set("k", "w")
    skipped = time.monotonic() - started
    # redis-py's default would be 5 s for the one call, and 5 s for each of the next 100.
    assert 0.2 <= first < 1.0
    assert skipped < 0.1
    time.sleep(0.6)  # the retry window is over: the next call asks the server again
    started = time.monotonic()
    assert live.get("k") is None
    assert time.monotonic() - started >= 0.2
    redis_server.resume()


def test_caching_resumes_by_itself_when_redis_is_back(settings, redis_server, caplog):
    live = redis_cache(settings, redis_server.url)
    settings.CACHE_RETRY_SECONDS = 0.3
    live.set("k", "before")
    redis_server.stop()
    with caplog.at_level(logging.INFO, logger="portal.cache"):
        assert live.get("k") is None
        live.set("k", "during")  # lost, and says so in the log
        redis_server.start()  # same port, empty (no persistence)
        time.sleep(0.35)
        live.set("k", "after")
    assert live.get("k") == "after"
    assert redis_server.client().exists("degrade-test:1:k")
    assert [r.getMessage() for r in caplog.records if "reachable again" in r.getMessage()] == [
        f"Cache {redis_server.url} reachable again; caching resumed."
    ]


def test_a_restarted_redis_costs_no_miss_its_dead_pooled_connections_are_replaced(settings, redis_server, caplog):
    live = redis_cache(settings, redis_server.url)
    live.set("k", "before")
    assert live.get("k") == "before"  # a pooled connection now exists
    redis_server.stop()
    redis_server.start()
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        live.set("k", "after")  # the pool notices its connection died and makes a new one
        assert live.get("k") == "after"
    assert cache_warnings(caplog) == []


def test_the_breaker_is_per_server():
    a, b = resilientcache.breaker("redis://a:6379/0"), resilientcache.breaker("redis://b:6379/0")
    a.failed(ConnectionError("refused"))
    with pytest.raises(CacheUnavailable):
        a.call((OSError,), lambda: "never called")
    assert b.call((OSError,), lambda: "answered") == "answered"


def test_logs_never_show_a_redis_password():
    assert server_name("redis://:s3cret@cache.internal:6380/2") == "redis://cache.internal:6380/2"
    assert server_name("rediss://user:s3cret@cache.internal/0") == "rediss://cache.internal/0"
    assert server_name("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    backend = ResilientRedisCache("redis://:s3cret@cache.internal:6380/2", {})
    assert "s3cret" not in backend.breaker_name


@requires_env("REDIS_URL")
@pytest.mark.redis
def test_the_configured_redis_cache_fails_fast_and_works(settings):
    """With REDIS_URL (CI's Redis) the settings build the resilient backend, with short timeouts."""
    assert settings.CACHES["default"]["LOCATION"] == os.environ["REDIS_URL"]
    assert settings.CACHES["default"]["BACKEND"] == "portal.web.resilientcache.ResilientRedisCache"
    assert settings.CACHES["default"]["OPTIONS"]["socket_timeout"] == settings.CACHE_SOCKET_TIMEOUT == 0.25
    pool = cache._cache._get_connection_pool(write=True)
    assert pool.connection_kwargs["socket_connect_timeout"] == 0.25
    assert pool.make_connection().retry.get_retries() == 0  # a failure opens the breaker, no waiting again
    cache.set("degrade:counter", 1)
    assert cache.incr("degrade:counter") == 2
    assert cache.get_many(["degrade:counter"]) == {"degrade:counter": 2}


@requires_env("REDIS_URL")
def test_one_redis_client_per_connection_pool_not_one_per_call():
    backend = ResilientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "one-client"})
    first, again = backend._cache.get_client(), backend._cache.get_client(write=True)
    assert first is again  # one server: reads and writes share the pool, and now the client
    backend.set("answer", 42)
    assert backend.get("answer") == 42
    backend.delete("answer")
