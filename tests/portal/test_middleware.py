"""Control characters in a request get the styled 400 page, before any view or query runs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory
from django.urls import reverse

from articles.middleware import legacy_redirects
from articles.models import PreviewLink
from portal.middleware import reject_control_characters
from tests.html import parse, text

pytestmark = pytest.mark.django_db

#: The security review's list (each was a 500 on PostgreSQL), and other control characters.
PATHS = [
    "/%00/",
    "/abc%00def/",
    "/tags/%00/",
    "/newsletter/unsubscribe/%00/",
    "/newsletter/preferences/a%00/",
    "/magazines/a%00b/pdf/",
    "/preview/%00abc/",
    "/feeds/authors/%00/rss/",
    "/business/%00/",
    "/x%01y/",
    "/%1B%5B2J/",
    "/del%7F/",
    "/c1%C2%9B/",
    "/tab%09/",
    "/line%0Abreak/",
]


@pytest.mark.parametrize("path", PATHS)
def test_a_control_character_in_the_path_is_the_400_page(client, django_assert_num_queries, path):
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 400
    page = parse(response)
    assert "We could not read that address" in text(page)
    assert page.cssselect('form[role="search"]'), "a way on: the search box"


@pytest.mark.parametrize("query", ["q=%00", "page=1%00", "a%00b=1", "%1B=x", "q=x%7F", "sort=%C2%85"])
def test_a_control_character_in_the_query_is_the_400_page(client, query):
    response = client.get(f"/latest/?{query}")
    assert response.status_code == 400
    assert "We could not read that address" in text(parse(response))


def test_a_control_character_in_a_form_field_is_the_400_page_and_nothing_is_stored(client):
    from newsletter.models import Subscriber

    response = client.post(reverse("newsletter:subscribe"), {"email": "reader\x00@example.com", "source": "nl-page"})
    assert response.status_code == 400
    assert "We could not read that form" in text(parse(response))
    assert not Subscriber.objects.exists()


def test_a_control_character_in_a_field_name_is_refused_in_a_multipart_form_too(client):
    upload = SimpleUploadedFile("draft.pdf", b"%PDF-1.4 draft", content_type="application/pdf")
    response = client.post(reverse("portal:submit_post"), {"name\x01": "Ann", "attachment": upload})
    assert response.status_code == 400
    assert "We could not read that form" in text(parse(response))


def test_tabs_and_line_breaks_in_values_are_left_to_the_form():
    seen = []
    middleware = reject_control_characters(lambda request: seen.append(request) or HttpResponse("ok"))
    request = RequestFactory().post("/contact/", {"message": "Line one\r\n\tLine two"})
    assert middleware(request).status_code == 200 and seen


def test_email_provider_webhooks_post_machine_data_untouched():
    """Inbound mail (ISO-2022-JP carries ESC) posts whole messages to /anymail/."""
    middleware = reject_control_characters(lambda request: HttpResponse("ok"))
    request = RequestFactory().post("/anymail/mailgun/inbound/", {"body-plain": "\x1b$B%F%9%H\x1b(B"})
    assert middleware(request).status_code == 200


@pytest.mark.parametrize("path", ["/a\x00b/", "/" + "x" * 600 + "/"])
def test_the_legacy_lookup_never_queries_a_path_no_row_can_hold(django_assert_num_queries, path):
    """Behind the request-wide check too: a NUL reaching PostgreSQL in old_path__in was the 500."""
    middleware = legacy_redirects(lambda request: HttpResponseNotFound("missing"))
    request = RequestFactory().get("/")
    request.path = request.path_info = path
    with django_assert_num_queries(0):
        assert middleware(request).status_code == 404


@pytest.mark.parametrize("token", ["\x00abc", "a" * 65, "a b", "ä" * 10, ""])
def test_a_preview_token_that_no_link_can_have_asks_no_query(django_assert_num_queries, token):
    with django_assert_num_queries(0):
        assert not PreviewLink.objects.with_token(token).exists()
