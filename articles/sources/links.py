"""The dead-link check of source links: one request per address, the answer kept for editors.

A link is dead when its server answers 404/410 or another error status, or
cannot be reached; 401, 403 and 429 mean the page exists but is closed to
robots or busy, so they are noted and not called dead. Addresses on
private networks (the server's own, 10.x, 169.254.x …) are never
requested unless SOURCE_LINK_CHECK_PRIVATE is on: an editor's link must not
make the site probe its own network.
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from articles.sources.models import SourceLink

#: Answers that say the page is there but not open to us: noted, not dead.
NOT_DEAD = {401, 403, 429}
USER_AGENT = "NewsportalLinkCheck/1.0 (+source links of published articles)"


class PrivateAddress(Exception):
    """The address resolves to a private, loopback or link-local network."""


def _refuse_private(url):
    if settings.SOURCE_LINK_CHECK_PRIVATE:
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return  # urllib reports the unknown host itself
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise PrivateAddress(host)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never onto a private network."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _refuse_private(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def _ask(url, method):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _opener.open(request, timeout=settings.SOURCE_LINK_CHECK_TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def link_check(url):
    """(status code or None, problem or "", is dead) for one address."""
    if urlsplit(url).scheme not in ("http", "https"):
        return None, "Not a web address", True
    try:
        _refuse_private(url)
        status = _ask(url, "HEAD")
        if status in (405, 501):  # some servers refuse HEAD; ask for the page itself
            status = _ask(url, "GET")
    except PrivateAddress as error:
        return None, f"Not checked: {error} is on a private network", False
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"Unreachable: {reason}"[:200], True
    if status < 400:
        return status, "", False
    if status in NOT_DEAD:
        return status, f"Answered {status}: the page may be closed to robots", False
    return status, f"Answered {status}", True


def source_links_check(*, now=None, limit=None) -> dict:
    """Check the source links not checked for SOURCE_LINK_CHECK_DAYS (never-checked first); record the answers.

    The answers are written with update(): they are for editors only and
    purge no page. Each address is requested once per run.
    """
    now = now or timezone.now()
    stale = now - timedelta(days=settings.SOURCE_LINK_CHECK_DAYS)
    due = SourceLink.objects.filter(Q(checked_at__isnull=True) | Q(checked_at__lt=stale)).order_by(
        F("checked_at").asc(nulls_first=True), "pk"
    )
    answers, checked, dead = {}, 0, 0
    for link in due[: limit or settings.SOURCE_LINK_CHECK_BATCH]:
        if link.url not in answers:
            answers[link.url] = link_check(link.url)
        status, problem, is_dead = answers[link.url]
        SourceLink.objects.filter(pk=link.pk).update(
            checked_at=now, status_code=status, problem=problem, is_dead=is_dead
        )
        checked += 1
        dead += is_dead
    return {"checked": checked, "dead": dead}
