"""Editors run a live blog from the article's own admin page: make it one, add, edit and delete entries."""

import pytest
from django.urls import reverse

from articles.models import Article, LiveBlog, LiveBlogEntry
from tests.articles.admin_forms import change_form_data
from tests.factories import ArticleFactory
from tests.html import parse_ok

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def liveblog_rows(article):
    """The live blog box as the form posts it (its one row kept)."""
    liveblog = article.liveblog
    return {
        "liveblog-TOTAL_FORMS": "1",
        "liveblog-INITIAL_FORMS": "1",
        "liveblog-0-id": str(liveblog.pk),
        "liveblog-0-article": str(article.pk),
        "liveblog-0-started_at_0": liveblog.started_at.strftime("%Y-%m-%d"),
        "liveblog-0-started_at_1": liveblog.started_at.strftime("%H:%M:%S"),
        "liveblog-0-ended_at_0": "",
        "liveblog-0-ended_at_1": "",
    }


def entry_rows(article, existing=(), new=()):
    """The entries formset: `existing` entries as they are (with overrides), `new` ones after them."""
    data = {"live_entries-TOTAL_FORMS": str(len(existing) + len(new)), "live_entries-INITIAL_FORMS": str(len(existing))}
    for n, (entry, changes) in enumerate(existing):
        row = {
            "id": entry.pk,
            "article": article.pk,
            "status": entry.status,
            "title": entry.title,
            "body": entry.body,
            "author": entry.author_id or "",
            "is_key_event": "on" if entry.is_key_event else "",
            "is_pinned": "on" if entry.is_pinned else "",
            **changes,
        }
        data.update({f"live_entries-{n}-{name}": value for name, value in row.items() if value not in ("", None)})
    for n, fields in enumerate(new, start=len(existing)):
        data.update({f"live_entries-{n}-{name}": value for name, value in {"article": article.pk, **fields}.items()})
    return data


def post(client, article, **extra):
    article = Article.objects.get(pk=article.pk)
    data = {**change_form_data(article), **liveblog_rows(article), **entry_rows(article), **extra}
    return client.post(change_url(article), data)


def test_an_editor_makes_a_story_a_live_blog_and_the_entries_box_appears(editor_client, section):
    story = ArticleFactory(headline="Budget day", category=section)
    page = parse_ok(editor_client.get(change_url(story)))
    assert page.cssselect("#liveblog-group") and not page.cssselect("#live_entries-group")
    data = {
        **change_form_data(story),
        "liveblog-TOTAL_FORMS": "1",
        "liveblog-INITIAL_FORMS": "0",
        "liveblog-0-started_at_0": "2026-03-01",
        "liveblog-0-started_at_1": "09:00:00",
    }
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LiveBlog.objects.filter(article=story).exists()
    page = parse_ok(editor_client.get(change_url(story)))
    assert page.cssselect("#live_entries-group textarea[name='live_entries-0-body']")


def test_adding_an_entry_publishes_it_at_once_and_leaves_the_story_row_alone(editor_client, live):
    before = Article.objects.get(pk=live.article.pk).modified_at
    response = post(
        editor_client,
        live.article,
        **entry_rows(
            live.article,
            new=[{"status": "published", "title": "Surprise", "body": "<p>A surprise cut.</p><script>x()</script>",
                  "author": live.reporter.pk, "is_key_event": "on"}],
        ),
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == change_url(live.article)  # the editor stays on the story
    entry = LiveBlogEntry.objects.get(title="Surprise")
    assert entry.is_published and entry.is_key_event and entry.author == live.reporter
    assert entry.body == "<p>A surprise cut.</p>"  # sanitized like the body
    assert Article.objects.get(pk=live.article.pk).modified_at == before
    assert "Surprise" in editor_client.get(live.article.get_absolute_url()).content.decode()


def test_an_entry_saved_as_a_draft_waits(editor_client, client, live):
    post(
        editor_client,
        live.article,
        **entry_rows(live.article, new=[{"status": "draft", "body": "<p>Held back.</p>"}]),
    )
    entry = LiveBlogEntry.objects.get(body="<p>Held back.</p>")
    assert entry.status == "draft" and entry.published_at is None
    assert "Held back." not in client.get(live.article.get_absolute_url()).content.decode()


def test_editing_and_deleting_entries_from_the_story_page(editor_client, live):
    inline = list(LiveBlogEntry.objects.filter(article=live.article).order_by("-published_at"))
    drafts_first = [e for e in inline if e.published_at is None] + [e for e in inline if e.published_at]
    existing = []
    for entry in drafts_first:
        changes = {}
        if entry.pk == live.early.pk:
            changes = {"body": "<p>Yields are little changed, then slip.</p>"}
        if entry.pk == live.latest.pk:
            changes = {"DELETE": "on"}
        existing.append((entry, changes))
    response = post(editor_client, live.article, **entry_rows(live.article, existing=existing))
    assert response.status_code == 302, response.content.decode()[:3000]
    edited = LiveBlogEntry.objects.get(pk=live.early.pk)
    assert edited.body == "<p>Yields are little changed, then slip.</p>" and edited.show_updated
    assert not LiveBlogEntry.objects.filter(pk=live.latest.pk).exists()
    page = editor_client.get(live.article.get_absolute_url()).content.decode()
    assert "Updated" in page and "Shares extend gains" not in page


def test_a_change_of_the_story_itself_is_saved_as_before(editor_client, live):
    response = post(editor_client, live.article, headline="Rate decision day: as it happened")
    assert response.status_code == 302
    assert Article.objects.get(pk=live.article.pk).headline == "Rate decision day: as it happened"


def test_the_entry_form_opens_with_the_new_entry_and_drafts_first(editor_client, live):
    page = parse_ok(editor_client.get(change_url(live.article)))
    bodies = [node.text_content() for node in page.cssselect("#live_entries-group textarea[name$='-body']")]
    assert "Not ready" in bodies[0]  # the draft, then the newest published
    assert "Shares extend gains" in bodies[1]
    assert page.cssselect("link[href$='css/admin-liveblog.css']")


def test_the_entry_list_finds_every_entry(editor_client, live):
    response = editor_client.get(reverse("admin:articles_liveblogentry_changelist") + "?q=yields")
    assert response.status_code == 200
    assert "Yields are little changed." in response.content.decode()
