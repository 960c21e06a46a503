"""The site-wide banner: editors switch it on with a menu item (e.g. to the text edition); it purges with the chrome."""

import pytest
from django.urls import reverse

from portal.models import MenuItem
from portal.selectors import site_chrome
from tests.factories import ArticleFactory
from tests.html import parse_ok, texts
from tests.portal.factories import MenuItemFactory

pytestmark = pytest.mark.django_db

NO_CHILDREN = {f"children-{name}": value for name, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))}
LABEL = "Slow connection? Read the text-only edition"


def banner(client, url):
    return parse_ok(client.get(url)).cssselect("aside.site-banner a")


def test_no_banner_until_an_editor_adds_one(client, section):
    article = ArticleFactory(category=section)
    MenuItemFactory(label="Tags", route="articles:tags")  # the main bar's items are not the banner's
    for url in ("/", section.get_absolute_url(), article.get_absolute_url(), reverse("articles:search")):
        assert banner(client, url) == [], url


def test_the_banner_shows_on_every_reader_page_and_leaves_with_its_item(
    editor_client, client, section, django_capture_on_commit_callbacks
):
    article = ArticleFactory(category=section)
    pages = ("/", section.get_absolute_url(), article.get_absolute_url(), reverse("articles:latest"))
    for url in pages:
        assert banner(client, url) == []  # the chrome is now cached without a banner
    add = reverse("admin:portal_menuitem_add")
    data = {"menu": "banner", "label": LABEL, "position": 1, "route": "textedition:front", "url": "", "page": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(add, {**data, "section": "", "parent": "", **NO_CHILDREN})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    for url in pages:
        links = banner(client, url)
        assert [(a.text_content(), a.get("href")) for a in links] == [(LABEL, reverse("textedition:front"))], url
    assert site_chrome().main == () and site_chrome().company == ()  # it is in neither menu
    item = MenuItem.objects.get(menu=MenuItem.Menu.BANNER)
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert banner(client, "/") == []


def test_the_banner_is_purged_from_cached_pages_with_the_chrome(client, page_cache, django_capture_on_commit_callbacks):
    first = client.get("/")
    assert "chrome" in first["Surrogate-Key"].split()
    kept = client.get("/")
    assert kept["X-Page-Cache"] == "HIT" and not parse_ok(kept).cssselect("aside.site-banner")
    with django_capture_on_commit_callbacks(execute=True):
        MenuItemFactory(menu=MenuItem.Menu.BANNER, label=LABEL, route="textedition:front")
    fresh = client.get("/")
    assert fresh["X-Page-Cache"] != "HIT" and texts(parse_ok(fresh), "aside.site-banner a") == [LABEL]


def test_a_banner_item_whose_target_does_not_exist_is_not_shown(client, django_capture_on_commit_callbacks):
    MenuItemFactory(menu=MenuItem.Menu.BANNER, label="Nowhere", route="nowhere:page")
    assert banner(client, "/") == [] and not parse_ok(client.get("/")).cssselect("aside.site-banner")
