"""The corrections feed (/corrections/feed/, RSS and Atom) and `correction` (CorrectionComment) in the JSON-LD."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CorrectionFactory
from tests.html import parse_ok

pytestmark = pytest.mark.django_db

FEEDS = {"rss": "/corrections/feed/", "atom": "/corrections/feed/atom/"}


@pytest.fixture
def corrected(section):
    story = ArticleFactory(category=section, slug="oil-prices-climb", headline="Oil prices climb <fast> & far")
    old = CorrectionFactory(
        article=story, text="An earlier version misstated the price.", published_at=timezone.now() - timedelta(days=1)
    )
    new = CorrectionFactory(article=story, kind="clarification", text="We clarified who said it.")
    draft = ArticleFactory(category=section, status=Article.Status.DRAFT, headline="Hidden draft")
    CorrectionFactory(article=draft, text="A correction of a draft.")
    return story, old, new


@pytest.mark.parametrize("fmt", FEEDS)
def test_the_corrections_feed_lists_corrections_of_live_stories_newest_first(client, corrected, fmt):
    story, old, new = corrected
    response = client.get(FEEDS[fmt])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml" if fmt == "rss" else "application/atom+xml")
    assert "public" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.endswith("corrections and clarifications")
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Clarification: Oil prices climb <fast> & far", "Correction: Oil prices climb <fast> & far"]
    first = feed.entries[0]
    assert first.summary == "We clarified who said it."
    history = reverse("articles:history", kwargs={"section": story.category.slug, "slug": story.slug})
    assert first.link == f"http://testserver{history}#correction-{new.pk}"
    assert first.id == f"tag:testserver,2010:correction:{new.pk}"
    assert "A correction of a draft." not in response.content.decode()


def test_the_rss_address_also_answers_with_its_name(client, corrected):
    assert client.get(reverse("articles:corrections_feed", kwargs={"fmt": "rss"})).status_code == 200
    assert client.get("/corrections/feed/xml/").status_code == 404


def test_the_corrections_feed_runs_a_fixed_number_of_queries(client, corrected, django_assert_num_queries, section):
    client.get(FEEDS["rss"])
    for n in range(10):
        CorrectionFactory(article=ArticleFactory(category=section), text=f"Fix {n}.")
    with django_assert_num_queries(1):
        assert client.get(FEEDS["rss"]).status_code == 200


def test_a_new_correction_purges_the_cached_feed_and_history(
    client, corrected, page_cache, django_capture_on_commit_callbacks
):
    story = corrected[0]
    history = reverse("articles:history", kwargs={"section": story.category.slug, "slug": story.slug})
    urls = [FEEDS["rss"], FEEDS["atom"], history]
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "MISS"
        assert client.get(url)["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionFactory(article=story, text="A third fix.")
    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "MISS" and "A third fix." in response.content.decode()


def test_the_article_json_ld_carries_its_corrections(client, corrected):
    story, old, new = corrected
    page = parse_ok(client.get(story.get_absolute_url()))
    blocks = [json.loads(s.text) for s in page.cssselect('script[type="application/ld+json"]')]
    article = next(b for b in blocks if b["@type"] == "ReportageNewsArticle")
    comments = article["correction"]
    assert [c["@type"] for c in comments] == ["CorrectionComment", "CorrectionComment"]
    assert comments[0]["text"] == "Correction: An earlier version misstated the price."
    assert comments[1]["text"] == "Clarification: We clarified who said it."
    assert comments[0]["datePublished"][:10] == old.published_at.date().isoformat()
    assert comments[1]["url"].endswith(f"/changes/#correction-{new.pk}")


def test_an_article_without_corrections_has_no_correction_property(client, section):
    story = ArticleFactory(category=section)
    page = parse_ok(client.get(story.get_absolute_url()))
    data = json.loads(page.cssselect('script[type="application/ld+json"]')[0].text)
    assert "correction" not in data


def test_the_corrections_page_announces_the_feed(client, corrected):
    page = parse_ok(client.get(reverse("articles:corrections")))
    feeds = page.xpath('//head/link[@rel="alternate"]/@href')
    assert FEEDS["rss"] in feeds and FEEDS["atom"] in feeds


def test_a_substantive_update_purges_the_cached_history(
    client, corrected, page_cache, django_capture_on_commit_callbacks
):
    from articles.services import article_record_update

    story = corrected[0]
    history = reverse("articles:history", kwargs={"section": story.category.slug, "slug": story.slug})
    client.get(history)
    assert client.get(history)["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        article_record_update(article=story, note="New figures from the regulator.")
    response = client.get(history)
    assert response["X-Page-Cache"] == "MISS" and "New figures from the regulator." in response.content.decode()
