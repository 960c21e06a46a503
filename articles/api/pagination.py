"""Cursor (keyset) pagination: a page starts after the last row of the previous one.

Unlike page numbers, a cursor does not skip or repeat stories when new ones
are published while an app walks the list, and every page is one indexed
range query however deep it is. A cursor is opaque to clients: base64 of the
last row's sort values.
"""

import base64
import binascii
import json
from datetime import UTC
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja.errors import HttpError

#: The largest id a database holds (a 64-bit integer): larger numbers cannot be looked up, only refused.
MAX_ID = 2**63 - 1
BAD_CURSOR = "This cursor is not one the API handed out; use `next` or `next_cursor` of the previous page as it was."


def in_range(moment, name="cursor"):
    """An aware datetime the databases can compare (a naive one is taken as UTC); 400 past year 1 or 9999."""
    if moment is None:
        return None
    try:
        return (moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError as error:
        raise HttpError(400, f"The time in {name} is out of range (years 1 to 9999, in UTC).") from error


def encode(values):
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor, size):
    """The list of `size` values in a cursor; a 400 with a clear message for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as error:
        raise HttpError(400, BAD_CURSOR) from error
    if not isinstance(values, list) or len(values) != size:
        raise HttpError(400, BAD_CURSOR)
    return values


def after_article(cursor):
    """The filter for articles after the cursor in newest-first order (publish time, then id)."""
    moment, pk = decode(cursor, 2)
    try:
        when = in_range(parse_datetime(moment)) if isinstance(moment, str) else None
    except (ValueError, HttpError):
        when = None
    if when is None or not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk <= MAX_ID:
        raise HttpError(400, BAD_CURSOR)
    return Q(publish_at__lt=when) | Q(publish_at=when, pk__lt=pk)


def article_cursor(article):
    return encode([article.publish_at.isoformat(), article.pk])


def after_slug(cursor):
    """The filter for rows after the cursor in slug order (tags, authors)."""
    (slug,) = decode(cursor, 1)
    if not isinstance(slug, str):
        raise HttpError(400, BAD_CURSOR)
    return Q(slug__gt=slug)


def slug_cursor(row):
    return encode([row.slug])


def page(request, rows, limit, cursor_of):
    """{"items", "next", "next_cursor"} from `limit + 1` fetched rows."""
    rows = list(rows)
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = cursor_of(rows[-1]) if more and rows else None
    following = None
    if cursor:
        query = request.GET.copy()
        query["cursor"] = cursor
        following = request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")
    return {"items": rows, "next": following, "next_cursor": cursor}
