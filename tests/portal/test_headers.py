"""Site-wide response headers: Permissions-Policy and Cross-Origin-Resource-Policy, and where uploads differ."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from django.urls import reverse

from newsletter.services.emails import email_image
from portal.middleware import permissions_policy_header

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

DENIED = ["camera=()", "microphone=()", "geolocation=()", "interest-cohort=()", "browsing-topics=()", "payment=()"]
PLAYERS = '(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'


def directives(response):
    return {part.split("=", 1)[0]: part.split("=", 1)[1] for part in response["Permissions-Policy"].split(", ")}


@pytest.fixture
def pages(article):
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.category.get_absolute_url(),
        "search": reverse("articles:search") + "?q=oil",
        "newsletter": reverse("newsletter:index"),
        "feed": reverse("articles:feed", args=["rss"]),
        "admin login": reverse("admin:login"),
        "stylesheet": "/static/css/site.css",
    }


def test_reader_pages_and_static_files_deny_unused_browser_features(client, pages):
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        policy = response["Permissions-Policy"]
        assert all(denied in policy.split(", ") for denied in DENIED), name
        for feature in ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture"):
            assert directives(response)[feature] == PLAYERS, f"{name}: the video player keeps {feature}"


def test_reader_pages_and_static_files_are_not_for_other_sites_to_embed(client, pages):
    for name, url in pages.items():
        assert client.get(url)["Cross-Origin-Resource-Policy"] == "same-origin", name


def test_a_refused_request_carries_them_too(client):
    response = client.get("/search/?q=%00")
    assert response.status_code == 400
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_uploads_may_be_shown_by_mail_clients_and_feed_readers_elsewhere(client, article):
    """A newsletter's pictures load in webmail (another origin); so do a feed's in web-based readers."""
    email_picture = urlsplit(email_image(article.hero_image)["url"]).path
    feed = feedparser.parse(client.get(reverse("articles:feed", args=["rss"])).content)
    feed_picture = urlsplit(feed.entries[0].media_content[0]["url"]).path
    for path in (email_picture, feed_picture, article.hero_image.file.url):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin", path
        assert "camera=()" in response["Permissions-Policy"]


def test_the_header_text_quotes_origins_but_not_self():
    policy = {"camera": (), "fullscreen": ("self", "https://player.example")}
    assert permissions_policy_header(policy) == 'camera=(), fullscreen=(self "https://player.example")'


def test_security_md_names_every_header_and_feature_a_reader_page_sends(client, db):
    """SECURITY.md's "Headers" table is read from a real response; this keeps it so."""
    document = (ROOT / "SECURITY.md").read_text().split("## Headers", 1)[1].split("\n## ", 1)[0]
    response = client.get("/")
    sent = {name for name in response.headers if name.lower().startswith(("content-security", "permissions", "cross-"))}
    sent |= {"X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"}
    assert {name for name in sent if f"| `{name}` |" not in document} == set()
    documented = set(re.findall(r"([a-z-]+)=\(", document))
    assert documented == set(directives(response)), "SECURITY.md lists exactly the Permissions-Policy features sent"
