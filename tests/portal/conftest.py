"""Fixtures of the site-shell tests."""

import pytest

from tests.newsletter.factories import NewsletterListFactory
from tests.portal.factories import PageFactory


@pytest.fixture
def reader_site(article):
    """An article in a section, with tags and an author; a newsletter list; a company page."""
    daily = NewsletterListFactory(name="Daily Headlines", slug="daily-headlines", is_default=True, position=1)
    page = PageFactory(title="About Us", slug="about-us")
    return {"article": article, "daily": daily, "page": page}
