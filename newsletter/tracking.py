"""The two addresses an issue's email calls: the click redirect and (only if enabled) the open image.

Both answer fast and never fail on bad input: a token that was altered or
made up, or a link that is not stored for that issue, is a plain 404 (the
redirect is never open: it goes only to URLs stored for the issue when it
was sent). Counting is best effort: with the database failing to count,
the reader is still sent on, and a cache that is down is a slower lookup.
"""

import base64
import logging

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_safe

from newsletter.services.clicks import click_record, issue_day_count, link_target
from newsletter.tokens import TokenError, read_link_token, read_open_token
from portal.web.cache import cache_never
from portal.web.redirects import UnsafeRedirect, safe_redirect

logger = logging.getLogger(__name__)

#: A transparent 1x1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NOT_FOUND = (
    "This newsletter link does not work: it is incomplete or was changed.\n"
    "Copy the whole link from the email, or visit the site's home page.\n"
)


def _private(response):
    # The URL carries a per-recipient tag: no cache keeps it, no search engine lists it, no Referer repeats it.
    response["Referrer-Policy"] = "no-referrer"
    return cache_never(response, noindex=True)


def not_found():
    return _private(HttpResponseNotFound(NOT_FOUND, content_type="text/plain; charset=utf-8"))


@require_safe
def click(request, token, tag=""):
    """/newsletter/r/<token>/<tag>/: count the click, then 302 to the link stored for the issue."""
    try:
        issue_id, link_id = read_link_token(token)
    except TokenError:
        return not_found()
    target = link_target(issue_id, link_id)
    if target is None:
        return not_found()
    url, list_id = target
    # HEAD is what link checkers send; only a GET is someone following the link.
    if request.method == "GET":
        try:
            click_record(issue_id=issue_id, link_id=link_id, list_id=list_id, tag=tag)
        except DatabaseError:
            logger.exception("Click on issue %s link %s not counted", issue_id, link_id)
    try:
        # The site's one redirect helper: a stored URL off the site's hosts is refused all the same.
        response = safe_redirect(url)
    except UnsafeRedirect:
        logger.warning("Issue %s link %s leads off the site; not followed", issue_id, link_id)
        return not_found()
    return _private(response)


@require_safe
def opened(request, token):
    """/newsletter/o/<token>.gif: one open of the issue today (only sent when NEWSLETTER_TRACK_OPENS is on)."""
    issue_id = read_open_token(token)
    if issue_id is None:
        return not_found()
    if request.method == "GET":
        try:
            issue_day_count(issue_id=issue_id, field="opens")
        except DatabaseError:
            logger.exception("Open of issue %s not counted", issue_id)
    return _private(HttpResponse(PIXEL, content_type="image/gif"))
