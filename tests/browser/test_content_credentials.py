"""A reader opens a picture's "Content credentials" with the keyboard, at desktop and phone widths; the page
stays axe- and Nu-clean with the panel open."""

import pytest
from django.core.files.base import ContentFile

from tests.articles.credentials.certs import make_chain
from tests.articles.credentials.conftest import agency_picture
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect


@pytest.fixture
def signed_story(newsroom, settings, tmp_path):
    from tests.factories import ImageFactory

    publisher, agency = make_chain("Test Newsroom"), make_chain("Wire Agency")
    settings.C2PA_SIGNING_CERT, settings.C2PA_SIGNING_KEY = publisher.chain, publisher.key
    settings.C2PA_TRUST_ANCHORS = publisher.root + agency.root
    article = newsroom["article"]
    article.hero_image = ImageFactory(
        file=ContentFile(agency_picture(agency, height=1200), name="wire.jpg"),
        caption="Tankers at anchor off the coast.",
        credit="Wire Agency/Jo Lens",
        focal_x=0.6,
        focal_y=0.5,
    )
    article.save()
    return article


@pytest.mark.parametrize("width", [1280, 390])
def test_the_credentials_panel_opens_from_the_keyboard(width, open_context, console, signed_story, screenshot):
    page = open_context(bypass_csp=True, viewport={"width": width, "height": 900}).new_page()
    page.goto(signed_story.get_absolute_url())
    mark = page.locator("summary", has_text="Content credentials")
    panel = page.locator(".credentials__panel")
    expect(panel).to_be_hidden()
    mark.focus()
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    expect(panel.locator("dd", has_text="Signed by Wire Agency")).to_be_visible()
    expect(panel.locator("dd", has_text="Opened from the original, cropped, resized, published")).to_be_visible()
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the panel fits the screen"
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"article with credentials open at {width}px", blocking)
    page.locator("figure.story__hero").scroll_into_view_if_needed()
    screenshot(page, f"content-credentials-{width}")
    console.assert_clean()


def test_the_page_with_credentials_is_valid_html(browser_tools, client, signed_story, tmp_path):
    response = client.get(signed_story.get_absolute_url())
    assert b"credentials__panel" in response.content
    assert_valid_html({"article-with-credentials": response.content}, tmp_path)
