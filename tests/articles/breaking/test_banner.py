"""The breaking-news banner as readers get it: on every page, polite, dismissable with JS, gone on time."""

import re
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, BreakingBanner
from portal.web import changes
from tests.factories import ArticleFactory
from tests.html import parse_ok, text
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


def banner_of(response):
    found = parse_ok(response).cssselect("aside.breaking")
    return found[0] if found else None


def shared_age(response):
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))


def put_up(article, *, minutes=60, start=None, **fields):
    now = timezone.now()
    start = start or now - timedelta(minutes=1)
    return BreakingBanner.objects.create(
        article=article,
        text=fields.pop("text", "Central bank cuts rates by half a point"),
        starts_at=start,
        expires_at=start + timedelta(minutes=minutes),
        **fields,
    )


@pytest.fixture
def story(section):
    return ArticleFactory(headline="Central bank cuts rates in surprise move", category=section, tags=["Rates"])


def test_every_reader_page_shows_the_banner_linking_to_the_story(client, story, section):
    put_up(story)
    pages = ["/", section.get_absolute_url(), story.get_absolute_url(), reverse("articles:latest")]
    pages += [reverse("articles:tag", args=["rates"]), reverse("articles:search")]
    for url in pages:
        banner = banner_of(client.get(url))
        assert banner is not None, url
        line = banner.cssselect("[role=status]")[0]
        assert text(line) == "Breaking Central bank cuts rates by half a point", url
        assert line.cssselect("a")[0].get("href") == story.get_absolute_url()
        assert banner.get("aria-label") == "Breaking news"
        # Without JS there is nothing to press; the script reveals the button.
        assert banner.cssselect("button.breaking__dismiss")[0].get("hidden") is not None
        assert banner.getnext().tag == "script" and banner.getnext().get("src").endswith("js/breaking.js")


def test_developing_is_labelled_and_keyed_apart_from_breaking(client, story, django_capture_on_commit_callbacks):
    banner = put_up(story, kind=BreakingBanner.Kind.DEVELOPING, text="Talks continue overnight")
    shown = banner_of(client.get("/"))
    assert text(shown.cssselect(".breaking__label")[0]) == "Developing"
    assert shown.get("data-breaking") == f"{banner.pk}-developing"
    with django_capture_on_commit_callbacks(execute=True):
        banner.kind = BreakingBanner.Kind.BREAKING
        banner.save()
    # A reader who dismissed "Developing" sees it again as "Breaking": the dismissal is keyed by both.
    assert banner_of(client.get("/")).get("data-breaking") == f"{banner.pk}-breaking"


def test_no_banner_before_its_start_after_its_end_or_for_a_story_readers_cannot_see(client, story, section):
    now = timezone.now()
    put_up(story, start=now + timedelta(minutes=5))
    put_up(story, start=now - timedelta(hours=3), minutes=60)
    draft = ArticleFactory(category=section, status=Article.Status.DRAFT)
    put_up(draft)
    assert banner_of(client.get("/")) is None


def test_the_newest_banner_wins(client, story, section):
    other = ArticleFactory(category=section, headline="Bank shares tumble")
    put_up(story, start=timezone.now() - timedelta(minutes=30), text="Older")
    put_up(other, text="Newer")
    assert text(banner_of(client.get("/")).cssselect("a")[0]) == "Newer"


def test_pages_are_kept_no_longer_than_the_banner_shows(client, story, page_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        put_up(story, minutes=2)
    response = client.get(reverse("articles:search"))  # a page with no limit of its own (the front's Trending has one)
    assert banner_of(response) is not None and "chrome" in response["Surrogate-Key"].split()
    assert 50 <= shared_age(response) <= 60  # it started a minute ago, for two


def test_an_expired_banner_leaves_cached_pages_on_time(client, story, page_cache, django_capture_on_commit_callbacks):
    """Nobody saves anything at the expiry: the page cache, the chrome and the proxies' ages end with it."""
    start = timezone.now() - timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        banner = BreakingBanner.objects.create(
            article=story, text="Rate decision due", starts_at=start, expires_at=timezone.now() + timedelta(seconds=2)
        )
    assert banner_of(client.get("/")) is not None
    kept = client.get("/")
    assert kept["X-Page-Cache"] == "HIT" and banner_of(kept) is not None
    time.sleep(max(0.0, (banner.expires_at - timezone.now()).total_seconds()) + 0.2)
    assert banner_of(client.get("/")) is None
    assert banner_of(client.get(story.get_absolute_url())) is None


def test_a_new_banner_purges_cached_pages(client, story, page_cache, django_capture_on_commit_callbacks):
    assert banner_of(client.get("/")) is None
    assert client.get("/")["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        put_up(story)
    fresh = client.get("/")
    assert fresh["X-Page-Cache"] == "MISS" and banner_of(fresh) is not None


def test_unpublishing_or_moving_the_story_updates_the_banner(
    client, story, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        put_up(story)
    assert banner_of(client.get("/")) is not None
    with django_capture_on_commit_callbacks(execute=True):
        story.slug = "rates-cut"
        story.save()
    assert banner_of(client.get("/")).cssselect("a")[0].get("href") == story.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        story.status = Article.Status.UNPUBLISHED
        story.save()
    assert banner_of(client.get("/")) is None


def test_editing_the_story_text_does_not_purge_every_page(
    client, story, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        put_up(story)
        about = PageFactory(title="About Us", slug="about-us").get_absolute_url()
    assert banner_of(client.get(about)) is not None
    announced = []
    changes.content_changed.connect(lambda keys, **kw: announced.append(keys), weak=False, dispatch_uid="t-banner")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            story.body = "<p>Updated with the governor's remarks.</p>"
            story.save()
    finally:
        changes.content_changed.disconnect(dispatch_uid="t-banner")
    assert announced and not any("chrome" in keys for keys in announced)
    # The company page shows no story, only the chrome: still kept, banner and all.
    kept = client.get(about)
    assert kept["X-Page-Cache"] == "HIT" and banner_of(kept) is not None


def test_a_scheduled_story_brings_its_banner_at_its_time(
    client, section, page_cache, django_capture_on_commit_callbacks
):
    when = timezone.now() + timedelta(seconds=40)
    with django_capture_on_commit_callbacks(execute=True):
        later = ArticleFactory(category=section, publish_at=when)
        put_up(later)
    response = client.get(reverse("articles:search"))
    assert banner_of(response) is None
    assert shared_age(response) <= 40


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_banner_costs_one_query_when_the_chrome_is_cold_and_none_when_warm(client, story):
    """A company page: the same queries with and without a banner once the chrome is cached."""
    about = PageFactory(title="About Us", slug="about-us").get_absolute_url()
    cold_without = count_queries(client, about)
    warm_without = count_queries(client, about)
    put_up(story)
    cache.clear()  # as a change of the chrome would
    cold_with = count_queries(client, about)
    warm_with = count_queries(client, about)
    assert cold_with == cold_without  # the banner's query rides in the chrome's build...
    assert warm_with == warm_without  # ...and costs nothing once it is cached
    assert banner_of(client.get(about)) is not None


def test_the_text_edition_shows_it_linking_to_the_storys_text_version(client, story):
    put_up(story)
    page = parse_ok(client.get(reverse("textedition:front")))
    line = page.cssselect("aside [role=status]")[0]
    assert text(line) == "Breaking: Central bank cuts rates by half a point"
    url = reverse("textedition:article", kwargs={"section": story.category.slug, "slug": story.slug})
    assert line.cssselect("a")[0].get("href") == url


def test_commercial_content_cannot_be_announced(editor_client, section):
    from tests.factories import DisclosureFactory

    sponsored = ArticleFactory(category=section, headline="Our partner's new fund")
    sponsored.disclosures.add(DisclosureFactory(is_commercial=True))
    now = timezone.now()
    data = {
        "kind": "breaking", "text": "Partner fund launches", "article": sponsored.pk,
        "starts_at_0": timezone.localtime(now).strftime("%Y-%m-%d"), "starts_at_1": "00:00:00",
        "expires_at_0": timezone.localtime(now + timedelta(days=1)).strftime("%Y-%m-%d"), "expires_at_1": "23:00:00",
    }  # fmt: skip
    response = editor_client.post(reverse("admin:articles_breakingbanner_add"), data)
    assert response.status_code == 200 and "cannot announce commercial content" in response.content.decode()
    response = editor_client.post(
        reverse("admin:articles_breakingbanner_from_article", args=[sponsored.pk]), follow=True
    )
    assert "cannot announce commercial content" in response.content.decode()
    assert not BreakingBanner.objects.exists()


def test_editors_end_a_banner_now_from_the_list(editor_client, story, django_capture_on_commit_callbacks):
    banner = put_up(story)
    changelist = reverse("admin:articles_breakingbanner_changelist")
    assert "Showing" in editor_client.get(changelist).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(changelist, {"action": "end_now", "_selected_action": [banner.pk]})
    banner.refresh_from_db()
    assert banner.expires_at <= timezone.now()
    editor_client.logout()
    assert banner_of(editor_client.get("/")) is None
