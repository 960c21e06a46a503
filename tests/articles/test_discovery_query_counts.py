"""The discovery pages (search, latest, trending, feeds, sitemaps) run a fixed
number of SQL queries, whatever the data size. Warm: the chrome and the
trending list are cached; cold adds what the site-wide parts cost (the
chrome's 3 queries today, measured, so other site-wide parts do not break
these counts) and trending's 1 where the page shows it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.selectors import release_schedule
from articles.services import search_index_update
from tests.factories import (
    ArticleDailyViewsFactory,
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    DisclosureFactory,
    ImageFactory,
)
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db

#: A search for words on PostgreSQL runs in a savepoint when the request is
#: inside a transaction, as here (SAVEPOINT and RELEASE): a refused query
#: must leave the connection usable for the rest of the page.
GUARD = 2 if connection.vendor == "postgresql" else 0
#: PostgreSQL also plans (EXPLAIN: how many matches to expect) and finds the
#: bounded candidates once (`articles.search.postgres.candidates`).
CANDIDATES = 2 if connection.vendor == "postgresql" else 0
#: name: (warm queries, extra when the cache is cold besides the chrome)
EXPECTED = {
    "search": (2 + GUARD + CANDIDATES, 0),  # count, page of results
    "search-filtered": (2 + GUARD + CANDIDATES, 0),
    "search-nothing-found": (2 + GUARD + CANDIDATES, 0),  # count (0), latest stories as suggestions
    "search-empty": (1, 0),  # latest stories as suggestions
    "latest": (2, 0),  # count, page
    "latest-page-2": (2, 0),
    "trending": (0, 1),  # the cached most-read list
    "home": (3, 1),  # home's own 3, plus the trending box when cold
    # the article's own 4 and "Related" (2); cold, the rail's three cached lists (Most read, Latest, the magazine)
    "article": (6, 3),
}
FEEDS = {  # no chrome: a feed is XML
    "site": 3,  # items, their authors, their tags
    "section": 4,  # + the section
    "tag": 4,
    "author": 4,
}
SITEMAP_SECTIONS = ("articles", "sections", "tags", "authors", "company")
# The index: a count and a latest date per sitemap (magazines and reports add 2 when empty).
SITEMAPS = {"index": 13, "articles": 2, "sections": 2, "tags": 2, "authors": 2, "company": 2, "news": 2, "robots": 0}


def build(n):
    sections = [CategoryFactory(name=f"Desk {i}", slug=f"desk-{i}") for i in range(3)]
    image = ImageFactory()
    authors = [AuthorFactory() for _ in range(3)]
    sponsored = DisclosureFactory()
    articles = []
    for i in range(n):
        article = ArticleFactory(
            headline=f"Markets story {i} on interest rates",
            category=sections[i % 3],
            hero_image=image,
            authors=authors[: 1 + i % 3],
            tags=["Markets", f"Topic {i % 7}"],
            publish_at=timezone.now() - timedelta(hours=i),
        )
        if i % 5 == 0:
            article.disclosures.add(sponsored)
        ArticleDailyViewsFactory(article=article, views=1 + i)
        PageFactory()
        articles.append(article)
    search_index_update()
    return articles, authors


def pages(articles):
    search = reverse("articles:search")
    return {
        "search": f"{search}?q=interest+rates",
        "search-filtered": f"{search}?q=markets&section=desk-1&start=2000-01-01&sort=newest",
        "search-nothing-found": f"{search}?q=zeppelin",
        "search-empty": search,
        "latest": reverse("articles:latest"),
        "latest-page-2": reverse("articles:latest") + "?page=2",
        "trending": reverse("articles:trending"),
        "home": "/",
        "article": articles[len(articles) // 2].get_absolute_url(),
    }


def site_wide_cost(client):
    """Queries a cold cache adds to any page for the chrome: the tag index runs 1 of its own."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("articles:tags"))
    return len(queries) - 1


@pytest.mark.parametrize("n", [5, 50])
def test_discovery_pages_cold_and_warm(client, django_assert_num_queries, n):
    articles, authors = build(n)
    chrome = site_wide_cost(client)
    assert chrome >= 3  # sections, menu items, the footer's disclosure
    for name, url in pages(articles).items():
        if name == "latest-page-2" and n < 21:
            continue
        warm, cold_extra = EXPECTED[name]
        cache.clear()
        with django_assert_num_queries(warm + cold_extra + chrome, info=name):
            response = client.get(url)
        assert response.status_code == 200, name
        with django_assert_num_queries(warm, info=name):
            client.get(url)
        assert warm <= 6, name


@pytest.mark.parametrize("n", [5, 50])
def test_feed_query_counts(client, django_assert_num_queries, n):
    articles, authors = build(n)
    urls = {
        "site": reverse("articles:feed", args=["rss"]),
        "section": reverse("articles:section_feed", args=["desk-0", "atom"]),
        "tag": reverse("articles:tag_feed", args=["markets", "rss"]),
        "author": reverse("articles:author_feed", args=[authors[0].slug, "atom"]),
    }
    release_schedule()  # shared and cached: read by whichever page comes first (pinned in test_query_counts)
    for name, url in urls.items():
        with django_assert_num_queries(FEEDS[name], info=name):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [5, 50])
def test_sitemap_query_counts(client, django_assert_num_queries, n):
    build(n)
    urls = {
        "index": reverse("portal:sitemap_xml"),
        "news": reverse("portal:sitemap_news"),
        "robots": reverse("portal:robots"),
        **{name: reverse("portal:sitemap_section", args=[name]) for name in SITEMAP_SECTIONS},
    }
    release_schedule()  # shared and cached, as for the feeds
    for name, url in urls.items():
        with django_assert_num_queries(SITEMAPS[name], info=name):
            assert client.get(url).status_code == 200
