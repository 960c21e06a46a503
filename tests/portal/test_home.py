"""The home page: top stories, latest news and each section's newest stories."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def headlines(doc, selector):
    return [" ".join(a.text_content().split()) for a in doc.cssselect(selector)]


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
    doc = lxml_html.fromstring(client.get("/").content)

    assert headlines(doc, ".top-stories h3 a") == ["The big story"]
    latest = headlines(doc, "#latest-title ~ ul .card__title a")
    assert latest[0] == "Finance news" and "The big story" not in latest
    sections = [" ".join(h.text_content().split()) for h in doc.cssselect("section h2.section-title a")]
    assert sections == ["Business", "Finance"]
    # Section blocks leave out what Top Stories and Latest News already show...
    assert latest == ["Finance news", "Archived"] + [a.headline for a in business_stories[:6]]
    business_block = headlines(doc, 'section[aria-labelledby="section-business"] .card__title a')
    assert business_block == [a.headline for a in business_stories[6:10]]
    above = headlines(doc, ".top-stories h3 a") + latest
    assert not set(above) & set(business_block), "no story twice"
    # ...but a quiet section whose stories are all shown above keeps its block.
    assert headlines(doc, 'section[aria-labelledby="section-finance"] .card__title a') == [finance_story.headline]
    page = doc.text_content()
    assert "Still a draft" not in page
    assert "View all Business posts" in " ".join(page.split())


def test_navigation_lists_sections_in_the_editors_order(client):
    CategoryFactory(name="Trading", slug="trading", navigation_order=3)
    CategoryFactory(name="Banking", slug="banking", navigation_order=1)
    CategoryFactory(name="Hidden", slug="hidden", show_in_navigation=False)
    doc = lxml_html.fromstring(client.get("/").content)
    # The wide-screen bar; the phone menu renders the same include (tests/portal/test_menus.py).
    assert headlines(doc, '.site-nav__desktop[aria-label="Sections"] a') == ["Home", "Banking", "Trading"]


def test_empty_site_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Nothing has been published yet." in response.content.decode()


def test_footer_copyright_runs_to_this_year(client):
    year = timezone.localdate().year
    assert f"Copyright © 2010-{year} Global Finance Review Ltd" in client.get("/").content.decode()
