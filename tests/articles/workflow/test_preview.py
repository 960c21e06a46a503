"""Shareable preview links: no account needed, never cached or indexed, expire, can be revoked."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, PreviewLink
from articles.workflow.preview import preview_link_create
from portal.roles import EDITOR
from tests.articles.workflow.users import role_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return role_user(EDITOR)


@pytest.fixture
def draft(article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)
    article.refresh_from_db()
    return article


def test_a_preview_shows_the_draft_to_anyone_with_the_link(client, draft, desk):
    assert client.get(draft.get_absolute_url()).status_code == 404  # readers cannot see it...
    link = preview_link_create(article=draft, user=desk)
    response = client.get(link.get_absolute_url())  # ...but the link works without an account
    assert response.status_code == 200
    page = response.content.decode()
    assert draft.headline in page and 'class="preview-banner"' in page and "Preview." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'rel="canonical"' not in page and '"NewsArticle"' not in page  # nothing for search engines
    assert page.count(link.token) == 0  # the secret is not echoed into the page (breadcrumbs, social tags)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Cookie" not in response.get("Vary", "") or not response.cookies


def test_the_token_is_long_and_random(draft, desk):
    a, b = preview_link_create(article=draft, user=desk), preview_link_create(article=draft, user=desk)
    assert a.token != b.token and len(a.token) >= 43  # 32 random bytes, URL-safe base64


def test_links_expire_after_the_configured_days(client, draft, desk, settings):
    settings.PREVIEW_LINK_DAYS = 3
    link = preview_link_create(article=draft, user=desk)
    assert timedelta(days=2, hours=23) < link.expires_at - timezone.now() <= timedelta(days=3)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "no longer works" in response.content.decode() and draft.headline not in response.content.decode()
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_unknown_token_is_a_404(client, db):
    response = client.get(reverse("articles:preview", args=["not-a-real-token"]))
    assert response.status_code == 404 and "We do not know this preview link" in response.content.decode()


def test_editors_create_and_revoke_links_in_the_admin(client, draft, desk):
    client.force_login(desk)
    url = reverse("admin:articles_article_preview_links", args=[draft.pk])
    assert client.post(url, {"action": "create"}).status_code == 302
    link = draft.preview_links.get()
    page = client.get(url).content.decode()
    assert link.token in page and "Revoke" in page
    assert client.post(url, {"action": "revoke", "link": link.pk}).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 410


def test_revoking_another_articles_link_is_a_404(client, draft, desk, section):
    other = preview_link_create(article=draft, user=desk)
    from tests.factories import ArticleFactory

    second = ArticleFactory(category=section, status=Article.Status.DRAFT)
    client.force_login(desk)
    url = reverse("admin:articles_article_preview_links", args=[second.pk])
    assert client.post(url, {"action": "revoke", "link": other.pk}).status_code == 404


def test_the_preview_page_costs_a_fixed_number_of_queries(client, draft, desk, django_assert_num_queries):
    link = preview_link_create(article=draft, user=desk)
    client.get(link.get_absolute_url())  # warms the chrome and trending caches
    # The article (through a live link), its bylines, its tags, its section neighbours, the ranking of its
    # related stories (none here, so no card query).
    with django_assert_num_queries(5):
        assert client.get(link.get_absolute_url()).status_code == 200
