"""A reader meets the breaking banner: reads it, follows it, dismisses it (remembered for that banner only)."""

from datetime import timedelta

from django.utils import timezone

from articles.models import BreakingBanner
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations


def put_up(article, text, kind=BreakingBanner.Kind.BREAKING):
    now = timezone.now()
    return BreakingBanner.objects.create(
        article=article, text=text, kind=kind, starts_at=now - timedelta(minutes=1), expires_at=now + timedelta(hours=1)
    )


def test_a_reader_dismisses_the_banner_and_a_new_one_shows_again(open_context, console, newsroom):
    story = newsroom["article"]
    put_up(story, "Rates cut by half a point")
    page = open_context().new_page()
    page.goto("/")
    banner = page.get_by_role("complementary", name="Breaking news")
    status = banner.get_by_role("status")
    assert status.inner_text().split() == ["BREAKING", "Rates", "cut", "by", "half", "a", "point"]
    dismiss = banner.get_by_role("button", name="Dismiss the breaking news banner")
    assert dismiss.is_visible()
    dismiss.click()
    assert not banner.is_visible()
    assert page.evaluate("document.activeElement.id") == "main"  # reading goes on from the content
    page.goto(story.get_absolute_url())
    assert page.locator("aside.breaking").is_hidden()  # remembered in this browser, with no cookie
    assert page.context.cookies() == []
    BreakingBanner.objects.update(expires_at=timezone.now())  # as "End now" would, then a new banner:
    put_up(newsroom["older"][0], "Talks collapse", kind=BreakingBanner.Kind.DEVELOPING)
    page.goto(newsroom["section"].get_absolute_url())  # a page this browser has not kept (max-age)
    developing = page.get_by_role("complementary", name="Developing news")
    assert developing.is_visible() and developing.get_by_role("link", name="Talks collapse").is_visible()
    developing.get_by_role("link", name="Talks collapse").click()
    page.wait_for_url(f"**{newsroom['older'][0].get_absolute_url()}")
    console.assert_clean()


def test_without_javascript_the_banner_stays_and_offers_no_button(open_context, newsroom):
    put_up(newsroom["article"], "Rates cut by half a point")
    page = open_context(java_script_enabled=False).new_page()
    page.goto("/")
    banner = page.get_by_role("complementary", name="Breaking news")
    assert banner.get_by_role("link", name="Rates cut by half a point").is_visible()
    assert banner.get_by_role("button").count() == 0


def test_pages_with_the_banner_are_accessible_and_valid(open_context, browser_tools, client, newsroom, tmp_path):
    put_up(newsroom["article"], "Rates cut by half a point")
    urls = {"home": "/", "article": newsroom["article"].get_absolute_url()}
    for width in (1280, 390):
        page = open_context(viewport={"width": width, "height": 900}, bypass_csp=True).new_page()
        for name, url in urls.items():
            page.goto(url)
            violations = serious_axe_violations(page)
            assert not violations, axe_report(f"{name} at {width}px", violations)
    documents = {name: client.get(url).content for name, url in urls.items()}
    assert all(b'class="breaking' in html for html in documents.values())
    assert_valid_html(documents, tmp_path)
