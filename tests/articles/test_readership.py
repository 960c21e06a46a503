"""Counting article views (cache only, no write in the request), flushing them
in bulk, and the Trending box and page built from them."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import readership
from articles.models import Article, ArticleDailyViews
from tests.factories import ArticleDailyViewsFactory, ArticleFactory, CategoryFactory, DisclosureFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36",
    "curl/8.5.0",
    "python-requests/2.32",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html)",
    "",
]


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Oil climbs", slug="oil-climbs", category=CategoryFactory(slug="business"))


def views_of(article):
    return sum(ArticleDailyViews.objects.filter(article=article).values_list("views", flat=True))


def read(client, article, agent=BROWSER, **headers):
    return client.get(article.get_absolute_url(), headers={"user-agent": agent, **headers})


def test_a_view_is_counted_without_any_write_query(client, story):
    read(client, story)  # warms the chrome and trending caches
    with CaptureQueriesContext(connection) as queries:
        read(client, story)
    assert not [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert views_of(story) == 0  # buffered, not yet in the database
    assert readership.flush_view_counts() == 2
    assert views_of(story) == 2
    assert ArticleDailyViews.objects.get(article=story).date == timezone.localdate()


def test_flushing_adds_to_the_day_and_empties_the_buffer(client, story):
    ArticleDailyViewsFactory(article=story, date=timezone.localdate(), views=10)
    for _ in range(3):
        read(client, story)
    call_command("flush_view_counts", verbosity=0)
    assert views_of(story) == 13
    assert readership.flush_view_counts() == 0  # nothing counted twice


@pytest.mark.parametrize("agent", BOTS, ids=range(len(BOTS)))
def test_bots_are_not_counted(client, story, agent):
    read(client, story, agent=agent)
    assert readership.flush_view_counts() == 0


def test_editors_previews_and_prefetches_are_not_counted(client, editor_client, story, db):
    read(editor_client, story)  # an editor checking the published page
    draft = ArticleFactory(category=story.category, status=Article.Status.DRAFT)
    assert read(editor_client, draft).status_code == 200  # a preview
    read(client, story, **{"sec-purpose": "prefetch;prerender"})
    assert client.head(story.get_absolute_url(), headers={"user-agent": BROWSER}).status_code == 200
    assert readership.flush_view_counts() == 0


def test_the_web_process_flushes_after_the_response_when_due(client, story, settings):
    settings.VIEW_COUNTS_FLUSH_SECONDS = 60
    read(client, story)  # the first view starts the clock
    assert views_of(story) == 0
    cache.set(readership.WINDOW_KEY, timezone.now().timestamp() - 61, timeout=None)
    read(client, story)  # due: flushed after the response, by the response's closers
    assert views_of(story) == 2
    read(client, story)  # the clock restarted: buffered again
    assert views_of(story) == 2


def test_counts_for_a_deleted_article_are_dropped(client, story):
    read(client, story)
    Article.objects.filter(pk=story.pk).delete()
    assert readership.flush_view_counts() == 0


def test_trending_ranks_the_weeks_most_read(client, db):
    section = CategoryFactory(name="Business", slug="business")
    today = timezone.localdate()
    top, second, old, draft = (ArticleFactory(category=section) for _ in range(4))
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    ArticleDailyViewsFactory(article=top, date=today, views=50)
    ArticleDailyViewsFactory(article=top, date=today - timedelta(days=6), views=50)
    ArticleDailyViewsFactory(article=second, date=today - timedelta(days=1), views=70)
    ArticleDailyViewsFactory(article=old, date=today - timedelta(days=7), views=900)  # last week
    ArticleDailyViewsFactory(article=draft, date=today, views=999)  # no longer published
    assert [a.pk for a in readership.trending_articles(limit=5)] == [top.pk, second.pk]
    assert [a.recent_views for a in readership.trending_articles(limit=5)] == [100, 70]


def test_trending_box_on_home_and_article_pages_and_the_trending_page(client, db):
    section = CategoryFactory(name="Business", slug="business")
    sponsored = ArticleFactory(category=section, headline="Partner bank launches an app")
    sponsored.disclosures.add(DisclosureFactory())
    plain = ArticleFactory(category=section, headline="Bond yields fall")
    ArticleDailyViewsFactory(article=sponsored, date=timezone.localdate(), views=20)
    ArticleDailyViewsFactory(article=plain, date=timezone.localdate(), views=10)

    home = parse(client.get("/"))
    box = home.cssselect('aside.trending[aria-labelledby="trending-title"]')[0]
    assert texts(box, ".trending__title") == [
        "Partner bank launches an app",
        "Bond yields fall",
    ]
    assert "Sponsored" in box.cssselect("li")[0].text_content()  # labelled wherever it appears
    assert box.cssselect(f'a[href="{reverse("articles:trending")}"]')

    article = parse(client.get(plain.get_absolute_url()))
    titles = [a.text_content().strip() for a in article.cssselect(".trending .trending__title")]
    assert titles == ["Partner bank launches an app"]  # not the story being read

    page = parse(client.get(reverse("articles:trending")))
    assert texts(page, "h1") == ["Trending"]
    assert len(page.cssselect(".ranked-list__item")) == 2


def test_the_trending_page_without_figures_offers_the_latest(client, story):
    page = parse(client.get(reverse("articles:trending")))
    assert "No reading figures" in page.text_content()
    assert story.headline in page.text_content()


def test_the_trends_section_and_the_trending_page_are_different_pages(client, db):
    trends = CategoryFactory(name="Trends", slug="trends")
    ArticleFactory(category=trends, headline="Five trends in payments")
    assert reverse("articles:trending") == "/trending/"
    assert "Five trends in payments" in client.get(trends.get_absolute_url()).content.decode()


def test_a_failed_flush_keeps_the_counts_for_the_next_one(client, story, monkeypatch):
    read(client, story)
    read(client, story)

    def broken(counts):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(readership, "_write", broken)
    with pytest.raises(RuntimeError):
        readership.flush_view_counts()
    monkeypatch.undo()
    read(client, story)
    assert readership.flush_view_counts() == 3
    assert views_of(story) == 3


def test_with_the_cache_unreachable_the_page_is_served_and_the_view_not_counted(client, story, settings, caplog):
    """Without REDIS_URL the counts live in Django's cache; that cache down costs the count, not the page."""
    from portal.web import resilientcache
    from tests.servers import free_port

    settings.REDIS_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.web.resilientcache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    resilientcache.reset()
    with caplog.at_level("WARNING", logger="articles.readership"):
        responses = [read(client, story) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert "Oil climbs" in responses[0].content.decode()
    assert [r.getMessage() for r in caplog.records if r.name == "articles.readership"] == [
        "Article views are not counted: the cache is unreachable."
    ]
    resilientcache.reset()
