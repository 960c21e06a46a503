"""The API through the page cache: kept by surrogate key, served with no query, purged when its content changes.

Query counts are pinned for each endpoint so an N+1 cannot come back.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from portal.web.cache import shared_seconds
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    FAQFactory,
    KeyTakeawayFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400"
#: The endpoint's own queries (rate limit and page cache live in the cache, not the database).
EXPECTED = {
    "list": 3,  # articles with labels and pictures, bylines, tags
    "section filter": 5,  # + the section, its sub-sections
    "tag filter": 4,  # + the tag
    "author filter": 4,  # + the author
    "detail": 3,  # the article with takeaways, FAQ, corrections and labels in its row; bylines; tags
    "sections": 1,
    "tags": 1,
    "authors": 1,
}


def build(n):
    desks = [CategoryFactory(name=f"Desk {i}", slug=f"desk-{i}") for i in range(3)]
    authors = [AuthorFactory() for _ in range(3)]
    rows = []
    for i in range(n):
        row = ArticleFactory(category=desks[i % 3], authors=authors[: 1 + i % 3], tags=["Markets", f"Topic {i % 7}"])
        KeyTakeawayFactory(article=row)
        FAQFactory(article=row)
        rows.append(row)
    return rows, authors


def urls(rows, authors):
    articles = reverse("api-v1:article_list")
    return {
        "list": articles,
        "section filter": f"{articles}?section=desk-0",
        "tag filter": f"{articles}?tag=markets",
        "author filter": f"{articles}?author={authors[0].slug}",
        "detail": reverse("api-v1:article_detail", args=[rows[len(rows) // 2].pk]),
        "sections": reverse("api-v1:section_list"),
        "tags": reverse("api-v1:tag_list"),
        "authors": reverse("api-v1:author_list"),
    }


@pytest.mark.parametrize("n", [5, 40])
def test_query_counts_do_not_grow_with_the_data(client, django_assert_num_queries, n):
    rows, authors = build(n)
    client.get(reverse("api-v1:section_list"))  # warms the release schedule (what goes live soon)
    for name, url in urls(rows, authors).items():
        with django_assert_num_queries(EXPECTED[name]):
            response = client.get(url)
        assert response.status_code == 200, name


def test_a_second_app_gets_the_answer_from_the_cache_without_a_query(
    client, page_cache, article, django_assert_num_queries
):
    url = reverse("api-v1:article_list")
    first = client.get(url)
    assert first["X-Page-Cache"] == "MISS" and first["Cache-Control"] == PUBLIC
    assert first["Surrogate-Key"] == first["xkey"]
    keys = set(first["Surrogate-Key"].split())
    assert {"listings", f"article-{article.pk}", f"section-{article.category_id}"} <= keys
    with django_assert_num_queries(0):
        second = Client().get(url, HTTP_X_API_KEY="np_anything")  # a hit is the same for a partner
    assert second["X-Page-Cache"] == "HIT" and second.json() == first.json()
    assert second["ETag"] and Client().get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


@pytest.fixture
def warm(client, page_cache, django_capture_on_commit_callbacks):
    """warm(urls) then change(): the names of the answers the change purged, once it committed."""

    def run(urls, change):
        for name, url in urls.items():
            assert client.get(url)["X-Page-Cache"] == "MISS", name
            assert client.get(url)["X-Page-Cache"] == "HIT", name
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return {name for name, url in urls.items() if client.get(url).get("X-Page-Cache") != "HIT"}

    return run


def test_publishing_a_story_purges_the_lists_it_enters_and_not_the_others(warm, article, section):
    tech = CategoryFactory(name="Tech", slug="tech")
    draft = ArticleFactory(headline="Chip tariffs loom", category=tech, status="draft", publish_at=None)
    api = reverse("api-v1:article_list")
    urls = {
        "list": api,
        "tech": f"{api}?section=tech",
        "business": f"{api}?section=business",
        "story": reverse("api-v1:article_detail", args=[article.pk]),
        "sections": reverse("api-v1:section_list"),
        "tags": reverse("api-v1:tag_list"),
    }

    def publish():
        draft.status = Article.Status.PUBLISHED
        draft.save()

    assert warm(urls, publish) == {"list", "tech", "tags"}
    assert [item["headline"] for item in Client().get(api).json()["items"]][0] == "Chip tariffs loom"


def test_an_edit_purges_every_answer_that_shows_the_story(warm, article):
    other = ArticleFactory(headline="Unrelated story", category=CategoryFactory(name="Tech", slug="tech"))
    api = reverse("api-v1:article_list")
    urls = {
        "list": api,
        "business": f"{api}?section=business",
        "oil": f"{api}?tag=oil",
        "story": reverse("api-v1:article_detail", args=[article.pk]),
        "other": reverse("api-v1:article_detail", args=[other.pk]),
        "sections": reverse("api-v1:section_list"),
    }

    def edit():
        article.headline = "Oil slides as talks resume"
        article.save()

    assert warm(urls, edit) == {"list", "business", "oil", "story"}
    assert Client().get(urls["story"]).json()["headline"] == "Oil slides as talks resume"


def test_unpublishing_removes_the_story_from_cached_answers(warm, article):
    detail = reverse("api-v1:article_detail", args=[article.pk])
    urls = {"list": reverse("api-v1:article_list"), "story": detail, "authors": reverse("api-v1:author_list")}

    def unpublish():
        article.status = Article.Status.UNPUBLISHED
        article.save()

    assert warm(urls, unpublish) == {"list", "story", "authors"}
    assert Client().get(detail).status_code == 404
    assert Client().get(urls["list"]).json()["items"] == []


def test_a_correction_purges_the_article_answers(warm, article):
    detail = reverse("api-v1:article_detail", args=[article.pk])
    urls = {"story": detail, "sections": reverse("api-v1:section_list")}
    assert warm(urls, lambda: CorrectionFactory(article=article, text="The price was $80.")) == {"story"}
    assert Client().get(detail).json()["corrections"][0]["text"] == "The price was $80."


def test_a_scheduled_story_bounds_how_long_the_list_is_kept(client, page_cache, article):
    ArticleFactory(headline="Embargoed at ten", publish_at=timezone.now() + timedelta(seconds=90))
    cache.clear()
    response = client.get(reverse("api-v1:article_list"))
    assert "Embargoed at ten" not in response.content.decode()
    assert 80 <= shared_seconds(response) <= 90  # kept until the story goes live, not the usual 300 s


def test_a_full_page_of_varied_stories_still_fits_its_keys_in_the_header(client, page_cache):
    desk = CategoryFactory(name="Desk", slug="desk")
    for i in range(50):
        ArticleFactory(category=desk, hero_image=None, tags=[f"Topic {i}a", f"Topic {i}b", f"Topic {i}c"],
                       authors=[AuthorFactory()])  # fmt: skip
    response = client.get(reverse("api-v1:article_list"), {"limit": 50})
    assert len(response.json()["items"]) == 50
    assert len(response["Surrogate-Key"].split()) > 250 and response["X-Page-Cache"] == "MISS"
    assert Client().get(reverse("api-v1:article_list"), {"limit": 50})["X-Page-Cache"] == "HIT"
