"""The desk's side of body media: the Embed button's address check, the form's refusals, the editor's wiring."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from portal.roles import CONTRIBUTOR, EDITOR
from tests.articles.admin_forms import change_form_data
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, ImageFactory
from tests.html import parse, text

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_embed_check_recognises_an_address_or_says_why_not():
    client = login(role_user(CONTRIBUTOR))  # writers embed too
    url = reverse("admin:articles_article_embed_check")
    found = client.get(url, {"url": "https://twitter.com/Reuters/status/123?s=20"})
    assert found.status_code == 200
    assert found.json() == {"ok": True, "provider": "x", "name": "X", "url": "https://x.com/Reuters/status/123"}
    refused = client.get(url, {"url": "https://evil.example/embed.js"}).json()
    assert refused["ok"] is False and "not one we can embed" in refused["error"]
    assert client.get(url, {"url": "javascript:alert(1)"}).json()["ok"] is False


def test_the_embed_check_is_for_staff_only():
    response = Client().get(reverse("admin:articles_article_embed_check"), {"url": "https://vimeo.com/76979871"})
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_the_form_refuses_an_unknown_embed_and_a_missing_picture(section):
    article = ArticleFactory(category=section)
    gone = ImageFactory()
    gone_pk = gone.pk
    gone.delete()
    body = (
        '<p>Text.</p><div data-embed="x" data-url="https://evil.example/status/1"></div>'
        f'<figure data-image="{gone_pk}"></figure>'
    )
    response = login(role_user(EDITOR)).post(
        reverse("admin:articles_article_change", args=[article.pk]), change_form_data(article, body=body)
    )
    assert response.status_code == 200  # the form again, with its errors
    errors = text(parse(response.content.decode()).cssselect(".field-body .errorlist")[0])
    assert "“https://evil.example/status/1” cannot be embedded" in errors
    assert f"no longer in the library (number {gone_pk})" in errors
    article.refresh_from_db()
    assert "evil" not in article.body


def test_the_form_keeps_valid_media_and_the_page_shows_them(section, client):
    image = ImageFactory()
    article = ArticleFactory(category=section)
    body = (
        f'<p>Text.</p><figure data-image="{image.pk}" data-caption="At the desk"></figure>'
        '<div data-embed="vimeo" data-url="https://vimeo.com/76979871"></div>'
    )
    response = login(role_user(EDITOR)).post(
        reverse("admin:articles_article_change", args=[article.pk]), change_form_data(article, body=body)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get(pk=article.pk).body == body
    page = parse(client.get(article.get_absolute_url()).content.decode())
    assert text(page.cssselect(".body-figure .caption")[0]) == "At the desk"
    assert page.cssselect('.body-embed--video a[href="https://vimeo.com/76979871"]')


def test_the_body_editor_gets_its_buttons_and_their_addresses(section):
    article = ArticleFactory(category=section)
    page = parse(
        login(role_user(EDITOR)).get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    )
    body = page.cssselect("textarea#id_body")[0]
    assert body.get("data-embed-check-url") == reverse("admin:articles_article_embed_check")
    assert body.get("data-image-chooser-url") == reverse("admin:articles_image_chooser")
    config = body.get("data-django-prose-editor-configurable")
    assert '"NewsFigure"' in config and '"NewsEmbed"' in config and "admin-body-media.js" in config
