"""WordPress's theme-test edge cases (tests/data/theme-edge-cases.wxr.xml): everything imports, twice, quietly."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Category, LegacyRedirect
from portal.models import Page

EXPORT = Path(__file__).resolve().parents[2] / "data" / "theme-edge-cases.wxr.xml"


def _run():
    out = io.StringIO()
    call_command("import_wordpress", str(EXPORT), stdout=out, stderr=io.StringIO())  # raises CommandError on exit 1
    return out.getvalue()


@pytest.fixture
def imported(headlines):
    return _run()


def _snapshot():
    return (
        sorted(Article.objects.values_list("pk", "slug", "status", "body", "publish_at", "updated_at", "category_id")),
        sorted(Page.objects.values_list("pk", "slug", "title", "body", "updated_at", "is_published")),
        sorted(Category.objects.values_list("pk", "slug", "show_in_navigation")),
        sorted(LegacyRedirect.objects.values_list("old_path", "article_id")),
    )


def test_every_item_is_imported_or_skipped_with_a_reason(imported):
    assert "27 created, 0 updated, 0 unchanged, 12 skipped, 0 failed" in imported
    assert "FAILED" not in imported
    assert "skipped 8 items: post type “nav_menu_item” is not imported" in imported
    assert "skipped 1 item: status “trash” (in the bin)" in imported
    assert "skipped 1 item: status “auto-draft” (never written)" in imported
    assert "skipped 1 item: post type “wp_block” is not imported" in imported


def test_a_post_with_no_content_is_a_draft_with_a_warning(imported, client):
    empty = Article.objects.get(headline="Edge Case: No Content")
    assert empty.status == Article.Status.DRAFT and empty.body == ""
    assert "“Edge Case: No Content”: warning: it has no body text; imported as a draft" in imported
    assert client.get(empty.get_absolute_url()).status_code == 404  # not shown to readers until an editor writes it


def test_a_password_protected_post_is_not_made_public(imported, client):
    locked = Article.objects.get(slug="template-password-protected")
    assert locked.status == Article.Status.DRAFT
    assert "password-protected in WordPress; imported as a draft" in imported
    assert client.get(locked.get_absolute_url()).status_code == 404


def test_a_post_with_no_title_and_a_post_with_many_tags(imported):
    assert Article.objects.get(source_uri="https://themetest.example.org/?p=1002").headline == "Untitled post 1002"
    many = Article.objects.get(headline="Edge Case: Many Tags")
    assert many.tags.count() == 42 and "Ünïcödé tag" in many.tags.names()


def test_many_categories_become_sections_off_the_navigation(imported, client):
    assert Category.objects.filter(show_in_navigation=False).count() == 40
    assert "40 new sections from the categories" in imported
    assert "kept out of the main navigation: tick “Show in navigation”" in imported
    header = client.get("/").content.decode().split("<main", 1)[0]
    assert "Child Category 03" not in header and "Meridian" not in header
    assert Article.objects.get(headline="Edge Case: Many Categories").category.slug == "6-1"
    deepest = Article.objects.get(headline="Deepest category post").category
    assert (deepest.slug, deepest.parent.slug, deepest.parent.parent.slug) == ("child-2", "child-1", "parent")


def test_pages_import_including_an_empty_one(imported):
    assert Page.objects.get(slug="front-page").body == ""
    assert Page.objects.get(title="Level 3").is_published
    assert not Page.objects.get(title="Page Draft").is_published


def test_a_second_import_of_the_same_export_changes_nothing(imported):
    before = _snapshot()
    again = _run()
    assert "0 created, 0 updated, 27 unchanged, 12 skipped, 0 failed" in again
    assert "warning" not in again  # nothing was imported, so nothing to warn about
    assert "new section" not in again
    assert _snapshot() == before


def test_an_editor_who_puts_a_section_in_the_menu_keeps_it_there_after_a_reimport(imported):
    Category.objects.filter(slug="markup").update(show_in_navigation=True)
    _run()
    assert Category.objects.get(slug="markup").show_in_navigation
