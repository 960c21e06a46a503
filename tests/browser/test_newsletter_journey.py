"""A reader subscribes from an article page, confirms with the link the SMTP server received,
then unsubscribes with the button; the newsletter pages pass axe and the Nu checker."""

import re

import pytest
from django.urls import reverse

from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect
from tests.newsletter.smtp import parts, smtp_server  # noqa: F401 - a fixture

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def newsletter_site(newsroom, settings, live_server, smtp_server):  # noqa: F811 - the fixture above
    """The newsroom, two lists, mail over SMTP to our server, links pointing at the live server."""
    from tests.newsletter.factories import NewsletterListFactory

    settings.TASKS = IMMEDIATE
    settings.SITE_URL = live_server.url
    settings.NEWSLETTER_FROM_EMAIL = "Global Finance Review <newsletter@news.example.com>"
    daily = NewsletterListFactory(name="Daily Headlines", slug="daily-headlines", is_default=True, position=1)
    NewsletterListFactory(name="Weekly Finance", slug="weekly-finance", position=2)
    return {**newsroom, "daily": daily, "smtp": smtp_server, "base": live_server.url}


def link_in(message, pattern):
    text, html = parts(message)
    url = re.search(pattern, text).group(0)
    assert url in html
    return url


def test_subscribe_confirm_and_unsubscribe(page, console, newsletter_site, screenshot):
    from newsletter.models import Subscriber

    smtp = newsletter_site["smtp"]
    page.goto(newsletter_site["article"].get_absolute_url())
    cta = page.locator("section.nl-box--article")
    expect(cta).to_contain_text("Why waste money on news and opinion")
    cta.get_by_label("Email address").fill("journey@example.com")
    cta.get_by_role("button", name="Subscribe").click()
    expect(page.locator("h1")).to_have_text("Check your inbox")
    expect(page.get_by_role("status")).to_contain_text("we have just sent it an email")

    assert smtp.mailbox.wait_for(1), "the confirmation never reached the SMTP server"
    confirm_url = link_in(smtp.mailbox.messages[0], r"http://\S+/newsletter/confirm/\S+/")
    page.goto(confirm_url)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # opening the link is not enough
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("status")).to_contain_text("now receives Daily Headlines")
    assert Subscriber.objects.get().is_active

    page.get_by_role("link", name="Manage your newsletters now").click()
    expect(page.locator("h1")).to_have_text("Your newsletters")
    page.get_by_role("link", name="Unsubscribe from all newsletters").click()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You are unsubscribed")
    expect(page.get_by_role("status")).to_contain_text("will not receive any more newsletters")
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert not page.context.cookies(), "readers must not get cookies"
    console.assert_clean()


def test_a_mistyped_address_is_explained_on_the_form(page, console, newsletter_site):
    page.goto("/")
    box = page.locator("section.nl-box--footer")
    box.get_by_label("Email address").fill("not-an-address")
    # The browser's own check would stop the typo; without it (or with JS off) the server explains.
    box.locator("form").evaluate("(form) => form.noValidate = true")
    box.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter an email address like name@example.com.")
    field = page.locator("#nl-page-email")
    expect(field).to_have_value("not-an-address")
    expect(field).to_have_attribute("aria-invalid", "true")
    console.assert_clean()


def newsletter_pages(site):
    """(name, path, status) of each newsletter page a reader can meet."""
    from newsletter.models import ConsentRecord
    from newsletter.tokens import confirm_token, manage_token
    from tests.newsletter.factories import SubscriberFactory

    subscriber = SubscriberFactory(email="pages@example.com", lists=[site["daily"]])
    consent = ConsentRecord.objects.create(
        subscriber=subscriber, action="requested", source="page", list_names="Daily Headlines"
    )
    token = manage_token(subscriber)
    return [
        ("newsletter", reverse("newsletter:index"), 200),
        ("thanks", reverse("newsletter:thanks"), 200),
        ("confirm", reverse("newsletter:confirm", kwargs={"token": confirm_token(consent)}), 200),
        ("preferences", reverse("newsletter:preferences", kwargs={"token": token}), 200),
        ("unsubscribe", reverse("newsletter:unsubscribe", kwargs={"token": token}), 200),
    ]


def test_newsletter_pages_have_no_serious_axe_violations(open_context, console, newsletter_site):
    page = open_context(bypass_csp=True).new_page()
    for name, path, status in newsletter_pages(newsletter_site):
        response = page.goto(path)
        assert response.status == status, name
        blocking = serious_axe_violations(page)
        assert not blocking, axe_report(name, blocking)
    console.assert_clean()


def test_newsletter_pages_are_valid_html(browser_tools, client, newsletter_site, tmp_path):
    pages = newsletter_pages(newsletter_site)
    # The form re-rendered with an error is a page too.
    error = client.post(reverse("newsletter:subscribe"), {"email": "nope", "source": "band"})
    pages_html = [(name, client.get(path)) for name, path, _ in pages] + [("signup-error", error)]
    assert_valid_html({name: response.content for name, response in pages_html}, tmp_path)
