"""Readers see a "Content credentials" mark on pictures that carry one, opening the claims in plain words."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from tests.articles.credentials.conftest import agency_picture
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def hero(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    (figure,) = html.fromstring(response.content).cssselect("figure.story__hero")
    return figure


def test_a_signed_picture_opens_its_claims_without_javascript(client, signing, agency_chain, settings):
    settings.IMAGE_RENDITION_WIDTHS = [320, 640]
    image = ImageFactory(
        # 4:3, so keeping the focal point in a 16:9 frame crops it.
        file=ContentFile(agency_picture(agency_chain, height=1200), name="wire.jpg"),
        credit="Wire Agency/Jo Lens",
        focal_x=0.2,
        focal_y=0.5,
    )
    figure = hero(client, ArticleFactory(hero_image=image))
    # A native disclosure widget inside the caption: opens with keyboard or tap, no script.
    (details,) = figure.cssselect("figcaption details.credentials")
    assert details.cssselect("summary")[0].text_content().split() == ["cr", "Content", "credentials"]
    claims = {div.cssselect("dt")[0].text_content(): div.cssselect("dd")[0].text_content() for div in
              details.cssselect("dl > div")}  # fmt: skip
    assert claims == {
        "Published by": settings.PUBLISHER_NAME,
        "Signed by": "Test Newsroom (Test Newsroom pictures)",
        "Credit": "Wire Agency/Jo Lens",
        "What it is": "Photograph taken with a digital camera",
        "What was done": "Opened from the original, cropped, resized, published",
        "Original picture": "Signed by Wire Agency",
        "Signature": "Intact, from a certificate on the trust list",
    }
    assert not figure.cssselect("script")


def test_an_unsigned_picture_shows_no_mark(client, settings):
    settings.C2PA_SIGNING_CERT = settings.C2PA_SIGNING_KEY = ""
    figure = hero(client, ArticleFactory(hero_image=ImageFactory(caption="", credit="")))
    assert not figure.cssselect(".credentials")
    assert not figure.cssselect("figcaption")  # nothing to caption: no empty <figcaption>


def test_the_mark_costs_no_query(client, signing, settings, django_assert_num_queries):
    settings.IMAGE_RENDITION_WIDTHS = [320]
    plain = ArticleFactory(hero_image=ImageFactory(renditions=False))
    signed = ArticleFactory(hero_image=ImageFactory(), category=plain.category)
    client.get(plain.get_absolute_url())
    client.get(signed.get_absolute_url())  # warm both: chrome caches, then compare
    with CaptureQueriesContext(connection) as unsigned_queries:
        client.get(plain.get_absolute_url())
    with django_assert_num_queries(len(unsigned_queries)):
        assert b"credentials__mark" in client.get(signed.get_absolute_url()).content
