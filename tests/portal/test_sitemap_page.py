"""The HTML sitemap: sections, published company pages and the tags of published stories."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory
from tests.html import parse, text, texts
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


def links(doc, labelled_by):
    section = doc.cssselect(f'section[aria-labelledby="{labelled_by}"]')[0]
    return [(text(a), a.get("href")) for a in section.cssselect("a")]


def test_sitemap_lists_sections_pages_and_used_tags(client):
    business = CategoryFactory(name="Business", slug="business", navigation_order=1)
    CategoryFactory(name="Archive", slug="archive", show_in_navigation=False, navigation_order=2)
    PageFactory(title="About Us", slug="about-us")
    PageFactory(title="Terms of Use", slug="terms-of-use")
    PageFactory(title="Secret plans", slug="secret-plans", is_published=False)
    ArticleFactory(category=business, tags=["Oil", "Banks"])
    ArticleFactory(category=business, tags=["Embargoed"], status=Article.Status.DRAFT)
    Tag.objects.create(name="Unused", slug="unused")

    url = reverse("portal:sitemap")
    assert url == "/sitemap/"
    response = client.get(url)
    assert response.status_code == 200
    doc = parse(response)
    assert texts(doc, "h1") == ["Sitemap"]
    assert links(doc, "sitemap-sections") == [("Home", "/"), ("Business", "/business/"), ("Archive", "/archive/")]
    assert links(doc, "sitemap-pages") == [("About Us", "/pages/about-us/"), ("Terms of Use", "/pages/terms-of-use/")]
    assert links(doc, "sitemap-tags") == [
        ("Banks", "/tags/banks/"),
        ("Oil", "/tags/oil/"),
        ("All topics with their story counts", "/tags/"),
    ]
    footer_link = doc.cssselect('footer nav[aria-label="Footer"] a[href="/sitemap/"]')[0]
    assert footer_link.get("aria-current") == "page"
    assert "public" in response["Cache-Control"]


def test_an_empty_site_has_a_sitemap(client):
    doc = parse(client.get(reverse("portal:sitemap")))
    assert "No pages yet." in doc.text_content() and "No topics yet." in doc.text_content()


@pytest.mark.parametrize("n", [2, 20])
def test_sitemap_query_count_does_not_grow(n, client, django_assert_num_queries):
    for i in range(n):
        section = CategoryFactory(name=f"Desk {i}", slug=f"desk-{i}")
        PageFactory()
        ArticleFactory(category=section, tags=[f"Topic {i}", "Markets"])
    cache.clear()
    # Sections, pages, tags (3) + the menu's sections (1) + the chrome (3, with the breaking banner)
    # + the newsletter lists (1) + the release schedule (1), cold.
    with django_assert_num_queries(9):
        client.get(reverse("portal:sitemap"))
    with django_assert_num_queries(3):
        response = client.get(reverse("portal:sitemap"))
    doc = parse(response)
    assert len(links(doc, "sitemap-tags")) == n + 2  # the topics, "Markets" and the link to all topics
