"""The pages a reader sees when something is wrong on our side pass axe and the Nu checker: the 503
answered while the database is down, and the 500. Both are standalone pages (no menus, no database)."""

import pytest
from django.test import RequestFactory
from django.views import defaults

from portal.web.outage import service_unavailable
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations


def database_down():
    return service_unavailable(RequestFactory().get("/business/"))


def server_error():
    return defaults.server_error(RequestFactory().get("/business/"))


ERROR_PAGES = {"database-down": database_down, "server-error": server_error}


@pytest.mark.parametrize("name", ERROR_PAGES)
def test_error_page_has_no_serious_axe_violations_and_is_styled(name, open_context, console, live_server):
    answer = ERROR_PAGES[name]()
    page = open_context(bypass_csp=True).new_page()
    # The page as the site answers it, at an address of the live server, so its stylesheet loads from there.
    page.route(
        f"{live_server.url}/error-page/",
        lambda route: route.fulfill(
            status=answer.status_code, body=answer.content, content_type=answer["Content-Type"]
        ),
    )
    response = page.goto("/error-page/")
    assert response.status == answer.status_code
    assert page.evaluate("getComputedStyle(document.querySelector('.error-page')).textAlign") == "center"
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(name, blocking)
    console.assert_clean()


def test_error_pages_are_valid_html(browser_tools, tmp_path):
    assert_valid_html({name: answer().content for name, answer in ERROR_PAGES.items()}, tmp_path)
