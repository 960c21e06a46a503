"""Company pages: sanitized, published-only, seeded with real-reading text, edited in the admin."""

import io
import re
from datetime import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.demo import PAGES
from portal.models import DISCLOSURE_SLUG, POLICY_SLUGS, Page
from tests.html import parse, text
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db

SEEDED_SLUGS = [
    "about-us",
    "profile",
    "privacy-cookie-policy",
    "terms-of-use",
    "contact-us",
    "advertising",
    "submit-post",
    "research-reports",
    "press-release",
    DISCLOSURE_SLUG,
    *POLICY_SLUGS.values(),  # the publisher's policy pages (tests/portal/test_publisher_ld.py)
    "types-of-work-and-ai",  # what the type-of-work and AI-use labels mean (tests/articles/trustlabels)
]


def test_a_published_page_renders_its_sanitized_body(client):
    page = PageFactory(
        title="About Us",
        summary="Who stands behind the site.",
        body='<h2>Our team</h2><p onclick="steal()">Hello <a href="javascript:alert(1)">x</a></p>'
        "<script>alert('owned')</script><ul><li>Reporters</li></ul>",
    )
    page.refresh_from_db()
    assert "<script" not in page.body and "onclick" not in page.body and "javascript:" not in page.body

    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert page.get_absolute_url() == "/pages/about-us/"
    html = response.content.decode()
    assert "alert('owned')" not in html and "steal()" not in html and "javascript:alert" not in html
    doc = parse(html)
    assert [text(h) for h in doc.cssselect("h1")] == ["About Us"]
    assert [text(h) for h in doc.cssselect(".prose h2")] == ["Our team"]
    assert text(doc.cssselect("title")[0]).startswith("About Us |")
    assert doc.cssselect('meta[name="description"]')[0].get("content") == "Who stands behind the site."
    crumbs = doc.cssselect('nav[aria-label="Breadcrumb"] a')
    assert [text(a) for a in crumbs] == ["Home", "About Us"]
    assert crumbs[-1].get("aria-current") == "page"
    updated = doc.cssselect(".company-page__meta time")[0]
    assert text(updated.getparent()).startswith("Last updated")
    assert datetime.fromisoformat(updated.get("datetime")) == page.updated_at.replace(microsecond=0)
    assert "public" in response["Cache-Control"]


def test_an_unpublished_page_is_404_for_readers_and_a_preview_for_editors(editor_client):
    page = PageFactory(title="Research Reports", is_published=False)
    reader = Client()
    assert reader.get(page.get_absolute_url()).status_code == 404
    assert reader.get("/pages/no-such-page/").status_code == 404

    response = editor_client.get(page.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "private" in response["Cache-Control"]


def test_seed_pages_creates_every_company_page_and_is_idempotent(client):
    call_command("seed_pages", stdout=io.StringIO())
    assert sorted(Page.objects.values_list("slug", flat=True)) == sorted(SEEDED_SLUGS)
    edited = Page.objects.get(slug="about-us")
    edited.title = "About the newsroom"
    edited.save()

    call_command("seed_pages", stdout=io.StringIO())
    assert Page.objects.count() == len(SEEDED_SLUGS)
    assert "Global Finance Review Ltd" in Page.objects.get(slug="profile").body  # the configured names
    assert Page.objects.get(slug="about-us").title == "About the newsroom", "an editor's change was overwritten"

    for page in Page.objects.all():
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200, page.slug
        doc = parse(response)
        body = doc.cssselect(".prose")[0]
        assert len(body.cssselect("p")) >= 3, f"{page.slug} should read like a real page"
        assert body.cssselect("h2"), f"{page.slug} has no subheadings"
        assert "{site}" not in page.body + page.summary and "{page:" not in page.body, page.slug
        assert "{url:" not in page.body, page.slug
        for link in body.cssselect("a[href^='/pages/']"):
            assert client.get(link.get("href")).status_code == 200, f"{page.slug} links to {link.get('href')}"


def test_the_disclosure_page_explains_every_kind_of_label():
    call_command("seed_pages", stdout=io.StringIO())
    page = Page.objects.get(slug=DISCLOSURE_SLUG)
    assert page.title == "Editorial & Advertiser Disclosure"
    headings = re.findall(r"<h3>(.*?)</h3>", page.body)
    for label in (
        "Sponsored content",
        "Advertorial",
        "Press release",
        "Guest post",
        "Agency copy",
        "Affiliate links",
        "Conflict of interest",
    ):
        assert any(h.startswith(label) for h in headings), label
    assert "independen" in page.body
    assert 40 < len(page.summary) < 400


@pytest.mark.parametrize("slug", ["contact-us", "submit-post"])
def test_contact_and_submit_post_do_not_pretend_to_have_a_form(client, slug):
    call_command("seed_pages", stdout=io.StringIO())
    response = client.get(reverse("portal:page", kwargs={"slug": slug}))
    doc = parse(response)
    # The page's own content; the header's search box is on every page.
    assert not doc.cssselect(".company-page form, .company-page input, .company-page textarea, .company-page button")
    assert doc.cssselect(".prose a[href^='mailto:']"), "readers need a way to reach us meanwhile"
    assert "form below" not in response.content.decode().lower()


def test_demo_texts_are_original_placeholders():
    titles = [title for _slug, title, _summary, _body in PAGES]
    assert len(titles) == len(set(titles)) == len(SEEDED_SLUGS)
    assert "lorem ipsum" not in " ".join(body.lower() for *_rest, body in PAGES)


def test_admin_edits_a_page_with_the_prose_editor_under_the_csp(editor_client):
    page = PageFactory(title="Terms of Use")
    response = editor_client.get(reverse("admin:portal_page_change", args=[page.pk]))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert "django_prose_editor/editor.js" in html

    response = editor_client.post(
        reverse("admin:portal_page_change", args=[page.pk]),
        {
            "title": "Terms of Use",
            "slug": "terms-of-use",
            "summary": "The rules.",
            "body": "<p>Updated terms.</p><script>alert(1)</script>",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "<p>Updated terms.</p>"
    assert editor_client.get(reverse("admin:portal_page_changelist"), {"q": "terms"}).status_code == 200
