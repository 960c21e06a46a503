"""A live blog's JSON-LD: LiveBlogPosting with its coverage times and the updates the page shows."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.social import iso
from tests.factories import DisclosureFactory
from tests.html import parse_ok

pytestmark = pytest.mark.django_db


def structured(client, url):
    page = parse_ok(client.get(url))
    return [json.loads(node.text) for node in page.cssselect('script[type="application/ld+json"]')]


def posting(client, live):
    blocks = structured(client, live.article.get_absolute_url())
    return next(block for block in blocks if block.get("coverageStartTime"))


def test_an_open_live_blog_is_a_live_blog_posting_with_its_updates(client, live):
    data = posting(client, live)
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == iso(live.article.liveblog.started_at)
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [u["headline"] for u in updates] == ["Shares extend gains.", "Rates held", "Yields are little changed.",
                                                 "What to expect"]  # fmt: skip
    first = updates[0]
    assert first["@type"] == "BlogPosting"
    assert first["url"].endswith(f"/finance/rate-decision-day/#entry-{live.latest.pk}")
    assert first["datePublished"] == iso(live.latest.published_at)
    assert first["articleBody"] == "Shares extend gains."  # text only, the script gone
    assert first["author"] == {"@type": "Person", "name": "Priya Raman"}
    assert "Not ready" not in json.dumps(data)
    # The newest update is the posting's last modification.
    assert data["dateModified"] == iso(live.latest.published_at)


def test_a_closed_live_blog_says_when_coverage_ended(client, live):
    ended = timezone.now() - timedelta(minutes=1)
    live.article.liveblog.ended_at = ended
    live.article.liveblog.save()
    assert posting(client, live)["coverageEndTime"] == iso(ended)


def test_a_sponsored_live_blog_keeps_its_honest_type(client, live):
    live.article.disclosures.add(DisclosureFactory())
    data = posting(client, live)
    assert data["@type"] == "AdvertiserContentArticle"
    assert data["liveBlogUpdate"]
