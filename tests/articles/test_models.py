"""The one definition of published, reading time, bylines and slug history."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.models import Article, ArticleSlugRedirect, reading_minutes
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_articles():
    live = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(publish_at=timezone.now() + timedelta(minutes=5))
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_at_its_time(monkeypatch):
    at = timezone.now() + timedelta(hours=2)
    scheduled = ArticleFactory(publish_at=at)
    assert scheduled.is_scheduled and not Article.objects.published().exists()
    monkeypatch.setattr(timezone, "now", lambda: at + timedelta(seconds=1))
    assert list(Article.objects.published()) == [scheduled]


def test_publishing_without_a_time_publishes_now():
    article = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=None)
    assert article.publish_at is not None
    assert article.publish_at <= timezone.now()
    assert article.is_live


def test_reading_time_counts_words_not_markup():
    assert reading_minutes("") == 1
    assert reading_minutes("<p>" + "word " * 230 + "</p>") == 1
    assert reading_minutes("<p>" + "word " * 231 + "</p>") == 2
    assert reading_minutes('<p><a href="https://example.com/a-very-long-url">x</a></p>') == 1


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=5000))
def test_reading_time_is_at_least_one_and_grows_with_words(words):
    minutes = reading_minutes("<p>" + "w " * words + "</p>")
    assert minutes >= 1
    assert minutes == max(1, -(-words // 230))


def test_reading_time_is_stored_on_save():
    article = ArticleFactory(body="<p>" + "word " * 700 + "</p>")
    assert article.reading_minutes == 4


def test_byline_names_authors_and_agency():
    a, b, c = AuthorFactory(name="Andrew Osborn"), AuthorFactory(name="Jane Roe"), AuthorFactory(name="Li Wei")
    assert ArticleFactory(authors=[a], source="Reuters").byline == "By Andrew Osborn (Reuters)"
    two = ArticleFactory(authors=[a, b])
    assert two.byline == "By Andrew Osborn and Jane Roe"
    three = ArticleFactory(authors=[a, b, c])
    assert three.byline == "By Andrew Osborn, Jane Roe and Li Wei"
    assert ArticleFactory(source="AP").byline == "By AP"
    assert ArticleFactory().byline == ""


def test_changing_the_slug_keeps_a_redirect():
    article = ArticleFactory(slug="first-slug")
    article = Article.objects.get(pk=article.pk)
    article.slug = "second-slug"
    article.save()
    assert ArticleSlugRedirect.objects.get(old_slug="first-slug").article == article
    # Going back to the first slug removes the redirect that would shadow it.
    article.slug = "first-slug"
    article.save()
    assert not ArticleSlugRedirect.objects.filter(old_slug="first-slug").exists()
    assert ArticleSlugRedirect.objects.get(old_slug="second-slug").article == article


def test_section_neighbours_in_one_query(django_assert_num_queries, section):
    now = timezone.now()
    older = ArticleFactory(category=section, publish_at=now - timedelta(days=3))
    current = ArticleFactory(category=section, publish_at=now - timedelta(days=2))
    newer = ArticleFactory(category=section, publish_at=now - timedelta(days=1))
    ArticleFactory(category=section, status=Article.Status.DRAFT)
    ArticleFactory(category=section, publish_at=now + timedelta(days=1))
    with django_assert_num_queries(1):
        result = Article.objects.section_neighbours(current)
    assert result["previous"] == older
    assert result["next"] == newer
    assert result["more"] == [newer, older]


def test_str_and_urls(article, section, author):
    assert str(article) == article.headline
    assert article.get_absolute_url() == "/business/oil-prices-climb/"
    assert section.get_absolute_url() == "/business/"
    assert author.get_absolute_url() == "/authors/andrew-osborn/"
