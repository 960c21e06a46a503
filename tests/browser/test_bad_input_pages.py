"""What a reader sees after bad input, in a real browser: the 400 page for an address or a form
with control characters, and the search page for a search the database refused. Each passes
axe and the Nu checker and offers a way on (a search box, the latest stories)."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations


@pytest.fixture
def refused_search(monkeypatch):
    """A search the database refuses, with the bounds lifted (as tests/articles/test_search.py does)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        monkeypatch.setattr("articles.search.postgres.websearch_text", lambda text: text)
        return "-" * 40  # "tsquery stack too small"
    monkeypatch.setattr("articles.search.query.MAX_QUERY_CHARS", 100_000)
    return "x" * 60_000  # "LIKE or GLOB pattern too complex"


@pytest.mark.parametrize("path", ["/abc%00def/", "/tags/%1B/"])
def test_the_address_400_page_has_no_serious_axe_violations(path, open_context, newsroom):
    page = open_context(bypass_csp=True).new_page()
    response = page.goto(path)
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "We could not read that address"
    assert page.get_by_role("searchbox").count() == 1
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(path, blocking)


def test_the_refused_search_page_has_no_serious_axe_violations(open_context, newsroom, refused_search):
    page = open_context(bypass_csp=True).new_page()
    response = page.goto(reverse("articles:search") + "?" + urlencode({"q": refused_search}))
    assert response.status == 400
    assert "We could not understand that search" in page.get_by_role("alert").inner_text()
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report("search-refused", blocking)


def test_bad_input_pages_are_valid_html(browser_tools, client, newsroom, refused_search, tmp_path):
    documents = {
        "address-400": client.get("/abc%00def/").content,
        "form-400": client.post(reverse("portal:contact"), {"message": "escape \x1b[31m"}).content,
        "search-refused": client.get(reverse("articles:search"), {"q": refused_search}).content,
    }
    assert b"We could not read that form" in documents["form-400"]
    assert_valid_html(documents, tmp_path)
