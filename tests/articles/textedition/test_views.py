"""The text-only edition: small plain pages with the labels, corrections and honest dates of the full ones."""

import gzip
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    ArticleVideoFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    DisclosureFactory,
    FAQFactory,
    KeyTakeawayFactory,
)
from tests.html import parse, parse_ok, text, texts

pytestmark = pytest.mark.django_db

BUDGET = 14 * 1024
SECTIONS = (
    "Top Stories", "Interviews", "Business", "Finance", "Banking", "Technology", "Investing", "Trading",
    "Videos", "Awards", "Magazines", "Headlines", "Trends",
)  # fmt: skip
PARAGRAPH = (
    "Central bankers in Frankfurt signalled on Thursday that borrowing costs would stay on hold for longer than "
    "markets had expected, as wage growth across the euro zone held firm and services inflation refused to ease, "
    "leaving traders to push back their bets on the first cut of the year to the autumn."
)  # 50 words


def text_url(article):
    return reverse("textedition:article", kwargs={"section": article.category.slug, "slug": article.slug})


def assert_plain_and_small(response):
    """The budget, and nothing that costs another request or needs a style or script the CSP would refuse."""
    assert response.status_code == 200
    assert len(response.content) < BUDGET, len(response.content)
    doc = parse(response)
    assert not doc.cssselect("img, picture, svg, video, iframe, script, style, link[rel=stylesheet], [style]")
    assert b"<script" not in response.content and b"style=" not in response.content
    return doc


@pytest.fixture
def sponsored():
    return DisclosureFactory(name="Sponsored content", label="Sponsored", explanation="A sponsor paid for this.")


def long_article(sponsored):
    """A realistic long read: 1,500 words under subheadings, three bylines, every extra filled in."""
    section = CategoryFactory(name="Banking", slug="banking")
    body = "".join(
        (f"<h2>What the bank said, part {n}</h2>" if n % 5 == 4 else "") + f"<p>{PARAGRAPH}</p>" for n in range(30)
    )
    now = timezone.now()
    # Posted and updated the same day in the newsroom's time zone, even just after midnight.
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    posted = max(now - timedelta(minutes=50), midnight)
    updated = max(now - timedelta(minutes=5), min(posted + timedelta(seconds=1), now))
    article = ArticleFactory(
        headline="Euro zone rate cut hopes fade as wage growth keeps services inflation stubbornly high",
        slug="euro-zone-rate-cut-hopes-fade-as-wage-growth-keeps-services-inflation-high",
        category=section,
        source="Reuters",
        body=body + "<blockquote><p>We are not there yet.</p></blockquote>",
        publish_at=posted,
        updated_at=updated,
        authors=[AuthorFactory(name=name) for name in ("Andrew Osborn", "Francesco Canepa", "Balazs Koranyi")],
    )
    article.disclosures.set([sponsored])
    for n in range(5):
        KeyTakeawayFactory(article=article, text=f"Markets now price the first cut for September, point {n}.")
        FAQFactory(article=article, question=f"What does a pause mean for mortgages, case {n}?", answer=PARAGRAPH)
    CorrectionFactory(article=article, kind="correction", text="An earlier version misstated the wage figure.")
    return article


def test_an_article_reads_in_full_under_the_budget_with_labels_dates_and_corrections(client, sponsored):
    article = long_article(sponsored)
    assert len(article.body.split()) > 1500
    response = client.get(text_url(article))
    doc = assert_plain_and_small(response)
    assert texts(doc, "h1") == [article.headline]
    page = text(doc)
    assert "By Andrew Osborn, Balazs Koranyi and Francesco Canepa (Reuters)" in page, page[:600]
    assert "(Reuters) - Central bankers in Frankfurt" in page  # the dateline, as on the full page
    assert "Sponsored: A sponsor paid for this." in page
    assert "Correction" in texts(doc, "#corrections + ul strong")
    assert "An earlier version misstated the wage figure." in page
    assert "Markets now price the first cut for September, point 4." in page
    # Updated the day it was posted: both times, as on the full page.
    times = doc.cssselect("time")
    assert "Last updated:" in page and ":" in text(times[1])
    assert times[1].get("datetime")[:16] == timezone.localtime(article.updated_at).isoformat()[:16]
    full = doc.cssselect("header a")[1]
    assert full.get("href") == article.get_absolute_url() and "full version" in text(full)
    assert doc.cssselect("link[rel=canonical]")[0].get("href") == article.get_absolute_url()
    # The label keys and the article's own are declared, so the page cache purges this page with them.
    keys = set(response["Surrogate-Key"].split())
    assert {f"article-{article.pk}", f"disclosure-{sponsored.pk}", f"section-{article.category_id}"} <= keys


def test_a_video_story_points_to_its_video_on_the_full_page(client, section):
    article = ArticleFactory(category=section)
    ArticleVideoFactory(article=article, duration=205)
    doc = assert_plain_and_small(client.get(text_url(article)))
    line = [p for p in doc.cssselect("article p") if "has a video" in text(p)]
    assert text(line[0]) == "This story has a video (3:25): watch it on the full version."
    assert line[0].cssselect("a")[0].get("href") == article.get_absolute_url()


def test_an_article_not_updated_shows_no_last_updated(client, section):
    article = ArticleFactory(category=section, updated_at=None)
    doc = parse_ok(client.get(text_url(article)))
    assert "Last updated" not in text(doc) and len(doc.cssselect("time")) == 1


def test_a_very_long_article_still_travels_in_14_kb(client, sponsored, page_cache):
    # Real prose (the README's), which compresses as English does; a repeated paragraph would flatter gzip.
    words = (Path(settings.BASE_DIR) / "README.md").read_text().split()[:4000]
    article = long_article(sponsored)
    article.body = "".join(f"<p>{escape(' '.join(words[n : n + 50]))}</p>" for n in range(0, len(words), 50))
    article.save()
    assert len(client.get(text_url(article)).content) > BUDGET
    # What goes over the wire: the page cache sends it gzipped to a client that accepts that.
    response = client.get(text_url(article), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and len(response.content) < BUDGET
    assert gzip.decompress(response.content).count(b"<p>") > 80


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.UNPUBLISHED])
def test_unpublished_articles_are_not_found_even_for_editors(client, admin_user, section, status):
    article = ArticleFactory(category=section, status=status)
    assert client.get(text_url(article)).status_code == 404
    client.force_login(admin_user)
    assert client.get(text_url(article)).status_code == 404


def test_scheduled_and_expired_articles_are_not_found(client, section):
    now = timezone.now()
    scheduled = ArticleFactory(category=section, publish_at=now + timedelta(hours=1))
    expired = ArticleFactory(category=section, unpublish_at=now - timedelta(minutes=1))
    assert client.get(text_url(scheduled)).status_code == 404
    assert client.get(text_url(expired)).status_code == 404


def test_a_wrong_section_or_an_old_slug_redirects_to_the_text_page(client, section):
    article = ArticleFactory(category=section, slug="first-slug")
    wrong = reverse("textedition:article", kwargs={"section": "elsewhere", "slug": article.slug})
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == text_url(article)
    article.slug = "second-slug"
    article.save()
    old = reverse("textedition:article", kwargs={"section": section.slug, "slug": "first-slug"})
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == text_url(article)
    missing = reverse("textedition:article", kwargs={"section": section.slug, "slug": "never-was"})
    assert client.get(missing).status_code == 404


def full_front(sponsored):
    sections = [CategoryFactory(name=name, slug=name.lower().replace(" ", "-")) for name in SECTIONS]
    for s_index, section in enumerate(sections):
        for n in range(8):
            article = ArticleFactory(
                category=section,
                # Long headlines and addresses, as the newsroom writes them (about 90 characters).
                headline=f"{section.name} story {n}: central bank officials signal rates will stay higher for longer",
                slug=f"{section.slug}-story-{n}-central-bank-officials-signal-rates-stay-higher-for-longer",
                is_top_story=n == 0 and s_index < 6,
            )
            if n == 1:
                article.disclosures.set([sponsored])
    return sections


def test_the_front_lists_the_newest_headlines_by_section_under_the_budget(client, sponsored):
    sections = full_front(sponsored)
    draft = ArticleFactory(category=sections[2], headline="A draft nobody may see", status=Article.Status.DRAFT)
    response = client.get(reverse("textedition:front"))
    doc = assert_plain_and_small(response)
    # The "Top Stories" section is the top block already: not repeated under the same title.
    assert texts(doc, "h2") == ["Top Stories", *SECTIONS[1:]]
    business = doc.cssselect("section")[2]
    assert texts(business, "h2") == ["Business"]
    lines = texts(business, "li")
    assert len(lines) == 4 and lines[0].startswith("Business story 0:")
    assert lines[1].endswith("[Sponsored]")  # commercial content is labelled on the front too
    first = business.cssselect("a")[0]
    assert first.get("href") == text_url(Article.objects.get(slug=first.get("href").split("/")[-2]))
    assert draft.headline not in text(doc)
    assert doc.cssselect("header a")[1].get("href") == reverse("home")
    keys = set(response["Surrogate-Key"].split())
    assert {"home", "sections", f"list-section-{sections[0].pk}", f"disclosure-{sponsored.pk}"} <= keys


def test_an_empty_front_says_so(client):
    doc = parse_ok(client.get(reverse("textedition:front")))
    assert "No stories have been published yet." in text(doc)


def test_the_pages_cost_a_fixed_number_of_queries(client, sponsored, django_assert_num_queries):
    full_front(sponsored)
    article = long_article(sponsored)
    client.get(reverse("textedition:front"))  # warms the section list
    # Top stories, then every section's newest headlines in one UNION query.
    with django_assert_num_queries(2):
        client.get(reverse("textedition:front"))
    # The article with its labels, takeaways, FAQ and corrections folded in, then its bylines.
    with django_assert_num_queries(2):
        client.get(text_url(article))
    cache.clear()
    # Cold: the section list, the release schedule and the chrome for its breaking banner (menus, pages, banner).
    with django_assert_num_queries(7):
        client.get(reverse("textedition:front"))


def test_full_pages_point_to_the_text_edition(client, section):
    article = ArticleFactory(category=section)
    for url, alternate in ((article.get_absolute_url(), text_url(article)), ("/", reverse("textedition:front"))):
        doc = parse_ok(client.get(url))
        link = doc.cssselect('link[rel=alternate][type="text/html"]')
        assert [item.get("href") for item in link] == [alternate], url
        footer = doc.cssselect("footer.site-footer a")
        assert reverse("textedition:front") in [a.get("href") for a in footer if text(a) == "Text-only edition"]


def test_a_menu_of_many_sections_gives_each_fewer_headlines_and_keeps_the_budget(client, sponsored):
    for n in range(30):
        section = CategoryFactory(name=f"Imported desk {n}", slug=f"imported-desk-{n}")
        for i in range(3):
            ArticleFactory(
                category=section,
                headline=f"Desk {n} story {i}: central bank officials signal rates will stay higher for longer",
                slug=f"desk-{n}-story-{i}-central-bank-officials-signal-rates-will-stay-higher-for-longer",
            )
    doc = assert_plain_and_small(client.get(reverse("textedition:front")))
    assert len(doc.cssselect("section")) == 30
    assert {len(section.cssselect("li")) for section in doc.cssselect("section")} == {1}


def test_text_pages_are_kept_by_the_page_cache_and_purged_with_their_story(
    client, page_cache, section, django_capture_on_commit_callbacks
):
    article = ArticleFactory(category=section)
    for url in (text_url(article), reverse("textedition:front")):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "HIT", url
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionFactory(article=article, text="The figure was 3.1%, not 3.4%.")
    fresh = client.get(text_url(article))
    assert fresh["X-Page-Cache"] != "HIT" and "The figure was 3.1%, not 3.4%." in text(parse(fresh))
    with django_capture_on_commit_callbacks(execute=True):
        newer = ArticleFactory(category=section, headline="Bank shares rally after the stress test")
    front = client.get(reverse("textedition:front"))
    assert front["X-Page-Cache"] != "HIT" and newer.headline in text(parse(front))


def test_without_top_stories_the_top_stories_section_is_listed_like_the_others(client):
    story = ArticleFactory(category=CategoryFactory(name="Top Stories", slug="top-stories"), is_top_story=False)
    doc = parse_ok(client.get(reverse("textedition:front")))
    assert texts(doc, "h2") == ["Top Stories"] and texts(doc, "li") == [story.headline]
