"""The article page assembled from kept pieces: what a reader's request needs when they are all there.

An article page is the story itself (header, picture, body, takeaways,
FAQ, corrections, its JSON-LD and social tags) and what surrounds it (the
section's newest stories, previous and next). Both are kept as pieces
(portal/web/pagecache/fragments.py) named by the article's version, so
once they are kept a reader's page needs one small query, the article's
row without its body and child lists, to know the story is still live and
where it lives; the full row and the section's list are read only to
render a piece again.
"""

from datetime import datetime
from functools import cached_property

from django.utils import timezone

from articles.models import Article
from portal.web.pagecache import fragments
from portal.web.prepared import PreparedQuery

#: The pieces of the article page (templates/articles/article_detail.html), all needed to skip the full row.
STORY_PIECES = ("social", "ld", "head", "main")
#: What the page shows outside its pieces: breadcrumbs, <title>, description, feed link, live state.
ROW_FIELDS = (
    "headline",
    "slug",
    "summary",
    "seo_title",
    "seo_description",
    "status",
    "publish_at",
    "unpublish_at",
    "updated_at",
    "modified_at",
    "category__name",
    "category__slug",
)

_reader_row = PreparedQuery(
    lambda now, slug: Article.objects.published(now=now).filter(slug=slug).select_related("category").only(*ROW_FIELDS),
    now=datetime,
    slug=str,
)


def story_name(article):
    """What the article page's pieces are named by: the article and its version."""
    return f"story:{article.pk}:{article.modified_at.timestamp()}"


def kept_story(request, slug):
    """The live article at `slug` without its body, when every piece of its page is kept for this request."""
    if fragments.request_clock(request) is None:
        return None
    rows = _reader_row(now=timezone.now(), slug=slug)
    if len(rows) != 1:
        return None
    article = rows[0]
    name = story_name(article)
    if fragments.has(request, *(fragments.piece_name(request, name, piece) for piece in STORY_PIECES)):
        return article
    return None


class Neighbours:
    """ "More from <section>", previous and next: read only when the page's "more" piece is rendered."""

    def __init__(self, article):
        self.article = article

    @cached_property
    def _found(self):
        return Article.objects.section_neighbours(self.article)

    @property
    def more(self):
        return self._found["more"]

    @property
    def previous(self):
        return self._found["previous"]

    @property
    def next(self):
        return self._found["next"]

    @property
    def linked(self):
        """Previous and next, the stories the page links by headline."""
        return [a for a in (self.previous, self.next) if a is not None]
