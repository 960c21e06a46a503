"""A subscriber clicks a story in the issue the SMTP server received and lands on it; the editor then
reads the issue's "Clicks" panel in the admin, which passes axe."""

import re

import pytest
from django.urls import reverse

from tests.browser.checks import axe_report, serious_axe_violations
from tests.browser.support import expect
from tests.newsletter.smtp import parts, smtp_server  # noqa: F401 - a fixture

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD = "pw-for-browser-tests-only"


@pytest.fixture
def sent_issue(newsroom, settings, live_server, smtp_server):  # noqa: F811 - the fixture above
    """The newsroom's story sent as an issue of Daily Headlines to two subscribers, over SMTP."""
    from newsletter.services.issues import issue_send
    from tests.newsletter.factories import IssueFactory, NewsletterListFactory, SubscriberFactory

    settings.TASKS = IMMEDIATE
    settings.SITE_URL = live_server.url
    daily = NewsletterListFactory(name="Daily Headlines", slug="daily-headlines", is_default=True, position=1)
    for email in ("ann@example.com", "bob@example.com"):
        SubscriberFactory(email=email, lists=[daily])
    issue = IssueFactory(newsletter_list=daily, subject="Morning markets", articles=[newsroom["article"]])
    issue_send(issue=issue)  # the immediate task backend sends at once (transactional_db: on_commit runs)
    assert smtp_server.mailbox.wait_for(2), "the issue never reached the SMTP server"
    return {**newsroom, "issue": issue, "smtp": smtp_server}


def tracked_headline(message, headline):
    html = parts(message)[1]
    return re.search(rf'<a\s+href="(http://[^"]+/newsletter/r/[^"]+)"[^>]*>{re.escape(headline)}</a>', html).group(1)


def test_a_click_in_the_email_lands_on_the_story_and_the_editor_sees_it(
    open_context, console, screenshot, sent_issue, django_user_model
):
    article, smtp = sent_issue["article"], sent_issue["smtp"]
    reader = open_context().new_page()
    reader.goto(tracked_headline(smtp.mailbox.to("ann@example.com")[0], article.headline))
    expect(reader.locator("h1")).to_have_text(article.headline)
    assert "utm_source=newsletter" in reader.url and "/newsletter/r/" not in reader.url
    reader.goto(tracked_headline(smtp.mailbox.to("bob@example.com")[0], article.headline))
    expect(reader.locator("h1")).to_have_text(article.headline)
    assert not reader.context.cookies(), "the redirect must not set cookies"

    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    editor = open_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    editor.goto(reverse("admin:login"))
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill(PASSWORD)
    editor.get_by_role("button", name="Log in").click()
    editor.goto(reverse("admin:newsletter_issue_change", args=[sent_issue["issue"].pk]))
    panel = editor.get_by_role("region", name="Clicks")
    expect(panel).to_be_visible()
    figures = dict(zip(panel.locator("dt").all_inner_texts(), panel.locator("dd").all_inner_texts(), strict=True))
    assert figures["Delivered"] == "2" and figures["Clicks"] == "2" and figures["Unique clickers"] == "2"
    assert figures["Click rate"] == "100.0%" and figures["Unsubscribes from this issue"] == "0"
    expect(panel.get_by_role("img", name="Clicks per day")).to_be_visible()
    expect(panel.locator("table", has_text="Per article").locator("tbody tr")).to_contain_text(article.headline)
    screenshot(editor, "newsletter-issue-clicks")
    blocking = serious_axe_violations(editor)
    assert not blocking, axe_report("the issue's clicks panel", blocking)
    console.assert_clean()
