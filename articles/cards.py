"""The card lists of the busiest pages: which stories, cheaply; the full rows only for cards not kept.

A list page asks the database which stories it shows (a prepared query of
a few columns, built and compiled once per worker, see
portal/web/prepared.py) and gets `LazyCard`s: each knows its story's id,
version and section, which is all a kept card (a piece, see
portal/web/pagecache/fragments.py) needs. The first card that has to be
rendered afresh loads the full card rows of every card on the page in one
query (`published().for_cards()`'s columns), so a page costs what it did
before at worst, and a page whose cards are all kept skips that query.
"""

from datetime import datetime

from django.utils import timezone

from articles.models import Article
from portal.web.prepared import PreparedQuery

#: What a list needs to choose its stories and name their cards (the primary key comes too).
ROW = ("modified_at", "category_id", "publish_at")


class CardBatch:
    """The cards of one page: loads their full rows once, on the first card that needs them.

    `lazy=False` (no piece can be kept for this request: staff, pieces off)
    reads the full card rows in the list queries themselves.
    """

    def __init__(self, lazy=True):
        self.lazy = lazy
        self.ids = []
        self._full = None

    def cards(self, rows):
        if not self.lazy:
            return rows
        self.ids += [row.pk for row in rows]
        return [LazyCard(row, self) for row in rows]

    def article(self, pk):
        """The full card row of story `pk`; None if it was deleted since the list was read."""
        if self._full is None:
            rows = Article.objects.for_cards().filter(pk__in=self.ids)
            self._full = {article.pk: article for article in rows}
        return self._full.get(pk)


class LazyCard:
    """A story on a list: its id, version and section; anything else comes from its full card row."""

    def __init__(self, row, batch):
        self.pk = self.id = row.pk
        self.modified_at = row.modified_at
        self.category_id = row.category_id
        self.publish_at = row.publish_at
        self._batch = batch

    def __getattr__(self, name):  # only for what the row does not carry
        article = None if name.startswith("__") else self._batch.article(self.pk)
        if article is None:
            raise AttributeError(name)
        return getattr(article, name)

    def __eq__(self, other):
        return getattr(other, "pk", None) == self.pk and isinstance(other, LazyCard | Article)

    def __hash__(self):
        return hash(self.pk)


def full(article):
    """The story itself, for code that reads its fields directly (`vars()`, keys)."""
    return article._batch.article(article.pk) if isinstance(article, LazyCard) else article


def _rows(now, lazy):
    published = Article.objects.published(now=now)
    return published.only(*ROW) if lazy else published.for_cards()


_top_stories = PreparedQuery(
    lambda now, limit, lazy: _rows(now, lazy).filter(is_top_story=True).newest_first()[:limit], now=datetime
)
_newest = PreparedQuery(lambda now, limit, lazy: _rows(now, lazy).newest_first()[:limit], now=datetime)
_newest_per_section = PreparedQuery(
    lambda now, limits, lazy: _rows(now, lazy).newest_per_section(dict(limits), now=now).newest_first(), now=datetime
)


def top_stories(batch, limit, now=None):
    """The newest stories marked "top story"."""
    return batch.cards(_top_stories(now=now or timezone.now(), shape={"limit": limit, "lazy": batch.lazy}))


def newest(batch, limit, now=None):
    """The newest stories of every section."""
    return batch.cards(_newest(now=now or timezone.now(), shape={"limit": limit, "lazy": batch.lazy}))


def newest_per_section(batch, limits, now=None):
    """The newest stories of each section, newest first: `limits` maps a section's id to how many."""
    if not limits:
        return []
    shape = {"limits": tuple(sorted(limits.items())), "lazy": batch.lazy}
    return batch.cards(_newest_per_section(now=now or timezone.now(), shape=shape))
