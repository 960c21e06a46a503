"""The signup boxes in the page chrome: cached plain data, no query when warm, no cookie."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletter.models import NewsletterList
from newsletter.services.lists import default_lists, signup_lists
from tests.html import parse

pytestmark = pytest.mark.django_db


def newsletter_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries if "newsletter_" in q["sql"]]


def test_the_boxes_cost_one_query_cold_and_none_warm(client, daily, weekly, article):
    for url in ["/", article.get_absolute_url(), article.category.get_absolute_url(), reverse("articles:tags")]:
        cache.clear()
        response, cold = newsletter_queries(client, url)
        assert len(cold) == 1, (url, cold)
        _, warm = newsletter_queries(client, url)
        assert warm == [], url
        assert not response.cookies


def signup_forms(html):
    """(region, box) of every newsletter signup form on a page; the region is the landmark it sits in."""
    forms = []
    for form in parse(html).cssselect("form.nl-form"):
        region = next(
            (a.tag for a in form.iterancestors() if a.tag in ("main", "footer", "aside", "header")), "outside"
        )
        forms.append((region, form.getparent().get("class")))
    return forms


def test_one_signup_form_per_page_region(client, daily, article):
    home = client.get("/")
    assert signup_forms(home) == [("footer", "nl-box nl-box--footer")]
    assert "The day’s business and finance headlines in your inbox." in home.content.decode()
    assert f'name="lists" value="{daily.pk}"' in home.content.decode()
    section = client.get(article.category.get_absolute_url())
    # A section's right rail carries the box, as an article's does (templates/includes/rail.html): one per region.
    assert signup_forms(section) == [("main", "nl-box nl-box--article"), ("footer", "nl-box nl-box--footer")]
    story = client.get(article.get_absolute_url())
    # The article keeps its own box in the page (in its rail); the footer has the other.
    assert signup_forms(story) == [("main", "nl-box nl-box--article"), ("footer", "nl-box nl-box--footer")]
    assert "Why waste money on news and opinion when you can access them for free?" in story.content.decode()
    page = client.get(reverse("newsletter:index")).content.decode()
    assert 'id="nl-footer-email"' not in page


def test_no_lists_no_boxes(client, db):
    html = client.get("/").content.decode()
    assert 'id="nl-footer-email"' not in html and 'class="footer-newsletter"' not in html, "no empty box either"


def test_default_lists_fall_back_to_the_first(daily, weekly):
    NewsletterList.objects.update(is_default=False)
    cache.clear()
    assert [item.slug for item in default_lists(signup_lists())] == ["daily-headlines"]
