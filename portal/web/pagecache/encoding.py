"""Validators and compression of reader pages: a strong ETag, Last-Modified, 304s, gzip.

Only public reader pages pass through here, and none of them carries a
secret (no CSRF token, no cookie, nothing personal), so compressing them
gives BREACH nothing to find; pages with a form token are private and are
left uncompressed.

Each representation has its own strong ETag: the body's hash for the plain
bytes, the same with "-gzip" for the compressed ones (the bytes differ, the
content does not). A client that sends back either gets a 304.
"""

import gzip
import hashlib
import re

from django.utils.http import http_date, parse_http_date_safe, quote_etag

#: Smaller bodies are sent as they are: compressing them saves less than the header costs.
MIN_COMPRESS_BYTES = 256
COMPRESSIBLE = re.compile(
    r"^(text/|application/(xml|json|ld\+json|rss\+xml|atom\+xml|xhtml\+xml|javascript)|image/svg\+xml)", re.IGNORECASE
)
ENCODINGS = ("gzip",)
SUFFIX = {"gzip": "-gzip"}


def body_etag(body: bytes) -> str:
    """A strong ETag: the first 32 hex digits of the body's SHA-256."""
    return quote_etag(hashlib.sha256(body).hexdigest()[:32])


def variant_etag(etag: str, encoding: str | None) -> str:
    if not encoding:
        return etag
    return f'{etag[:-1]}{SUFFIX[encoding]}"'


def compressible(content_type: str, body: bytes) -> bool:
    return len(body) >= MIN_COMPRESS_BYTES and bool(COMPRESSIBLE.match(content_type or ""))


def compress(body: bytes) -> dict:
    """{"gzip": bytes}: deterministic (no file name, no time), so the same page compresses the same."""
    return {"gzip": gzip.compress(body, compresslevel=6, mtime=0)}


def accepted_encoding(header: str, available) -> str | None:
    """The encoding to send: gzip when the client accepts it (q > 0), else none (identity)."""
    if not header or not available:
        return None
    weights = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        q = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        weights[name] = q
    for encoding in ENCODINGS:
        q = weights.get(encoding, weights.get("*", 0.0))
        if encoding in available and q > 0:
            return encoding
    return None


def _etags(header: str):
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def not_modified(request, *, etag: str, last_modified: str | None) -> bool:
    """True when the client's copy is current (If-None-Match first; If-Modified-Since only without it)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        if if_none_match.strip() == "*":
            return True
        mine = {etag, *(variant_etag(etag, encoding) for encoding in ENCODINGS)}
        # Weak comparison (RFC 9110 13.1.2): a proxy may have weakened the tag it passes on.
        return any(tag.removeprefix("W/") in mine for tag in _etags(if_none_match))
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since and last_modified:
        since, modified = parse_http_date_safe(if_modified_since), parse_http_date_safe(last_modified)
        return since is not None and modified is not None and modified <= since
    return False


def last_modified_header(moment) -> str | None:
    return http_date(moment.timestamp()) if moment is not None else None


#: What a 304 repeats of the full response (RFC 9110 15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", "Last-Modified", "Age")
