"""The read API's live-blog entries: `/api/v1/articles/{id}/entries`, newest first, with cursors.

Mounted next to the article endpoints (`articles.api.site`); declares the
live blog's stream key as its pages do, so a new or edited entry purges the
answer and nothing else does.
"""

from datetime import datetime

from django.db.models import Q
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from articles.api import pagination, present
from articles.api.endpoints import ARTICLE_ID, CURSOR, ERRORS, LIMIT
from articles.api.schemas import AuthorRef, DisclosureOut, Error, Page
from articles.liveblog.changes import stream_shown
from articles.liveblog.models import LiveBlogEntry
from articles.liveblog.selectors import loaded_liveblog
from articles.models import Article
from articles.templatetags.liveblog import entry_body
from portal.web.pagecache import surrogate_keys_add

router = Router()


class LiveBlogOut(Schema):
    article_id: int
    url: str
    headline: str
    is_commercial: bool = Field(description="True when any disclosure is commercial: label its entries as such.")
    disclosures: list[DisclosureOut] = Field(description="What readers must be told about the live blog; show them.")
    is_open: bool = Field(description="True while the coverage runs (the site shows a “Live” badge).")
    started_at: datetime
    ended_at: datetime | None = Field(description="When the coverage ended (or will end); null while it runs.")


class EntryOut(Schema):
    id: int
    url: str = Field(description="The entry's own page (the address to share).")
    anchor_url: str = Field(description="The entry in the live blog's page.")
    title: str
    body_html: str = Field(description="Sanitized HTML; links in commercial live blogs carry rel=sponsored.")
    author: AuthorRef | None
    is_key_event: bool
    is_pinned: bool
    published_at: datetime
    updated_at: datetime | None = Field(description="Set when the text changed after it was published.")


class EntryPage(Page):
    live_blog: LiveBlogOut
    items: list[EntryOut]


def after_entry(cursor):
    """The filter for entries after the cursor, newest first (publication time, then id)."""
    moment, pk = pagination.decode(cursor, 2)
    when = None
    if isinstance(moment, str):
        try:
            when = pagination.in_range(datetime.fromisoformat(moment))
        except (ValueError, HttpError):
            when = None
    if when is None or not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk <= pagination.MAX_ID:
        raise HttpError(400, pagination.BAD_CURSOR)
    return Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk)


def entry_cursor(entry):
    return pagination.encode([entry.published_at.isoformat(), entry.pk])


def entry_out(request, article, entry):
    page = request.build_absolute_uri(article.get_absolute_url())
    return {
        "id": entry.pk,
        "url": request.build_absolute_uri(entry.get_absolute_url()),
        "anchor_url": f"{page}#{entry.anchor}",
        "title": entry.title,
        "body_html": str(entry_body(entry)),
        "author": present.author_ref(request, entry.author) if entry.author else None,
        "is_key_event": entry.is_key_event,
        "is_pinned": entry.is_pinned,
        "published_at": entry.published_at,
        "updated_at": entry.updated_at if entry.show_updated else None,
    }


@router.get(
    "/articles/{article_id}/entries",
    response={200: EntryPage, 404: Error, **ERRORS},
    summary="The published entries of a live blog, newest first",
    tags=["live blogs"],
)
def entry_list(request, article_id: int = ARTICLE_ID, limit: int = LIMIT, cursor: str | None = CURSOR):
    """A live blog's entries (a published article that is a live blog; 404 for any other)."""
    article = Article.objects.published().for_cards().filter(pk=article_id, liveblog__isnull=False).first()
    if article is None:
        raise Http404("No published live blog has this id.")
    entries = LiveBlogEntry.objects.published().filter(article_id=article.pk).select_related("author").newest_first()
    if cursor:
        entries = entries.filter(after_entry(cursor))
    result = pagination.page(request, list(entries[: limit + 1]), limit, entry_cursor)
    for entry in result["items"]:
        entry.article = article
    stream_shown(request, article, None, entries=result["items"])
    surrogate_keys_add(request, f"article-{article.pk}")
    liveblog = loaded_liveblog(article)
    result["live_blog"] = {
        "article_id": article.pk,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "headline": article.headline,
        "is_commercial": article.is_commercial,
        "disclosures": article.effective_disclosures,
        "is_open": liveblog.is_open,
        "started_at": liveblog.started_at,
        "ended_at": liveblog.ended_at,
    }
    result["items"] = [entry_out(request, article, entry) for entry in result["items"]]
    return result
