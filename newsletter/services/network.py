"""Where a request comes from: the client address, truncated, and the per-address rate limits."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


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


def rate_allowed(*, scope, ip, limit, window) -> bool:
    """Count an attempt from `ip` in `scope`; False once it passed `limit` in `window` seconds.

    A fixed window in Django's cache (Redis in production, so it holds across
    processes). The key is a hash: the cache need not hold readers' addresses.
    The reader forms (portal) share it, so both limits behave the same.
    """
    if limit <= 0:
        return True
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    key = f"{scope}:{digest}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first of a new window
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def signup_allowed(ip) -> bool:
    """Count a signup attempt from `ip`; False once it passed the limit for the window."""
    return rate_allowed(
        scope="newsletter:signup-rate",
        ip=ip,
        limit=settings.NEWSLETTER_SIGNUPS_PER_IP,
        window=settings.NEWSLETTER_SIGNUP_WINDOW,
    )
