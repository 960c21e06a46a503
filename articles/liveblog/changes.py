"""What a change of a live blog or an entry announces (see `articles.changes`).

`liveblog-<article pk>` stands for the stream: the article page, each
entry's page, the polled updates, the feeds that carry its entries and the
API's entry list declare it. An entry announces only that key, so a live
blog updated every minute purges its own pages, not the front page or the
section lists that show its card. Opening or closing the live blog changes
its card too ("Live"), hence `article-<pk>`.
"""

from articles.liveblog.models import LiveBlog, LiveBlogEntry
from portal.web import changes
from portal.web.pagecache import expires_within, last_modified_add, surrogate_keys_add

PUBLISHED = LiveBlogEntry.Status.PUBLISHED


def stream_key(article_id):
    return f"liveblog-{article_id}"


def liveblog_keys(liveblog):
    return [f"article-{liveblog.article_id}", stream_key(liveblog.article_id)]


def entry_keys(entry):
    """A published entry (saved or deleted), or one that was published, purges its stream; a draft touches nothing."""
    stored = getattr(entry, "_stored", None) or {}  # the row as loaded: save() refreshes it after the signal
    was_published = stored.get("status") == PUBLISHED
    if entry.status == PUBLISHED or was_published:
        return [stream_key(entry.article_id)]
    return []


def connect():
    changes.watch(LiveBlog, keys=liveblog_keys)
    changes.watch(LiveBlogEntry, keys=entry_keys)


# --- What pages show --------------------------------------------------------


def stream_shown(request, article, stream, entries=()):
    """Declare a live blog's stream (or some of its entries) on a page: its key, the entries' authors and dates.

    A live blog set to close at a later time declares that the page changes then.
    """
    from articles.liveblog.selectors import loaded_liveblog, seconds_until_closes

    shown = list(entries) if stream is None else [*stream.all_shown, *stream.key_events]
    surrogate_keys_add(request, stream_key(article.pk), f"article-{article.pk}")
    surrogate_keys_add(request, *(f"author-{entry.author_id}" for entry in shown if entry.author_id))
    last_modified_add(request, *(moment for entry in shown for moment in (entry.published_at, entry.updated_at)))
    expires_within(request, seconds_until_closes(loaded_liveblog(article)))
