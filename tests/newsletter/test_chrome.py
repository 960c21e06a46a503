"""The signup boxes in the page chrome: cached plain data, no query when warm, no cookie."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletter.models import NewsletterList
from newsletter.services.lists import default_lists, signup_lists

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


def test_band_footer_and_article_boxes_where_they_belong(client, daily, article):
    home = client.get("/").content.decode()
    assert "Subscribe to our newsletter" in home and "Get the latest news and updates from our team." in home
    assert 'id="nl-band-email"' in home and 'id="nl-footer-email"' in home
    assert f'name="lists" value="{daily.pk}"' in home
    story = client.get(article.get_absolute_url()).content.decode()
    assert "Why waste money on news and opinion when you can access them for free?" in story
    assert 'id="nl-article-email"' in story and 'id="nl-band-email"' not in story
    page = client.get(reverse("newsletter:index")).content.decode()
    assert 'id="nl-band-email"' not in page and 'id="nl-footer-email"' not in page


def test_no_lists_no_boxes(client, db):
    html = client.get("/").content.decode()
    assert 'id="nl-band-email"' not in html
    assert 'class="nl-band"' not in html, "no empty band either"


def test_default_lists_fall_back_to_the_first(daily, weekly):
    NewsletterList.objects.update(is_default=False)
    cache.clear()
    assert [item.slug for item in default_lists(signup_lists())] == ["daily-headlines"]
