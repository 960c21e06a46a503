"""Entries of open live blogs as feed items, next to the stories (articles/feeds.py asks, item by item).

Only live blogs among the feed's own stories contribute (their live blog
row comes with the story's: no query when none is open); their newest
LIVEBLOG_FEED_ENTRIES entries come in one query. The feed then declares
each live blog's stream key, so a new entry purges exactly the feeds that
carry that live blog.
"""

from django.conf import settings
from django.utils.html import escape, strip_tags

from articles.liveblog.changes import stream_shown
from articles.liveblog.models import LiveBlogEntry
from articles.liveblog.selectors import loaded_liveblog


def open_liveblogs(articles):
    return [article for article in articles if is_live(article)]


def with_entries(request, articles):
    """The feed's stories and the newest entries of the open live blogs among them, newest first."""
    live = {article.pk: article for article in open_liveblogs(articles)}
    if not live:
        return articles
    entries = list(
        LiveBlogEntry.objects.published()
        .filter(article_id__in=live)
        .select_related("author")
        .newest_first()[: settings.LIVEBLOG_FEED_ENTRIES]
    )
    for entry in entries:
        entry.article = live[entry.article_id]
    for article in live.values():
        stream_shown(request, article, None, entries=[entry for entry in entries if entry.article_id == article.pk])
    items = [*articles, *entries]
    return sorted(items, key=lambda item: moment(item), reverse=True)


def moment(item):
    return item.published_at if isinstance(item, LiveBlogEntry) else item.publish_at


def is_entry(item):
    return isinstance(item, LiveBlogEntry)


def is_live(article):
    """An open live blog: its item's title says "Live" (the badge of its cards)."""
    liveblog = loaded_liveblog(article)
    return liveblog is not None and liveblog.is_open


def title(entry, story_title):
    """ "Live: <the story's title, led by its commercial label if any>: <the entry>"."""
    return f"Live: {story_title}: {entry.label}"


def description(entry):
    # Plain text, escaped once here and again as XML, as the stories' descriptions are; the story's labels first.
    notes = [f"{d['label']}: {d['explanation']}" for d in entry.article.effective_disclosures]
    return escape(" ".join([*notes, *strip_tags(entry.body).split()]))


def guid(entry, host):
    return f"tag:{host},2010:liveblog-entry:{entry.pk}"


def author_name(entry):
    return entry.author.name if entry.author_id and entry.author else None
