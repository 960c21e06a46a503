"""Redis stopped, hung and back, under the whole site: reader pages answer 200 uncached, views and rate
limits fail open, caching resumes without a restart. A redis-server of the test's own is stopped on purpose."""

import logging
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.selectors import NAVIGATION_CACHE_KEY
from newsletter.models import Subscriber
from portal.web import resilientcache
from tests.portal.degrade import BROWSER, reader_pages, signup
from tests.servers import RedisServer

pytestmark = [pytest.mark.django_db, pytest.mark.redis]
PREFIX = "degrade-site"


@pytest.fixture
def redis_server(settings):
    """The site's cache and view counts on a Redis of this test's own, configured as REDIS_URL would be."""
    server = RedisServer().start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.web.resilientcache.ResilientRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.CACHE_RETRY_SECONDS = 0.3
    resilientcache.reset()
    yield server
    server.stop()
    resilientcache.reset()


def stored(server, key):
    return server.client().exists(f"{PREFIX}:1:{key}")


def warnings_from(caplog, logger):
    return [r.getMessage() for r in caplog.records if r.name == logger and r.levelno >= logging.WARNING]


def test_reader_pages_answer_200_with_redis_stopped_and_are_cached_again_once_it_is_back(
    client, reader_site, redis_server, caplog
):
    pages = reader_pages(reader_site)
    for url in pages.values():
        assert client.get(url).status_code == 200, url
    assert stored(redis_server, NAVIGATION_CACHE_KEY)

    redis_server.stop()
    with caplog.at_level(logging.INFO):
        for name, url in pages.items():
            response = client.get(url, headers={"user-agent": BROWSER})
            assert response.status_code == 200, f"{name}: {url} answered {response.status_code} with Redis stopped"
        assert reader_site["article"].headline in client.get(pages["article"]).content.decode()
        assert reader_site["article"].headline in client.get(pages["home"]).content.decode()
        # One line for the whole outage so far, not one per request or per cache call.
        [line] = warnings_from(caplog, "portal.cache")
        assert f"Cache {redis_server.url} unreachable (ConnectionError" in line

        redis_server.start()  # the same port, empty; the site is not restarted
        time.sleep(0.35)
        assert client.get(pages["home"]).status_code == 200
    assert stored(redis_server, NAVIGATION_CACHE_KEY)
    assert any("reachable again; caching resumed" in r.getMessage() for r in caplog.records)


def test_a_hung_redis_costs_a_reader_one_short_timeout_not_one_per_cache_call(
    client, reader_site, redis_server, settings, monkeypatch
):
    settings.CACHE_RETRY_SECONDS = 60
    tries = []  # cache calls that really waited for the hung server
    failed = resilientcache.Breaker.failed
    monkeypatch.setattr(
        resilientcache.Breaker, "failed", lambda self, error: (tries.append(error), failed(self, error))
    )
    pages = reader_pages(reader_site)
    client.get(pages["home"])
    redis_server.pause()  # connections are accepted, nothing answers
    started = time.monotonic()
    assert client.get(pages["home"]).status_code == 200
    first = time.monotonic() - started
    for name in ("article", "section", "search", "newsletter", "home"):
        assert client.get(pages[name]).status_code == 200, name
    redis_server.resume()
    # The first page waited once for the 0.25 s read timeout (redis-py's default: 5 s); the breaker
    # spared that page's other cache calls and the five pages after it (dozens of calls).
    assert [type(error).__name__ for error in tries] == ["TimeoutError"]
    assert 0.25 <= first < 2.0


def test_views_are_not_counted_while_redis_is_down_and_counted_again_after(client, reader_site, redis_server, caplog):
    article = reader_site["article"]
    pending = f"{PREFIX}:articles:views:pending"
    field = f"{timezone.localdate().isoformat()}:{article.pk}".encode()

    client.get(article.get_absolute_url(), headers={"user-agent": BROWSER})
    assert redis_server.client().hgetall(pending) == {field: b"1"}

    redis_server.stop()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            response = client.get(article.get_absolute_url(), headers={"user-agent": BROWSER})
            assert response.status_code == 200
            assert article.headline in response.content.decode()
    assert warnings_from(caplog, "articles.readership") == ["Article views are not counted: the cache is unreachable."]

    redis_server.start()
    time.sleep(0.35)
    client.get(article.get_absolute_url(), headers={"user-agent": BROWSER})
    assert redis_server.client().hgetall(pending) == {field: b"1"}  # counted again (the new Redis started empty)


def test_signups_are_not_refused_while_redis_is_down_and_the_limit_holds_again_after(
    client, reader_site, redis_server, settings, caplog
):
    settings.NEWSLETTER_SIGNUPS_PER_IP = 1
    redis_server.stop()
    with caplog.at_level(logging.WARNING):
        codes = [signup(client, reader_site, f"down{n}@example.com").status_code for n in range(3)]
    assert codes == [303, 303, 303]
    assert Subscriber.objects.filter(email__startswith="down").count() == 3
    assert warnings_from(caplog, "portal.network") == [
        "Rate limit newsletter:signup-rate not enforced: the cache is unreachable."
    ]

    redis_server.start()
    time.sleep(0.35)
    assert [signup(client, reader_site, f"up{n}@example.com").status_code for n in range(2)] == [303, 429]


def test_the_rate_limit_counts_in_redis_across_processes(client, reader_site, redis_server, settings):
    """The count lives in Redis, not in the process: a fresh backend (another worker) sees it."""
    settings.NEWSLETTER_SIGNUPS_PER_IP = 2
    assert signup(client, reader_site, "a@example.com").status_code == 303
    cache.close()
    resilientcache.reset()
    other = resilientcache.ResilientRedisCache(redis_server.url, {"KEY_PREFIX": PREFIX})
    assert other.get_many([]) == {}
    keys = [k.decode() for k in redis_server.client().keys(f"{PREFIX}:1:newsletter:signup-rate:*")]
    assert len(keys) == 1 and other.get(keys[0].removeprefix(f"{PREFIX}:1:")) == 1
