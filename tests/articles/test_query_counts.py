"""Public pages run a fixed number of SQL queries, whatever the data size."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    FAQFactory,
    ImageFactory,
    KeyTakeawayFactory,
)

pytestmark = pytest.mark.django_db

# Cold cache: the page's own queries, plus 4 for the site chrome (sections,
# menu items, the disclosure paragraph, the breaking banner), which are then cached for every page,
# the newsletter lists of the signup boxes, and the release schedule (what
# goes live soon, which bounds how long caches keep the page).
CHROME = 6
EXPECTED = {"home": 3, "section": 3, "article": 6, "tag": 3, "author": 3, "tags": 1}
# The Trending box (home, and the rail of section and article pages) is a cached list too: one query when cold;
# the rail's "Latest" headlines and magazine cover are two more cached lists (articles/rail.py).
COLD_EXTRA = {"home": 1, "section": 3, "article": 3}


def build(n):
    sections = [CategoryFactory(name=f"Desk {i}", slug=f"desk-{i}") for i in range(3)]
    image = ImageFactory()
    authors = [AuthorFactory() for _ in range(3)]
    articles = []
    for i in range(n):
        article = ArticleFactory(
            category=sections[i % 3],
            hero_image=image,
            authors=authors[: 1 + i % 3],
            tags=["Markets", f"Topic {i % 7}"],
            is_top_story=i % 4 == 0,
        )
        KeyTakeawayFactory(article=article)
        FAQFactory(article=article)
        articles.append(article)
    return articles, authors


def urls(articles, authors):
    return {
        "home": "/",
        "section": articles[0].category.get_absolute_url(),
        "article": articles[len(articles) // 2].get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "markets"}),
        "author": authors[0].get_absolute_url(),
        "tags": reverse("articles:tags"),
    }


@pytest.mark.parametrize("n", [5, 50])
def test_query_counts_do_not_grow_with_the_data(client, django_assert_num_queries, n):
    articles, authors = build(n)
    for name, url in urls(articles, authors).items():
        cache.clear()
        with django_assert_num_queries(EXPECTED[name] + CHROME + COLD_EXTRA.get(name, 0)):
            response = client.get(url)
        assert response.status_code == 200, name


@pytest.mark.parametrize("n", [5, 50])
def test_warm_pages_cost_only_their_own_queries(client, django_assert_num_queries, n):
    articles, authors = build(n)
    client.get("/")  # warms the chrome cache
    client.get(articles[0].category.get_absolute_url())  # and the rail's lists
    for name, url in urls(articles, authors).items():
        with django_assert_num_queries(EXPECTED[name]) as queries:
            client.get(url)
        assert len(queries) <= 6, name  # a warm page stays cheap, whatever its pinned count
