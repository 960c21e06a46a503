"""The one redirect helper: paths on this site, allow-listed hosts, nothing else."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.encoding import iri_to_uri

from portal.web.redirects import (
    UnsafeRedirect,
    is_allowed_target,
    is_site_path,
    safe_redirect,
    validate_redirect_target,
)

OFF_SITE = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/phish",
    "http://evil.example",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/ /evil.example/",
    "/a\x00b/",
    "https://127.0.0.1.evil.example/",
    "https://user@evil.example/",
    "ftp://127.0.0.1/",
    "mailto:someone@example.com",
    "",
    "markets",
]
ON_SITE = ["/", "/markets/", "/markets/oil-prices/?page=2", "/tags/zürich/", "/search/?q=a%20b"]


@pytest.mark.parametrize("url", OFF_SITE)
def test_off_site_targets_are_refused(url):
    assert not is_allowed_target(url)
    with pytest.raises(UnsafeRedirect):
        safe_redirect(url)
    with pytest.raises(ValidationError):
        validate_redirect_target(url)


@pytest.mark.parametrize("url", ON_SITE)
def test_paths_on_this_site_are_followed(url):
    assert is_site_path(url) and is_allowed_target(url)
    response = safe_redirect(url)
    assert response.status_code == 302 and response["Location"] == iri_to_uri(url)


def test_permanent_and_see_other():
    assert safe_redirect("/markets/", permanent=True).status_code == 301
    assert safe_redirect("/newsletter/thanks/", status=303).status_code == 303


def test_the_site_own_host_and_allow_listed_hosts(settings):
    settings.SITE_URL = "https://news.example.com"
    settings.REDIRECT_ALLOWED_HOSTS = ["shop.example.com"]
    assert is_allowed_target("https://news.example.com/markets/")
    assert is_allowed_target("https://shop.example.com/subscribe/")
    assert is_allowed_target("https://SHOP.example.com/")
    assert not is_allowed_target("https://shop.example.com.evil.example/")
    assert not is_allowed_target("https://evil.example/?next=https://shop.example.com/")
    assert not is_allowed_target("javascript://shop.example.com/%0aalert(1)")


def test_url_names_and_models_resolve_first(article):
    assert safe_redirect("articles:latest")["Location"] == "/latest/"
    assert safe_redirect(article, permanent=True)["Location"] == article.get_absolute_url()


def test_a_refused_redirect_is_the_400_page_not_a_500(client, settings):
    """UnsafeRedirect is a SuspiciousOperation: Django answers with the styled 400 page."""
    from django.urls import path

    from portal import urls as root

    def leaky(request):
        return safe_redirect(request.GET["next"])

    settings.ROOT_URLCONF = type("URLConf", (), {"urlpatterns": [path("go/", leaky), *root.urlpatterns]})
    settings.DEBUG = False
    response = client.get("/go/", {"next": "//evil.example/"})
    assert response.status_code == 400
    assert "Location" not in response
    assert "We could not read that address" in response.content.decode()
