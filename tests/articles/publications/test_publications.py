"""Magazine issues, research reports and the press releases listing: pages,
status codes, publishing state, PDFs, query counts."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import MagazineIssue, ResearchReport
from articles.publications.views import ISSUES_PER_PAGE
from articles.selectors import release_schedule
from tests.articles.publications.factories import ContentsEntryFactory, MagazineIssueFactory, ResearchReportFactory
from tests.factories import ArticleFactory, CategoryFactory, DisclosureFactory, ImageFactory
from tests.html import parse_ok

pytestmark = [pytest.mark.django_db, pytest.mark.media]


def texts(doc, selector):
    return [el.text_content().strip() for el in doc.cssselect(selector)]


def structured(doc, kind):
    blocks = [json.loads(s.text) for s in doc.cssselect('script[type="application/ld+json"]')]
    return next(b for b in blocks if b.get("@type") == kind)


# --- Magazine archive -----------------------------------------------------------


def test_the_archive_lists_published_issues_newest_first(client):
    for number in (77, 79, 78):
        MagazineIssueFactory(number=number)
    MagazineIssueFactory(number=80, is_published=False)
    MagazineIssueFactory(number=81, publish_at=timezone.now() + timedelta(days=3))  # scheduled
    doc = parse_ok(client.get(reverse("magazines:archive")))
    assert texts(doc, ".cover-card__kicker") == ["Issue 79", "Issue 78", "Issue 77"]
    assert doc.cssselect("h1")[0].text_content() == "Magazine: all issues"
    assert doc.cssselect('nav[aria-label="Breadcrumb"] a')[-1].get("aria-current") == "page"


def test_the_archive_is_paginated(client):
    for number in range(1, ISSUES_PER_PAGE + 3):
        MagazineIssueFactory(number=number)
    first = parse_ok(client.get(reverse("magazines:archive")))
    assert len(first.cssselect(".cover-card")) == ISSUES_PER_PAGE
    assert first.cssselect('.pagination a[rel="next"]')
    second = parse_ok(client.get(reverse("magazines:archive") + "?page=2"))
    assert texts(second, ".cover-card__kicker") == ["Issue 2", "Issue 1"]
    assert client.get(reverse("magazines:archive") + "?page=9").status_code == 404


def test_an_empty_archive_says_so(client):
    doc = parse_ok(client.get(reverse("magazines:archive")))
    assert "No issue has been published yet" in doc.text_content()


def test_covers_use_the_rendition_pipeline(client):
    MagazineIssueFactory(number=5, cover=ImageFactory(alt_text="Cover of issue 5"))
    doc = parse_ok(client.get(reverse("magazines:archive")))
    picture = doc.cssselect(".cover-card picture")[0]
    assert "image/webp" in picture.cssselect("source")[0].get("type")
    assert picture.cssselect("img")[0].get("srcset")


def test_latest_redirects_to_the_newest_published_issue(client):
    MagazineIssueFactory(number=78)
    newest = MagazineIssueFactory(number=79)
    MagazineIssueFactory(number=80, is_published=False)
    response = client.get(reverse("magazines:latest"))
    assert response.status_code == 302
    assert response["Location"] == newest.get_absolute_url()


def test_latest_without_issues_is_404(client):
    assert client.get(reverse("magazines:latest")).status_code == 404


# --- An issue -------------------------------------------------------------------


def test_an_issue_page_shows_cover_date_description_contents_and_pdf(client):
    issue = MagazineIssueFactory(
        number=79,
        title="Finance Meets AI",
        description='<p>Inside: <a href="javascript:alert(1)">AI</a> and banks.</p><script>alert(1)</script>',
        cover=ImageFactory(alt_text="Cover of issue 79"),
    )
    live = ArticleFactory(headline="Banks put AI to work")
    draft = ArticleFactory(headline="Unfinished draft", status="draft")
    ContentsEntryFactory(issue=issue, position=1, title="Banks put AI to work", page=12, article=live)
    ContentsEntryFactory(issue=issue, position=2, title="A draft piece", page=20, article=draft)
    ContentsEntryFactory(issue=issue, position=3, title="Markets outlook", page=None)
    doc = parse_ok(client.get(issue.get_absolute_url()))
    assert doc.cssselect("h1")[0].text_content() == "Finance Meets AI"
    assert doc.cssselect(".page-header time")[0].get("datetime") == issue.issue_date.isoformat()
    entries = doc.cssselect(".toc__entry")
    assert [e.cssselect(".toc__title")[0].text_content() for e in entries] == [
        "Banks put AI to work",
        "A draft piece",
        "Markets outlook",
    ]
    assert entries[0].cssselect("a")[0].get("href") == live.get_absolute_url()
    assert not entries[1].cssselect("a")  # drafts are not linked
    assert texts(doc, ".toc__page") == ["page 12", "page 20"]
    assert doc.cssselect(".publication__download a")[0].get("href") == issue.get_pdf_url()
    body = doc.cssselect(".prose")[0]
    assert not body.cssselect("script") and "javascript:" not in lxml_html.tostring(body).decode()
    assert doc.cssselect(".publication__cover img")[0].get("alt") == "Cover of issue 79"
    data = structured(doc, "PublicationIssue")
    assert data["issueNumber"] == "79" and data["encoding"]["encodingFormat"] == "application/pdf"


def test_an_issue_by_number_redirects_to_its_address(client):
    issue = MagazineIssueFactory(number=79)
    response = client.get(reverse("magazines:detail", kwargs={"key": "79"}))
    assert response.status_code == 301 and response["Location"] == issue.get_absolute_url()


@pytest.mark.parametrize("state", [{"is_published": False}, {"publish_at_days": 2}])
def test_unpublished_and_scheduled_issues_are_404_for_readers(client, state):
    if "publish_at_days" in state:
        issue = MagazineIssueFactory(publish_at=timezone.now() + timedelta(days=2))
    else:
        issue = MagazineIssueFactory(**state)
    assert client.get(issue.get_absolute_url()).status_code == 404
    assert client.get(issue.get_pdf_url()).status_code == 404
    assert client.get(reverse("magazines:detail", kwargs={"key": str(issue.number)})).status_code == 404


def test_editors_preview_an_unpublished_issue(editor_client):
    issue = MagazineIssueFactory(is_published=False)
    response = editor_client.get(issue.get_absolute_url())
    assert response.status_code == 200
    assert b"Preview: not published" in response.content
    assert "private" in response["Cache-Control"]


def test_public_pages_are_cacheable(client):
    issue = MagazineIssueFactory()
    response = client.get(issue.get_absolute_url())
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]


def test_unknown_issue_is_404(client):
    assert client.get(reverse("magazines:detail", kwargs={"key": "no-such-issue"})).status_code == 404
    assert client.get(reverse("magazines:detail", kwargs={"key": "999"})).status_code == 404


# --- PDF responses --------------------------------------------------------------


def test_the_issue_pdf_is_served_inline_with_a_readable_name(client, settings):
    settings.SITE_NAME = "Global Banking & Finance Review"
    issue = MagazineIssueFactory(number=79)
    response = client.get(issue.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Global-Banking-Finance-Review-Issue-79.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.streaming
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")


def test_a_report_pdf_is_named_after_the_report(client):
    report = ResearchReportFactory(title="Open Banking Adoption 2026")
    response = client.get(report.get_pdf_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Open-Banking-Adoption-2026.pdf"'


def test_no_pdf_or_a_missing_file_is_404_not_500(client):
    issue = MagazineIssueFactory(pdf="")
    assert client.get(issue.get_pdf_url()).status_code == 404
    other = MagazineIssueFactory()
    other.pdf.storage.delete(other.pdf.name)
    assert client.get(other.get_pdf_url()).status_code == 404


# --- Research reports -----------------------------------------------------------


def test_the_reports_list_shows_published_reports_newest_first(client):
    ResearchReportFactory(title="Older study", publish_at=timezone.now() - timedelta(days=30))
    ResearchReportFactory(title="Newer study", publish_at=timezone.now() - timedelta(days=2))
    ResearchReportFactory(title="Hidden study", is_published=False)
    ResearchReportFactory(title="Future study", publish_at=timezone.now() + timedelta(days=2))
    doc = parse_ok(client.get(reverse("reports:list")))
    assert texts(doc, ".cover-card__title") == ["Newer study", "Older study"]
    assert texts(doc, ".cover-card__kicker") == ["Banking", "Banking"]


def test_a_report_page(client):
    report = ResearchReportFactory(title="Open Banking Adoption 2026", summary="Forty banks were asked.")
    doc = parse_ok(client.get(report.get_absolute_url()))
    assert doc.cssselect("h1")[0].text_content() == "Open Banking Adoption 2026"
    assert "Forty banks were asked." in doc.cssselect(".publication__summary")[0].text_content()
    assert doc.cssselect(".page-header__kicker a")[0].get("href") == report.section.get_absolute_url()
    assert doc.cssselect(".publication__download a")[0].get("href") == report.get_pdf_url()
    assert structured(doc, "Report")["about"] == "Banking"


def test_unpublished_reports_are_404(client):
    report = ResearchReportFactory(is_published=False)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(report.get_pdf_url()).status_code == 404


# --- Press releases -------------------------------------------------------------


@pytest.fixture
def press_release():
    return DisclosureFactory(name="Press release", slug="press-release", label="Press release")


def test_press_releases_lists_articles_with_the_disclosure(client, press_release):
    own = ArticleFactory(headline="Bank announces a new fund")
    own.disclosures.add(press_release)
    wire = CategoryFactory(name="Releases", slug="releases", default_disclosure=press_release)
    by_section = ArticleFactory(headline="Insurer names a new chair", category=wire)
    opted_out = ArticleFactory(headline="Opted out", category=wire, use_section_disclosure=False)
    draft = ArticleFactory(headline="Draft release", status="draft")
    draft.disclosures.add(press_release)
    ArticleFactory(headline="Ordinary news")
    doc = parse_ok(client.get(reverse("articles:press_releases")))
    titles = texts(doc, ".card__title")
    assert sorted(titles) == sorted([own.headline, by_section.headline])
    assert opted_out.headline not in titles
    assert "Press release" in texts(doc, ".card__disclosures li, .card__disclosures span") or (
        "Press release" in doc.cssselect(".card-grid")[0].text_content()
    )
    policy = doc.cssselect(".page-header .lede a")[0]
    assert policy.get("href") == reverse("portal:page", kwargs={"slug": "press-release"})


def test_press_releases_is_paginated(client, press_release, settings):
    for n in range(settings.ARTICLES_PER_PAGE + 1):
        ArticleFactory(headline=f"Release {n}").disclosures.add(press_release)
    doc = parse_ok(client.get(reverse("articles:press_releases")))
    assert len(doc.cssselect(".card")) == settings.ARTICLES_PER_PAGE
    assert doc.cssselect('.pagination a[rel="next"]')


def test_press_releases_without_the_disclosure_is_an_empty_page(client):
    doc = parse_ok(client.get(reverse("articles:press_releases")))
    assert "No stories here yet" in doc.text_content()


# --- Query counts ---------------------------------------------------------------


def build(n):
    section = CategoryFactory(name="Banking", slug="banking")
    cover = ImageFactory()
    disclosure = DisclosureFactory(name="Press release", slug="press-release", label="Press release")
    for i in range(n):
        issue = MagazineIssueFactory(number=i + 1, cover=cover)
        for _ in range(3):
            ContentsEntryFactory(issue=issue, article=ArticleFactory(category=section))
        ResearchReportFactory(section=section, cover=cover)
        ArticleFactory(category=section, hero_image=cover).disclosures.add(disclosure)
    return MagazineIssue.objects.order_by("-number").first(), ResearchReport.objects.first()


#: Warm cache (the chrome is cached): the page's own queries.
EXPECTED = {"archive": 2, "latest": 1, "issue": 2, "reports": 2, "report": 1, "press": 3}


@pytest.mark.parametrize("n", [3, 30])
def test_new_pages_cost_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    issue, report = build(n)
    urls = {
        "archive": reverse("magazines:archive"),
        "latest": reverse("magazines:latest"),
        "issue": issue.get_absolute_url(),
        "reports": reverse("reports:list"),
        "report": report.get_absolute_url(),
        "press": reverse("articles:press_releases"),
    }
    client.get("/")  # warms the chrome
    for name, url in urls.items():
        with django_assert_num_queries(EXPECTED[name], info=name) as queries:
            response = client.get(url)
        assert response.status_code in (200, 302), name
        assert len(queries) <= 6, name  # a warm page stays cheap, whatever its pinned count


def test_pdf_downloads_cost_one_query(client, django_assert_num_queries):
    issue = MagazineIssueFactory()
    release_schedule()  # shared and cached: bounds how long proxies keep the file
    with django_assert_num_queries(1):
        response = client.get(issue.get_pdf_url())
    b"".join(response.streaming_content)
    cache.clear()
