"""Imported stories and pages are reader pages like any other: axe and the Nu checker, 1280 and 390 px."""

import io

import pytest
from django.core.management import call_command

from tests.articles.importing.material import SAMPLES
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def imported(transactional_db):
    from articles.models import Article
    from portal.models import Page
    from tests.factories import CategoryFactory

    CategoryFactory(name="Headlines", slug="headlines")
    out = io.StringIO()
    call_command(
        "import_wordpress",
        str(SAMPLES / "site.wxr.xml"),
        uploads=str(SAMPLES / "uploads"),
        permalinks="/%category%/%postname%/",
        stdout=out,
    )
    call_command("import_ninjs", str(SAMPLES / "ninjs"), stdout=out)
    return {
        "wordpress-article": Article.objects.get(slug="zurich-bank-sao-paulo").get_absolute_url(),
        "wire-1x": Article.objects.get(source_uri="urn:test:wire:story-1x").get_absolute_url(),
        "wire-2x": Article.objects.get(source_uri="urn:test:wire:story-2x").get_absolute_url(),
        "wordpress-section": Article.objects.get(slug="zurich-bank-sao-paulo").category.get_absolute_url(),
        "wordpress-page": Page.objects.get(slug="about-harbour-times").get_absolute_url(),
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_imported_pages_pass_axe(width, imported, open_context, console, screenshot):
    context = open_context(bypass_csp=True, viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    for name, url in imported.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url}"
        blocking = serious_axe_violations(page)
        assert not blocking, axe_report(f"{name} at {width} ({page.url})", blocking)
        screenshot(page, f"import-{name}-{WIDTHS[width]}")
    console.assert_clean()


def test_an_old_address_lands_on_the_imported_article(imported, page):
    response = page.goto("/markets/shipping/zurich-bank-sao-paulo/")
    assert response.status == 200 and page.url.endswith(imported["wordpress-article"])
    assert page.locator("h1").inner_text() == "Zürich bank opens São Paulo desk — “a big step”"
    assert page.locator("img[alt='Cranes over the container harbour at dawn']").count() >= 1


def test_imported_pages_are_valid_html(browser_tools, client, imported, tmp_path):
    documents = {}
    for name, url in imported.items():
        response = client.get(url)
        assert response.status_code == 200, name
        documents[name] = response.content
    assert_valid_html(documents, tmp_path)


def test_an_editor_imports_a_wordpress_export_in_the_admin(
    open_context, console, screenshot, settings, tmp_path, django_user_model
):
    from django.urls import reverse

    from tests.browser.support import expect
    from tests.factories import CategoryFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.IMPORT_ROOT = tmp_path / "imports"
    CategoryFactory(name="Headlines", slug="headlines")
    django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-for-tests-only")
    page = open_context().new_page()
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Log in").click()
    page.goto(reverse("admin:articles_importjob_add"))
    page.get_by_label("WordPress export (WXR)").check()
    page.locator("#id_file").set_input_files(str(SAMPLES / "site.wxr.xml"))
    page.get_by_label("Permalinks").fill("/%category%/%postname%/")
    screenshot(page, "import-admin-upload-1280")
    page.get_by_role("button", name="Start import").click()
    expect(page.locator("#content-main")).to_contain_text("Status: Done")
    expect(page.get_by_role("table", name="Summary")).to_contain_text("4")
    screenshot(page, "import-admin-job-1280")
    console.assert_clean()
