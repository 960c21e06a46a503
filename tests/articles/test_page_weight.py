"""The reader pages' weight budget: a full article page's HTML, the one stylesheet, the fonts; no layout shift."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Article
from tests.factories import (
    ArticleDailyViewsFactory,
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    FAQFactory,
    ImageFactory,
    KeyTakeawayFactory,
)
from tests.html import parse
from tests.newsletter.factories import NewsletterListFactory

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
ARTICLE_HTML_BUDGET = 30_000  # bytes, uncompressed
CSS_BUDGET = 64_000
FONTS_BUDGET = 140_000


@pytest.fixture
def full_article():
    """A story with everything an article page can carry around it: two authors, tags, takeaways and FAQ,
    four related stories (shared tags), six more from its section; in the rail five Most read, Latest and the
    newsletter signup."""
    business = CategoryFactory(name="Business", slug="business")
    authors = [AuthorFactory(name="Andrew Osborn"), AuthorFactory(name="Grace Adeyemi")]
    paragraphs = "".join(
        f"<p>{'Markets weighed the outlook for supply, demand and prices. ' * 8}</p>" for _ in range(8)
    )
    tags = ["Oil", "Commodities", "Energy"]
    article = ArticleFactory(
        headline="Oil prices climb as supply talks stall",
        category=business,
        source="Reuters",
        body=paragraphs,
        hero_image=ImageFactory(),
        authors=authors,
        tags=tags,
    )
    for position in range(3):
        KeyTakeawayFactory(article=article, position=position, text=f"Takeaway number {position} for readers.")
        FAQFactory(article=article, position=position, question="Why did oil rise?", answer="Talks on output stalled.")
    NewsletterListFactory(name="Daily Headlines", is_default=True)
    for n in range(8):
        ArticleFactory(headline=f"Producers weigh output cut number {n}", category=business, hero_image=ImageFactory(),
                       tags=tags[:2])  # fmt: skip
    for views, story in enumerate(Article.objects.exclude(pk=article.pk)[:5], start=1):
        ArticleDailyViewsFactory(article=story, views=10 * views)
    return article


def test_an_article_page_fits_the_html_budget(client, full_article):
    response = client.get(full_article.get_absolute_url())
    assert response.status_code == 200
    doc = parse(response.content)
    assert len(doc.cssselect(".related .card")) == 4 and len(doc.cssselect(".more-from .card")) == 6
    assert doc.cssselect(".rail-latest li") and len(doc.cssselect(".rail .trending__item")) == 5
    assert doc.cssselect(".rail .nl-box")
    assert len(response.content) <= ARTICLE_HTML_BUDGET, f"{len(response.content)} bytes"


def test_the_first_render_needs_one_stylesheet_and_the_fonts(client, full_article):
    doc = parse(client.get(full_article.get_absolute_url()).content)
    assert [link.get("href") for link in doc.cssselect('link[rel="stylesheet"]')] == ["/static/css/site.css"]
    preloads = doc.cssselect('link[rel="preload"]')
    assert [(p.get("as"), p.get("crossorigin")) for p in preloads] == [("font", "")]
    # Scripts never block the first render.
    assert all(script.get("defer") is not None or script.get("type") == "application/ld+json"
               for script in doc.cssselect("script"))  # fmt: skip


def test_every_picture_reserves_its_space(client, full_article):
    doc = parse(client.get(full_article.get_absolute_url()).content)
    images = doc.cssselect("img")
    assert images
    for image in images:
        assert image.get("width") and image.get("height"), image.get("src")


def test_the_stylesheet_and_fonts_fit_their_budgets_and_swap_without_a_shift():
    css = (STATIC / "css" / "site.css").read_text()
    assert len(css.encode()) <= CSS_BUDGET
    fonts = sorted((STATIC / "fonts").glob("*.woff2"))
    assert 2 <= len(fonts) <= 4
    assert sum(font.stat().st_size for font in fonts) <= FONTS_BUDGET
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    web_faces = [face for face in faces if "woff2" in face]
    assert len(web_faces) == len(fonts)
    assert all("font-display: swap" in face and "unicode-range" in face for face in web_faces)
    fallbacks = [face for face in faces if "local(" in face]
    assert fallbacks and all("size-adjust" in face and "ascent-override" in face for face in fallbacks)
    for font in fonts:
        assert f"../fonts/{font.name}" in css
