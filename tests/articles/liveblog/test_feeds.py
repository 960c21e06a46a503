"""Feeds carry the entries of open live blogs as items, and say "Live" on the live blog's own item."""

from datetime import timedelta

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.articles.liveblog.conftest import add_entry
from tests.factories import DisclosureFactory

pytestmark = pytest.mark.django_db


def feed(client, fmt="rss", **kwargs):
    name = "articles:section_feed" if kwargs else "articles:feed"
    response = client.get(reverse(name, kwargs={"fmt": fmt, **kwargs}))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_entries_of_an_open_live_blog_are_items_newest_first(client, live, fmt):
    _, parsed = feed(client, fmt)
    titles = [entry.title for entry in parsed.entries]
    assert titles[:2] == [
        "Live: Rate decision day: live: Shares extend gains.",
        "Live: Rate decision day: live: Rates held",
    ]
    assert "Live: Rate decision day: live" in titles  # the story's own item
    item = parsed.entries[0]
    assert item.link.endswith(f"/finance/rate-decision-day/live/{live.latest.pk}/")
    assert item.id.endswith(f":liveblog-entry:{live.latest.pk}")
    assert "alert" not in item.summary
    assert not any("Not ready" in entry.get("summary", "") for entry in parsed.entries)


def test_a_closed_live_blog_brings_no_entries_and_no_live_mark(client, live):
    live.article.liveblog.ended_at = timezone.now() - timedelta(minutes=1)
    live.article.liveblog.save()
    _, parsed = feed(client)
    assert [entry.title for entry in parsed.entries] == ["Rate decision day: live"]


def test_the_section_feed_carries_them_and_a_new_entry_purges_it(live, page_cache, django_capture_on_commit_callbacks):
    reader = Client()
    response, _ = feed(reader, slug="finance")
    assert f"liveblog-{live.article.pk}" in response["Surrogate-Key"].split()
    assert feed(reader, slug="finance")[0]["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        add_entry(live.article, 0, "<p>Closing bell.</p>")
    response, parsed = feed(reader, slug="finance")
    assert response["X-Page-Cache"] == "MISS"
    assert parsed.entries[0].title == "Live: Rate decision day: live: Closing bell."


def test_entries_are_bounded(client, live, settings):
    settings.LIVEBLOG_FEED_ENTRIES = 2
    for n in range(5):
        add_entry(live.article, 5 - n, f"<p>Update {n}.</p>")
    _, parsed = feed(client)
    assert sum(":liveblog-entry:" in entry.id for entry in parsed.entries) == 2


def test_a_feed_without_a_live_blog_costs_what_it_did(client, live, django_assert_num_queries):
    live.article.liveblog.delete()
    client.get(reverse("articles:feed", kwargs={"fmt": "rss"}))
    with django_assert_num_queries(3):  # the stories, their bylines, their tags
        client.get(reverse("articles:feed", kwargs={"fmt": "rss"}))


def test_a_feed_with_an_open_live_blog_costs_one_query_more(client, live, django_assert_num_queries):
    client.get(reverse("articles:feed", kwargs={"fmt": "rss"}))
    with django_assert_num_queries(4):  # + the newest entries of the open live blogs, in one query
        client.get(reverse("articles:feed", kwargs={"fmt": "rss"}))


def test_entries_of_a_sponsored_live_blog_carry_its_label(client, live):
    live.article.disclosures.add(DisclosureFactory(label="Sponsored"))
    _, parsed = feed(client)
    entry = next(item for item in parsed.entries if ":liveblog-entry:" in item.id)
    assert entry.title.startswith("Live: Sponsored: Rate decision day: live: ")
    assert entry.summary.startswith("Sponsored: ")
