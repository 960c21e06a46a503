"""A reader checks the newsroom's work in a real browser: from "Last updated" to "What changed",
to the version a correction corrected; the pages fit a phone without sideways scrolling."""

import pytest

from tests.browser.support import expect, history_url, trust_story

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def story(newsroom):
    return trust_story(newsroom["section"])


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reader_follows_what_changed_to_the_corrected_version(width, open_context, console, story, screenshot):
    labelled = story["labelled"]
    page = open_context(viewport={"width": WIDTHS[width], "height": 900}).new_page()
    page.goto(labelled.get_absolute_url())
    expect(page.locator("#sources")).to_contain_text("The bank's filing")
    page.locator(".story__dates").get_by_role("link", name="What changed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed")
    assert page.url.endswith(history_url(labelled))
    update = page.locator("#version-2")
    expect(update).to_contain_text("Editor’s note: Added the interest rate.")
    expect(update.locator("ins").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"what-changed-{width}")
    page.locator("#version-1").get_by_role("link", name="Read this version").click()
    expect(page.locator(".version-banner")).to_contain_text("An earlier version")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner bank launches a savings app")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"earlier-version-{width}")
    page.goto(story["expert"].get_absolute_url())
    expect(page.locator(".author-facts")).to_contain_text("Retail banking, Payments")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"author-page-{width}")
    console.assert_clean()
