"""Who is asking the read API, and how often they may: an optional partner key, per-key rate limits.

Anonymous use is allowed. A partner sends `X-API-Key: np_…`; a key that is
unknown or revoked gets a 401 (a typo should not silently fall back to the
anonymous limit). The limits count the requests the site itself answers:
an answer from the page cache or the proxy costs nothing and is not counted
(the key is not looked at then either; the content is the same for all).
Counting goes through the site's one rate-limit helper
(`portal.web.network.rate_attempt`): a fixed window in the shared cache,
failing open when Redis is down.
"""

from django.conf import settings
from ninja.errors import HttpError
from ninja.security import APIKeyHeader
from ninja.throttling import BaseThrottle

from articles.api.models import ApiKey
from portal.web.network import client_ip, rate_attempt, truncate_ip

HEADER = "X-API-Key"
UNKNOWN_KEY = "Unknown or revoked API key. Leave the X-API-Key header out to use the API anonymously."


class Anonymous:
    """Stands for "no key": truthy, so django-ninja lets the request through."""

    def __bool__(self):
        return True


ANONYMOUS = Anonymous()


class PartnerKey(APIKeyHeader):
    """The optional `X-API-Key` header (documented in the OpenAPI document as a security scheme)."""

    param_name = HEADER

    def authenticate(self, request, key):
        if key is None:
            return None  # no key: the next check (anonymous) lets it through
        found = ApiKey.objects.for_raw(key.strip())
        if found is None:
            raise HttpError(401, UNKNOWN_KEY)
        return found


def anonymous(request):
    """The fallback after `PartnerKey`: a request without a key is allowed, at the anonymous limit."""
    return ANONYMOUS


AUTH = [PartnerKey(), anonymous]


class RateLimit(BaseThrottle):
    """Per key (its own figure) or per client network (API_ANONYMOUS_RATE_LIMIT), per minute."""

    def allow_request(self, request):
        who = getattr(request, "auth", ANONYMOUS)
        if isinstance(who, ApiKey):
            scope, subject, limit = "api-key", f"key-{who.pk}", who.rate_limit
        else:
            scope, subject, limit = "api-anonymous", truncate_ip(client_ip(request)), settings.API_ANONYMOUS_RATE_LIMIT
        with rate_attempt(scope=scope, ip=subject, limit=limit, window=settings.API_RATE_WINDOW_SECONDS) as allowed:
            return allowed

    def wait(self):
        # A fixed window: at most this long until the count starts again.
        return settings.API_RATE_WINDOW_SECONDS


THROTTLE = [RateLimit()]
