"""Editing in the admin: the article form, its inlines, actions and helpers."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from articles.selectors import navigation_sections
from tests.articles.admin_forms import INLINES, article_form
from tests.factories import ArticleFactory, CategoryFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_an_editor_writes_and_publishes_an_article(editor_client, section, author, image):
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(section, author, image))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article = Article.objects.get(slug="central-bank-holds-rates")
    assert article.is_live and article.is_top_story
    assert "<script" not in article.body and "<strong>unchanged</strong>" in article.body
    assert sorted(t.name for t in article.tags.all()) == ["Central banks", "Interest rates"]
    assert [t.text for t in article.takeaways.all()] == ["Rates are unchanged."]
    assert [f.question for f in article.faqs.all()] == ["Will rates fall?"]
    assert article.updated_at is None
    home = editor_client.get("/").content.decode()
    assert "Central bank holds rates" in home


def test_missing_fields_get_messages_not_errors(editor_client, section, author, image):
    data = article_form(section, author, image, headline="", summary="", category="")
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"headline", "summary", "category"} <= set(errors)
    assert not Article.objects.exists()


def test_last_updated_moves_only_on_a_substantive_update(editor_client, article, author, image):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form(article.category, author, image, headline="Typo fixed", slug=article.slug, _workflow=None)
    data["publish_at_0"] = article.publish_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d")
    data["publish_at_1"] = article.publish_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M:%S")
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Typo fixed" and article.updated_at is None
    data["substantive_update"] = "on"
    data["takeaways_text"] = "A second takeaway row."
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.updated_at is not None
    assert article.updated_at > article.publish_at
    assert "Last updated:" in editor_client.get(article.get_absolute_url()).content.decode()


def test_bulk_publish_and_unpublish(editor_client, section):
    drafts = [ArticleFactory(category=section, status=Article.Status.DRAFT, publish_at=None) for _ in range(2)]
    url = reverse("admin:articles_article_changelist")
    ids = [a.pk for a in drafts]
    editor_client.post(url, {"action": "publish", "_selected_action": ids})
    assert Article.objects.published().count() == 2
    editor_client.post(url, {"action": "unpublish", "_selected_action": ids})
    assert Article.objects.published().count() == 0


def test_changelist_filters_search_and_scheduled_label(editor_client, section):
    ArticleFactory(category=section, headline="Scheduled story", publish_at=timezone.now() + timedelta(days=1))
    ArticleFactory(category=section, headline="Another story")
    url = reverse("admin:articles_article_changelist")
    response = editor_client.get(url, {"q": "Scheduled"})
    body = response.content.decode()
    assert "Scheduled story" in body and "Another story" not in body
    assert ">Scheduled<" in body
    for query in ({"status__exact": "draft"}, {"is_top_story__exact": "1"}, {"category__id__exact": section.pk}):
        assert editor_client.get(url, query).status_code == 200


def test_change_form_renders_editor_media_with_the_csp_nonce(editor_client, article):
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert "django_prose_editor/editor.js" in html
    assert "View on site" in html


def test_tag_suggestions(editor_client, article):
    url = reverse("admin:articles_article_tag_suggestions")
    assert editor_client.get(url, {"q": "o"}).json() == {"results": ["Oil"]}
    assert editor_client.get(url, {"q": ""}).json() == {"results": []}
    assert Client().get(url, {"q": "o"}).status_code == 302  # readers are sent to log in


def test_changing_sections_refreshes_the_menu(editor_client, django_capture_on_commit_callbacks):
    CategoryFactory(name="Markets", slug="markets")
    assert [s.name for s in navigation_sections()] == ["Markets"]
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:articles_category_add"),
            {
                "name": "Banking",
                "slug": "banking",
                "navigation_order": "0",
                "show_in_navigation": "on",
                "default_work_type": "news",
            },
        )
    assert [s.name for s in navigation_sections()] == ["Banking", "Markets"]


def test_reserved_section_slugs_are_refused(editor_client):
    response = editor_client.post(
        reverse("admin:articles_category_add"), {"name": "Tags", "slug": "tags", "navigation_order": "1"}
    )
    assert response.status_code == 200
    assert "used by another part of the site" in str(response.context["adminform"].form.errors)
    assert not Category.objects.filter(slug="tags").exists()


@pytest.mark.parametrize(
    "name", ["articles_category", "articles_author", "articles_image", "articles_article", "taggit_tag"]
)
def test_admin_lists_and_add_forms_load(editor_client, article, name):
    assert editor_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_tags_are_split_on_commas_only(editor_client, section, author, image):
    data = article_form(section, author, image, tags="São Paulo, Interest rates")
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug=data["slug"])
    assert sorted(t.name for t in article.tags.all()) == ["Interest rates", "São Paulo"]


@pytest.mark.parametrize(
    ("tags", "message"), [("!!!", "has no letters or digits"), ("x" * 101, "longer than 100 characters")]
)
def test_unusable_tags_are_refused_with_a_message(editor_client, section, author, image, tags, message):
    data = article_form(section, author, image, tags=tags)
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["tags"])


def test_an_absurd_publish_year_is_refused(editor_client, section, author, image):
    data = article_form(section, author, image, publish_at_0="9999-01-01", publish_at_1="09:00:00")
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "between 1990 and 2100" in str(response.context["adminform"].form.errors["publish_at"])


def test_publish_action_reports_scheduled_drafts_and_refreshes_old_times(editor_client, section):
    future = timezone.now() + timedelta(days=2)
    old = ArticleFactory(category=section, status=Article.Status.DRAFT, publish_at=timezone.now() - timedelta(days=300))
    later = ArticleFactory(category=section, status=Article.Status.DRAFT, publish_at=future)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [old.pk, later.pk]},
        follow=True,
    )
    assert "1 article(s) published now. 1 scheduled for their publish time." in response.content.decode()
    old.refresh_from_db()
    later.refresh_from_db()
    assert old.is_live and old.publish_at > timezone.now() - timedelta(minutes=1)
    assert later.is_scheduled and later.publish_at == future


def test_publication_filter(editor_client, section):
    ArticleFactory(category=section, headline="Live one")
    ArticleFactory(category=section, headline="Future one", publish_at=timezone.now() + timedelta(days=1))
    ArticleFactory(category=section, headline="Draft one", status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_changelist")
    for value, expected in (("live", "Live one"), ("scheduled", "Future one"), ("draft", "Draft one")):
        body = editor_client.get(url, {"publication": value}).content.decode()
        others = {"Live one", "Future one", "Draft one"} - {expected}
        assert expected in body and not any(o in body for o in others), value


def test_search_finds_articles_by_author_and_tag(editor_client, article):
    url = reverse("admin:articles_article_changelist")
    assert article.headline in editor_client.get(url, {"q": "Osborn"}).content.decode()
    assert article.headline in editor_client.get(url, {"q": "Commodities"}).content.decode()


def test_the_form_builders_know_every_inline_of_the_article_form(editor_client):
    """tests/articles/admin_forms.py sends a management form per inline; a new inline must be added there."""
    page = parse(editor_client.get(reverse("admin:articles_article_add")))
    totals = page.cssselect('form#article_form input[name$="-TOTAL_FORMS"]')
    assert sorted(field.get("name").removesuffix("-TOTAL_FORMS") for field in totals) == sorted(INLINES)
