"""The production services, used whenever CI (or you) names them."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from articles.selectors import NAVIGATION_CACHE_KEY, navigation_sections
from tests.factories import CategoryFactory
from tests.helpers import requires_env


@requires_env("DATABASE_URL")
@pytest.mark.postgres
@pytest.mark.django_db
def test_database_url_is_honoured():
    """Guards CI from silently testing SQLite twice."""
    assert connection.vendor == os.environ["DATABASE_URL"].split(":", 1)[0].replace("postgres", "postgresql")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@requires_env("REDIS_URL")
@pytest.mark.redis
@pytest.mark.django_db
def test_navigation_is_cached_in_redis(django_assert_num_queries):
    import redis

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    CategoryFactory(name="Banking", slug="banking")
    navigation_sections()
    with django_assert_num_queries(0):
        assert [(s.name, s.url) for s in navigation_sections()] == [("Banking", "/banking/")]
    # The entry really lives in Redis, where every gunicorn worker sees it.
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert any(NAVIGATION_CACHE_KEY in key.decode() for key in raw.scan_iter(match="*navigation*"))
    cache.clear()
