"""A reader meets the type-of-work label and the AI-use note in a real browser, under the site's CSP: the label's
explanation appears on keyboard focus and on hover (and Escape hides it), the note names the journalist who checked
the AI's work, the pages fit a phone, and they pass axe and the Nu checker. Screenshots at 1280 and 390 px."""

import io
import re

import pytest
from django.core.management import call_command

from tests.articles.trustlabels.conftest import build
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def desk(transactional_db):
    call_command("seed_pages", stdout=io.StringIO())
    return build()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reader_reads_the_type_label_and_the_ai_note(width, open_context, console, desk, screenshot):
    page = open_context(viewport={"width": WIDTHS[width], "height": 900}).new_page()
    page.goto(desk.drafted.get_absolute_url())
    header = page.locator(".story__header")
    label = header.locator(".type-label")
    tip = label.locator(".type-label__tip")
    # Chromium joins the label and its (positioned) explanation with a space: "News : Facts ...".
    expect(label).to_have_accessible_name(
        re.compile(r"^News ?: Facts our reporters gathered and checked, without their opinion\.$")
    )
    assert tip.bounding_box()["width"] <= 1  # hidden until asked for
    page.keyboard.press("Tab")  # the skip link first, then on through the page to the label
    for _ in range(40):
        if page.evaluate("document.activeElement.classList.contains('type-label')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.story__header') !== null")
    assert tip.bounding_box()["width"] > 100  # keyboard focus shows the explanation
    note = page.locator(".story__ai-use")
    expect(note).to_contain_text("The text was drafted with AI and edited by Maria Keller.")
    expect(page.locator(".story__hero figcaption")).to_contain_text("Illustration generated with AI.")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    top = header.bounding_box()["y"]
    bottom = note.bounding_box()["y"] + note.bounding_box()["height"]
    clip = {"x": 0, "y": max(0, top - 12), "width": WIDTHS[width], "height": bottom - top + 24}
    path = screenshot(page, f"trust-labels-header-{width}")
    page.screenshot(path=str(path), full_page=True, clip=clip)
    page.keyboard.press("Escape")  # dismissed without moving the focus (WCAG 1.4.13)
    assert tip.bounding_box() is None or tip.bounding_box()["width"] <= 1
    path = screenshot(page, f"trust-labels-header-{width}-at-rest")
    page.screenshot(path=str(path), full_page=True, clip=clip)
    page.goto(desk.business.get_absolute_url())
    card_label = page.locator("article.card", has_text=desk.review.headline).locator(".type-label")
    card_label.hover()
    expect(card_label.locator(".type-label__tip")).to_be_visible()
    expect(card_label.locator(".type-label__tip")).to_contain_text("A critic's assessment")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"trust-labels-cards-{width}")
    console.assert_clean()


def test_the_labelled_pages_pass_axe_and_the_nu_checker(open_context, console, desk, client, tmp_path):
    urls = {
        "drafted story": desk.drafted.get_absolute_url(),
        "opinion column": desk.column.get_absolute_url(),
        "section": desk.business.get_absolute_url(),
        "labels page": "/pages/types-of-work-and-ai/",
    }
    page = open_context(bypass_csp=True).new_page()
    for name, url in urls.items():
        page.goto(url)
        if name != "labels page":
            page.locator(".type-label").first.focus()  # axe checks the tooltip's contrast while it shows
        blocking = serious_axe_violations(page)
        assert not blocking, axe_report(name, blocking)
    assert_valid_html({name: client.get(url).content for name, url in urls.items()}, tmp_path)
    console.assert_clean()
