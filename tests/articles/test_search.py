"""Search: relevance on a labelled set, websearch syntax, filters, highlighting,
hostile input and the index that keeps PostgreSQL's vectors current.

The same tests run on SQLite (substring fallback) and PostgreSQL (stored
vectors); the PostgreSQL-only ones say so when they are skipped.
"""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SearchDocument
from articles.search import refused_search
from articles.search.query import MAX_QUERY_CHARS, MAX_TERMS, clean_query, parse_terms, websearch_text
from articles.services import search_index_update
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory
from tests.html import parse, text, texts

pytestmark = pytest.mark.django_db

requires_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="DATABASE_URL is not a PostgreSQL URL; this test checks the stored full-text vectors",
)
SEARCH = reverse("articles:search")


def headlines(response):
    return texts(parse(response), ".search-results .result__title")


@pytest.fixture
def archive(db):
    """A small labelled set: for each query below we know which story must come first."""
    now = timezone.now()
    business = CategoryFactory(name="Business", slug="business", navigation_order=1)
    tech = CategoryFactory(name="Technology", slug="technology", navigation_order=2)
    osborn = AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    stories = {
        "headline": ArticleFactory(
            headline="Central bank raises interest rates to curb inflation",
            summary="Policy makers voted seven to two for the increase.",
            body="<p>The decision was widely expected by economists.</p>",
            category=business,
            publish_at=now - timedelta(days=3),
        ),
        "summary": ArticleFactory(
            headline="Mortgage lenders reprice home loans",
            summary="Lenders moved within hours of the interest rates decision.",
            body="<p>Fixed deals rose by a quarter point.</p>",
            category=business,
            publish_at=now - timedelta(days=2),
        ),
        "body": ArticleFactory(
            headline="Retailers report a quiet quarter",
            summary="Footfall fell in December.",
            body="<p>Shoppers held back as higher interest rates weighed on spending.</p>",
            category=business,
            publish_at=now - timedelta(days=1),
        ),
        "tagged": ArticleFactory(
            headline="Chipmaker unveils a faster processor",
            summary="The new design doubles battery life.",
            body="<p>Analysts expect strong demand.</p>",
            category=tech,
            tags=["Semiconductors"],
            authors=[osborn],
            publish_at=now - timedelta(hours=5),
        ),
        "draft": ArticleFactory(
            headline="Interest rates secret draft",
            category=business,
            status=Article.Status.DRAFT,
        ),
        "scheduled": ArticleFactory(
            headline="Interest rates embargoed story",
            category=business,
            publish_at=now + timedelta(days=1),
        ),
    }
    search_index_update()
    return stories


@pytest.mark.parametrize(
    ("query", "expected_first", "also", "never"),
    [
        ("interest rates", "headline", ["summary", "body"], ["draft", "scheduled", "tagged"]),
        ("Interest Rates", "headline", ["summary", "body"], ["draft", "scheduled"]),
        ("semiconductors", "tagged", [], ["headline"]),
        ("Osborn", "tagged", [], ["headline", "body"]),
        ("inflation", "headline", [], ["summary", "body", "tagged"]),
        ('"quiet quarter"', "body", [], ["headline", "summary"]),
        ("interest rates -mortgage", "headline", ["body"], ["summary"]),
        ("processor or mortgage", None, ["tagged", "summary"], ["headline", "body"]),
    ],
)
def test_the_expected_story_ranks_first(client, archive, query, expected_first, also, never):
    found = headlines(client.get(SEARCH, {"q": query}))
    if expected_first:
        assert found and found[0] == archive[expected_first].headline, found
    for name in also:
        assert archive[name].headline in found, (name, found)
    for name in never:
        assert archive[name].headline not in found, (name, found)


def test_headline_beats_summary_beats_body(client, archive):
    found = headlines(client.get(SEARCH, {"q": "interest rates"}))
    assert found == [archive[n].headline for n in ("headline", "summary", "body")]


def test_recency_breaks_ties(client, db):
    section = CategoryFactory(name="Business", slug="business")
    now = timezone.now()
    older = ArticleFactory(
        headline="Copper hits a record", slug="copper-old", category=section, publish_at=now - timedelta(days=2)
    )
    newer = ArticleFactory(
        headline="Copper hits a record", slug="copper-new", category=section, publish_at=now - timedelta(days=1)
    )
    search_index_update()
    links = [a.get("href") for a in parse(client.get(SEARCH, {"q": "copper"})).cssselect(".result__title a")]
    assert links == [newer.get_absolute_url(), older.get_absolute_url()]


def test_newest_first_order(client, archive):
    found = headlines(client.get(SEARCH, {"q": "interest rates", "sort": "newest"}))
    assert found == [archive[n].headline for n in ("body", "summary", "headline")]


def test_filters_by_section_and_dates(client, archive):
    assert headlines(client.get(SEARCH, {"q": "analysts OR decision", "section": "technology"})) == [
        archive["tagged"].headline
    ]
    today = timezone.localdate()
    found = headlines(client.get(SEARCH, {"q": "interest rates", "start": (today - timedelta(days=2)).isoformat()}))
    assert archive["headline"].headline not in found and archive["body"].headline in found
    found = headlines(client.get(SEARCH, {"q": "interest rates", "end": (today - timedelta(days=3)).isoformat()}))
    assert found == [archive["headline"].headline]
    # Filters alone list the section's stories, newest first.
    assert headlines(client.get(SEARCH, {"section": "technology"})) == [archive["tagged"].headline]


def test_matches_are_highlighted_and_everything_else_escaped(client, db):
    section = CategoryFactory(name="Business", slug="business")
    ArticleFactory(
        headline="Tariffs & <script>alert(1)</script> tariffs hit exporters",
        slug="tariffs",
        category=section,
        summary="Exporters said tariffs <b>hurt</b> orders.",
        body="<p>New tariffs &amp; quotas start in <strong>March</strong>.</p>",
    )
    search_index_update()
    response = client.get(SEARCH, {"q": "tariffs"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    title = parse(response).cssselect(".result__title a")[0]
    assert [m.text.lower() for m in title.cssselect("mark")] == ["tariffs", "tariffs"]
    snippet = parse(response).cssselect(".result__snippet")[0]
    assert snippet.cssselect("mark") and not snippet.cssselect("b, strong")
    assert "&amp;amp;" not in html  # stored entities are decoded once, not twice
    # Only <mark> is markup: the highlighted parts hold no other element.
    for element in parse(response).cssselect(".search-results mark"):
        assert not len(element)


def test_twenty_results_a_page_and_pages_keep_the_search(client, db):
    section = CategoryFactory(name="Business", slug="business")
    for n in range(25):
        ArticleFactory(headline=f"Gold price update number {n}", category=section)
    search_index_update()
    first = client.get(SEARCH, {"q": "gold", "section": "business", "utm_source": "x"})
    assert len(headlines(first)) == 20
    assert "25 results" in text(parse(first).cssselect(".search-summary")[0])
    next_link = parse(first).cssselect('.pagination a[rel="next"]')[0].get("href")
    assert next_link == "?q=gold&section=business&page=2"
    second = client.get(SEARCH + next_link)
    assert len(headlines(second)) == 5
    assert parse(second).cssselect('.pagination a[rel="prev"]')[0].get("href") == f"{SEARCH}?q=gold&section=business"
    canonical = parse(second).cssselect('link[rel="canonical"]')[0].get("href")
    assert canonical == f"http://testserver{SEARCH}?q=gold&section=business&page=2"


def test_empty_search_shows_where_to_start(client, archive):
    response = client.get(SEARCH)
    assert response.status_code == 200
    page = parse(response)
    assert "What are you looking for?" in text(page)
    assert not page.cssselect(".search-results")
    assert [text(a) for a in page.cssselect(".search-start .tag-cloud a")] == ["Business", "Technology"]
    assert archive["tagged"].headline in text(page.cssselect(".search-start")[0])


def test_no_results_suggests_sections_and_latest_news(client, archive):
    page = parse(client.get(SEARCH, {"q": "zeppelin", "section": "business"}))
    assert "No results for “zeppelin”" in text(page)
    assert page.cssselect('.search-empty a[href="/search/?q=zeppelin"]')  # drop the filters
    assert page.cssselect(".search-empty .tag-cloud a") and page.cssselect(".search-empty .card")


def test_search_pages_are_not_indexed_and_the_header_leads_there(client, archive):
    page = parse(client.get(SEARCH, {"q": "bank"}))
    assert page.cssselect('meta[name="robots"]')[0].get("content") == "noindex, follow"
    home = parse(client.get("/"))
    form = home.cssselect('header form[role="search"]')[0]
    assert form.get("action") == SEARCH and form.get("method") == "get"
    field = form.cssselect('input[name="q"]')[0]
    assert home.cssselect(f'label[for="{field.get("id")}"]')
    assert page.cssselect('header input[name="q"]')[0].get("value") == "bank"


HOSTILE = [
    "",
    "   ",
    "x" * 10_000,
    "interest " * 2_000,
    '"',
    '"unterminated phrase',
    "''''",
    "'; DROP TABLE articles_article; --",
    "1 OR 1=1",
    "%",
    "_",
    "\\",
    "a:* & b | !c <-> (d",
    "-",
    "or",
    "OR OR OR",
    "-interest",
    "🚀📈💰",
    "👨‍👩‍👧 family",
    "زيادة أسعار الفائدة",
    "利率上调",
    "<script>alert(1)</script>",
    "\u202e\u2028\u200b\ue000\ue001",
    "&amp; &lt;",
    # PostgreSQL's websearch_to_tsquery overflowed its stack on 33 operators ("tsquery stack too small").
    "-" * 33,
    "-" * 200,
    "- " * 100,
    "x " + "-" * 60 + "y",
    "a " + "- " * 80 + "b",
    '-"' * 80,
    "-x " * 60,
    "x or " * 40,
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_any_input_gives_a_page(client, archive, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "bank", "page": "abc"},
        {"q": "bank", "page": "999"},
    ],
)
def test_a_page_that_does_not_exist_is_a_404(client, archive, params):
    assert client.get(SEARCH, params).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "rates", "start": "2024-13-45"}, "From: Enter a valid date."),
        ({"q": "rates", "start": "0001-01-01"}, "between 1900 and 2999"),
        ({"q": "rates", "end": "9999-12-31"}, "between 1900 and 2999"),
        ({"q": "rates", "start": "2025-02-01", "end": "2025-01-01"}, "The end date is before the start date."),
        ({"q": "rates", "section": "no-such-section"}, "Select a valid choice."),
        ({"q": "rates", "sort": "random()"}, "Select a valid choice."),
    ],
)
def test_a_bad_filter_is_explained_and_left_out(client, archive, params, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert message in text(parse(response).cssselect('[role="alert"]')[0])
    assert archive["headline"].headline in headlines(response)


@pytest.mark.parametrize("query", ["interest%00rates", "interest%01rates", "%1B%5B31m", "rates%7F", "%C2%85"])
def test_a_control_character_gets_a_friendly_400_page(client, archive, query):
    response = client.get(f"{SEARCH}?q={query}")
    assert response.status_code == 400
    page = parse(response)
    assert "We could not read that address" in text(page)
    assert page.cssselect('form[role="search"] input[name="q"]')


def test_a_tab_in_a_pasted_search_is_only_a_space(client, archive):
    response = client.get(SEARCH, {"q": "chip\tmakers"})
    assert response.status_code == 200
    assert parse(response).cssselect("#search-q")[0].get("value") == "chip makers"


def test_dashes_search_like_the_words_between_them(client, archive):
    """33 dashes were a 500 on PostgreSQL; now the operators are bounded and the words still count."""
    response = client.get(SEARCH, {"q": "chipmaker " + "-" * 40 + " processor"})
    assert response.status_code == 200
    assert archive["tagged"].headline in headlines(response)


def test_websearch_text_keeps_the_meaning_and_bounds_the_operators():
    assert websearch_text('"interest rates" -crypto banks or "bonds') == '"interest rates" -crypto banks or bonds'
    assert websearch_text("-" * 200) == ""
    assert websearch_text("x " + "-" * 60 + "y") == "x -y"
    rebuilt = websearch_text(" ".join(f"-w{i} w{i}" for i in range(100)))
    assert rebuilt.count("-") + rebuilt.count(" ") < 2 * MAX_TERMS
    assert websearch_text('ab"cd') == '"ab cd"'


def test_a_search_the_database_refuses_gets_a_message_not_a_500(client, archive, monkeypatch):
    """The safety net behind the bounds: with them lifted, the database's own refusal becomes a message."""
    if connection.vendor == "postgresql":
        monkeypatch.setattr("articles.search.postgres.websearch_text", lambda text: text)
        query = "-" * 40  # "tsquery stack too small"
    else:
        monkeypatch.setattr("articles.search.query.MAX_QUERY_CHARS", 100_000)
        query = "x" * 60_000  # "LIKE or GLOB pattern too complex"
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 400
    page = parse(response)
    assert "We could not understand that search" in text(page.cssselect('[role="alert"]')[0])
    assert page.cssselect(".search-empty .card"), "the latest stories are suggested"


def test_a_database_outage_is_not_mistaken_for_a_bad_search():
    outage = OperationalError("connection refused")
    outage.__cause__ = type("Outage", (Exception,), {"sqlstate": "08006"})("connection refused")
    assert not refused_search(outage)
    limit = OperationalError("tsquery stack too small")
    limit.__cause__ = type("Internal", (Exception,), {"sqlstate": "XX000"})("tsquery stack too small")
    assert refused_search(limit)
    assert refused_search(OperationalError("LIKE or GLOB pattern too complex"))
    assert not refused_search(OperationalError("database is locked"))


def test_an_over_long_query_is_cut_with_a_message(client, archive):
    response = client.get(SEARCH, {"q": "interest rates " + "x" * 10_000})
    page = parse(response)
    notice = text(page.cssselect('.notice[role="status"]')[0])
    assert f"longer than {MAX_QUERY_CHARS} characters" in notice
    assert len(page.cssselect("#search-q")[0].get("value")) <= MAX_QUERY_CHARS
    assert archive["headline"].headline in headlines(response)


def test_clean_query_and_terms():
    assert clean_query("  a\x00b\tc\u200b ").text == "a b c"
    cut = clean_query("word " * 100)
    assert cut.was_cut and len(cut.text) <= MAX_QUERY_CHARS and cut.text.endswith("word")
    groups = parse_terms('"interest rates" -crypto banks or "bonds')
    assert [[(t.text, t.exclude) for t in g] for g in groups] == [
        [("interest rates", False), ("crypto", True), ("banks", False)],
        [("bonds", False)],
    ]
    assert parse_terms("-only -exclusions") == []


# --- The index (PostgreSQL) --------------------------------------------------


@requires_postgres
@pytest.mark.postgres
def test_vectors_are_weighted_and_the_gin_index_exists(archive):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
            [SearchDocument._meta.db_table, "search_document_vector_gin"],
        )
        assert "USING gin" in cursor.fetchone()[0]
    vector = SearchDocument.objects.get(article=archive["tagged"]).vector
    assert "'chipmak':1A" in vector and "'semiconductor'" in vector and "'osborn'" in vector


@requires_postgres
@pytest.mark.postgres
def test_the_index_follows_edits_tags_and_bylines(client, archive):
    story = archive["body"]
    assert "Gazprom" not in " ".join(headlines(client.get(SEARCH, {"q": "gazprom"})))
    story.headline = "Gazprom quarter surprises retailers"
    story.save()
    story.tags.add("Energy markets")
    story.authors.add(AuthorFactory(name="Polina Devitt"))
    search_index_update(article_ids=[story.pk])
    for query in ("gazprom", "energy markets", "devitt"):
        assert headlines(client.get(SEARCH, {"q": query})) == [story.headline], query


@requires_postgres
@pytest.mark.postgres
def test_update_search_index_command_catches_bulk_writes(client, archive):
    section = archive["headline"].category
    Article.objects.bulk_create(
        [
            Article(
                headline="Zinc smelters idle",
                slug="zinc",
                category=section,
                summary="s",
                body="<p>b</p>",
                status=Article.Status.PUBLISHED,
                publish_at=timezone.now(),
            )
        ]  # fmt: skip
    )
    assert headlines(client.get(SEARCH, {"q": "zinc"})) == []
    call_command("update_search_index", "--stale", verbosity=0)
    assert headlines(client.get(SEARCH, {"q": "zinc"})) == ["Zinc smelters idle"]


def test_the_admin_keeps_the_index_current(editor_client, archive):
    """Saving in the admin reindexes after tags and bylines are saved (a no-op on SQLite)."""
    story = archive["summary"]
    url = reverse("admin:articles_article_change", args=[story.pk])
    form = parse(editor_client.get(url)).cssselect("form#article_form")[0]
    data = dict(form.form_values())
    data.update(tags="Housing, Palladium", _save="Save")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert headlines(editor_client.get(SEARCH, {"q": "palladium"})) == [story.headline]


def test_very_common_words_count_up_to_a_cap(client, db, monkeypatch):
    monkeypatch.setattr("articles.search.MAX_RESULTS", 3)
    section = CategoryFactory(name="Business", slug="business")
    for n in range(5):
        ArticleFactory(headline=f"Markets rally number {n}", category=section)
    search_index_update()
    response = client.get(SEARCH, {"q": "markets"})
    assert text(parse(response).cssselect(".search-summary")[0]).startswith("More than 3 results")
