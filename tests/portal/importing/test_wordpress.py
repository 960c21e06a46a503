"""WordPress (WXR) import: the sample site, re-runs, redirects, hostile and broken files."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Category, Image, LegacyRedirect
from portal.importing.wpcontent import permalink
from portal.models import Page
from tests.articles.importing.material import SAMPLES

WXR = SAMPLES / "site.wxr.xml"
UPLOADS = SAMPLES / "uploads"


def _run(path=WXR, **options):
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("uploads", str(UPLOADS))
    options.setdefault("permalinks", "/%category%/%postname%/")
    call_command("import_wordpress", str(path), stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def imported(headlines):
    return _run()


def test_the_sample_site_becomes_articles_sections_and_pages(imported):
    assert "4 created, 0 updated, 0 unchanged, 1 skipped, 0 failed" in imported
    assert "2 comments skipped" in imported
    bank = Article.objects.get(slug="zurich-bank-sao-paulo")
    assert bank.headline == "Zürich bank opens São Paulo desk — “a big step”"
    assert bank.summary == "A Zürich bank expands to Brazil."
    assert bank.byline == "By Jürgen Müller"
    assert sorted(bank.tags.names()) == ["Banking", "Zürich"]
    assert bank.publish_at == datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    assert bank.updated_at == datetime(2024, 5, 2, 9, tzinfo=UTC)
    assert bank.status == Article.Status.PUBLISHED and bank.is_live
    assert bank.category.slug == "shipping" and bank.category.parent.slug == "markets"
    assert bank.hero_image.alt_text == "Cranes over the container harbour at dawn"


def test_content_is_cleaned(imported):
    body = Article.objects.get(slug="zurich-bank-sao-paulo").body
    assert "wp:paragraph" not in body and "<!--" not in body
    assert "[caption" not in body and "<p>Cranes over the harbour</p>" in body
    assert "[gallery" not in body and "shortcode [gallery] removed" in imported
    assert "<p>Second paragraph, written<br>\nin the classic editor.</p>" in body
    assert "<script>" not in body and "alert" not in body
    assert "Monday &amp; hires" in body


def test_scheduled_and_draft_posts_keep_their_state(imported):
    scheduled = Article.objects.get(slug="port-tariffs")
    assert scheduled.status == Article.Status.PUBLISHED and scheduled.is_scheduled
    assert scheduled.publish_at == datetime(2099, 1, 5, 7, tzinfo=UTC)
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()
    draft = Article.objects.get(headline="Unfinished: ferry timetable")
    assert draft.status == Article.Status.DRAFT and draft.publish_at is None


def test_missing_images_and_unknown_things_are_reported_not_fatal(imported):
    assert "image file missing:" in imported and "gone.jpg" in imported
    assert "featured image 99 is not in the export" in imported
    assert "post type “wpcf7_contact_form” is not imported" in imported
    assert Image.objects.count() == 1


def test_a_reserved_category_slug_is_renamed(imported):
    section = Category.objects.get(name="Search Engines")
    assert section.slug == "search-section"
    assert "category “search” renamed to “search-section”" in imported


def test_pages_become_company_pages(imported):
    page = Page.objects.get(slug="about-harbour-times")
    assert page.title == "About the Harbour Times"
    assert page.body == "<p>We have covered the harbour since 1998.</p>" and page.is_published


def test_a_rerun_changes_nothing_and_duplicates_nothing(imported):
    before = [m.objects.count() for m in (Article, Author, Category, Image, Page, LegacyRedirect)]
    again = _run()
    assert "0 created, 0 updated, 4 unchanged, 1 skipped, 0 failed" in again
    assert [m.objects.count() for m in (Article, Author, Category, Image, Page, LegacyRedirect)] == before


def test_a_changed_post_is_updated(imported, tmp_path):
    text = (
        WXR.read_text()
        .replace("Second paragraph", "Revised paragraph")
        .replace("2024-05-02 09:00:00", "2024-05-03 09:00:00")
    )
    changed = tmp_path / "changed.xml"
    changed.write_text(text)
    assert "1 updated" in _run(changed)
    assert "Revised paragraph" in Article.objects.get(slug="zurich-bank-sao-paulo").body
    assert Article.objects.filter(headline__startswith="Zürich bank").count() == 1


def test_an_old_wordpress_url_redirects_301_to_the_new_article(imported, client):
    article = Article.objects.get(slug="zurich-bank-sao-paulo")
    response = client.get("/markets/shipping/zurich-bank-sao-paulo/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200
    # Without the trailing slash, and with a query string kept.
    assert client.get("/markets/shipping/zurich-bank-sao-paulo?utm=x")["Location"].endswith("/?utm=x")


def test_a_redirect_to_an_unpublished_article_stays_a_404(imported, client):
    assert client.get("/search/unfinished-ferry-timetable/").status_code == 404


def test_pages_that_exist_never_look_at_the_redirect_table(imported, client):
    article = Article.objects.get(slug="zurich-bank-sao-paulo")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "legacyredirect" in q["sql"].lower()]


def test_permalink_structures():
    when = datetime(2019, 5, 7, 10, tzinfo=UTC)
    args = {"post_id": 42, "slug": "hello", "when": when, "category_path": "news/local"}
    assert permalink("/%category%/%postname%/", **args) == "/news/local/hello/"
    assert permalink("/%year%/%monthnum%/%day%/%postname%/", **args) == "/2019/05/07/hello/"
    assert permalink("/archives/%post_id%", **args) == "/archives/42"


def test_the_progress_bar_when_asked(headlines):
    output = _run(progress=True)
    assert "] 5/5 items" in output


def test_dry_run_stores_nothing(headlines):
    output = _run(dry_run=True)
    assert "Dry run: nothing was stored." in output and "4 created" in output
    assert not Article.objects.exists() and not Page.objects.exists() and not LegacyRedirect.objects.exists()
    assert list(Category.objects.values_list("slug", flat=True)) == ["headlines"]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title><wp:post_type>post</wp:post_type></item></channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&xxe;</title><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>"""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (WXR.read_text()[: len(WXR.read_text()) * 2 // 3], "not well-formed XML"),
        (BILLION_LAUGHS, "refused: the file declares a DTD or entities"),
        (EXTERNAL_ENTITY, "refused: the file declares a DTD or entities"),
        ("<rss><channel><title>Just a feed</title></channel></rss>", "not a WordPress export"),
        ("", "not well-formed XML"),
    ],
    ids=["truncated", "billion-laughs", "external-entity", "plain-rss", "empty"],
)
def test_broken_or_hostile_files_are_refused_and_store_nothing(content, reason, headlines, write):
    with pytest.raises(CommandError, match=reason) as error:
        _run(write("export.xml", content))
    assert "Nothing was imported" in str(error.value)
    assert not Article.objects.exists() and not Page.objects.exists()
    assert list(Category.objects.values_list("slug", flat=True)) == ["headlines"]


def test_wxr_1_1_namespaces_work_too(headlines, write):
    text = WXR.read_text().replace("export/1.2/", "export/1.1/").replace(">1.2<", ">1.1<")
    assert "4 created" in _run(write("old.xml", text))


def test_a_rerun_skips_stored_posts_without_cleaning_them_again(imported, monkeypatch):
    from portal.importing import wordpress

    def never(raw):
        raise AssertionError("an unchanged post is not built again")

    monkeypatch.setattr(wordpress, "clean_content", never)
    again = _run()
    assert "0 created, 0 updated, 4 unchanged, 1 skipped, 0 failed" in again
    assert "shortcode [gallery] removed" in again  # what a stored post reports, it still reports


def test_one_bad_post_fails_alone_in_its_batch(headlines, monkeypatch):
    from articles.importing import common

    real = common.story_apply

    def story_apply(article, story, **kwargs):
        if article.slug == "zurich-bank-sao-paulo":
            raise ValueError("this one is broken")
        return real(article, story, **kwargs)

    monkeypatch.setattr(common, "story_apply", story_apply)
    with pytest.raises(CommandError, match="1 item"):
        _run()
    assert not Article.objects.filter(slug="zurich-bank-sao-paulo").exists()
    assert Article.objects.count() == 2  # the sample's other posts (its pages are company pages)
