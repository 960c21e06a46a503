"""Per-address rate limits: only processed attempts count, and an unreachable cache does not refuse readers."""

import logging

import pytest

from portal.web import resilientcache
from portal.web.network import rate_attempt
from tests.servers import free_port

LIMIT = {"scope": "test:rate", "ip": "203.0.113.5", "limit": 2, "window": 60}


def attempt(**overrides):
    with rate_attempt(**{**LIMIT, **overrides}) as allowed:
        return allowed


def test_attempts_past_the_limit_are_refused_per_address():
    assert [attempt() for _ in range(4)] == [True, True, False, False]
    assert attempt(ip="203.0.113.6") is True
    assert attempt(scope="test:other") is True


def test_an_attempt_whose_work_failed_is_given_back():
    for _ in range(5):
        with pytest.raises(RuntimeError), rate_attempt(**LIMIT) as allowed:
            assert allowed
            raise RuntimeError("the database went away")
    assert [attempt() for _ in range(3)] == [True, True, False]


def test_no_limit_when_the_limit_is_zero():
    assert all(attempt(limit=0) for _ in range(50))


def test_the_limit_fails_open_and_says_so_once_when_the_cache_is_unreachable(settings, caplog):
    resilientcache.reset()
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.web.resilientcache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    with caplog.at_level(logging.WARNING):
        assert all(attempt() for _ in range(20))
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.network"]
    assert lines == ["Rate limit test:rate not enforced: the cache is unreachable."]
    resilientcache.reset()
