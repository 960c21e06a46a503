"""The one way the site answers with a redirect, and the rule for where one may lead.

A redirect may lead to a path on this site, or to an absolute http(s) URL on
this site's own host (SITE_URL) or a host listed in REDIRECT_ALLOWED_HOSTS.
Anything else (`javascript:`, `//evil.example/`, `/\\evil.example/`, which
browsers read as `//evil.example/`, control characters) is refused: an
editor's typo or a forged link must never turn the site into an open
redirect. Views call `safe_redirect`; a test refuses any other way of
building a redirect (tests/test_layout.py).
"""

import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

SITE_PATH_MESSAGE = "Enter a path on this site starting with one “/”, e.g. /markets/, without spaces or backslashes."


class UnsafeRedirect(SuspiciousOperation):
    """A redirect to somewhere the site does not lead (answered with the 400 page)."""


def has_control_characters(value) -> bool:
    """True when `value` holds a control character (NUL, escape, DEL, C1 ...)."""
    return any(unicodedata.category(c) == "Cc" for c in value)


def is_site_path(value) -> bool:
    """A path on this site: one leading "/", no backslash, whitespace or control character.

    Browsers treat "\\" as "/" and skip tabs and newlines, so "/\\evil.example/"
    and "/\\t/evil.example/" both lead off the site.
    """
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return False
    if "\\" in value or any(c.isspace() for c in value) or has_control_characters(value):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def allowed_hosts():
    """This site's own host (SITE_URL) and the hosts REDIRECT_ALLOWED_HOSTS names."""
    hosts = {host.lower() for host in getattr(settings, "REDIRECT_ALLOWED_HOSTS", [])}
    own = urlsplit(getattr(settings, "SITE_URL", "")).hostname
    if own:
        hosts.add(own.lower())
    return hosts


def is_allowed_target(url) -> bool:
    """Whether a redirect (or a legacy address) may lead to `url`."""
    if not isinstance(url, str) or not url:
        return False
    if is_site_path(url):
        return True
    if has_control_characters(url) or "\\" in url or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return False
    if parts.hostname.lower() not in allowed_hosts():
        return False
    # Django's own check as a second opinion: it knows the browsers' quirks.
    return url_has_allowed_host_and_scheme(url, allowed_hosts={parts.netloc})


def validate_redirect_target(value):
    """Model and form validator: a path on this site, or an allow-listed absolute URL."""
    if not is_allowed_target(value):
        hosts = ", ".join(sorted(allowed_hosts())) or "none"
        raise ValidationError(
            f"{SITE_PATH_MESSAGE} Full addresses (https://…) only on an allowed host ({hosts}; "
            "the REDIRECT_ALLOWED_HOSTS setting).",
            code="unsafe_redirect",
        )


def validate_site_path(value):
    """Model and form validator: a path on this site (an old address, a menu path)."""
    if not is_site_path(value):
        raise ValidationError(SITE_PATH_MESSAGE, code="not_a_site_path")


def _resolve(to, args, kwargs):
    """Like Django's resolve_url, but a string that is neither a URL name nor a URL is refused, not a 500."""
    if hasattr(to, "get_absolute_url"):
        return to.get_absolute_url()
    to = str(to)  # a lazy reverse_lazy() too
    if "/" not in to and "." not in to:
        try:
            return reverse(to, args=args, kwargs=kwargs)
        except NoReverseMatch:
            raise UnsafeRedirect(f"Refused a redirect to {to[:200]!r}: neither a URL name nor a path") from None
    return to


def safe_redirect(to, *args, permanent=False, status=None, **kwargs):
    """A redirect to `to` (a URL, a URL name with arguments, or a model), refused when it leads off the site.

    `status`: 303 after a form post (see other) instead of 302/301.
    """
    url = _resolve(to, args, kwargs)
    if not is_allowed_target(url):
        raise UnsafeRedirect(f"Refused a redirect off the site: {url[:200]!r}")
    if permanent:
        return HttpResponsePermanentRedirect(url)
    return HttpResponseRedirect(url, status=status or 302)
