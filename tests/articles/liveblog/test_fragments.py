"""The article page of a live blog assembled from kept pieces is the page rendered afresh, after each entry change."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import LiveBlogEntry
from tests.articles.liveblog.conftest import add_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def pieces(settings):
    settings.FRAGMENT_CACHE_ENTRIES = 5000
    settings.FRAGMENT_CACHE_SECONDS = 600
    return settings


def page(url):
    return re.sub(r' nonce="[^"]*"', "", Client().get(url).content.decode())


def fresh(url, settings):
    settings.FRAGMENT_CACHE_ENTRIES = 0
    try:
        return page(url)
    finally:
        settings.FRAGMENT_CACHE_ENTRIES = 5000


def _edit(live):
    entry = LiveBlogEntry.objects.get(pk=live.early.pk)
    entry.body = "<p>Yields slip.</p>"
    entry.save()


def _close(live):
    live.article.liveblog.ended_at = timezone.now() - timedelta(seconds=1)
    live.article.liveblog.save()


CHANGES = {
    "entry added": lambda live: add_entry(live.article, 0, "<p>A new update.</p>", is_key_event=True),
    "entry edited": _edit,
    "entry deleted": lambda live: LiveBlogEntry.objects.filter(pk=live.decision.pk).first().delete(),
    "draft published": lambda live: _publish(live),
    "live blog closed": _close,
}


def _publish(live):
    draft = LiveBlogEntry.objects.get(pk=live.draft.pk)
    draft.status = LiveBlogEntry.Status.PUBLISHED
    draft.save()


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_after_each_change_the_assembled_page_is_the_fresh_one(
    change, live, pieces, settings, django_capture_on_commit_callbacks
):
    urls = [live.article.get_absolute_url(), live.section.get_absolute_url(), "/"]
    for _ in range(2):
        for url in urls:
            page(url)
    with django_capture_on_commit_callbacks(execute=True):
        CHANGES[change](live)
    for url in urls:
        assert page(url) == fresh(url, settings), f"{url} after {change}"


def test_a_kept_live_blog_page_costs_one_query(live, pieces, django_assert_num_queries):
    url = live.article.get_absolute_url()
    first = page(url)
    with django_assert_num_queries(1):  # the story's small row, as for any kept article page
        assert page(url) == first


def test_a_kept_poll_costs_one_query_and_a_new_entry_renews_it(live, pieces, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("liveblog:updates", kwargs={"section": "finance", "slug": "rate-decision-day"})
    first = Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url)
    assert len(queries) == 1  # the article's row: still live, still a live blog
    assert second.content == first.content
    assert set(second["Surrogate-Key"].split()) == set(first["Surrogate-Key"].split())
    with django_capture_on_commit_callbacks(execute=True):
        entry = add_entry(live.article, 0, "<p>Closing bell.</p>")
    assert entry.pk in Client().get(url).json()["ids"]
