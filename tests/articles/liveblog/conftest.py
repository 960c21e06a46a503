"""A live blog with entries: published ones (a key event, a pinned one, one edited later) and a draft."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import LiveBlog, LiveBlogEntry
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory


def add_entry(article, minutes_ago, body, **fields):
    return LiveBlogEntry.objects.create(
        article=article,
        body=body,
        published_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


@pytest.fixture
def live(db):
    """Namespace: article (an open live blog in Finance), entries by name, the section and the reporter."""
    section = CategoryFactory(name="Finance", slug="finance")
    reporter = AuthorFactory(name="Priya Raman", slug="priya-raman")
    article = ArticleFactory(
        headline="Rate decision day: live",
        slug="rate-decision-day",
        category=section,
        authors=[reporter],
        publish_at=timezone.now() - timedelta(hours=3),
    )
    LiveBlog.objects.create(article=article, started_at=article.publish_at)

    class Live:
        pass

    room = Live()
    room.article, room.section, room.reporter = article, section, reporter
    room.pinned = add_entry(article, 170, "<p>What to expect today.</p>", title="What to expect", is_pinned=True)
    room.early = add_entry(article, 150, "<p>Yields are little changed.</p>", author=reporter)
    room.decision = add_entry(article, 110, "<p>Rates held at 4.25%.</p>", title="Rates held", is_key_event=True)
    room.latest = add_entry(article, 10, "<p>Shares extend gains.</p><script>alert(1)</script>", author=reporter)
    room.draft = LiveBlogEntry.objects.create(
        article=article, body="<p>Not ready: a rumour.</p>", status=LiveBlogEntry.Status.DRAFT
    )
    return room
