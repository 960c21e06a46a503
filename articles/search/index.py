"""Keeping the stored search vectors current (PostgreSQL; nothing to do on SQLite).

One INSERT … SELECT … ON CONFLICT per batch computes the vectors inside the
database: `head` holds the headline (weight A), summary, tag names and author
names (B); `vector` adds the body (C); `publish_at` is the article's. PostgreSQL's parser skips HTML tags
and entities by itself, so the stored HTML goes in as it is. A row whose
vectors did not change is not rewritten (no table bloat from a nightly run),
only marked as checked when its article was edited since.
"""

from django.conf import settings
from django.db import connection, transaction
from taggit.models import Tag

from articles.models import Article, Author, SearchDocument, TaggedArticle

BATCH = 5000
#: The articles of one batch (a range of ids) that have no vector, or were edited since it was made.
RANGE = "a.id > %(after)s AND a.id <= %(upto)s"
STALE_RANGE = RANGE + (
    f" AND NOT EXISTS (SELECT 1 FROM {SearchDocument._meta.db_table} d"
    " WHERE d.article_id = a.id AND d.indexed_at >= a.modified_at)"
)


def _sql(where):
    article, document = Article._meta.db_table, SearchDocument._meta.db_table
    tagged, tag = TaggedArticle._meta.db_table, Tag._meta.db_table
    bylines, author = Article.authors.through._meta.db_table, Author._meta.db_table
    head = " || ".join(
        f"setweight(to_tsvector(%(config)s::regconfig, coalesce({column}, '')), '{weight}')"
        for column, weight in (("a.headline", "A"), ("a.summary", "B"), ("tags.names", "B"), ("bylines.names", "B"))
    )
    body = "setweight(to_tsvector(%(config)s::regconfig, coalesce(a.body, '')), 'C')"
    return f"""
        INSERT INTO {document} AS d (article_id, head, vector, publish_at, indexed_at)
        SELECT a.id, h.head, h.head || {body}, a.publish_at, now()
        FROM {article} a
        LEFT JOIN LATERAL (
            SELECT string_agg(t.name, ' ') AS names
            FROM {tagged} ta JOIN {tag} t ON t.id = ta.tag_id WHERE ta.content_object_id = a.id
        ) tags ON true
        LEFT JOIN LATERAL (
            SELECT string_agg(p.name, ' ') AS names
            FROM {bylines} ab JOIN {author} p ON p.id = ab.author_id WHERE ab.article_id = a.id
        ) bylines ON true
        CROSS JOIN LATERAL (SELECT {head} AS head) h
        WHERE {where}
        ON CONFLICT (article_id) DO UPDATE
        SET head = EXCLUDED.head, vector = EXCLUDED.vector, publish_at = EXCLUDED.publish_at,
            indexed_at = EXCLUDED.indexed_at
        WHERE d.vector IS DISTINCT FROM EXCLUDED.vector OR d.head IS DISTINCT FROM EXCLUDED.head
           OR d.publish_at IS DISTINCT FROM EXCLUDED.publish_at
           OR d.indexed_at < (SELECT modified_at FROM {article} WHERE id = d.article_id)
    """


def refresh(article_ids=None, *, stale_only=False, progress=None) -> int:
    """Recompute the vectors of the given articles (all when None); returns how many.

    `stale_only`: only articles without a vector or edited since it was made
    (a safety net for edits made outside the admin; tag and byline changes do
    not move `modified_at`, so a full run now and then catches those).
    """
    if connection.vendor != "postgresql":
        return 0
    config = settings.SEARCH_CONFIG
    if article_ids is not None:
        ids = sorted(set(article_ids))
        total = 0
        for start in range(0, len(ids), BATCH):
            with connection.cursor() as cursor:
                cursor.execute(_sql("a.id = ANY(%(ids)s)"), {"config": config, "ids": ids[start : start + BATCH]})
                total += cursor.rowcount
        return total
    where = STALE_RANGE if stale_only else RANGE
    last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    total = 0
    for after in range(0, last, BATCH):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_sql(where), {"config": config, "after": after, "upto": after + BATCH})
            total += cursor.rowcount
        if progress:
            progress(min(after + BATCH, last), last)
    return total
