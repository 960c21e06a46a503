"""The cache headers every response of the site carries, in one place.

Three kinds of page: reader pages (shared caches and CDNs may keep them),
pages for one person (a token or a form in them: stored nowhere), and pages
an editor sees signed in (private, revalidated each time).

A reader page says how long browsers may keep it (`max-age`,
PUBLIC_CACHE_SECONDS), how long shared caches may (`s-maxage`,
SHARED_CACHE_SECONDS, which defaults to PAGE_CACHE_SECONDS), and that a
CDN may answer from its copy while it refetches
(`stale-while-revalidate`) or while the site is down (`stale-if-error`).
The page cache lowers both ages when the page's content changes sooner (a
scheduled story going live): `cache_public_within`.
"""

import re

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

_S_MAXAGE = re.compile(r"(?:^|,)\s*s-maxage\s*=\s*(\d+)", re.IGNORECASE)
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)", re.IGNORECASE)


def cache_public(response):
    """A reader page: browsers keep it a minute, shared caches longer, and may serve it stale."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_CACHE_SECONDS,
        s_maxage=settings.SHARED_CACHE_SECONDS,
        stale_while_revalidate=settings.STALE_WHILE_REVALIDATE_SECONDS,
        stale_if_error=settings.STALE_IF_ERROR_SECONDS,
    )
    return response


def cache_signed_in(response):
    """What a signed-in editor sees of a reader page: only their browser keeps it, and asks again."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def cache_never(response, *, noindex=False):
    """A page for one person (a secret link, a form with its token): stored by no cache at all."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    if noindex:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def cache_reader_page(request, response):
    """Public for anonymous readers' successful pages, private (and varying on Cookie) for signed-in staff.

    An anonymous page does not vary on Cookie: the page cache and the proxy
    answer only requests without a session cookie, so whatever other cookie
    a reader carries cannot change it (see `portal.web.pagecache`).
    """
    if request.user.is_authenticated:
        cache_signed_in(response)
        patch_vary_headers(response, ["Cookie"])
    elif response.status_code == 200:
        cache_public(response)
    return response


def is_public(response) -> bool:
    """Whether shared caches may keep this response (public, and nothing saying otherwise)."""
    directives = {part.split("=", 1)[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
    return "public" in directives and not directives & {"private", "no-store", "no-cache"}


def shared_seconds(response) -> int:
    """The response's s-maxage (0 when it has none)."""
    match = _S_MAXAGE.search(response.get("Cache-Control", ""))
    return int(match.group(1)) if match else 0


def cache_public_within(response, seconds):
    """Lower max-age and s-maxage to `seconds`: the page changes by then (a scheduled story goes live)."""
    seconds = max(0, int(seconds))
    header = response.get("Cache-Control", "")
    match = _MAX_AGE.search(header)
    if match and int(match.group(1)) > seconds:
        patch_cache_control(response, max_age=seconds)
    if shared_seconds(response) > seconds:
        patch_cache_control(response, s_maxage=seconds)
    return response


def cache_vary_without_cookie(response):
    """Drop `Cookie` from Vary: the session was read only to find there is none (see `cache_reader_page`)."""
    vary = [field.strip() for field in response.get("Vary", "").split(",") if field.strip()]
    kept = [field for field in vary if field.lower() != "cookie"]
    if len(kept) != len(vary):
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
    return response
