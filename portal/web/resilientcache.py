"""A cache that degrades instead of failing: with Redis down or hung, a cache call is a quick miss, not a 500.

Three parts:
- short socket timeouts (CACHE_CONNECT_TIMEOUT, CACHE_SOCKET_TIMEOUT), so a
  hung server costs a fraction of a second, not redis-py's 5 s;
- a circuit breaker per server and process: after a failure the server is
  skipped for CACHE_RETRY_SECONDS, so a request that makes ten cache calls
  does not pay the timeout ten times; then the next call tries again, and
  caching resumes by itself once the server answers (no restart);
- reads answer a miss and writes do nothing while the server is unreachable,
  logged once per OUTAGE_LOG_SECONDS (not per request). Counters cannot be
  faked: `incr`/`decr` raise `CacheUnavailable`, and their callers (rate
  limits, view counts) decide how to fail open.
"""

import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from portal.web import throttledlog
from portal.web.throttledlog import ThrottledLog

log = ThrottledLog("portal.cache")


class CacheUnavailable(Exception):
    """The cache server cannot be reached now; raised where a miss cannot stand in for an answer."""


def redis_errors():
    """The redis-py errors that mean "the server is not there" (not a bad command): imported lazily."""
    from redis import exceptions

    return (
        exceptions.ConnectionError,  # refused, reset, closed; also loading, auth, max connections
        exceptions.TimeoutError,
        exceptions.ReadOnlyError,  # a replica after a failover
        exceptions.OutOfMemoryError,
        OSError,  # a socket error redis-py did not wrap
    )


def redis_options(options=None):
    """redis-py connection options with the site's fail-fast timeouts (what `options` does not set itself).

    No retries (redis-py's pool's default): the breaker answers a failure. A
    pooled connection that died with a restarted Redis is replaced by the
    pool when it is next taken, so a restart costs no miss.
    """
    return {
        "socket_connect_timeout": settings.CACHE_CONNECT_TIMEOUT,
        "socket_timeout": settings.CACHE_SOCKET_TIMEOUT,
        **(options or {}),
    }


def server_name(location) -> str:
    """A server's address for logs and breakers, without a password."""
    parts = urlsplit(location)
    if not parts.password:
        return location
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


class Breaker:
    """Whether a server is worth asking now: closed (ask), or open for CACHE_RETRY_SECONDS after a failure.

    One per server per process (`breaker(name)`), shared by the threads of
    the process; races between threads only cost an extra try.
    """

    def __init__(self, name):
        self.name = name
        self.open_until = 0.0
        self.failing = False

    def call(self, errors, function, *args, **kwargs):
        """`function(*args, **kwargs)`, or CacheUnavailable when the server is down or known to be."""
        if self.open_until and time.monotonic() < self.open_until:
            raise CacheUnavailable(self.name)
        try:
            result = function(*args, **kwargs)
        except errors as error:
            self.failed(error)
            raise CacheUnavailable(self.name) from error
        if self.failing:
            self.recovered()
        return result

    def failed(self, error):
        self.failing = True
        self.open_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
        log.warning(
            self.name,
            "Cache %s unreachable (%s: %s); pages render uncached, the next try is in %s s.",
            self.name,
            type(error).__name__,
            str(error).splitlines()[0] if str(error) else "",
            settings.CACHE_RETRY_SECONDS,
        )

    def recovered(self):
        self.failing = False
        self.open_until = 0.0
        log.resolved(self.name, "Cache %s reachable again; caching resumed.", self.name)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker(name) -> Breaker:
    """The breaker of server `name` in this process."""
    found = _breakers.get(name)
    if found is None:
        with _breakers_lock:
            found = _breakers.setdefault(name, Breaker(name))
    return found


def reset():
    """Forget every server's state and the log's memory (a fresh process; tests use it)."""
    with _breakers_lock:
        _breakers.clear()
    throttledlog.reset()


_RAISE = object()


class FailOpenCacheMixin:
    """Django cache backend methods that answer a miss (reads) or do nothing (writes) when the server is down.

    A backend class mixes it in before the real backend and says which
    errors mean "unreachable" (`unavailable`) and which server it talks to
    (`breaker_name`).
    """

    breaker_name = ""
    unavailable = (OSError,)

    def _guarded(self, fallback, method, *args, **kwargs):
        try:
            return breaker(self.breaker_name).call(self.unavailable, method, *args, **kwargs)
        except CacheUnavailable:
            if fallback is _RAISE:
                raise
            return fallback

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: set_many returns the keys it could not store.
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._guarded(_RAISE, super().incr, key, delta, version)

    def clear(self):
        return self._guarded(False, super().clear)


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool instead of one per call.

    Building a `redis.Redis` fills its table of ~170 reply handlers: a quarter
    of a page-cache hit's time. The object is thread-safe and holds nothing but
    its pool, so one per pool (per process: pools are made after the fork) does.
    """

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        kept = self.__dict__.setdefault("_kept_clients", {})
        client = kept.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = kept[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(FailOpenCacheMixin, RedisCache):
    """Django's RedisCache with fail-fast timeouts, a circuit breaker, and misses instead of errors."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
        self._options = redis_options(self._options)
        self.breaker_name = ", ".join(server_name(location) for location in self._servers)
        self.unavailable = redis_errors()
