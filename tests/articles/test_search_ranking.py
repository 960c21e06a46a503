"""Search ranking at scale: a bounded set of candidates keeps the order readers expect.

PostgreSQL ranks only the newest matches and the newest headline matches
(`articles.search.postgres.CANDIDATES`, `HEADLINE_CANDIDATES`); these tests lower that bound to a
few stories and check that what must come first still does. The SQLite
fallback ranks every match, so the same tests hold there as well.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SearchDocument
from articles.search import MAX_RESULTS, postgres
from articles.services import search_index_update
from tests.factories import ArticleFactory, CategoryFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")
BOUND = 3


def headlines(response):
    return texts(parse(response), ".search-results .result__title")


@pytest.fixture(autouse=True, params=["few matches", "many matches"])
def plan(request, monkeypatch):
    """Both ways of reading the candidates: one pass through the index, or a band of time at a time."""
    monkeypatch.setattr(postgres, "FEW_MATCHES", 10**9 if request.param == "few matches" else 0)
    return request.param


@pytest.fixture
def bounded(monkeypatch):
    monkeypatch.setattr(postgres, "CANDIDATES", BOUND)
    monkeypatch.setattr(postgres, "HEADLINE_CANDIDATES", BOUND)


@pytest.fixture
def crowded(db):
    """One old story named by its headline; many newer ones that mention its words only in the body."""
    now = timezone.now()
    business = CategoryFactory(name="Business", slug="business", navigation_order=1)
    markets = CategoryFactory(name="Markets", slug="markets", navigation_order=2)
    exact = ArticleFactory(
        headline="Zephyr Bank cuts lending rates",
        summary="The lender moves first among its peers.",
        body="<p>Borrowers will see the change next month.</p>",
        category=business,
        publish_at=now - timedelta(days=30),
    )
    newer = [
        ArticleFactory(
            headline=f"Regional lenders under pressure, part {n}",
            summary="Analysts weigh the outlook.",
            body="<p>Zephyr Bank cuts lending rates, and several lenders follow this quarter.</p>",
            category=markets,
            publish_at=now - timedelta(days=n + 1),
        )
        for n in range(BOUND * 3)
    ]
    search_index_update()
    return exact, newer


def test_the_bound_leaves_every_page_readers_may_open():
    assert postgres.CANDIDATES == MAX_RESULTS + 1  # the capped count still sees "more than"


def test_an_exact_headline_match_comes_first_beyond_the_bound(client, crowded, bounded):
    exact, newer = crowded
    found = headlines(client.get(SEARCH, {"q": "Zephyr Bank cuts lending rates"}))
    assert found[0] == exact.headline, found
    assert newer[0].headline in found  # the newest mentions follow it


def test_newest_first_still_lists_the_newest_matches(client, crowded, bounded):
    exact, newer = crowded
    found = headlines(client.get(SEARCH, {"q": "zephyr", "sort": "newest"}))
    assert found[:BOUND] == [story.headline for story in newer[:BOUND]]


def test_a_section_narrows_the_candidates_before_the_bound(client, crowded, bounded):
    exact, newer = crowded
    # Every newer mention is in Markets: the Business story is found though it is beyond the bound.
    assert headlines(client.get(SEARCH, {"q": "lender", "section": "business"})) == [exact.headline]


def test_a_date_range_narrows_the_candidates_before_the_bound(client, crowded, bounded):
    exact, newer = crowded
    day = timezone.localdate(exact.publish_at)
    found = headlines(client.get(SEARCH, {"q": "lending", "start": day.isoformat(), "end": day.isoformat()}))
    assert found == [exact.headline]


def test_a_newer_story_ranks_above_an_older_one_of_equal_rank(client, db, bounded):
    section = CategoryFactory(name="Business", slug="business")
    now = timezone.now()
    stories = [
        ArticleFactory(
            headline="Nickel output climbs",
            slug=f"nickel-{n}",
            summary="Mines expand.",
            body="<p>Production rose.</p>",
            category=section,
            publish_at=now - timedelta(days=n + 1),
        )
        for n in range(BOUND + 2)
    ]
    search_index_update()
    links = [a.get("href") for a in parse(client.get(SEARCH, {"q": "nickel"})).cssselect(".result__title a")]
    assert links[:BOUND] == [story.get_absolute_url() for story in stories[:BOUND]]


def test_a_headline_match_outranks_newer_body_matches(client, db, bounded):
    section = CategoryFactory(name="Business", slug="business")
    now = timezone.now()
    old = ArticleFactory(
        headline="Cobalt prices slump", category=section, body="<p>Miners cut.</p>", publish_at=now - timedelta(days=9)
    )
    for n in range(BOUND + 2):
        ArticleFactory(
            headline=f"Battery makers report, part {n}",
            body="<p>Cobalt was cheaper this quarter.</p>",
            category=section,
            publish_at=now - timedelta(days=n),
        )
    search_index_update()
    assert headlines(client.get(SEARCH, {"q": "cobalt"}))[0] == old.headline


def test_no_match_is_an_empty_page(client, crowded, bounded):
    response = client.get(SEARCH, {"q": "xylophone"})
    assert response.status_code == 200
    assert headlines(response) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vectors are PostgreSQL's")
def test_the_index_keeps_the_publish_time_beside_the_vectors(db):
    story = ArticleFactory(headline="Tin smelters merge", publish_at=timezone.now() - timedelta(days=400))
    search_index_update()
    later = timezone.now() - timedelta(hours=2)
    Article.objects.filter(pk=story.pk).update(publish_at=later)
    search_index_update(article_ids=[story.pk])
    assert SearchDocument.objects.get(article=story).publish_at == later
