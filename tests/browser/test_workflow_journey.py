"""The editorial workflow in a real browser: a contributor writes and submits; an
editor finds it in the review list, reads the difference against the previous
revision, approves and schedules it; the article appears at its time.
Also: the shareable preview page passes axe and the Nu checker at two widths."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.workflow.preview import preview_link_create
from portal.roles import CONTRIBUTOR, EDITOR
from tests.articles.workflow.users import role_user
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect
from tests.browser.test_editor_journey import choose_in_autocomplete, log_in
from tests.factories import CategoryFactory

HEADLINE = "Regional lenders brace for tighter capital rules"
SLUG = "regional-lenders-brace-for-tighter-capital-rules"
WIDTHS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def type_in_body(page, text):
    editor = page.locator(".prose-editor div.ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(text)


def test_contributor_submits_editor_reviews_and_schedules(open_context, console, screenshot, live_server):
    business = CategoryFactory(name="Business", slug="business", navigation_order=1)
    role_user(CONTRIBUTOR, username="casey", first_name="Casey")
    role_user(EDITOR, username="dana", first_name="Dana")

    # The contributor writes a draft, saves it, then adds a sentence and submits.
    writer = open_context().new_page()
    log_in(writer, "casey")
    writer.goto(reverse("admin:articles_article_add"))
    expect(writer.get_by_label("Status")).to_have_count(0)  # contributors cannot set a state
    writer.get_by_label("Headline").press_sequentially(HEADLINE, delay=5)
    choose_in_autocomplete(writer, "category", "Busi", "Business")
    writer.get_by_label("Quick summary").fill("Smaller banks say new capital rules would cut lending.")
    type_in_body(writer, "Regional lenders are preparing for stricter capital requirements.")
    writer.get_by_role("button", name="Save draft").first.click()
    expect(writer.locator(".messagelist .success")).to_contain_text("Saved — Preview on site")
    type_in_body(writer, " Supervisors publish the final text in spring.")
    screenshot(writer, "workflow-contributor-draft")
    writer.get_by_role("button", name="Submit for review").first.click()
    expect(writer.locator(".messagelist .success")).to_contain_text("Submitted for review")
    expect(writer.get_by_test_id("workflow-state")).to_have_text("In review")
    article = Article.objects.get(slug=SLUG)
    assert article.status == Article.Status.IN_REVIEW and article.created_by.username == "casey"

    # The editor finds it in the review list from the admin index.
    desk = open_context().new_page()
    log_in(desk, "dana")
    desk.get_by_role("link", name="Waiting for review").click()
    desk.get_by_role("link", name=HEADLINE).click()
    expect(desk.locator(".workflow-panel")).to_contain_text("submitted by Casey")
    screenshot(desk, "workflow-editor-review")

    # ...reads what changed since the previous revision...
    desk.get_by_role("link", name="Revisions").click()
    desk.get_by_role("button", name="Compare the chosen revisions").click()
    diff = desk.locator(".revision-diff")
    expect(diff.locator("tbody ins").first).to_contain_text("Supervisors publish the final text in spring.")
    expect(diff).to_contain_text("In review")
    screenshot(desk, "workflow-compare")
    desk.go_back()
    desk.go_back()

    # ...and schedules it an hour ahead.
    when = timezone.localtime(timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    desk.locator("#id_publish_at_0").fill(when.strftime("%Y-%m-%d"))
    desk.locator("#id_publish_at_1").fill(when.strftime("%H:%M"))
    desk.get_by_role("button", name="Schedule", exact=True).first.click()
    # No picture and no byline: the pre-publish warnings are confirmed once, inline.
    desk.get_by_role("alertdialog").get_by_role("button", name="Publish with these warnings").click()
    expect(desk.locator(".messagelist .success")).to_contain_text("Scheduled for")
    expect(desk.get_by_test_id("workflow-state")).to_contain_text("Scheduled for")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.publish_at == when

    # A reader sees nothing before the time, and the story from its time on:
    # rather than wait for the clock, the test moves the time to just past.
    reader = open_context().new_page()
    url = article.get_absolute_url()
    assert reader.goto(url).status == 404
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert reader.goto(url).status == 200
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".story__body")).to_contain_text("Supervisors publish the final text in spring.")
    assert business.slug in reader.url
    console.assert_clean()


@pytest.fixture
def preview(newsroom):
    article = newsroom["article"]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)
    return preview_link_create(article=article, user=role_user(EDITOR))


@pytest.mark.parametrize("width", WIDTHS)
def test_preview_pages_pass_axe(width, open_context, console, preview, screenshot):
    page = open_context(bypass_csp=True, viewport=WIDTHS[width]).new_page()
    response = page.goto(preview.get_absolute_url())
    assert response.status == 200 and response.headers["x-robots-tag"] == "noindex, nofollow"
    expect(page.locator(".preview-banner")).to_contain_text("Preview.")
    screenshot(page, f"workflow-preview-{width}")
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"preview at {width}", blocking)
    preview.revoked_at = timezone.now()
    preview.save()
    assert page.goto(preview.get_absolute_url()).status == 410
    screenshot(page, f"workflow-preview-gone-{width}")
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"revoked preview at {width}", blocking)


def test_preview_pages_are_valid_html(browser_tools, client, preview, tmp_path):
    documents = {"preview": client.get(preview.get_absolute_url()).content}
    preview.revoked_at = timezone.now()
    preview.save()
    gone = client.get(preview.get_absolute_url())
    assert gone.status_code == 410
    documents["preview-gone"] = gone.content
    assert_valid_html(documents, tmp_path)


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_workflow_pages_at_two_widths(width, open_context, newsroom, screenshot):
    """Screenshots of the editors' new pages (looked at by a person), and no console errors."""
    role_user(EDITOR, username="dana")
    page = open_context(viewport=WIDTHS[width]).new_page()
    log_in(page, "dana")
    page.goto(reverse("admin_calendar"))
    expect(page.locator("h1")).to_contain_text("Editorial calendar")
    expect(page.get_by_role("link", name=newsroom["article"].headline)).to_be_visible()
    screenshot(page, f"workflow-calendar-{width}")
    page.goto(reverse("admin:articles_article_change", args=[newsroom["article"].pk]))
    expect(page.locator(".workflow-panel")).to_contain_text("Published")
    screenshot(page, f"workflow-panel-{width}")
    assert re.search(r"/change/$", page.url)
