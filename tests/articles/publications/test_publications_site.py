"""Publications in the rest of the site: the admin, the Magazines menu, the
sitemaps, the Press Release menu item and the demo seed."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from articles.models import Article, MagazineIssue, ResearchReport
from articles.selectors import release_schedule
from portal.models import MenuItem
from portal.selectors import CHROME_CACHE_KEY, Link, site_chrome
from tests.articles.publications.factories import MagazineIssueFactory, ResearchReportFactory, pdf_bytes
from tests.factories import ArticleFactory, CategoryFactory, DisclosureFactory, ImageFactory
from tests.html import parse
from tests.portal.factories import MenuItemFactory, PageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.media]


# --- Admin ------------------------------------------------------------------------


def issue_form(**overrides):
    data = {
        "number": "79",
        "title": "Finance Meets AI",
        "slug": "issue-79",
        "issue_date": "2026-03-01",
        "description": "<p>Inside.</p>",
        "is_published": "on",
        "publish_at_0": "2026-03-01",
        "publish_at_1": "08:00:00",
        "contents-TOTAL_FORMS": "1",
        "contents-INITIAL_FORMS": "0",
        "contents-MIN_NUM_FORMS": "0",
        "contents-MAX_NUM_FORMS": "1000",
        "contents-0-position": "1",
        "contents-0-title": "Banks put AI to work",
        "contents-0-page": "12",
        "contents-0-article": "",
    }
    data.update(overrides)
    return data


def test_an_editor_adds_an_issue_with_a_pdf_and_contents(editor_client):
    cover = ImageFactory()
    article = ArticleFactory()
    data = issue_form(cover=str(cover.pk), **{"contents-0-article": str(article.pk)})
    data["pdf"] = SimpleUploadedFile("Issue 79 FINAL (2).pdf", pdf_bytes(), content_type="application/pdf")
    response = editor_client.post(reverse("admin:articles_magazineissue_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = MagazineIssue.objects.get(number=79)
    assert issue.cover == cover
    assert issue.pdf.name == "publications/magazines/issue-79.pdf"  # our name, not the uploader's
    assert [(e.title, e.page, e.article) for e in issue.contents.all()] == [("Banks put AI to work", 12, article)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 300, "Windows program"),
        (pdf_bytes()[:300], "incomplete"),
        (b"", "empty"),
    ],
)
def test_a_bad_pdf_is_a_clear_form_error(editor_client, content, message):
    data = issue_form()
    data["pdf"] = SimpleUploadedFile("issue.pdf", content, content_type="application/pdf")
    response = editor_client.post(reverse("admin:articles_magazineissue_add"), data)
    assert response.status_code == 200
    errors = parse(response).cssselect(".errorlist")
    assert any(message in e.text_content() for e in errors), [e.text_content() for e in errors]
    assert not MagazineIssue.objects.exists()


@override_settings(PUBLICATION_PDF_MAX_MB=0.0001)
def test_an_oversized_pdf_is_a_form_error_on_reports_too(editor_client):
    section = CategoryFactory(name="Banking", slug="banking")
    data = {
        "title": "Study",
        "slug": "study",
        "section": str(section.pk),
        "summary": "Short.",
        "publish_at_0": "2026-03-01",
        "publish_at_1": "08:00:00",
        "pdf": SimpleUploadedFile("study.pdf", pdf_bytes(), content_type="application/pdf"),
    }
    response = editor_client.post(reverse("admin:articles_researchreport_add"), data)
    assert response.status_code == 200
    assert "the limit is" in response.content.decode()
    assert not ResearchReport.objects.exists()


def test_admin_lists_and_change_forms_open(editor_client):
    issue = MagazineIssueFactory(cover=ImageFactory())
    report = ResearchReportFactory()
    for url in (
        reverse("admin:articles_magazineissue_changelist"),
        reverse("admin:articles_magazineissue_changelist") + "?state=live",
        reverse("admin:articles_magazineissue_changelist") + "?state=scheduled",
        reverse("admin:articles_magazineissue_change", args=[issue.pk]),
        reverse("admin:articles_researchreport_changelist") + "?state=hidden",
        reverse("admin:articles_researchreport_change", args=[report.pk]),
    ):
        assert editor_client.get(url).status_code == 200, url


def test_saving_an_issue_again_does_not_reread_its_pdf(editor_client):
    issue = MagazineIssueFactory(number=79)
    issue.pdf.storage.delete(issue.pdf.name)  # even a lost file must not turn the form into a 500
    data = issue_form(**{"contents-TOTAL_FORMS": "0"})
    response = editor_client.post(reverse("admin:articles_magazineissue_change", args=[issue.pk]), data)
    assert response.status_code == 302


# --- The Magazines menu -------------------------------------------------------------


def magazines_menu():
    magazines = MenuItemFactory(label="Magazines", position=1)
    MenuItemFactory(parent=magazines, label="Latest Issue", route="magazines:latest", position=1)
    MenuItemFactory(parent=magazines, label="All Issues", route="magazines:archive", position=2)


def test_the_magazines_dropdown_lists_the_newest_issues(client):
    magazines_menu()
    for number in (76, 77, 78, 79):
        MagazineIssueFactory(number=number)
    MagazineIssueFactory(number=80, is_published=False)
    (entry,) = site_chrome().main
    assert entry.children == (
        Link("Latest Issue", reverse("magazines:latest")),
        Link("All Issues", reverse("magazines:archive")),
        Link("Issue 79", "/magazines/issue-79/"),
        Link("Issue 78", "/magazines/issue-78/"),
        Link("Issue 77", "/magazines/issue-77/"),
    )
    doc = parse(client.get("/"))
    links = [a.text_content() for a in doc.cssselect(".site-nav__desktop details a")]
    assert links == ["Latest Issue", "All Issues", "Issue 79", "Issue 78", "Issue 77"]


def test_the_menu_costs_one_more_query_cold_only_with_a_magazines_dropdown(django_assert_num_queries):
    magazines_menu()
    MagazineIssueFactory(number=79)
    cache.clear()
    release_schedule()  # when the next issue goes live (it ends the cached menu); shared and cached
    with django_assert_num_queries(4):  # menus, pages, the breaking banner, the newest issues
        site_chrome()
    with django_assert_num_queries(0):
        site_chrome()


def test_saving_or_deleting_an_issue_refreshes_the_menu(django_capture_on_commit_callbacks):
    magazines_menu()
    with django_capture_on_commit_callbacks(execute=True):
        MagazineIssueFactory(number=79)
    assert Link("Issue 79", "/magazines/issue-79/") in site_chrome().main[0].children
    assert cache.get(CHROME_CACHE_KEY) is not None
    with django_capture_on_commit_callbacks(execute=True):
        MagazineIssueFactory(number=80)
    assert cache.get(CHROME_CACHE_KEY) is None
    assert site_chrome().main[0].children[2] == Link("Issue 80", "/magazines/issue-80/")
    with django_capture_on_commit_callbacks(execute=True):
        MagazineIssue.objects.get(number=80).delete()
    assert site_chrome().main[0].children[2] == Link("Issue 79", "/magazines/issue-79/")


# --- Press Release menu item ----------------------------------------------------------


def test_seed_pages_points_press_release_at_the_listing_and_updates_old_installs():
    policy = PageFactory(title="Press Release", slug="press-release")
    old = MenuItemFactory(menu=MenuItem.Menu.COMPANY, label="Press Release", page=policy)
    call_command("seed_pages", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.route == "articles:press_releases" and old.page is None
    company = MenuItem.objects.get(label="Company", parent=None)
    assert company.children.get(label="Press Release").route == "articles:press_releases"
    assert "Press Release" in [entry.label for entry in site_chrome().company]


def test_seed_pages_keeps_an_editors_own_press_release_target():
    MenuItemFactory(menu=MenuItem.Menu.COMPANY, label="Press Release", url="/our-releases/")
    call_command("seed_pages", stdout=io.StringIO())
    assert MenuItem.objects.get(menu=MenuItem.Menu.COMPANY, label="Press Release").url == "/our-releases/"


# --- Sitemaps ----------------------------------------------------------------------------


def test_the_sitemaps_list_published_issues_and_reports(client):
    issue = MagazineIssueFactory(number=79)
    hidden = MagazineIssueFactory(number=80, is_published=False)
    report = ResearchReportFactory()
    index = client.get(reverse("portal:sitemap_xml")).content.decode()
    assert "sitemap-magazines.xml" in index and "sitemap-reports.xml" in index
    magazines = client.get(reverse("portal:sitemap_section", kwargs={"section": "magazines"})).content.decode()
    assert issue.get_absolute_url() in magazines and hidden.get_absolute_url() not in magazines
    reports = client.get(reverse("portal:sitemap_section", kwargs={"section": "reports"})).content.decode()
    assert report.get_absolute_url() in reports
    pages = client.get(reverse("portal:sitemap_section", kwargs={"section": "pages"})).content.decode()
    for route in ("magazines:archive", "reports:list", "articles:press_releases"):
        assert reverse(route) in pages


# --- Demo seed -------------------------------------------------------------------------------


def test_seed_publications_is_idempotent_and_links_demo_articles(client):
    # What seed_demo leaves behind, in miniature (seed_demo itself takes a minute).
    banking = CategoryFactory(name="Banking", slug="banking")
    CategoryFactory(name="Finance", slug="finance")
    for _ in range(12):
        ArticleFactory(category=banking)
    DisclosureFactory(name="Press release", slug="press-release", label="Press release")
    call_command("seed_publications", stdout=io.StringIO())
    call_command("seed_publications", stdout=io.StringIO())
    assert list(MagazineIssue.objects.values_list("number", flat=True)) == [79, 78, 77]
    assert ResearchReport.objects.count() == 2
    issue = MagazineIssue.objects.get(number=79)
    assert issue.cover and issue.cover.renditions["webp"]
    assert issue.contents.filter(article__isnull=False).count() == 5
    response = client.get(issue.get_pdf_url())
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert client.get(reverse("magazines:latest"))["Location"] == issue.get_absolute_url()
    press = Article.objects.published().filter(disclosures__slug="press-release")
    assert press.count() == 3  # labelled once, not again on the second run
    assert client.get(reverse("articles:press_releases")).status_code == 200


@pytest.mark.parametrize("slug", ["79", "latest"])
def test_an_issue_address_may_not_shadow_the_short_links(editor_client, slug):
    response = editor_client.post(reverse("admin:articles_magazineissue_add"), issue_form(slug=slug))
    assert response.status_code == 200
    assert "numbers alone and “latest” are taken" in response.content.decode()
