"""The polled updates: one cached answer for every reader, 0 queries while nothing changes, purged by an entry."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import LiveBlogEntry
from tests.articles.liveblog.conftest import add_entry
from tests.factories import ArticleFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db


def updates_url(article):
    return reverse("liveblog:updates", kwargs={"section": article.category.slug, "slug": article.slug})


def test_the_answer_carries_the_stream_parts_and_the_ids_shown(client, live):
    response = client.get(updates_url(live.article))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["open"] is True
    assert data["ids"] == [live.pinned.pk, live.latest.pk, live.decision.pk, live.early.pk]
    assert set(data["parts"]) == {"state", "key-events", "stream"}
    stream = parse(f"<div>{data['parts']['stream']}</div>")
    assert [node.get("id") for node in stream.cssselect(".live-entry")] == [f"entry-{pk}" for pk in data["ids"]]
    assert texts(parse(f"<div>{data['parts']['key-events']}</div>"), "h2") == ["Key events"]
    # The same markup as the page: what the script swaps in is what a reload would show.
    page = client.get(live.article.get_absolute_url()).content.decode()
    assert data["parts"]["stream"].strip() in page


def test_browsers_ask_each_time_and_shared_caches_keep_it_by_its_keys(client, live, page_cache):
    response = client.get(updates_url(live.article))
    assert "public" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert "s-maxage=300" in response["Cache-Control"]
    keys = set(response["Surrogate-Key"].split())
    assert {f"liveblog-{live.article.pk}", f"article-{live.article.pk}", f"author-{live.reporter.pk}"} <= keys
    again = client.get(updates_url(live.article), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_warm_poll_costs_no_query_and_every_reader_shares_it(live, page_cache, django_assert_num_queries):
    url = updates_url(live.article)
    first = Client().get(url)
    assert first["X-Page-Cache"] == "MISS"
    with django_assert_num_queries(0):
        for _ in range(50):  # fifty readers' polls
            response = Client().get(url)
            assert response["X-Page-Cache"] == "HIT"
    assert response.content == first.content


def test_a_new_entry_purges_the_poll_and_the_page_but_not_the_front_page(
    live, page_cache, django_capture_on_commit_callbacks
):
    reader = Client()
    urls = {"updates": updates_url(live.article), "page": live.article.get_absolute_url(), "home": "/"}
    for url in urls.values():
        reader.get(url)
    assert all(reader.get(url)["X-Page-Cache"] == "HIT" for url in urls.values())
    with django_capture_on_commit_callbacks(execute=True):
        entry = add_entry(live.article, 0, "<p>Breaking: a surprise statement.</p>")
    poll = reader.get(urls["updates"])
    assert poll["X-Page-Cache"] == "MISS"
    assert poll.json()["ids"][1] == entry.pk  # after the pinned one
    assert reader.get(urls["page"])["X-Page-Cache"] == "MISS"
    assert reader.get(urls["home"])["X-Page-Cache"] == "HIT"  # its card did not change


def test_a_draft_saved_purges_nothing_and_publishing_it_does(live, page_cache, django_capture_on_commit_callbacks):
    reader, url = Client(), updates_url(live.article)
    reader.get(url)
    draft = LiveBlogEntry.objects.get(pk=live.draft.pk)
    with django_capture_on_commit_callbacks(execute=True):
        draft.body = "<p>Still not ready.</p>"
        draft.save()
    assert reader.get(url)["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = LiveBlogEntry.Status.PUBLISHED
        draft.save()
    assert draft.pk in reader.get(url).json()["ids"]


def test_edits_and_deletions_purge_the_poll(live, page_cache, django_capture_on_commit_callbacks):
    reader, url = Client(), updates_url(live.article)
    reader.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        LiveBlogEntry.objects.get(pk=live.early.pk).delete()
    assert live.early.pk not in reader.get(url).json()["ids"]
    with django_capture_on_commit_callbacks(execute=True):
        entry = LiveBlogEntry.objects.get(pk=live.latest.pk)
        entry.body = "<p>Shares extend gains into the close.</p>"
        entry.save()
    assert "into the close" in reader.get(url).json()["parts"]["stream"]


def test_closing_the_live_blog_tells_the_polls_and_takes_the_badge_off_the_cards(
    live, page_cache, django_capture_on_commit_callbacks
):
    reader, url = Client(), updates_url(live.article)
    reader.get(url)
    reader.get(live.section.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        live.article.liveblog.ended_at = timezone.now() - timedelta(seconds=1)
        live.article.liveblog.save()
    data = reader.get(url).json()
    assert data["open"] is False and "has ended" in data["parts"]["state"]
    section = reader.get(live.section.get_absolute_url())
    assert section["X-Page-Cache"] == "MISS" and b"live-badge" not in section.content


def test_an_unpublished_live_blog_stops_answering(live, page_cache, django_capture_on_commit_callbacks):
    reader, url = Client(), updates_url(live.article)
    reader.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        live.article.status = "unpublished"
        live.article.save()
    assert reader.get(url).status_code == 404


def test_editors_polls_are_never_kept(live, page_cache, editor_client):
    response = editor_client.get(updates_url(live.article))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "X-Page-Cache" not in response


def test_a_story_that_is_not_a_live_blog_has_no_updates(client, live):
    plain = ArticleFactory(headline="Quiet day", category=live.section)
    assert client.get(updates_url(plain)).status_code == 404
