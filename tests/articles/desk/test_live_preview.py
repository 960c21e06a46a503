"""The live preview: the reader's page of the story as the form holds it, rendered and never stored."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, ArticleDraft, FrequentlyAskedQuestion
from portal.roles import AUTHOR
from tests.articles.admin_forms import article_form, change_form_data, management_forms
from tests.articles.workflow.users import role_user

pytestmark = pytest.mark.django_db
NEW = reverse("admin:articles_article_live_preview")


def preview_url(article):
    return reverse("admin:articles_article_live_preview_pk", args=[article.pk])


def test_the_preview_shows_the_unsaved_edit_as_readers_will_and_stores_nothing(
    editor_client, article, django_capture_on_commit_callbacks
):
    before = Article.objects.get(pk=article.pk)
    data = change_form_data(
        article,
        headline="Oil slides as talks resume",
        body="<p>Prices fell <em>sharply</em>.</p><script>alert(1)</script>",
        tags="Oil, Brand new tag",
        takeaways_text="Prices fell.\nTalks resume.",
        seo_title="Oil slides | markets",
        **{**management_forms(faqs=1), "faqs-0-question": "Why?", "faqs-0-answer": "Talks.", "faqs-0-position": "0"},
    )
    with django_capture_on_commit_callbacks() as announced:
        response = editor_client.post(preview_url(article), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="story__headline">Oil slides as talks resume</h1>' in page
    assert "<title>Oil slides | markets |" in page
    assert "<em>sharply</em>" in page and "alert(1)" not in page  # sanitized as a save would
    assert "Brand new tag" in page and "Talks resume." in page and "Why?" in page
    assert 'class="preview-banner"' in page
    assert not re.search(r"<script(?![^>]*application/ld\+json)", page)  # the frame runs nothing
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"
    # Nothing of it was kept or announced.
    after = Article.objects.get(pk=article.pk)
    assert (after.headline, after.body, after.modified_at) == (before.headline, before.body, before.modified_at)
    assert not Tag.objects.filter(name="Brand new tag").exists()
    assert not FrequentlyAskedQuestion.objects.exists() and not article.takeaways.exists()
    assert not Version.objects.exists() and not ArticleDraft.objects.exists()
    assert announced == []


def test_a_new_story_is_previewed_before_it_exists(editor_client, section, author, image):
    response = editor_client.post(NEW, article_form(section, author, image, _workflow=None))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Central bank holds rates" in page and "By" in page and "Andrew Osborn" in page
    assert not Article.objects.exists()


def test_an_unfinished_story_says_what_the_page_still_needs(editor_client):
    response = editor_client.post(NEW, {"headline": "Just a headline", **management_forms()})
    page = response.content.decode()
    assert response.status_code == 200  # an unfinished story is not an error
    assert "The preview appears when the story has what its page needs" in page
    assert "Section" in page and "Quick summary" in page


def test_the_preview_ignores_the_form_version_and_moves_nothing(editor_client, article):
    old = "2000-01-01T00:00:00+00:00"
    stale = change_form_data(article, headline="Edited", opened_version=old, _workflow="approve")
    response = editor_client.post(preview_url(article), stale)
    assert "Edited" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == article.status


def test_only_those_who_may_edit_the_article_see_its_preview(client, article):
    response = client.post(preview_url(article), change_form_data(article))
    assert response.status_code == 302
    writer = Client()
    writer.force_login(role_user(AUTHOR))
    assert writer.post(preview_url(article), change_form_data(article)).status_code in (403, 404)
    assert writer.get(preview_url(article)).status_code == 405


def test_a_preview_costs_a_bounded_number_of_queries_whatever_the_faq(
    editor_client, article, django_assert_max_num_queries
):
    rows = {"faqs-TOTAL_FORMS": "5"} | {f"faqs-{n}-{f}": f"{f} {n}" for n in range(5) for f in ("question", "answer")}
    editor_client.post(preview_url(article), change_form_data(article, **rows))
    # The save (rolled back), the page's reads (related stories among them); not one per FAQ row.
    with django_assert_max_num_queries(42):
        page = editor_client.post(preview_url(article), change_form_data(article, **rows)).content.decode()
    assert page.count('class="story__faq-question"') == 5
