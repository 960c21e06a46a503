"""The publisher's NewsMediaOrganization data on the home page links its policy pages,
which `seed_pages` provides as editable company pages."""

import io
import json

import pytest
from django.core.management import call_command

from portal.models import POLICY_SLUGS, Page
from tests.html import parse_ok, text

pytestmark = pytest.mark.django_db

PROPERTIES = [
    "publishingPrinciples",
    "correctionsPolicy",
    "ethicsPolicy",
    "masthead",
    "ownershipFundingInfo",
    "actionableFeedbackPolicy",
]


def organization(client):
    page = parse_ok(client.get("/"))
    blocks = [json.loads(s.text) for s in page.cssselect('script[type="application/ld+json"]')]
    return next(b for b in blocks if b["@type"] == "NewsMediaOrganization")


def test_seed_pages_provides_every_policy_page_and_the_publisher_links_them(client):
    call_command("seed_pages", stdout=io.StringIO())
    data = organization(client)
    assert data["@context"] == "https://schema.org"
    for prop in PROPERTIES:
        url = data[prop]
        assert url == f"http://testserver/pages/{POLICY_SLUGS[prop]}/", prop
        page = parse_ok(client.get(url))
        assert text(page.cssselect("h1")[0])  # a real page with its title
    corrections = parse_ok(client.get(data["correctionsPolicy"]))
    links = corrections.xpath("//main//a/@href")
    assert "/corrections/" in links and "/corrections/feed/" in links


def test_the_policy_pages_are_in_the_footer(client):
    call_command("seed_pages", stdout=io.StringIO())
    footer = parse_ok(client.get("/")).cssselect("footer")[0]
    for title in ["Publishing Principles", "Corrections Policy", "Ethics Policy", "Masthead", "Ownership & Funding"]:
        assert title in text(footer)


def test_an_unpublished_policy_page_is_not_linked(client, django_capture_on_commit_callbacks):
    call_command("seed_pages", stdout=io.StringIO())
    assert "ethicsPolicy" in organization(client)
    with django_capture_on_commit_callbacks(execute=True):
        page = Page.objects.get(slug="ethics-policy")
        page.is_published = False
        page.save()
    data = organization(client)
    assert "ethicsPolicy" not in data and "masthead" in data


def test_without_policy_pages_the_old_links_remain(client):
    data = organization(client)
    assert data["correctionsPolicy"] == "http://testserver/corrections/"
    assert data["publishingPrinciples"] == "http://testserver/pages/editorial-advertiser-disclosure/"
    assert not set(PROPERTIES[2:]) & set(data)


def test_an_editors_change_to_a_policy_page_is_kept_by_seed_pages(client):
    call_command("seed_pages", stdout=io.StringIO())
    Page.objects.filter(slug="masthead").update(body="<p>Our own masthead.</p>")
    call_command("seed_pages", stdout=io.StringIO())
    assert Page.objects.get(slug="masthead").body == "<p>Our own masthead.</p>"
