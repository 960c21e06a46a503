"""Which requests the page cache may answer, and the cache key of a page.

A reader carries no cookie; an editor carries Django's session cookie.
Only requests without a session cookie are answered from the cache (or
stored), so reading the session, which costs a query, is never needed to
decide. Other cookies (analytics, consent banners, the CSRF cookie a reader
got from a form) neither split nor bypass the cache: no reader page reads
them. Tracking parameters are left out of the key.
"""

import hashlib
import re
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost

#: Marketing parameters: analytics read them in the browser; the page is the same without them.
TRACKING_PARAMETER = re.compile(r"^(utm_[a-z0-9_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)$", re.IGNORECASE)
#: Never answered from the cache, whatever their headers say (the proxy's VCL passes them too).
PRIVATE_PATHS = ("/admin/", "/preview/")
PREFIX = "pagecache:v1"


def carries_session(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def is_reader_request(request) -> bool:
    """A GET or HEAD of a public path without a session cookie: the cache may answer or keep it."""
    return (
        request.method in ("GET", "HEAD")
        and not carries_session(request)
        and not request.path.startswith(PRIVATE_PATHS)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def canonical_query(query_string: str) -> str:
    """The query string without tracking parameters, its pairs sorted: ?b=2&utm_source=x&a=1 -> a=1&b=2."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted((name, value) for name, value in pairs if not TRACKING_PARAMETER.match(name)))


def page_key(request) -> str | None:
    """The cache key of the page this request asks for; None when the host is not one of ours.

    Scheme and host are part of it: absolute links (canonical, og:url, feeds) are built from them.
    """
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    address = f"{request.scheme}://{host.lower()}{request.path}?{canonical_query(request.META.get('QUERY_STRING', ''))}"
    return f"{PREFIX}:page:{hashlib.sha256(address.encode()).hexdigest()}"
