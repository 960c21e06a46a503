"""Reader pages: what a reader sees, status codes and redirects."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, FAQFactory, KeyTakeawayFactory
from tests.html import parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_article(article):
    article.updated_at = article.publish_at + timedelta(hours=3)
    article.save()
    KeyTakeawayFactory(article=article, text="Oil rose for a third day.")
    FAQFactory(article=article, question="Why did oil rise?", answer="Supply talks stalled.")
    for n in range(3):
        ArticleFactory(category=article.category, publish_at=article.publish_at - timedelta(days=n + 1))
    ArticleFactory(category=article.category, publish_at=article.publish_at + timedelta(minutes=10))
    return article


def test_article_page_shows_every_part_in_order(client, full_article):
    response = client.get(full_article.get_absolute_url())
    assert response.status_code == 200
    doc = parse(response)
    crumbs = [text(li) for li in doc.cssselect('nav[aria-label="Breadcrumb"] li')]
    assert crumbs == ["Home", "Business", full_article.headline]
    assert [text(h) for h in doc.cssselect("h1")] == [full_article.headline]
    body = text(doc.cssselect("main")[0])
    expected_order = [
        "Published by Global Finance Review",
        "Posted on",
        "Last updated:",
        "1 min read",
        "Commodities",
        "Quick Summary",
        "By Andrew Osborn (Reuters)",
        "Stocks rose on Monday.",
        "Key Takeaways",
        "Oil rose for a third day.",
        "Frequently Asked Questions",
        "Why did oil rise?",
        "More from Business",
        "View all Business posts",
        "Previous post",
        "Next post",
    ]
    cursor = body.index(full_article.headline, body.index("Business"))
    for part in expected_order:  # each part comes after the one before it
        found = body.find(part, cursor)
        assert found != -1, f"{part!r} missing or out of the seed portal's order"
        cursor = found + len(part)
    times = doc.cssselect(".story__dates time")
    assert [t.get("datetime")[:10] for t in times] == [
        full_article.publish_at.isoformat()[:10],
        full_article.updated_at.isoformat()[:10],
    ]
    hero = doc.cssselect(".story__hero img")[0]
    assert hero.get("alt") == full_article.hero_image.alt_text
    assert hero.get("srcset") and hero.get("sizes") and hero.get("width") and hero.get("height")
    assert doc.cssselect('.story__hero source[type="image/webp"]')[0].get("srcset")
    assert [a.get("href") for a in doc.cssselect(".story__tags a")] == ["/tags/commodities/", "/tags/oil/"]
    assert len(doc.cssselect(".more-from .card")) == 4
    assert doc.cssselect('a[rel="prev"]') and doc.cssselect('a[rel="next"]')


def test_empty_parts_are_left_out(client, section):
    bare = ArticleFactory(category=section, summary="Short.")
    doc = parse(client.get(bare.get_absolute_url()))
    content = text(doc.cssselect("main")[0])
    for absent in ("Key Takeaways", "Frequently Asked Questions", "More from", "Last updated", "Previous post", "By "):
        assert absent not in content
    assert not doc.cssselect(".story__hero, .story__tags")


def test_drafts_and_scheduled_articles_are_404_for_readers(client, section):
    draft = ArticleFactory(category=section, status=Article.Status.DRAFT)
    scheduled = ArticleFactory(category=section, publish_at=timezone.now() + timedelta(days=1))
    for article in (draft, scheduled):
        assert client.get(article.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    section_page = client.get(section.get_absolute_url()).content.decode()
    for article in (draft, scheduled):
        assert article.headline not in home
        assert article.headline not in section_page


def test_editor_sees_a_draft_with_a_preview_banner(editor_client, section):
    draft = ArticleFactory(category=section, status=Article.Status.DRAFT)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: not published." in response.content.decode()
    assert 'content="noindex, nofollow"' in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_published_page_is_cacheable_for_readers(client, article):
    response = client.get(article.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "Preview" not in response.content.decode()


def test_old_slug_and_wrong_section_redirect_permanently(client, article):
    old_url = article.get_absolute_url()
    article = Article.objects.get(pk=article.pk)
    article.slug = "oil-prices-climb-again"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    moved = CategoryFactory(name="Trading", slug="trading")
    response = client.get(reverse("articles:article", kwargs={"section": moved.slug, "slug": article.slug}))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get("/business/no-such-story/").status_code == 404


def test_section_page_lists_newest_first_with_pagination(client, section):
    now = timezone.now()
    articles = [ArticleFactory(category=section, publish_at=now - timedelta(hours=n + 1)) for n in range(25)]
    child = CategoryFactory(name="Mergers", slug="mergers", parent=section)
    child_story = ArticleFactory(category=child, publish_at=now - timedelta(minutes=30))
    doc = parse(client.get(section.get_absolute_url()))
    titles = [text(a) for a in doc.cssselect(".card__title a")]
    assert titles[0] == child_story.headline  # sub-sections' stories are included
    assert titles[1:] == [a.headline for a in articles[:19]]
    assert "Page 1 of 2" in text(doc)
    second = parse(client.get(section.get_absolute_url() + "?page=2"))
    assert [text(a) for a in second.cssselect(".card__title a")] == [a.headline for a in articles[19:]]
    assert client.get(section.get_absolute_url() + "?page=3").status_code == 404
    assert client.get(section.get_absolute_url() + "?page=abc").status_code == 404
    assert client.get("/no-such-section/").status_code == 404


def test_tag_pages_and_index(client, article):
    ArticleFactory(category=article.category, status=Article.Status.DRAFT, tags=["Secret"])
    doc = parse(client.get(reverse("articles:tag", kwargs={"slug": "oil"})))
    assert "Oil" in text(doc.cssselect("h1")[0])
    assert article.headline in text(doc)
    index = text(parse(client.get(reverse("articles:tags"))))
    assert "Oil" in index and "Commodities" in index
    assert "Secret" not in index  # a tag used only by a draft is not listed
    assert client.get(reverse("articles:tag", kwargs={"slug": "no-such-tag"})).status_code == 404


def test_author_page_lists_their_published_articles(client, article, author):
    other = AuthorFactory(name="Someone Else")
    ArticleFactory(category=article.category, authors=[other], headline="Not theirs")
    doc = parse(client.get(author.get_absolute_url()))
    assert text(doc.cssselect("h1")[0]) == "Andrew Osborn"
    assert article.headline in text(doc)
    assert "Not theirs" not in text(doc)


def test_404_page_is_in_the_site_style(client, db):
    response = client.get("/nothing/here/at/all/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert "site-header" in response.content.decode()


def test_no_link_leads_to_a_missing_page(client, full_article):
    """Every internal link on home, section and article pages answers 200 (or a redirect)."""
    seen = set()
    for url in ("/", full_article.category.get_absolute_url(), full_article.get_absolute_url()):
        for href in parse(client.get(url)).xpath("//a/@href"):
            if href.startswith("/") and not href.startswith("/admin") and href not in seen:
                seen.add(href)
                assert client.get(href).status_code in (200, 301, 302), href
    assert len(seen) > 10


@pytest.mark.parametrize("name", ["São Paulo", "Zürich", "日本経済"])
def test_tags_with_accents_or_other_scripts_have_working_pages(client, article, name):
    article.tags.add(name)
    page_html = client.get(article.get_absolute_url())
    assert page_html.status_code == 200
    href = next(a.get("href") for a in parse(page_html).cssselect(".story__tags a") if text(a) == name)
    tag_page = client.get(href)
    assert tag_page.status_code == 200 and article.headline in tag_page.content.decode()
    assert client.get(reverse("articles:tags")).status_code == 200


def test_a_tag_used_only_by_unpublished_stories_is_404(client, section):
    ArticleFactory(category=section, publish_at=timezone.now() + timedelta(days=1), tags=["Scheduling"])
    ArticleFactory(category=section, status=Article.Status.DRAFT, tags=["Scheduling"])
    response = client.get(reverse("articles:tag", kwargs={"slug": "scheduling"}))
    assert response.status_code == 404


def test_tag_index_is_alphabetical_regardless_of_case(client, section):
    ArticleFactory(category=section, tags=["ESG", "Earnings", "inflation", "IPOs"])
    names = [text(a).split()[0] for a in parse(client.get(reverse("articles:tags"))).cssselect(".tag-cloud a")]
    assert names == ["Earnings", "ESG", "inflation", "IPOs"]


def test_a_null_byte_in_the_address_is_a_400(client, article):
    for url in ("/?page=%00", f"{article.category.get_absolute_url()}?page=1%00", "/tags/?q=%00"):
        assert client.get(url).status_code == 400, url


def test_first_page_links_to_the_plain_address(client, section):
    ArticleFactory.create_batch(21, category=section)
    doc = parse(client.get(section.get_absolute_url() + "?page=2"))
    assert doc.cssselect('a[rel="prev"]')[0].get("href") == section.get_absolute_url()
