"""The home page: top stories, latest news and each section's newest stories."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory
from tests.html import parse, text, texts

pytestmark = pytest.mark.django_db


def test_home_shows_top_stories_latest_and_sections(client):
    now = timezone.now()
    business = CategoryFactory(name="Business", slug="business", navigation_order=1)
    finance = CategoryFactory(name="Finance", slug="finance", navigation_order=2)
    hidden = CategoryFactory(name="Archive", slug="archive", show_in_navigation=False)
    ArticleFactory(category=business, headline="The big story", is_top_story=True, publish_at=now - timedelta(hours=5))
    business_stories = [
        ArticleFactory(category=business, headline=f"Business {n}", publish_at=now - timedelta(hours=n + 6))
        for n in range(14)
    ]
    finance_story = ArticleFactory(category=finance, headline="Finance news", publish_at=now - timedelta(minutes=30))
    ArticleFactory(category=hidden, headline="Archived", publish_at=now - timedelta(hours=1))
    ArticleFactory(category=business, headline="Still a draft", status=Article.Status.DRAFT)
    doc = parse(client.get("/"))

    assert texts(doc, ".top-stories h3 a") == ["The big story"]
    latest = texts(doc, "#latest-title ~ ul .card__title a")
    assert latest[0] == "Finance news" and "The big story" not in latest
    sections = texts(doc, "section h2.section-title a")
    assert sections == ["Business", "Finance"]
    # Section blocks leave out what Top Stories and Latest News already show...
    assert latest == ["Finance news", "Archived"] + [a.headline for a in business_stories[:6]]
    business_block = texts(doc, 'section[aria-labelledby="section-business"] .card__title a')
    assert business_block == [a.headline for a in business_stories[6:10]]
    above = texts(doc, ".top-stories h3 a") + latest
    assert not set(above) & set(business_block), "no story twice"
    # ...but a quiet section whose stories are all shown above keeps its block.
    assert texts(doc, 'section[aria-labelledby="section-finance"] .card__title a') == [finance_story.headline]
    page = doc.text_content()
    assert "Still a draft" not in page
    assert "View all Business posts" in text(doc)


def test_navigation_lists_sections_in_the_editors_order(client):
    CategoryFactory(name="Trading", slug="trading", navigation_order=3)
    CategoryFactory(name="Banking", slug="banking", navigation_order=1)
    CategoryFactory(name="Hidden", slug="hidden", show_in_navigation=False)
    doc = parse(client.get("/"))
    # The wide-screen bar; the phone menu renders the same include (tests/portal/test_menus.py).
    assert texts(doc, '.site-nav__desktop[aria-label="Sections"] a') == ["Home", "Banking", "Trading"]


def test_empty_site_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Nothing has been published yet." in response.content.decode()


def test_footer_copyright_runs_to_this_year(client):
    year = timezone.localdate().year
    assert f"Copyright © 2010-{year} Global Finance Review Ltd" in client.get("/").content.decode()


def test_top_stories_is_one_block_even_with_a_top_stories_section(client):
    now = timezone.now()
    top = CategoryFactory(name="Top Stories", slug="top-stories", navigation_order=1)
    business = CategoryFactory(name="Business", slug="business", navigation_order=2)
    ArticleFactory(category=business, headline="The lead", is_top_story=True, publish_at=now - timedelta(hours=1))
    for n in range(12):
        ArticleFactory(category=top, headline=f"Top {n}", publish_at=now - timedelta(hours=n + 2))
        ArticleFactory(category=business, headline=f"Business {n}", publish_at=now - timedelta(hours=n + 2))
    doc = parse(client.get("/"))
    titles = texts(doc, "main h2")
    assert titles.count("Top Stories") == 1, titles
    assert titles[0] == "Top Stories" and "Business" in titles
    link = doc.cssselect(".top-stories .more-link a")[0]
    assert (text(link), link.get("href")) == ("View all Top Stories posts", "/top-stories/")


def test_a_top_stories_section_keeps_its_block_when_nothing_is_marked_top(client):
    top = CategoryFactory(name="Top Stories", slug="top-stories", navigation_order=1)
    ArticleFactory(category=top, headline="Only story")
    doc = parse(client.get("/"))
    assert texts(doc, "main h2").count("Top Stories") == 1
    assert not doc.cssselect(".top-stories")
