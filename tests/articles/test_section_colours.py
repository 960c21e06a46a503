"""Section colours (Category.colour): a few desks carry one, on their cards, page and home-page block."""

import pytest
from django.core.management import call_command

from articles.models import Category
from tests.factories import ArticleFactory, CategoryFactory
from tests.html import parse_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def desks():
    technology = CategoryFactory(name="Technology", slug="technology", colour="purple", navigation_order=1)
    business = CategoryFactory(name="Business", slug="business", navigation_order=2)
    ArticleFactory(headline="Chipmakers rally", category=technology)
    ArticleFactory(headline="Retailers cut prices", category=business)
    return {"technology": technology, "business": business}


def card_section_classes(doc, section_name):
    return [p.get("class") for p in doc.cssselect("p.card__section") if p.text_content().strip() == section_name]


def test_a_coloured_section_colours_its_cards_and_home_block_and_others_keep_the_house_colour(client, desks):
    doc = parse_ok(client.get("/"))
    assert set(card_section_classes(doc, "Technology")) == {"card__section section-colour--purple"}
    assert set(card_section_classes(doc, "Business")) == {"card__section"}
    assert doc.cssselect("#section-technology")[0].get("class") == "section-title section-colour--purple"
    assert doc.cssselect("#section-business")[0].get("class") == "section-title"


def test_search_results_and_the_trending_box_colour_the_section_too(client, desks):
    from articles.models import Article
    from tests.factories import ArticleDailyViewsFactory

    ArticleDailyViewsFactory(article=Article.objects.get(category=desks["technology"]), views=40)
    box = parse_ok(client.get("/")).cssselect("aside.trending")[0]
    assert [p.get("class") for p in box.cssselect("p.card__section")] == ["card__section section-colour--purple"]
    found = parse_ok(client.get("/search/", {"q": "Chipmakers"}))
    assert set(card_section_classes(found, "Technology")) == {"card__section section-colour--purple"}


def test_the_section_page_carries_its_colour_on_its_header(client, desks):
    header = parse_ok(client.get(desks["technology"].get_absolute_url())).cssselect("header.page-header")[0]
    assert header.get("class") == "page-header section-colour--purple"
    plain = parse_ok(client.get(desks["business"].get_absolute_url())).cssselect("header.page-header")[0]
    assert plain.get("class") == "page-header"


def test_a_colour_outside_the_palette_is_refused_with_a_message(desks):
    section = desks["business"]
    section.colour = "hotpink"
    with pytest.raises(Exception) as refused:
        section.full_clean()
    assert "is not a valid choice" in str(refused.value)


def test_every_colour_has_a_light_and_a_dark_value_in_the_stylesheet():
    from pathlib import Path

    from articles.models.sections import SectionColour

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
    for colour in SectionColour.values:
        assert css.count(f".section-colour--{colour} {{ --section:") == 2, colour  # light, then dark


def test_changing_a_sections_colour_shows_on_the_next_home_page(client, desks, django_capture_on_commit_callbacks):
    client.get("/")  # keeps the menu and the cards
    section = Category.objects.get(slug="business")
    section.colour = "teal"
    with django_capture_on_commit_callbacks(execute=True):  # the change is announced once it is committed
        section.save()
    doc = parse_ok(client.get("/"))
    assert doc.cssselect("#section-business")[0].get("class") == "section-title section-colour--teal"
    assert set(card_section_classes(doc, "Business")) == {"card__section section-colour--teal"}  # new cards


@pytest.mark.media
def test_the_demo_gives_a_few_desks_a_colour():
    call_command("seed_demo", articles=0, verbosity=0)
    coloured = dict(Category.objects.exclude(colour="").values_list("slug", "colour"))
    assert coloured == {"interviews": "teal", "technology": "purple", "investing": "green", "trading": "amber"}
