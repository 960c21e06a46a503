"""What a page tells search engines and social networks: canonical URL,
description, Open Graph, Twitter card, and JSON-LD (NewsArticle, BreadcrumbList,
FAQPage, Organization, WebSite) with the properties Google documents as
required or recommended."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    DisclosureFactory,
    FAQFactory,
    ImageFactory,
    jpeg_bytes,
)
from tests.html import parse_ok

pytestmark = pytest.mark.django_db


def json_ld(doc):
    """Every JSON-LD block of the page, parsed, by @type."""
    blocks = {}
    for script in doc.cssselect('script[type="application/ld+json"]'):
        data = json.loads(script.text)
        blocks.setdefault(data["@type"], []).append(data)
        assert data["@context"] == "https://schema.org"
    return blocks


def meta(doc, key):
    found = doc.xpath(f'//head/meta[@property="{key}" or @name="{key}"]/@content')
    return found if len(found) != 1 else found[0]


@pytest.fixture
def story(db):
    now = timezone.now().replace(microsecond=0)
    author = AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    second = AuthorFactory(name="Polina Devitt", slug="polina-devitt")
    article = ArticleFactory(
        headline="Oil prices climb as supply talks stall",
        slug="oil-prices-climb",
        category=CategoryFactory(name="Business", slug="business"),
        source="Reuters",
        summary="Oil rose after producers failed to agree output quotas.",
        hero_image=ImageFactory(file=ContentFile(jpeg_bytes(1600, 900), name="tankers.jpg"), alt_text="Tankers"),
        authors=[author, second],
        tags=["Oil", "Commodities"],
        publish_at=now - timedelta(hours=5),
        updated_at=now - timedelta(hours=1),
    )
    FAQFactory(article=article, question="Why did oil rise?", answer="Talks on output stalled.")
    FAQFactory(article=article, question="What next?", answer="Producers meet in March.")
    return article


def test_news_article_has_what_google_asks_for(client, story):
    doc = parse_ok(client.get(story.get_absolute_url()))
    (data,) = json_ld(doc)["ReportageNewsArticle"]
    url = f"http://testserver{story.get_absolute_url()}"
    assert data["headline"] == story.headline and data["mainEntityOfPage"]["@id"] == url
    # Required/recommended by Google: image(s) at least 1200 px wide where possible.
    (image,) = data["image"]
    assert image["url"].startswith("http://testserver/media/") and image["width"] == 1200
    # Dates: ISO 8601 with a time zone; dateModified is the visible "Last updated".
    visible = doc.cssselect(".story__dates time")
    assert data["datePublished"] == visible[0].get("datetime")
    assert data["dateModified"] == visible[1].get("datetime")
    assert timezone.datetime.fromisoformat(data["dateModified"]) == story.updated_at
    assert data["author"] == [
        {"@type": "Person", "name": "Andrew Osborn", "url": "http://testserver/authors/andrew-osborn/"},
        {"@type": "Person", "name": "Polina Devitt", "url": "http://testserver/authors/polina-devitt/"},
    ]
    assert data["sourceOrganization"] == {"@type": "Organization", "name": "Reuters"}
    publisher = data["publisher"]
    assert publisher["name"] == "Global Finance Review"
    assert publisher["logo"]["url"] == "http://testserver/static/img/logo-512.png"
    assert client.get("/static/img/logo-512.png").status_code == 200
    assert data["articleSection"] == "Business"
    assert data["keywords"] == ["Commodities", "Oil"]
    assert data["isAccessibleForFree"] is True
    assert data["description"] == story.summary


def test_an_article_never_updated_is_modified_when_published(client, story):
    story.updated_at = None
    story.save()
    doc = parse_ok(client.get(story.get_absolute_url()))
    (data,) = json_ld(doc)["ReportageNewsArticle"]
    assert data["dateModified"] == data["datePublished"]
    assert meta(doc, "article:modified_time") == meta(doc, "article:published_time") == data["datePublished"]


def test_commercial_content_is_not_presented_as_news(client, story):
    story.disclosures.add(DisclosureFactory())
    doc = parse_ok(client.get(story.get_absolute_url()))
    blocks = json_ld(doc)
    assert "ReportageNewsArticle" not in blocks
    (data,) = blocks["AdvertiserContentArticle"]
    assert data["backstory"].startswith("Sponsored: A sponsor paid for this article.")
    assert data["headline"] == story.headline and data["publisher"]["name"]


def test_breadcrumb_list_matches_the_visible_breadcrumb(client, story):
    for url in (story.get_absolute_url(), "/business/", "/tags/oil/", "/authors/andrew-osborn/", "/latest/"):
        doc = parse_ok(client.get(url))
        visible = [(a.text_content().strip(), f"http://testserver{a.get('href')}")
                   for a in doc.cssselect('nav[aria-label="Breadcrumb"] a')]  # fmt: skip
        (data,) = json_ld(doc)["BreadcrumbList"]
        items = data["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert [(i["name"], i["item"]) for i in items] == visible, url


def test_faq_page(client, story):
    (data,) = json_ld(parse_ok(client.get(story.get_absolute_url())))["FAQPage"]

    def question(name, answer):
        return {"@type": "Question", "name": name, "acceptedAnswer": {"@type": "Answer", "text": answer}}

    assert data["mainEntity"] == [
        question("Why did oil rise?", "Talks on output stalled."),
        question("What next?", "Producers meet in March."),
    ]


def test_home_page_describes_the_publisher_and_its_search(client, story):
    blocks = json_ld(parse_ok(client.get("/")))
    (organization,) = blocks["NewsMediaOrganization"]
    assert organization["name"] == "Global Finance Review" and organization["url"] == "http://testserver/"
    assert organization["logo"]["url"].endswith("/static/img/logo-512.png")
    assert organization["correctionsPolicy"] == "http://testserver/corrections/"
    (website,) = blocks["WebSite"]
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert (
        client.get(template.replace("{search_term_string}", "oil").replace("http://testserver", "")).status_code == 200
    )


def test_open_graph_and_twitter_card_for_an_article(client, story):
    doc = parse_ok(client.get(story.get_absolute_url() + "?utm_source=newsletter&fbclid=abc"))
    url = f"http://testserver{story.get_absolute_url()}"
    assert doc.cssselect('link[rel="canonical"]')[0].get("href") == url  # tracking parameters dropped
    assert meta(doc, "description") == story.summary
    assert meta(doc, "og:type") == "article" and meta(doc, "og:url") == url
    assert meta(doc, "og:title") == story.headline and meta(doc, "og:description") == story.summary
    assert meta(doc, "og:image").endswith("-1200.jpg") and meta(doc, "og:image:width") == "1200"
    assert meta(doc, "og:image:height") == "675" and meta(doc, "og:image:alt") == "Tankers"
    assert meta(doc, "article:published_time") == timezone.localtime(story.publish_at).isoformat()
    assert meta(doc, "article:modified_time") == timezone.localtime(story.updated_at).isoformat()
    assert meta(doc, "article:section") == "Business"
    assert meta(doc, "article:tag") == ["Commodities", "Oil"]
    assert meta(doc, "article:author") == [
        "http://testserver/authors/andrew-osborn/",
        "http://testserver/authors/polina-devitt/",
    ]
    assert meta(doc, "twitter:card") == "summary_large_image"
    assert meta(doc, "twitter:image:alt") == "Tankers"  # X takes title, text and picture from Open Graph


@pytest.mark.parametrize(
    "url", ["/", "/business/", "/tags/oil/", "/authors/andrew-osborn/", "/latest/", "/trending/", "/search/?q=oil"]
)
def test_every_page_has_canonical_description_and_social_tags(client, story, url):
    doc = parse_ok(client.get(url))
    canonical = doc.cssselect('link[rel="canonical"]')[0].get("href")
    assert canonical.startswith("http://testserver/")
    assert meta(doc, "description")
    assert meta(doc, "og:url") == canonical and meta(doc, "og:title") and meta(doc, "og:image").startswith("http")
    assert meta(doc, "twitter:card") == "summary_large_image"


def test_canonical_keeps_the_page_number_only(client, story):
    ArticleFactory.create_batch(25, category=story.category)
    doc = parse_ok(client.get("/business/?page=2&utm_campaign=x&ref=y"))
    assert doc.cssselect('link[rel="canonical"]')[0].get("href") == "http://testserver/business/?page=2"
    doc = parse_ok(client.get("/business/?page=1"))
    assert doc.cssselect('link[rel="canonical"]')[0].get("href") == "http://testserver/business/"


def test_json_ld_cannot_break_out_of_its_script(client, story):
    story.headline = "Bad </script><script>alert(1)</script> & <!-- headline"
    story.save()
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert "</script><script>alert(1)" not in html
    (data,) = json_ld(parse_ok(response))["ReportageNewsArticle"]
    assert data["headline"] == story.headline


def test_previews_carry_no_structured_data(editor_client, story):
    story.publish_at = timezone.now() + timedelta(days=1)
    story.save()
    doc = parse_ok(editor_client.get(story.get_absolute_url()))
    assert "ReportageNewsArticle" not in json_ld(doc)
    assert meta(doc, "robots") == "noindex, nofollow"


def test_the_default_social_image_exists(client, db):
    doc = parse_ok(client.get(reverse("articles:latest")))
    assert meta(doc, "og:image") == "http://testserver/static/img/social-card.png"
    assert client.get("/static/img/social-card.png").status_code == 200
