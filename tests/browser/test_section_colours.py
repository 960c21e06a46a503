"""Every section colour keeps its contrast, on cards and home-page blocks, in light and dark mode (axe)."""

import pytest

from tests.browser.checks import axe_report, serious_axe_violations


@pytest.fixture
def coloured_desks(transactional_db):
    from articles.models.sections import SectionColour
    from tests.factories import ArticleFactory, CategoryFactory

    for order, colour in enumerate(SectionColour.values):
        name, slug = f"{colour.title()} desk", f"{colour}-desk"
        desk = CategoryFactory(name=name, slug=slug, colour=colour, navigation_order=order)
        ArticleFactory(headline=f"A story from the {colour} desk", category=desk)
        ArticleFactory(headline=f"Another {colour} desk story", category=desk, hero_image=None)
    return desk


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_section_colour_passes_axe_on_home_and_its_page(scheme, open_context, console, coloured_desks):
    page = open_context(bypass_csp=True, color_scheme=scheme).new_page()
    for path in ("/", coloured_desks.get_absolute_url()):
        page.goto(path)
        assert page.locator("[class*=section-colour--]").count() > 0
        found = serious_axe_violations(page)
        assert not found, axe_report(f"{path} in {scheme} mode", found)
    console.assert_clean()
