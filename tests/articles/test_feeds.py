"""RSS and Atom feeds: parsed by feedparser without complaint, complete items,
disclosure labels, images, only published stories, a fixed number of queries."""

from datetime import timedelta

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    DisclosureFactory,
    ImageFactory,
    jpeg_bytes,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom"]


@pytest.fixture
def desk(db):
    business = CategoryFactory(name="Business", slug="business")
    author = AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    now = timezone.now().replace(microsecond=0)
    story = ArticleFactory(
        headline="Oil prices climb as supply talks stall",
        slug="oil-prices-climb",
        category=business,
        source="Reuters",
        summary="Oil rose after producers failed to agree; P/E < 10 & falling.",
        hero_image=ImageFactory(
            file=ContentFile(jpeg_bytes(1600, 900), name="tankers.jpg"), alt_text="Tankers at dusk"
        ),
        authors=[author],
        tags=["Oil", "Commodities"],
        publish_at=now - timedelta(hours=3),
        updated_at=now - timedelta(hours=1),
    )
    sponsored = ArticleFactory(
        headline="Partner bank launches a savings app", category=business, publish_at=now - timedelta(hours=2)
    )
    sponsored.disclosures.add(DisclosureFactory())
    ArticleFactory(headline="Secret draft", category=business, status=Article.Status.DRAFT, tags=["Oil"])
    ArticleFactory(headline="Embargoed story", category=business, publish_at=now + timedelta(hours=2), tags=["Oil"])
    return {"section": business, "author": author, "story": story, "sponsored": sponsored}


def feeds(desk):
    return {
        "site": lambda fmt: reverse("articles:feed", args=[fmt]),
        "section": lambda fmt: reverse("articles:section_feed", args=["business", fmt]),
        "tag": lambda fmt: reverse("articles:tag_feed", args=["oil", fmt]),
        "author": lambda fmt: reverse("articles:author_feed", args=["andrew-osborn", fmt]),
    }


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, f"{url}: {parsed.get('bozo_exception')}"
    return response, parsed


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scope", ["site", "section", "tag", "author"])
def test_every_feed_parses_and_lists_only_published_stories(client, desk, scope, fmt):
    response, parsed = parse_feed(client, feeds(desk)[scope](fmt))
    assert response["Content-Type"].startswith("application/rss+xml" if fmt == "rss" else "application/atom+xml")
    assert "public" in response["Cache-Control"]
    titles = [e.title for e in parsed.entries]
    assert desk["story"].headline in titles
    assert not {"Secret draft", "Embargoed story"} & set(titles)
    assert parsed.feed.title.endswith("Global Finance Review") or "Global Finance Review" in parsed.feed.title


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_item_is_complete(client, desk, fmt):
    _, parsed = parse_feed(client, reverse("articles:feed", args=[fmt]))
    entry = next(e for e in parsed.entries if e.title == desk["story"].headline)
    story = desk["story"]
    assert entry.link == f"http://testserver{story.get_absolute_url()}"
    assert entry.id == f"tag:testserver,2010:article:{story.pk}"
    assert entry.author == "Andrew Osborn"
    assert {t.term for t in entry.tags} == {"News", "Business", "Oil", "Commodities"}  # its type of work first
    assert entry.published_parsed[:5] == story.publish_at.utctimetuple()[:5]
    if fmt == "atom":
        assert entry.updated_parsed[:5] == story.updated_at.utctimetuple()[:5]
        assert entry.author_detail.href == f"http://testserver{desk['author'].get_absolute_url()}"
    # The summary is text, escaped once for HTML: "<" and "&" arrive as characters.
    assert parse(f"<p>{entry.summary}</p>").text_content() == story.summary
    media = entry.media_content[0]
    assert media["url"].startswith("http://testserver/media/renditions/") and media["url"].endswith("-1200.jpg")
    assert (media["width"], media["height"], media["medium"]) == ("1200", "675", "image")
    enclosure = entry.enclosures[0]
    assert enclosure.href == media["url"] and enclosure.type == "image/jpeg" and int(enclosure.length) > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_commercial_items_carry_their_label(client, desk, fmt):
    _, parsed = parse_feed(client, reverse("articles:feed", args=[fmt]))
    entry = next(e for e in parsed.entries if desk["sponsored"].headline in e.title)
    assert entry.title == f"Sponsored: {desk['sponsored'].headline}"
    assert entry.summary.startswith("Sponsored: A sponsor paid for this article.")


def test_a_wire_section_default_disclosure_reaches_the_feed(client, desk):
    from tests.factories import DisclosureFactory as Disclosures

    wire = Disclosures(name="Agency copy", slug="agency-copy", label="Agency copy", is_commercial=False,
                       explanation="Published as the agency filed it.")  # fmt: skip
    headlines = CategoryFactory(name="Headlines", slug="headlines", default_disclosure=wire)
    ArticleFactory(headline="Wire story", category=headlines)
    _, parsed = parse_feed(client, reverse("articles:section_feed", args=["headlines", "rss"]))
    assert parsed.entries[0].title == "Wire story"  # not commercial: the title stays
    assert parsed.entries[0].summary.startswith("Agency copy: Published as the agency filed it.")


def test_unknown_subjects_are_404(client, desk):
    for url in (
        reverse("articles:section_feed", args=["nowhere", "rss"]),
        reverse("articles:author_feed", args=["nobody", "atom"]),
        reverse("articles:tag_feed", args=["no-such-tag", "rss"]),
        "/feeds/json/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_tag_on_unpublished_stories_only_has_no_feed(client, desk):
    ArticleFactory(category=desk["section"], status=Article.Status.DRAFT, tags=["Embargo"])
    assert client.get(reverse("articles:tag_feed", args=["embargo", "rss"])).status_code == 404


def test_pages_link_their_feeds(client, desk):
    def alternates(url):
        page = parse(client.get(url))
        return {(link.get("type"), link.get("href")) for link in page.cssselect('head link[rel="alternate"]')}

    site = {("application/rss+xml", "/feeds/rss/"), ("application/atom+xml", "/feeds/atom/")}
    assert site <= alternates("/")
    assert site | {("application/rss+xml", "/feeds/sections/business/rss/")} <= alternates("/business/")
    assert ("application/atom+xml", "/feeds/tags/oil/atom/") in alternates("/tags/oil/")
    assert ("application/rss+xml", "/feeds/authors/andrew-osborn/rss/") in alternates("/authors/andrew-osborn/")
    assert ("application/rss+xml", "/feeds/sections/business/rss/") in alternates(desk["story"].get_absolute_url())
    for _type, href in alternates("/business/"):
        assert client.get(href).status_code == 200, href


def test_a_feed_holds_the_newest_thirty(client, desk, settings):
    ArticleFactory.create_batch(35, category=desk["section"])
    _, parsed = parse_feed(client, reverse("articles:feed", args=["rss"]))
    assert len(parsed.entries) == settings.FEED_ITEMS == 30


@pytest.mark.parametrize("scope", ["section", "author"])
def test_a_name_with_markup_is_text_in_the_channel_description_as_in_the_items(client, scope):
    """The channel's description reached readers that render HTML as live markup; items were escaped."""
    markup = '<img src=x onerror="alert(1)"> & <b>Co</b>'
    section = CategoryFactory(name=markup, slug="markup-desk")
    author = AuthorFactory(name=markup, slug="markup-writer")
    ArticleFactory(category=section, authors=[author], summary="<i>Summary</i> with markup")
    url = reverse(f"articles:{scope}_feed", args=["markup-desk" if scope == "section" else "markup-writer", "rss"])
    feed = etree.fromstring(client.get(url).content)
    channel = feed.find("channel").findtext("description")
    item = feed.find("channel/item").findtext("description")
    assert "<img" not in channel and "&lt;img" in channel and "&amp; &lt;b&gt;Co" in channel
    assert "<i>" not in item and "&lt;i&gt;" in item, "items were already right: the channel now matches"
