"""Publications in a real browser: the magazine archive, an issue, the reports
list, a report and the press releases page, at desktop and phone width: no
serious or critical axe violation, valid HTML, no CSP complaint; screenshots."""

import pytest
from django.urls import reverse

from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def publications(newsroom):
    """Three issues (the newest with contents linking the newsroom's story), two reports, a press release."""
    from tests.articles.publications.factories import ContentsEntryFactory, MagazineIssueFactory, ResearchReportFactory
    from tests.factories import DisclosureFactory, ImageFactory
    from tests.portal.factories import MenuItemFactory, PageFactory

    PageFactory(title="Press Release", slug="press-release")
    magazines = MenuItemFactory(label="Magazines", position=1)
    MenuItemFactory(parent=magazines, label="Latest Issue", route="magazines:latest", position=1)
    MenuItemFactory(parent=magazines, label="All Issues", route="magazines:archive", position=2)
    issues = [
        MagazineIssueFactory(
            number=number,
            title=title,
            cover=ImageFactory(alt_text=f"Cover of issue {number}"),
            description="<p>Banks and insurers move AI into production.</p><h2>Also inside</h2><p>Interviews.</p>",
        )
        for number, title in ((77, "Banking After the Rate Peak"), (78, "The Payments Race"), (79, "Finance Meets AI"))
    ]
    ContentsEntryFactory(issue=issues[-1], title=newsroom["article"].headline, page=4, article=newsroom["article"])
    ContentsEntryFactory(issue=issues[-1], title="Markets outlook", page=60)
    reports = [
        ResearchReportFactory(title=title, section=newsroom["section"], cover=ImageFactory(alt_text=f"Cover: {title}"))
        for title in ("Open Banking Adoption 2026", "Sustainable Finance Outlook")
    ]
    release = DisclosureFactory(name="Press release", slug="press-release", label="Press release")
    newsroom["older"][0].disclosures.add(release)
    return {"issue": issues[-1], "report": reports[0]}


PAGES = {
    "magazine-archive": lambda data: reverse("magazines:archive"),
    "magazine-issue": lambda data: data["issue"].get_absolute_url(),
    "reports": lambda data: reverse("reports:list"),
    "report": lambda data: data["report"].get_absolute_url(),
    "press-releases": lambda data: reverse("articles:press_releases"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_publication_pages_pass_axe_at_both_widths(name, width, open_context, console, publications, screenshot):
    page = open_context(bypass_csp=True, viewport=WIDTHS[width]).new_page()
    response = page.goto(PAGES[name](publications))
    assert response.status == 200
    screenshot(page, f"publications-{name}-{width}")
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"{name} ({width})", blocking)
    console.assert_clean()


def test_publication_pages_are_valid_html(browser_tools, client, publications, tmp_path):
    documents = {}
    for name, url in PAGES.items():
        response = client.get(url(publications))
        assert response.status_code == 200, name
        documents[name] = response.content
    assert_valid_html(documents, tmp_path)


def test_a_reader_opens_the_latest_issue_from_the_menu_under_the_sites_csp(page, console, publications):
    page.set_viewport_size(WIDTHS["desktop"])
    page.goto("/")
    page.locator(".site-nav__desktop summary", has_text="Magazines").click()
    menu = page.locator(".site-nav__desktop details[open] .dropdown__list")
    expect(menu.get_by_role("link")).to_have_text(["Latest Issue", "All Issues", "Issue 79", "Issue 78", "Issue 77"])
    menu.get_by_role("link", name="Latest Issue").click()
    page.wait_for_url("**" + publications["issue"].get_absolute_url())
    expect(page.locator("h1")).to_have_text("Finance Meets AI")
    link = page.get_by_role("link", name="Read Issue 79 (PDF)")
    expect(link).to_have_attribute("href", publications["issue"].get_pdf_url())
    page.get_by_role("link", name=publications["issue"].contents.first().title).click()
    expect(page.locator("h1")).to_have_text("Oil prices climb as supply talks stall")
    console.assert_clean()
