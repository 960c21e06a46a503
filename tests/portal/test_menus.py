"""Menus: hidden targets, one level of nesting, one target each, and a chrome that costs no query warm."""

import io
import os

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.selectors import release_schedule
from portal.context_processors import site
from portal.models import DISCLOSURE_SLUG, MenuItem
from portal.selectors import CHROME_CACHE_KEY, Chrome, Link, MenuEntry, site_chrome
from tests.factories import CategoryFactory
from tests.helpers import requires_env
from tests.html import parse, texts
from tests.portal.factories import MenuItemFactory, PageFactory

pytestmark = pytest.mark.django_db


def desktop(client, url="/"):
    return parse(client.get(url)).cssselect(".site-nav__desktop")[0]


def test_items_whose_target_is_missing_are_not_shown(client):
    about = PageFactory(title="About Us", slug="about-us")
    draft = PageFactory(title="Research", slug="research", is_published=False)
    gone = PageFactory(title="Old page", slug="old-page")
    markets = CategoryFactory(name="Markets", slug="markets")
    company = MenuItemFactory(label="Company", position=1)
    MenuItemFactory(parent=company, label="About", page=about, position=1)
    MenuItemFactory(parent=company, label="Research", page=draft, position=2)
    MenuItemFactory(parent=company, label="Old", page=gone, position=3)
    MenuItemFactory(parent=company, label="Future page", route="future:page", position=4)
    MenuItemFactory(parent=company, label="Sitemap", route="portal:sitemap", position=5)
    MenuItemFactory(parent=company, label="Markets desk", section=markets, position=6)
    MenuItemFactory(parent=company, label="Careers", url="https://jobs.example.com/", position=7)
    gone.delete()  # the menu item stays (SET_NULL) and is hidden until an editor repoints it

    assert site_chrome().main == (
        MenuEntry(
            "Company",
            None,
            (
                Link("About", "/pages/about-us/"),
                Link("Sitemap", "/sitemap/"),
                Link("Markets desk", "/markets/"),
                Link("Careers", "https://jobs.example.com/"),
            ),
        ),
    )
    dropdown = desktop(client).cssselect("details")[0]
    assert texts(dropdown, "summary") == ["Company"]
    assert texts(dropdown, "a") == ["About", "Sitemap", "Markets desk", "Careers"]


def test_a_dropdown_with_no_visible_children_is_hidden(client):
    awards = MenuItemFactory(label="Awards", position=1)
    for n, route in enumerate(["future:about", "future:timetable", "future:winners"]):
        MenuItemFactory(parent=awards, label=f"Awards {n}", route=route)
    MenuItemFactory(label="Empty header", position=2)  # no target, no children
    MenuItemFactory(label="Latest issue", route="nowhere:latest", position=3)  # a link to nothing
    MenuItemFactory(label="Tags", route="articles:tags", position=4)  # a plain link in the bar

    assert site_chrome().main == (MenuEntry("Tags", "/tags/", ()),)
    nav = desktop(client)
    assert not nav.cssselect("details")
    assert "Awards" not in nav.text_content() and "Empty header" not in nav.text_content()
    assert texts(nav, "a")[-1] == "Tags"


def test_a_dropdown_header_with_its_own_target_links_to_it_first(client):
    about = PageFactory(title="About Us", slug="about-us")
    company = MenuItemFactory(label="Company", page=about)
    MenuItemFactory(parent=company, label="Sitemap", route="portal:sitemap")
    assert site_chrome().main == (MenuEntry("Company", "/pages/about-us/", (Link("Sitemap", "/sitemap/"),)),)
    assert texts(desktop(client).cssselect("details")[0], "a") == ["Company", "Sitemap"]


def test_the_company_menu_is_the_footers_company_links(client):
    terms = PageFactory(title="Terms of Use", slug="terms-of-use")
    MenuItemFactory(menu=MenuItem.Menu.COMPANY, label="Terms of Use", page=terms)
    MenuItemFactory(menu=MenuItem.Menu.COMPANY, label="Jobs", url="/jobs/")
    doc = parse(client.get("/"))
    footer = doc.cssselect('footer nav[aria-label="Footer"]')[0]
    assert texts(footer, "a") == ["Terms of Use", "Jobs", "Sitemap", "Tags", "Corrections"]
    assert "Terms of Use" not in texts(doc, ".site-nav__desktop a")


def test_the_phone_menu_and_the_desktop_bar_list_the_same_links(client):
    CategoryFactory(name="Banking", slug="banking")
    company = MenuItemFactory(label="Company")
    MenuItemFactory(parent=company, label="Sitemap", route="portal:sitemap")
    doc = parse(client.get("/banking/"))
    wide, phone = doc.cssselect(".site-nav__desktop")[0], doc.cssselect(".mobile-nav nav")[0]
    assert texts(phone, "a") == texts(wide, "a") == ["Home", "Banking", "Sitemap"]
    assert texts(doc, ".mobile-nav > summary") == ["Menu"]
    for nav in (wide, phone):
        assert texts(nav, "[aria-current=page]") == ["Banking"]


def test_nesting_is_one_level_deep():
    top = MenuItemFactory(label="Company")
    child = MenuItemFactory(parent=top, label="About", url="/about/")
    grandchild = MenuItem(parent=child, label="Team", url="/team/")
    with pytest.raises(ValidationError) as error:
        grandchild.full_clean()
    assert "one level deep" in str(error.value.message_dict["parent"])

    top.parent = MenuItemFactory(label="Other")
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "must stay at the top level" in str(error.value.message_dict["parent"])

    child.parent = child
    with pytest.raises(ValidationError):
        child.full_clean()


def test_a_child_takes_its_parents_menu():
    top = MenuItemFactory(label="Legal", menu=MenuItem.Menu.COMPANY)
    child = MenuItem(parent=top, label="Terms", url="/terms/", menu=MenuItem.Menu.MAIN)
    child.full_clean()
    assert child.menu == MenuItem.Menu.COMPANY


def test_an_item_has_exactly_one_target():
    page = PageFactory()
    top = MenuItemFactory(label="Company")
    MenuItem(label="Dropdown header", menu="main").full_clean()  # a top-level item may have none
    with pytest.raises(ValidationError) as error:
        MenuItem(parent=top, label="Nowhere").full_clean()
    assert "needs a target" in str(error.value)
    with pytest.raises(ValidationError) as error:
        MenuItem(label="Two", menu="main", page=page, url="/two/").full_clean()
    assert set(error.value.message_dict) == {"page", "url"}
    with pytest.raises(IntegrityError), transaction.atomic():
        MenuItem.objects.create(label="Two", menu="main", route="portal:sitemap", url="/two/")


@pytest.mark.parametrize("url", ["https://example.com/x", "http://example.com", "/awards/", "/"])
def test_urls_may_be_absolute_web_addresses_or_paths(url):
    MenuItem(label="Link", menu="main", url=url).full_clean()


@pytest.mark.parametrize(
    "field, value",
    [
        ("url", "javascript:alert(1)"),
        ("url", "//evil.example/"),
        # Browsers read a backslash as a slash: this was accepted as a "path".
        ("url", "/\\evil.example/"),
        ("url", "/\\/evil.example/"),
        ("url", "/\t/evil.example/"),
        ("url", "/ /evil.example/"),
        ("url", "https://evil.example\\@news.example.com/"),
        ("url", "/a\x00b/"),
        ("url", "ftp://x.example/"),
        ("route", "a b"),
    ],
)
def test_unsafe_urls_and_malformed_routes_are_refused(field, value):
    with pytest.raises(ValidationError) as error:
        MenuItem(label="Link", menu="main", **{field: value}).full_clean()
    assert field in error.value.message_dict


def test_a_link_stored_before_the_rule_was_tightened_is_not_shown(client):
    MenuItemFactory(label="Phish", menu=MenuItem.Menu.COMPANY, url="/placeholder/")
    MenuItem.objects.filter(label="Phish").update(url="/\\evil.example/")  # around the model, as an old row
    cache.clear()
    assert "Phish" not in client.get("/").content.decode()


def build_menus(n):
    """n menu items: dropdowns of pages, a section, routes and URLs, and footer links.

    Returns how many dropdowns the main bar shows.
    """
    section = CategoryFactory(name="Banking", slug="banking")
    PageFactory(title="Editorial & Advertiser Disclosure", slug=DISCLOSURE_SLUG, summary="We label ads.")
    parents = [MenuItemFactory(label=f"Dropdown {i}", position=i) for i in range(max(1, n // 10))]
    for i in range(n - len(parents)):
        target = [{"page": PageFactory()}, {"section": section}, {"route": "portal:sitemap"}, {"url": f"/x/{i}/"}]
        if i % 5 == 4:
            MenuItemFactory(menu=MenuItem.Menu.COMPANY, **target[i % 4])
        else:
            MenuItemFactory(parent=parents[i % len(parents)], **target[i % 4])
    assert MenuItem.objects.count() == n
    return len(parents)


@pytest.mark.parametrize("n", [3, 30])
def test_the_chrome_costs_three_queries_cold_and_none_warm(n, django_assert_num_queries):
    dropdowns = build_menus(n)
    cache.clear()
    release_schedule()  # when the next magazine issue goes live (it ends the cached chrome); shared and cached
    with django_assert_num_queries(3):  # menus, pages, the breaking banner
        chrome = site_chrome()
    assert isinstance(chrome, Chrome) and chrome.disclosure.summary == "We label ads."
    assert len(chrome.main) == dropdowns
    with django_assert_num_queries(0):
        assert site_chrome() == chrome


@pytest.mark.parametrize("n", [3, 30])
def test_a_page_pays_for_the_chrome_only_when_cold(n, client, django_assert_num_queries):
    dropdowns = build_menus(n)
    url = PageFactory(title="About Us", slug="about-us").get_absolute_url()
    cache.clear()
    # The page itself (1), the sections (articles' cache, 1), the chrome (3, with the breaking banner),
    # the newsletter lists of the signup boxes (1) and the release schedule (1).
    with django_assert_num_queries(7):
        client.get(url)
    with django_assert_num_queries(1):
        response = client.get(url)
    assert len(parse(response).cssselect(".site-nav__desktop details")) == dropdowns


def test_a_response_that_shows_no_chrome_reads_nothing(django_assert_num_queries):
    build_menus(3)
    cache.clear()
    with django_assert_num_queries(0):
        context = site(RequestFactory().get("/"))
    assert cache.get(CHROME_CACHE_KEY) is None
    release_schedule()
    with django_assert_num_queries(3):
        assert len(context["chrome"].main) == 1
        assert context["chrome"].disclosure.title  # evaluated once per response


def test_the_footer_shows_the_disclosure_summary_and_links_its_page(client):
    page = PageFactory(
        title="Editorial & Advertiser Disclosure", slug=DISCLOSURE_SLUG, summary="Sponsored content is labelled."
    )
    doc = parse(client.get(reverse("articles:tags")))
    section = doc.cssselect("footer .footer-disclosure")[0]
    assert texts(section, "h2") == ["Editorial & Advertiser Disclosure"]
    assert "Sponsored content is labelled." in section.text_content()
    assert section.cssselect("a")[0].get("href") == page.get_absolute_url()
    assert texts(doc, "footer .copyright")[0].startswith("Copyright ©")

    page.is_published = False
    page.save()
    cache.clear()
    assert not parse(client.get("/")).cssselect(".footer-disclosure")


def admin_post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_editing_menus_and_pages_in_the_admin_clears_the_cache(editor_client, django_capture_on_commit_callbacks):
    about = PageFactory(title="About Us", slug="about-us")
    company = MenuItemFactory(label="Company", position=1)
    child = MenuItemFactory(parent=company, label="About", page=about, position=1)
    assert site_chrome().main[0].children == (Link("About", "/pages/about-us/"),)

    change = reverse("admin:portal_menuitem_change", args=[child.pk])
    data = {"menu": "main", "label": "About us", "parent": company.pk, "position": 1, "page": about.pk}
    with django_capture_on_commit_callbacks(execute=True):
        admin_post(editor_client, change, {**data, "route": "", "url": "", "section": ""})
    assert site_chrome().main[0].children == (Link("About us", "/pages/about-us/"),)

    with django_capture_on_commit_callbacks(execute=True):
        admin_post(
            editor_client,
            reverse("admin:portal_page_change", args=[about.pk]),
            {"title": "About Us", "slug": "about", "summary": "", "body": "<p>Hi</p>"},  # unpublished, new slug
        )
    assert site_chrome().main == ()

    with django_capture_on_commit_callbacks(execute=True):
        admin_post(editor_client, reverse("admin:portal_page_change", args=[about.pk]), {
            "title": "About Us", "slug": "about", "summary": "", "body": "<p>Hi</p>", "is_published": "on",
        })  # fmt: skip
    assert site_chrome().main[0].children == (Link("About us", "/pages/about/"),)

    with django_capture_on_commit_callbacks(execute=True):
        admin_post(editor_client, reverse("admin:portal_menuitem_delete", args=[child.pk]), {"post": "yes"})
    assert site_chrome().main == ()

    MenuItemFactory(parent=company, label="Sitemap", route="portal:sitemap")
    site_chrome()
    with django_capture_on_commit_callbacks(execute=True):
        admin_post(
            editor_client,
            reverse("admin:portal_menuitem_changelist"),
            {"action": "delete_selected", "_selected_action": [company.pk], "post": "yes"},
        )
    assert site_chrome().main == () and not MenuItem.objects.exists()


def test_admin_lists_menu_items_with_their_targets_and_edits_positions_in_place(
    editor_client, django_capture_on_commit_callbacks
):
    call_command("seed_pages", stdout=io.StringIO())
    MenuItem.objects.create(label="Future", route="future:page")
    changelist = reverse("admin:portal_menuitem_changelist")
    response = editor_client.get(changelist)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Route: future:page <em>(not shown: the target does not exist yet)</em>" in html
    assert "Route: awards:winners<" in html  # the awards exist: no note
    assert "Page: Terms of Use" in html
    assert 'name="form-0-position"' in html

    awards = MenuItem.objects.get(label="Awards", parent=None)
    response = editor_client.get(reverse("admin:portal_menuitem_change", args=[awards.pk]))
    assert "items in this dropdown" in response.content.decode().lower()
    child = awards.children.first()
    response = editor_client.get(reverse("admin:portal_menuitem_change", args=[child.pk]))
    assert "items in this dropdown" not in response.content.decode().lower()  # no third level
    assert editor_client.get(reverse("admin:portal_menuitem_add")).status_code == 200


def test_seeded_menus_show_the_company_awards_and_magazines_dropdowns(client):
    call_command("seed_pages", stdout=io.StringIO())
    call_command("seed_pages", stdout=io.StringIO())  # idempotent
    assert MenuItem.objects.filter(parent=None, menu="main").count() == 3
    main = site_chrome().main
    assert [entry.label for entry in main] == ["Company", "Awards", "Magazines"]
    assert [link.label for link in main[0].children][:3] == ["About Us", "Profile", "Contact Us"]
    awards = MenuItem.objects.get(label="Awards", parent=None)
    assert [c.label for c in awards.children.all()] == [
        "About the Awards",
        "Awards Timetable",
        "Submit Nominations",
        "Testimonials",
        "Media Room",
        "Award Winners",
        "FAQ",
    ]
    footer = parse(Client().get("/")).cssselect('nav[aria-label="Footer"]')[0]
    assert "Privacy & Cookie Policy" in texts(footer, "a")
    assert "Editorial & Advertiser Disclosure" in texts(footer, "a")


@requires_env("REDIS_URL")
@pytest.mark.redis
def test_the_chrome_is_cached_in_redis(django_assert_num_queries):
    import redis

    build_menus(6)
    chrome = site_chrome()
    with django_assert_num_queries(0):
        assert site_chrome() == chrome
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert any(CHROME_CACHE_KEY in key.decode() for key in raw.scan_iter(match="*portal:chrome*"))


def inline_data(rows):
    data = {
        "children-TOTAL_FORMS": len(rows),
        "children-INITIAL_FORMS": 0,
        "children-MIN_NUM_FORMS": 0,
        "children-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        for field in ("position", "label", "page", "section", "route", "url"):
            data[f"children-{n}-{field}"] = row.get(field, "")
    return data


def test_admin_adds_a_dropdown_with_its_items_in_one_go(editor_client, django_capture_on_commit_callbacks):
    about = PageFactory(title="About Us", slug="about-us")
    site_chrome()  # warm: the new dropdown must still appear
    data = {"menu": "company", "label": "Company", "position": 5, "parent": "", "page": "", "section": ""}
    data |= {"route": "", "url": ""}
    rows = [
        {"position": 1, "label": "About", "page": about.pk},
        {"position": 2, "label": "Map", "route": "portal:sitemap"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        admin_post(editor_client, reverse("admin:portal_menuitem_add"), data | inline_data(rows))
    company = MenuItem.objects.get(label="Company")
    assert [(c.label, c.menu) for c in company.children.order_by("position")] == [
        ("About", "company"),
        ("Map", "company"),
    ]
    assert site_chrome().company == (
        MenuEntry("Company", None, (Link("About", "/pages/about-us/"), Link("Map", "/sitemap/"))),
    )

    # An item without a target, or with two, is refused with a message, and nothing is saved.
    rows = [
        {"position": 1, "label": "Nowhere"},
        {"position": 2, "label": "Both", "route": "portal:sitemap", "url": "/x/"},
    ]
    response = editor_client.post(reverse("admin:portal_menuitem_add"), data | {"label": "Other"} | inline_data(rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert "An item in a dropdown needs a target" in html
    assert "Choose only one target" in html
    assert not MenuItem.objects.filter(label="Other").exists()
