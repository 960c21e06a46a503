"""The site chrome in a real browser: keyboard dropdowns, the phone menu, no overflow, axe and the Nu checker."""

import io
import re

import pytest
from django.core.management import call_command

from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
COMPANY = ["About Us", "Profile", "Contact Us", "Advertising", "Submit Post", "Research Reports", "Press Release"]


@pytest.fixture
def site(newsroom):
    """The newsroom plus the seeded company pages and menus, and a second dropdown that exists now.

    The seeded Awards and Magazines dropdowns point to routes that later
    issues build, so they stay hidden; "Explore" stands in for them.
    """
    from portal.models import MenuItem

    call_command("seed_pages", stdout=io.StringIO())
    explore = MenuItem.objects.create(menu="main", label="Explore", position=90)
    MenuItem.objects.create(parent=explore, menu="main", label="All topics", route="articles:tags", position=1)
    MenuItem.objects.create(parent=explore, menu="main", label="Sitemap", route="portal:sitemap", position=2)
    return newsroom


def bar(page):
    return page.locator(".site-nav__desktop")


def tab_to(page, selector, limit=60):
    """Press Tab until the element matching `selector` (a Playwright selector) has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(element) => element === document.activeElement"):
            return
    pytest.fail(f"{selector} was not reached with the Tab key in {limit} presses")


def assert_no_horizontal_overflow(page, width):
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width})"


def test_a_dropdown_opens_with_tab_and_enter_and_its_links_are_reachable(page, console, screenshot, site):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    company = bar(page).locator("details", has=page.locator("summary", has_text="Company"))
    links = company.get_by_role("link")
    expect(links.first).to_be_hidden()

    tab_to(page, ".site-nav__desktop summary:text-is('Company')")
    page.keyboard.press("Enter")
    expect(company).to_have_attribute("open", "")
    expect(links).to_have_text(COMPANY)
    screenshot(page, "nav-home-dropdown-1280")

    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Tab")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("Escape")  # static/js/site-nav.js: closes and returns the focus
    expect(company).not_to_have_attribute("open", "")
    expect(company.locator("summary")).to_be_focused()

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/pages/about-us/$"))
    expect(page.locator("h1")).to_have_text("About Us")
    console.assert_clean()


def test_one_dropdown_at_a_time_and_a_click_elsewhere_closes_it(page, console, site):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    company = bar(page).locator("details", has=page.locator("summary", has_text="Company"))
    explore = bar(page).locator("details", has=page.locator("summary", has_text="Explore"))
    company.locator("summary").click()
    expect(company).to_have_attribute("open", "")
    explore.locator("summary").click()
    expect(explore).to_have_attribute("open", "")
    expect(company).not_to_have_attribute("open", "")
    page.locator("footer .copyright").click()  # anywhere outside the menu
    expect(explore).not_to_have_attribute("open", "")
    console.assert_clean()


def test_dropdowns_work_without_javascript(open_context, console, site):
    page = open_context(java_script_enabled=False, viewport=DESKTOP).new_page()
    page.goto("/")
    bar(page).get_by_text("Explore", exact=True).click()
    bar(page).get_by_role("link", name="Sitemap").click()
    expect(page).to_have_url(re.compile(r"/sitemap/$"))
    expect(page.locator("h1")).to_have_text("Sitemap")
    console.assert_clean()


def test_the_phone_menu_opens_and_leads_to_a_section(open_context, console, screenshot, site):
    page = open_context(viewport=PHONE).new_page()
    page.goto("/")
    expect(bar(page)).to_be_hidden()
    menu = page.locator(".mobile-nav")
    expect(menu.locator("summary").first).to_have_text("Menu")
    assert_no_horizontal_overflow(page, PHONE["width"])

    menu.locator("summary").first.click()
    nav = page.get_by_role("navigation", name="Sections")
    expect(nav.get_by_role("link", name="Business", exact=True)).to_be_visible()
    nav.locator("summary", has_text="Company").click()
    expect(nav.get_by_role("link", name="Press Release")).to_be_visible()
    assert_no_horizontal_overflow(page, PHONE["width"])
    screenshot(page, "nav-home-menu-390")

    nav.get_by_role("link", name="Business", exact=True).click()
    expect(page).to_have_url(re.compile(r"/business/$"))
    expect(page.locator("h1")).to_have_text("Business")
    menu.locator("summary").first.click()
    expect(nav.locator("[aria-current=page]")).to_have_text("Business")
    console.assert_clean()


def test_the_phone_menu_works_with_the_keyboard(open_context, console, site):
    page = open_context(viewport=PHONE).new_page()
    page.goto("/")
    tab_to(page, ".mobile-nav > summary")
    page.keyboard.press("Enter")
    tab_to(page, ".mobile-nav summary:text-is('Company')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(".mobile-nav").get_by_role("link", name="About Us")).to_be_focused()
    console.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_company_page_sitemap_and_article_do_not_scroll_sideways(open_context, console, screenshot, site, viewport):
    page = open_context(viewport=viewport).new_page()
    for url in ("/pages/privacy-cookie-policy/", "/sitemap/", site["article"].get_absolute_url(), "/"):
        page.goto(url)
        assert_no_horizontal_overflow(page, viewport["width"])
    page.goto("/pages/editorial-advertiser-disclosure/")
    expect(page.locator("footer .footer-disclosure")).to_contain_text("editorially independent")
    screenshot(page, f"nav-company-page-{viewport['width']}")
    console.assert_clean()


CHROME_PAGES = {
    "company-page": "/pages/editorial-advertiser-disclosure/",
    "contact-page": "/pages/contact-us/",
    "sitemap": "/sitemap/",
    "home": "/",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("name", CHROME_PAGES)
def test_chrome_pages_have_no_serious_axe_violations(open_context, console, site, name, viewport):
    page = open_context(bypass_csp=True, viewport=viewport).new_page()
    assert page.goto(CHROME_PAGES[name]).status == 200
    # Open the menus, so that axe checks what a reader sees with them open.
    if viewport["width"] < 600:
        page.locator(".mobile-nav > summary").click()
        page.locator(".mobile-nav summary", has_text="Company").click()
    else:
        bar(page).locator("summary", has_text="Company").click()
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(name, blocking)
    console.assert_clean()


def test_chrome_pages_are_valid_html(browser_tools, client, site, tmp_path):
    documents = {}
    for name, url in CHROME_PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        documents[name] = response.content
    assert_valid_html(documents, tmp_path)


@pytest.fixture
def many_sections(site, settings):
    """An imported WordPress site's worth of sections, every one in the menu."""
    from tests.factories import CategoryFactory

    settings.NAVIGATION_BAR_SECTIONS = 7
    for n in range(1, 36):
        CategoryFactory(name=f"Imported section {n:02}", slug=f"imported-{n:02}", navigation_order=100 + n)
    return site


def test_many_sections_keep_the_bar_one_row_and_more_works_without_javascript(
    open_context, console, screenshot, many_sections
):
    page = open_context(java_script_enabled=False, viewport=DESKTOP).new_page()
    page.goto("/")
    screenshot(page, "nav-many-1280")
    rows = (
        bar(page)
        .locator(".site-nav__list > li")
        .evaluate_all("(items) => [...new Set(items.map((item) => Math.round(item.getBoundingClientRect().top)))]")
    )
    assert len(rows) == 1, f"the bar wraps into {len(rows)} rows"
    assert_no_horizontal_overflow(page, DESKTOP["width"])
    more = bar(page).locator(".site-nav__more details")
    more.locator("summary").click()
    target = more.get_by_role("link", name="Imported section 30")
    expect(target).to_be_visible()
    box = more.locator("ul").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"] and box["y"] + box["height"] <= 900
    screenshot(page, "nav-more-1280")
    target.click()
    expect(page).to_have_url(re.compile(r"/imported-30/$"))
    console.assert_clean()


def test_many_sections_on_a_phone(open_context, console, many_sections):
    page = open_context(viewport=PHONE).new_page()
    page.goto("/")
    menu = page.locator(".mobile-nav")
    menu.locator("summary").first.click()
    menu.locator("summary", has_text="More").click()
    expect(menu.get_by_role("link", name="Imported section 35")).to_be_visible()
    assert_no_horizontal_overflow(page, PHONE["width"])
    console.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_more_menu_open_has_no_serious_axe_violations(open_context, console, many_sections, viewport):
    page = open_context(bypass_csp=True, viewport=viewport).new_page()
    assert page.goto("/").status == 200
    if viewport["width"] < 600:
        page.locator(".mobile-nav > summary").click()
        page.locator(".mobile-nav summary", has_text="More").click()
    else:
        bar(page).locator("summary", has_text="More").click()
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report("home with More open", blocking)
    console.assert_clean()


def test_the_more_menu_is_valid_html(browser_tools, client, many_sections, tmp_path):
    response = client.get("/")
    assert response.status_code == 200 and b"site-nav__more" in response.content
    assert_valid_html({"home with More": response.content}, tmp_path)
