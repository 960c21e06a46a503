"""Scheduled content goes live with no save: no cache keeps a page past the next release that changes it."""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.selectors import release_schedule, seconds_until_release
from tests.articles.publications.factories import MagazineIssueFactory
from tests.factories import ArticleFactory
from tests.portal.factories import PageFactory
from tests.portal.web.pagecache import newsroom

pytestmark = pytest.mark.django_db


def shared_age(response):
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))


def browser_age(response):
    return int(re.search(r"(?<!s-)max-age=(\d+)", response["Cache-Control"]).group(1))


@pytest.fixture
def room(db, page_cache):
    return newsroom.build()


def test_the_pages_a_scheduled_story_enters_are_kept_only_until_its_time(client, room):
    ArticleFactory(
        headline="Chip tariffs take effect",
        category=room.tech,
        tags=["Chips"],
        publish_at=timezone.now() + timedelta(seconds=40),
    )
    urls = newsroom.pages(room)
    for name in ("home", "tech", "other", "tag chips", "latest", "site feed", "tech feed", "articles sitemap"):
        response = client.get(urls[name])
        assert 30 <= shared_age(response) <= 40, name
        assert browser_age(response) <= 40, name
    for name in ("banking", "business", "story", "tag oil", "author ann", "banking feed", "about"):
        assert shared_age(client.get(urls[name])) == 300, name


def test_a_release_further_away_than_any_cache_keeps_a_page_changes_nothing(client, room):
    ArticleFactory(category=room.tech, publish_at=timezone.now() + timedelta(hours=2))
    assert shared_age(client.get("/")) == 300
    assert release_schedule() == []


def test_a_newly_scheduled_story_is_learnt_at_once(client, room, django_capture_on_commit_callbacks):
    assert shared_age(client.get("/")) == 300
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(category=room.tech, publish_at=timezone.now() + timedelta(seconds=50))
    assert shared_age(client.get(room.tech.get_absolute_url())) <= 50


def test_the_reader_sees_the_story_at_its_time_without_any_save(client, room):
    """Two seconds of real time: the cached front page ends when the story goes live."""
    when = timezone.now() + timedelta(seconds=2)
    ArticleFactory(headline="Chip tariffs take effect", category=room.tech, publish_at=when)
    before = client.get("/")
    assert "Chip tariffs take effect" not in before.content.decode()
    assert Client().get("/")["X-Page-Cache"] == "HIT"
    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.3)
    after = Client().get("/")
    assert after["X-Page-Cache"] == "MISS"
    assert "Chip tariffs take effect" in after.content.decode()


def test_a_scheduled_magazine_issue_bounds_every_page_with_the_menu(client, room):
    MagazineIssueFactory(publish_at=timezone.now() + timedelta(seconds=45))
    for url in ("/", room.story.get_absolute_url(), PageFactory(title="Terms", slug="terms").get_absolute_url()):
        assert shared_age(client.get(url)) <= 45, url
    assert shared_age(client.get("/feeds/rss/")) == 300  # no menu in a feed


def test_the_schedule_names_what_each_release_touches(room):
    story = ArticleFactory(category=room.banking, tags=["Oil"], publish_at=timezone.now() + timedelta(seconds=30))
    (when, touched), *_ = release_schedule()
    assert abs(when - story.publish_at.timestamp()) < 1
    oil = story.tags.get()
    expected = {f"article-{story.pk}", f"list-section-{room.banking.pk}", f"list-section-{room.business.pk}"}
    assert touched == expected | {"home", "listings", f"list-tag-{oil.pk}"}
    assert seconds_until_release({f"list-section-{room.tech.pk}"}) is None
    assert 25 < seconds_until_release({"home"}) <= 30
