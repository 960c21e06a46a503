"""SEO and social: the reader page's title, description and social tags follow the optional fields,
default to the headline, summary and hero picture, and kept pieces follow every change."""

import html as html_lib
import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.articles.admin_forms import change_form_data
from tests.factories import ImageFactory
from tests.portal.web.pagecache import newsroom
from tests.portal.web.pagecache.test_fragments import fresh, page

pytestmark = pytest.mark.django_db


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found and html_lib.unescape(found.group(1))


def test_without_seo_fields_the_page_uses_the_headline_summary_and_hero(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"<title>{article.headline} |" in html
    assert meta(html, "name", "description") == article.summary
    assert meta(html, "property", "og:title") == article.headline
    assert meta(html, "property", "og:description") == article.summary
    assert meta(html, "property", "og:image").endswith(".jpg")  # the hero's rendition (its focal crop)
    assert meta(html, "property", "og:image:alt") == article.hero_image.alt_text


def test_the_seo_and_social_fields_reach_the_reader_page(client, article, django_assert_num_queries):
    card = ImageFactory(alt_text="A trading screen in red")
    Article.objects.filter(pk=article.pk).update(
        seo_title="Oil price today: talks stall",
        seo_description="Brent rose after producers failed to agree quotas.",
        social_headline="Why oil is climbing again",
        social_image=card,
    )
    client.get("/")  # the chrome is cached, as for any reader
    client.get(article.get_absolute_url())  # the trending box warms on the first article view
    # The same count as without the fields (tests/articles/test_query_counts.py): 4, and 1 ranking related
    # stories (none found: a story alone).
    with django_assert_num_queries(5):
        html = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Oil price today: talks stall |" in html
    assert meta(html, "name", "description") == "Brent rose after producers failed to agree quotas."
    assert meta(html, "property", "og:title") == "Why oil is climbing again"
    assert meta(html, "property", "og:description") == "Brent rose after producers failed to agree quotas."
    assert meta(html, "property", "og:image:alt") == "A trading screen in red"
    # The page itself keeps its headline.
    assert '<h1 class="story__headline">Oil prices climb as supply talks stall</h1>' in html


@pytest.fixture
def room(db, settings):
    settings.FRAGMENT_CACHE_ENTRIES = 5000
    settings.FRAGMENT_CACHE_SECONDS = 600
    return newsroom.build()


def test_an_edit_of_the_seo_fields_in_the_admin_refreshes_the_kept_pieces(
    room, client, editor_client, settings, django_capture_on_commit_callbacks
):
    url = room.story.get_absolute_url()
    for _ in range(2):
        page(client, url)  # kept
    before = Article.objects.get(pk=room.story.pk).modified_at
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:articles_article_change", args=[room.story.pk]),
            change_form_data(room.story, seo_title="Rate decision: what banks expect", social_headline="Banks brace"),
        )
    assert response.status_code == 302
    assert Article.objects.get(pk=room.story.pk).modified_at > before  # the pieces' name moves with it
    got = page(client, url)
    assert got == fresh(url, settings)
    assert "<title>Rate decision: what banks expect |" in got[2]
    assert meta(got[2], "property", "og:title") == "Banks brace"


def test_a_social_picture_edited_refreshes_the_kept_social_tags(
    room, client, settings, django_capture_on_commit_callbacks
):
    picture = ImageFactory(alt_text="Old alt text")
    Article.objects.filter(pk=room.story.pk).update(social_image=picture)
    url = room.story.get_absolute_url()
    for _ in range(2):
        page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        picture.alt_text = "Bank towers at dusk"
        picture.save()
    got = page(client, url)
    assert got == fresh(url, settings)
    assert meta(got[2], "property", "og:image:alt") == "Bank towers at dusk"


def test_the_change_form_has_the_fields_counters_and_previews(editor_client, article):
    Article.objects.filter(pk=article.pk).update(seo_title="Oil price today")
    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'name="seo_title"' in html and 'data-counter="60"' in html
    assert 'name="seo_description"' in html and 'data-counter="160"' in html
    assert 'name="social_headline"' in html and 'name="social_image"' in html
    assert "On a search result" in html and "As a shared card" in html
    assert '<p class="seo-preview__title" data-preview="title">Oil price today |' in html
    assert f'data-preview="card-title">{article.headline}</p>' in html  # the social headline defaults


def test_the_revisions_show_a_changed_seo_title(editor_client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    for title in ("Oil price today", "Oil price this week"):
        article.refresh_from_db()
        assert editor_client.post(url, change_form_data(article, seo_title=title)).status_code == 302
    new, old = Version.objects.get_for_object(article)[:2]
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    page = editor_client.get(compare, {"old": old.pk, "new": new.pk}).content.decode()
    assert "SEO title" in page and "<del>today </del>" in page and "<ins>this week </ins>" in page
