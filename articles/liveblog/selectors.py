"""What live-blog pages show: the stream of an article, read in one query and kept on the article."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from articles.liveblog.models import LiveBlog, LiveBlogEntry

ATTRIBUTE = "_liveblog_stream"


def loaded_liveblog(article):
    """The article's LiveBlog if its queryset loaded it (select_related), else None; never a query."""
    state = getattr(article, "_state", None)  # a LazyCard has none: callers pass cards.full(card)
    return state.fields_cache.get("liveblog") if state is not None else None


@dataclass
class Stream:
    """A live blog's published entries as its page shows them."""

    liveblog: LiveBlog
    pinned: list = field(default_factory=list)
    entries: list = field(default_factory=list)  # newest first, pinned ones left out (they are at the top)
    key_events: list = field(default_factory=list)  # every key event, newest first
    more: bool = False  # older entries than the page shows exist (see the entry archive)

    @property
    def all_shown(self):
        return [*self.pinned, *self.entries]

    @property
    def newest(self) -> datetime | None:
        """The latest publication or edit the stream shows (the page's "last updated")."""
        moments = [moment for entry in self.all_shown for moment in (entry.published_at, entry.updated_at) if moment]
        moments += [entry.published_at for entry in self.key_events]
        return max(moments) if moments else None

    @property
    def authors(self):
        return {entry.author_id for entry in [*self.all_shown, *self.key_events] if entry.author_id}


def entries_of(article):
    return LiveBlogEntry.objects.published().filter(article_id=article.pk).select_related("author")


def stream(article, limit=None):
    """The stream of a live-blog article, read once per article object (the page's pieces share it).

    One query: the newest `limit` entries (plus one, to know whether there
    are older ones), every pinned entry and every key event.
    """
    cached = article.__dict__.get(ATTRIBUTE)
    if cached is not None:
        return cached
    liveblog = loaded_liveblog(article)
    if liveblog is None:
        liveblog = LiveBlog.objects.filter(article_id=article.pk).first()
    if liveblog is None:
        return None
    limit = limit or settings.LIVEBLOG_PAGE_ENTRIES
    newest = LiveBlogEntry.objects.published().filter(article_id=article.pk, is_pinned=False).newest_first()
    rows = list(
        entries_of(article)
        .filter(Q(is_pinned=True) | Q(is_key_event=True) | Q(pk__in=newest.values("pk")[: limit + 1]))
        .newest_first()
    )
    unpinned = [row for row in rows if not row.is_pinned]
    for row in rows:
        row.article = article  # their addresses are built from it: no query per entry
    result = Stream(
        liveblog=liveblog,
        pinned=[row for row in rows if row.is_pinned],
        entries=unpinned[:limit],
        key_events=[row for row in rows if row.is_key_event],
        more=len(unpinned) > limit,
    )
    article.__dict__[ATTRIBUTE] = result
    return result


def seconds_until_closes(liveblog):
    """A live blog set to close at a later time changes then by itself (badge, "ended" note)."""
    if liveblog is None or liveblog.ended_at is None:
        return None
    remaining = (liveblog.ended_at - timezone.now()).total_seconds()
    return remaining if remaining > 0 else None
