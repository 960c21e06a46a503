"""The read API's docs page in Chromium: Swagger UI from our own files under the strict CSP, and a console
that sends real requests; axe and the Nu checker clean at desktop and phone widths."""

import pytest
from django.urls import reverse

from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("name", WIDTHS)
def test_the_console_loads_from_our_own_origin_and_tries_a_request(name, open_context, console, newsroom, live_server):
    page = open_context(viewport={"width": WIDTHS[name], "height": 900}).new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(reverse("api:docs"))
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Read API"
    listing = page.locator("#operations-articles-articles_api_endpoints_article_list")
    listing.locator(".opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".responses-wrapper .live-responses-table .microlight").first
    body.wait_for()
    assert newsroom["article"].headline in body.inner_text()
    foreign = [url for url in requested if not url.startswith((live_server.url, "data:"))]
    assert foreign == []  # no CDN, no validator badge: the CSP would refuse them anyway
    console.assert_clean()  # no CSP violation, no script error


@pytest.mark.parametrize("name", WIDTHS)
def test_the_docs_page_has_no_serious_axe_violations(name, open_context, console, newsroom):
    page = open_context(bypass_csp=True, viewport={"width": WIDTHS[name], "height": 900}).new_page()
    page.goto(reverse("api:docs"))
    page.locator("#swagger-ui .opblock").first.wait_for()
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"API docs at {WIDTHS[name]} px", blocking)
    console.assert_clean()


def test_the_docs_page_is_valid_html(browser_tools, client, newsroom, tmp_path):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert_valid_html({"api-docs": response.content}, tmp_path)
