"""Error pages are in the site's style and never leak details."""

import pytest
from django.test import Client, override_settings
from django.urls import path


def broken(request):
    raise RuntimeError("database on fire")


urlpatterns = [path("broken/", broken)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_page_is_styled_and_says_nothing_internal(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "site.css" in html
    assert "database on fire" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_404_for_a_missing_section_page_and_article(client):
    for url in ("/no-such-section/", "/no-such-section/no-such-story/", "/tags/no-such-tag/", "/authors/nobody/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "We couldn’t find that page" in response.content.decode()
