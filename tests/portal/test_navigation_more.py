"""However many sections are in the menu, the main bar shows a few and folds the rest into "More"."""

import pytest
from django.test import Client

from articles.selectors import navigation_forget
from tests.factories import CategoryFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def forty_sections(db):
    return [CategoryFactory(name=f"Section {n:02}", slug=f"section-{n:02}", navigation_order=n) for n in range(1, 41)]


def bar_links(html, selector):
    return [a.text_content().strip() for a in html.cssselect(selector)]


def test_the_bar_keeps_the_first_sections_and_more_holds_the_rest(client, forty_sections, settings):
    settings.NAVIGATION_BAR_SECTIONS, settings.NAVIGATION_BAR_CHARACTERS = 7, 200
    html = parse(client.get("/"))
    bar = html.cssselect(".site-nav__desktop")[0]
    on_bar = bar_links(bar, ".site-nav__list > li > a")
    assert on_bar == ["Home"] + [f"Section {n:02}" for n in range(1, 8)]
    more = bar.cssselect(".site-nav__more details")[0]
    assert more.cssselect("summary")[0].text_content() == "More sections"  # "sections" for screen readers only
    assert bar_links(more, "a") == [f"Section {n:02}" for n in range(8, 41)]
    # Every section is reachable exactly once in each copy of the bar (desktop list, phone menu).
    phone = html.cssselect(".mobile-nav")[0]
    assert sorted(bar_links(phone, "a[href^='/section-']")) == [f"Section {n:02}" for n in range(1, 41)]


def test_no_more_menu_while_the_sections_fit(client, settings):
    settings.NAVIGATION_BAR_SECTIONS, settings.NAVIGATION_BAR_CHARACTERS = 7, 200
    for n in range(1, 8):
        CategoryFactory(name=f"Section {n:02}", slug=f"section-{n:02}", navigation_order=n)
    html = parse(client.get("/"))
    assert not html.cssselect(".site-nav__more")
    assert len(html.cssselect(".site-nav__desktop .site-nav__list > li > a")) == 8


def test_the_current_section_is_marked_inside_more(forty_sections, settings):
    settings.NAVIGATION_BAR_SECTIONS, settings.NAVIGATION_BAR_CHARACTERS = 7, 200
    html = parse(Client().get("/section-30/"))
    current = html.cssselect(".site-nav__desktop .site-nav__more a[aria-current='page']")
    assert [a.text_content() for a in current] == ["Section 30"]


def test_long_names_leave_room_for_fewer_sections(client, settings):
    settings.NAVIGATION_BAR_SECTIONS, settings.NAVIGATION_BAR_CHARACTERS = 6, 56
    for n, name in enumerate(["Top Stories", "Interviews", "Business", "Finance", "Banking", "Technology", "Trends"]):
        CategoryFactory(name=name, slug=name.lower().replace(" ", "-"), navigation_order=10 + n)
    bar = parse(client.get("/")).cssselect(".site-nav__desktop")[0]
    assert bar_links(bar, ".site-nav__list > li > a") == [
        "Home",
        "Top Stories",
        "Interviews",
        "Business",
        "Finance",
        "Banking",
        "Technology",
    ]  # six names, 53 characters
    assert bar_links(bar, ".site-nav__more a") == ["Trends"]

    for n in range(1, 5):
        CategoryFactory(name=f"An imported WordPress category {n}", slug=f"long-{n}", navigation_order=n)
    navigation_forget()  # what the commit's change announcement does
    bar = parse(client.get("/")).cssselect(".site-nav__desktop")[0]
    on_bar = bar_links(bar, ".site-nav__list > li > a")
    assert on_bar == ["Home", "An imported WordPress category 1"]  # the next would pass 56 characters
    assert len(bar_links(bar, ".site-nav__more a")) == 10


def test_one_very_long_name_still_shows_on_the_bar(client, settings):
    settings.NAVIGATION_BAR_SECTIONS, settings.NAVIGATION_BAR_CHARACTERS = 6, 20
    CategoryFactory(name="Sustainable Finance and Climate Markets", slug="climate", navigation_order=1)
    bar = parse(client.get("/")).cssselect(".site-nav__desktop")[0]
    assert bar_links(bar, ".site-nav__list > li > a") == ["Home", "Sustainable Finance and Climate Markets"]
    assert not bar.cssselect(".site-nav__more")
