"""Every reader page passes axe (no serious or critical violations) and the Nu HTML checker."""

import pytest
from django.urls import reverse

from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import history_url, trust_story
from tests.browser.test_text_edition import text_url

#: Reader pages, as functions of the `newsroom` fixture.
PAGES = {
    "home": lambda n: reverse("home"),
    "section": lambda n: n["section"].get_absolute_url(),
    "article": lambda n: n["article"].get_absolute_url(),
    "tag": lambda n: reverse("articles:tag", kwargs={"slug": "oil"}),
    "tag-index": lambda n: reverse("articles:tags"),
    "author": lambda n: n["author"].get_absolute_url(),
    "not-found": lambda n: "/business/no-such-story/",
    "labelled-article": lambda n: n["labelled"].get_absolute_url(),
    "corrections": lambda n: reverse("articles:corrections"),
    "what-changed": lambda n: history_url(n["labelled"]),
    "earlier-version": lambda n: history_url(n["labelled"], 1),
    "expert-author": lambda n: n["expert"].get_absolute_url(),
    "text-front": lambda n: reverse("textedition:front"),
    "text-article": lambda n: text_url(n["labelled"]),
}
STATUS = {"not-found": 404}


@pytest.fixture
def site(newsroom):
    """The newsroom plus a sponsored story with an update, sources and a correction, and an expert author."""
    return {**newsroom, **trust_story(newsroom["section"])}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_axe_violations(name, scheme, open_context, console, site):
    """In both colour schemes: dark mode follows the system setting, and its contrast is checked too."""
    page = open_context(bypass_csp=True, color_scheme=scheme).new_page()
    response = page.goto(PAGES[name](site))
    assert response.status == STATUS.get(name, 200)
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"{name} ({page.url})", blocking)
    console.assert_clean()


def test_pages_are_valid_html(browser_tools, client, site, tmp_path):
    documents = {}
    for name, url in PAGES.items():
        response = client.get(url(site))
        assert response.status_code == STATUS.get(name, 200), f"{name}: {url(site)} gave {response.status_code}"
        assert response["Content-Type"].startswith("text/html")
        documents[name] = response.content
    assert_valid_html(documents, tmp_path)
