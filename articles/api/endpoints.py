"""The read API's routes: articles (list and detail), sections, tags, authors.

Each answer declares the surrogate keys of what it shows, as the HTML pages
do (`articles.changes`), so the page cache and the proxy keep it until that
content changes. Live-blog entries are a router of their own
(`articles/liveblog/api.py`: `/articles/{id}/entries`), mounted in `site.api`
next to these.
"""

from datetime import datetime

from django.conf import settings
from ninja import Path, Query, Router

from articles.api import pagination, present, queries, schemas
from articles.changes import article_page_shown
from portal.web import changes
from portal.web.pagecache import surrogate_keys_add

#: The failures every endpoint may answer (besides 404 where it looks something up).
ERRORS = {400: schemas.Error, 401: schemas.Error, 429: schemas.Error}
LIMIT = Query(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE, description="How many items a page holds.")
CURSOR = Query(None, max_length=300, description="Where the page starts: the next_cursor of the previous page.")
SLUG = {"max_length": 200, "pattern": r"^[-\w]+$"}
ARTICLE_ID = Path(..., ge=1, le=pagination.MAX_ID, description="The article's id (the id of a list item).")
UPDATED_SINCE = Query(None, description="Only stories published, edited or updated at or after this time (ISO 8601).")

router = Router()


@router.get(
    "/articles",
    response={200: schemas.ArticlePage, 404: schemas.Error, **ERRORS},
    summary="Published articles, newest first",
    tags=["articles"],
)
def article_list(
    request,
    section: str | None = Query(None, description="A section's slug (its sub-sections included).", **SLUG),
    tag: str | None = Query(None, description="A tag's slug.", **SLUG),
    author: str | None = Query(None, description="An author's slug.", **SLUG),
    updated_since: datetime | None = UPDATED_SINCE,
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
):
    """Filters combine; each page holds up to limit stories and the address of the next one."""
    articles, keys = queries.articles_filtered(section=section, tag=tag, author=author, updated_since=updated_since)
    if cursor:
        articles = articles.filter(pagination.after_article(cursor))
    rows = list(articles[: limit + 1])
    result = pagination.page(request, rows, limit, pagination.article_cursor)
    for row in result["items"]:
        article_page_shown(request, row)
    surrogate_keys_add(request, *keys)
    result["items"] = [present.article(request, row) for row in result["items"]]
    return result


@router.get(
    "/articles/{article_id}",
    response={200: schemas.ArticleDetailOut, 404: schemas.Error, **ERRORS},
    summary="One published article with its body, takeaways, FAQ and corrections",
    tags=["articles"],
)
def article_detail(request, article_id: int = ARTICLE_ID):
    row = queries.article_detail(article_id)
    article_page_shown(request, row)
    return present.article_detail(request, row)


@router.get(
    "/sections",
    response={200: schemas.SectionList, **ERRORS},
    summary="Every section of the site, in menu order",
    tags=["sections"],
)
def section_list(request):
    rows = list(queries.sections())
    surrogate_keys_add(request, changes.SECTIONS, *(f"section-{row.pk}" for row in rows))
    return {"items": [present.section(request, row) for row in rows]}


@router.get(
    "/tags",
    response={200: schemas.TagPage, **ERRORS},
    summary="Tags that published stories carry, A to Z by slug",
    tags=["tags"],
)
def tag_list(request, limit: int = LIMIT, cursor: str | None = CURSOR):
    rows = queries.tags_live()
    if cursor:
        rows = rows.filter(pagination.after_slug(cursor))
    result = pagination.page(request, rows[: limit + 1], limit, pagination.slug_cursor)
    # Which tags have live stories, and how many, changes with any publication.
    surrogate_keys_add(request, changes.TAGS, changes.LISTINGS, *(f"tag-{row.pk}" for row in result["items"]))
    result["items"] = [present.tag(request, row) for row in result["items"]]
    return result


@router.get(
    "/authors",
    response={200: schemas.AuthorPage, **ERRORS},
    summary="Authors credited on published stories, by slug",
    tags=["authors"],
)
def author_list(request, limit: int = LIMIT, cursor: str | None = CURSOR):
    rows = queries.authors_live()
    if cursor:
        rows = rows.filter(pagination.after_slug(cursor))
    result = pagination.page(request, rows[: limit + 1], limit, pagination.slug_cursor)
    for row in result["items"]:
        surrogate_keys_add(request, f"author-{row.pk}", f"image-{row.photo_id}" if row.photo_id else "")
    surrogate_keys_add(request, changes.AUTHORS, changes.LISTINGS)
    result["items"] = [present.author(request, row) for row in result["items"]]
    return result
