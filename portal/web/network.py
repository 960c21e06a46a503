"""Where a request comes from: the client address, truncated, and the per-address rate limits."""

import contextlib
import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache

from portal.web.resilientcache import CacheUnavailable
from portal.web.throttledlog import ThrottledLog

log = ThrottledLog("portal.network")


def client_ip(request) -> str:
    """The reader's address: REMOTE_ADDR, or the header a trusted proxy sets.

    With a header configured (NEWSLETTER_CLIENT_IP_HEADER) the last entry is
    used: that is the one our own proxy appended, the others a client can forge.
    """
    header = settings.NEWSLETTER_CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    value = value.split(",")[-1].strip() if value else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def truncate_ip(value) -> str:
    """The network, not the person: /24 for IPv4, /48 for IPv6 ("" if unknown)."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return ""
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


@contextlib.contextmanager
def rate_attempt(*, scope, ip, limit, window):
    """Count one attempt from `ip` in `scope`; yield False once it passed `limit` in `window` seconds.

    Use it around the work the attempt does: if that raises (the database
    down during a signup, answered 503), the attempt is given back, so only
    requests that were processed use up a reader's allowance. A fixed window
    in Django's cache (Redis in production, so it holds across processes);
    the key is a hash, so the cache need not hold readers' addresses. With
    the cache unreachable the limit is not enforced (it fails open, logged
    once a minute): a reader is not refused because Redis is down. Every
    per-address limit of the site (newsletter signups, reader forms) goes through it.
    """
    if limit <= 0:
        yield True
        return
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    key = f"{scope}:{digest}"
    try:
        count = _count(key, window)
    except CacheUnavailable:
        log.warning(f"rate:{scope}", "Rate limit %s not enforced: the cache is unreachable.", scope)
        yield True
        return
    try:
        yield count <= limit
    except BaseException:
        with contextlib.suppress(CacheUnavailable, ValueError):  # ValueError: the window ended meanwhile
            cache.decr(key)
        raise


def _count(key, window) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first of a new window
        cache.set(key, 1, window)
        return 1
