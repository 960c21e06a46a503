"""Discovery pages in a real browser: search, Latest News and Trending pass axe
and the Nu checker; a reader searches from the header and opens a result;
JSON-LD blocks raise no CSP complaint; screenshots at desktop and phone widths."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"

PAGES = {
    "search-results": lambda: reverse("articles:search") + "?q=oil+prices",
    "search-start": lambda: reverse("articles:search"),
    "search-nothing": lambda: reverse("articles:search") + "?q=zeppelin&section=business",
    "search-bad-filter": lambda: reverse("articles:search") + "?q=oil&start=2024-13-45",
    "latest": lambda: reverse("articles:latest"),
    "trending": lambda: reverse("articles:trending"),
}


@pytest.fixture
def discovery(newsroom):
    """The newsroom, searchable, with a week of reading figures and a sponsored story."""
    from articles.services import search_index_update
    from tests.factories import ArticleDailyViewsFactory, ArticleFactory, DisclosureFactory

    sponsored = ArticleFactory(category=newsroom["section"], headline="Partner bank launches a savings app")
    sponsored.disclosures.add(DisclosureFactory())
    ranked = [newsroom["article"], sponsored, *newsroom["older"], *newsroom["newer"]]
    for views, article in zip((90, 70, 40, 20, 10), ranked, strict=True):
        ArticleDailyViewsFactory(article=article, date=timezone.localdate(), views=views)
    search_index_update()
    return {**newsroom, "sponsored": sponsored}


@pytest.mark.parametrize("name", PAGES)
def test_discovery_page_has_no_serious_axe_violations(name, open_context, console, discovery):
    page = open_context(bypass_csp=True).new_page()
    response = page.goto(PAGES[name]())
    assert response.status == 200
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(name, blocking)
    console.assert_clean()


def test_discovery_pages_are_valid_html(browser_tools, client, discovery, tmp_path):
    documents = {}
    urls = {
        **{name: url() for name, url in PAGES.items()},
        "article-with-trending": discovery["article"].get_absolute_url(),
    }
    urls["home-with-trending"] = "/"
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        documents[name] = response.content
    assert_valid_html(documents, tmp_path)


def test_a_reader_searches_from_the_header_and_opens_a_result(open_context, console, discovery, screenshot):
    context = open_context(viewport=DESKTOP, user_agent=READER_AGENT)
    page = context.new_page()
    page.goto("/")
    box = page.get_by_role("search").get_by_label("Search articles")
    expect(box).to_be_visible()
    box.fill("oil prices")
    box.press("Enter")
    page.wait_for_url("**/search/?q=oil+prices")
    expect(page.locator("h1")).to_have_text("Search")
    expect(page.locator(".search-summary")).to_contain_text("for “oil prices”")
    first = page.locator(".search-results .result__title a").first
    expect(first).to_have_text(discovery["article"].headline)
    expect(first.locator("mark").first).to_have_text("Oil")
    expect(page.locator(".search-results .result__snippet mark").first).to_be_visible()
    # The header box shows what was searched for.
    expect(page.locator("#header-search-q")).to_have_value("oil prices")
    screenshot(page, "discovery-search-1280")
    first.click()
    page.wait_for_url(f"**{discovery['article'].get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(discovery["article"].headline)
    # JSON-LD is a data block: the strict CSP has nothing to say about it.
    blocks = page.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(3)  # the story (ReportageNewsArticle: a news piece), FAQPage, BreadcrumbList
    types = {json.loads(blocks.nth(i).text_content())["@type"] for i in range(3)}
    assert types == {"ReportageNewsArticle", "FAQPage", "BreadcrumbList"}
    expect(page.locator("aside.trending li")).to_have_count(4)  # the week's most read, not this story
    console.assert_clean()


def test_search_works_without_javascript(open_context, console, discovery):
    page = open_context(java_script_enabled=False).new_page()
    page.goto("/latest/")
    page.locator("#header-search-q").fill("savings app")
    page.locator(".header-search__button").click()
    page.wait_for_url("**/search/?q=savings+app")
    expect(page.locator(".search-results .result__title").first).to_have_text(discovery["sponsored"].headline)
    expect(page.locator(".search-results .disclosure-label").first).to_have_text("Sponsored")
    console.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_screenshots(open_context, console, discovery, screenshot, viewport):
    page = open_context(viewport=viewport).new_page()
    width = viewport["width"]
    for name, url in (
        ("search", PAGES["search-results"]()),
        ("search-start", PAGES["search-start"]()),
        ("latest", PAGES["latest"]()),
        ("trending", PAGES["trending"]()),
        ("home", "/"),
        ("article", discovery["article"].get_absolute_url()),
    ):
        assert page.goto(url).status == 200
        screenshot(page, f"discovery-{name}-{width}")
        # Nothing sticks out sideways, on a phone or a desktop.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    console.assert_clean()
