"""XML sitemaps and robots.txt: valid against the official schemas, complete,
published stories only, paginated, and a fixed number of queries."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from portal.sitemaps import ArticleSitemap
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, DisclosureFactory
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}


def schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(response, xsd):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    checker = schema(xsd)
    assert checker.validate(document), "\n".join(str(e) for e in checker.error_log)
    return document


@pytest.fixture
def site(db):
    now = timezone.now().replace(microsecond=0)
    business = CategoryFactory(name="Business", slug="business", navigation_order=1)
    CategoryFactory(name="Quiet desk", slug="quiet", navigation_order=2)
    author = AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    AuthorFactory(name="Unpublished Writer", slug="unpublished-writer")
    fresh = ArticleFactory(headline="Oil & gas: “prices” <climb>", category=business, authors=[author],
                           tags=["Oil"], publish_at=now - timedelta(hours=2))  # fmt: skip
    updated = ArticleFactory(headline="Banks report", category=business, tags=["Banks"],
                             publish_at=now - timedelta(days=5), updated_at=now - timedelta(days=1))  # fmt: skip
    old = ArticleFactory(headline="Archive story", category=business, publish_at=now - timedelta(days=400))
    sponsored = ArticleFactory(headline="Partner promotion", category=business, publish_at=now - timedelta(hours=1))
    sponsored.disclosures.add(DisclosureFactory())
    draft = ArticleFactory(headline="Draft", category=business, status=Article.Status.DRAFT, tags=["Secret"])
    scheduled = ArticleFactory(headline="Scheduled", category=business, publish_at=now + timedelta(hours=3))
    PageFactory(title="About Us", slug="about-us")
    PageFactory(title="Hidden", slug="hidden", is_published=False)
    return locals()


def locations(document):
    return [loc.text for loc in document.xpath("//s:loc", namespaces=NS)]


def test_the_index_lists_every_sitemap_and_validates(client, site):
    document = valid(client.get("/sitemap.xml"), "siteindex.xsd")
    assert locations(document) == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ("pages", "articles", "sections", "tags", "authors", "company")
    ]
    lastmods = {loc.text: loc.getparent().find("s:lastmod", NS) for loc in document.xpath("//s:loc", namespaces=NS)}
    assert lastmods["http://testserver/sitemap-articles.xml"].text.startswith(timezone.now().date().isoformat()[:4])


@pytest.mark.parametrize("name", ["pages", "articles", "sections", "tags", "authors", "company"])
def test_each_sitemap_validates(client, site, name):
    valid(client.get(f"/sitemap-{name}.xml"), "sitemap.xsd")


def test_articles_sitemap_has_published_stories_with_their_last_change(client, site):
    document = valid(client.get("/sitemap-articles.xml"), "sitemap.xsd")
    urls = {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in
            document.xpath("//s:url", namespaces=NS)}  # fmt: skip
    expected = {f"http://testserver{site[n].get_absolute_url()}" for n in ("fresh", "updated", "old", "sponsored")}
    assert set(urls) == expected
    updated = site["updated"]  # lastmod is "Last updated"; without one, the publish time
    assert urls[f"http://testserver{updated.get_absolute_url()}"] == timezone.localtime(updated.updated_at).isoformat()
    assert urls[f"http://testserver{site['old'].get_absolute_url()}"].startswith(
        timezone.localtime(site["old"].publish_at).date().isoformat()
    )


def test_tags_authors_sections_and_pages(client, site):
    tags = locations(valid(client.get("/sitemap-tags.xml"), "sitemap.xsd"))
    assert tags == ["http://testserver/tags/banks/", "http://testserver/tags/oil/"]  # not "Secret" (draft only)
    authors = locations(valid(client.get("/sitemap-authors.xml"), "sitemap.xsd"))
    assert authors == ["http://testserver/authors/andrew-osborn/"]
    sections = locations(valid(client.get("/sitemap-sections.xml"), "sitemap.xsd"))
    assert sections == ["http://testserver/business/", "http://testserver/quiet/"]
    company = locations(valid(client.get("/sitemap-company.xml"), "sitemap.xsd"))
    assert company == ["http://testserver/pages/about-us/"]
    pages = locations(valid(client.get("/sitemap-pages.xml"), "sitemap.xsd"))
    assert "http://testserver/" in pages and "http://testserver/latest/" in pages


def test_google_news_sitemap(client, site, settings):
    document = valid(client.get("/sitemap-news.xml"), "news-sitemap.xsd")
    urls = document.xpath("//s:url", namespaces=NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        f"http://testserver{site['fresh'].get_absolute_url()}"  # 48 hours, not commercial, published
    ]
    news = urls[0].find("n:news", NS)
    assert news.findtext("n:publication/n:name", namespaces=NS) == settings.SITE_NAME
    assert news.findtext("n:publication/n:language", namespaces=NS) == "en"
    assert news.findtext("n:title", namespaces=NS) == "Oil & gas: “prices” <climb>"
    published = news.findtext("n:publication_date", namespaces=NS)
    assert published == timezone.localtime(site["fresh"].publish_at).isoformat()


def test_a_news_sitemap_without_recent_news_is_still_served(client, db):
    assert client.get("/sitemap-news.xml").status_code == 200


def test_empty_sitemaps_are_left_out_of_the_index(client, db):
    document = valid(client.get("/sitemap.xml"), "siteindex.xsd")
    assert locations(document) == ["http://testserver/sitemap-pages.xml"]


def test_large_sitemaps_are_paginated(client, site, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    document = valid(client.get("/sitemap.xml"), "siteindex.xsd")
    assert "http://testserver/sitemap-articles.xml?p=2" in locations(document)
    first = locations(valid(client.get("/sitemap-articles.xml"), "sitemap.xsd"))
    second = locations(valid(client.get("/sitemap-articles.xml?p=2"), "sitemap.xsd"))
    assert len(first) == len(second) == 2 and not set(first) & set(second)
    assert first[0] == f"http://testserver{site['old'].get_absolute_url()}"  # oldest first: pages stay put
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_names_the_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    for line in lines:
        if line.startswith("Sitemap: "):
            assert client.get(line.split("http://testserver", 1)[1]).status_code == 200


def test_awards_pages_are_listed_once_a_programme_is_published(client):
    from tests.portal.awards.data import make_programme

    assert not etree.fromstring(client.get("/sitemap-awards.xml").content).xpath("//s:loc", namespaces=NS)
    make_programme(2025, window="after", winners=2)
    make_programme(2026, window="open", winners=0)
    make_programme(2027, window="before", winners=1, published=False)
    document = valid(client.get("/sitemap-awards.xml"), "sitemap.xsd")
    paths = [loc.text.split("://", 1)[1].split("/", 1)[1] for loc in document.xpath("//s:loc", namespaces=NS)]
    assert paths[:7] == ["awards/", "awards/timetable/", "awards/nominate/", "awards/testimonials/", "awards/media/",
                         "awards/winners/", "awards/faq/"]  # fmt: skip
    assert paths[7:] == ["awards/winners/2025/"]  # only published years with winners
