"""Search on PostgreSQL: the stored weighted vectors, websearch syntax, ts_rank, ts_headline.

At a million articles a common word matches most of them, and ranking or
even listing every match costs seconds. So a search ranks a bounded set of
candidates: the newest CANDIDATES matches, plus the newest
HEADLINE_CANDIDATES whose headline matches (so the story a reader names by
its headline still comes first however many newer stories mention the words
in passing). For a word PostgreSQL expects in many stories, both are read
newest first, a band of time at a time (`_newest`), from the publish time
stored beside the vectors; for a rarer one, in one pass through the GIN
index (`_newest_once`). They are found once per search (`CandidateIds`). CANDIDATES is
one more than the results anyone may page through (MAX_RESULTS), so the
"newest" order, the capped count and every page are what they were.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils import timezone

from articles.models.discovery import HeadlineVector
from articles.search.highlight import from_sentinels
from articles.search.query import MARK_START, MARK_STOP, websearch_text

#: ts_rank weights for D, C, B, A: a summary, tag or author match (B) counts
#: 0.4 of a headline match (A). Ranking reads the small `head` vector; a
#: match in the body only ranks 0, after all others, newest first.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]
#: The newest matches ranked: one more than readers may page through, so the
#: capped count, every page and the "newest" order are what they were.
CANDIDATES = 1001  # articles.search.MAX_RESULTS + 1 (a test keeps them in step)
#: The newest headline matches ranked besides (however old: an exact headline match comes first).
HEADLINE_CANDIDATES = 200
#: Where the bands of `_newest` end, in days back from now; the last band holds everything older.
BAND_DAYS = (1, 8, 64, 512, 4096)


class PlainText(Func):
    """Stored HTML without its tags, for ts_headline (entities are decoded in Python)."""

    function = "regexp_replace"
    template = "%(function)s(%(expressions)s, '<[^>]+>', ' ', 'g')"
    output_field = TextField()


def web_query(text):
    # websearch_to_tsquery never raises on syntax (quotes, "or", "-" and stray
    # punctuation are read the way a search box reader means them), but it
    # does on too many operators: callers pass `websearch_text`'s output.
    return SearchQuery(text, search_type="websearch", config=settings.SEARCH_CONFIG)


def _newest(matches, limit, now):
    """The newest `limit` of `matches` (pk values), read a band of time at a time, newest band first.

    UNION ALL under one LIMIT: PostgreSQL runs the bands in order and stops
    once it has enough, so a word in every story reads about a day of them
    and a rare one reads every band through the GIN index. Each band is
    planned on its own: the publish-time index, the GIN index, or both.
    """
    newest = matches.order_by("-search_document__publish_at").values("pk")
    bands, upper = [], now
    for days in BAND_DAYS:
        lower = now - timedelta(days=days)
        band = newest.filter(search_document__publish_at__gt=lower, search_document__publish_at__lte=upper)
        bands.append(band[:limit])
        upper = lower
    older = Q(search_document__publish_at__lte=upper) | Q(search_document__publish_at__isnull=True)
    bands.append(newest.filter(older)[:limit])
    return bands[0].union(*bands[1:], all=True)[:limit]


#: Below this many matches (PostgreSQL's own estimate from the vectors'
#: statistics), one pass through the GIN index and a sort of the matches is
#: cheaper than the bands: each band would build a bitmap of its days from
#: the publish-time index only to find a rare word in none of them (40 ms of
#: bitmaps for no result at a million articles, against 1 ms).
FEW_MATCHES = 20_000


def expected_matches(query) -> int:
    """How many stored vectors PostgreSQL expects `query` to match (planning only, nothing read)."""
    from articles.models import SearchDocument

    sql, params = SearchDocument.objects.filter(vector=query).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _newest_once(matches, limit):
    """The newest `limit` of `matches` (pk values) in one query: for words few stories hold.

    The matches are found first (OFFSET 0 keeps that a subquery planned on its
    own, so through the GIN index), then sorted. Planned with its LIMIT, the
    query may walk the publish-time index instead, reading and unpacking
    every vector of the archive when the word is rarer than estimated (1 s
    for no result at a million articles).
    """
    found = (
        matches.annotate(doc_id=F("pk"), doc_time=F("search_document__publish_at"))
        .order_by()
        .values("doc_id", "doc_time")
    )
    sql, params = found.query.get_compiler(connection=connection).as_sql()
    # current_schema() is marked parallel-unsafe, so the statement runs in one
    # process: starting parallel workers (10 ms and more on a busy machine)
    # takes longer than finding a few thousand matches. The bands of a common
    # word do gain from them, and keep them.
    return (
        f"SELECT doc_id FROM ({sql} OFFSET 0) AS found WHERE current_schema() IS NOT NULL"
        f" ORDER BY doc_time DESC NULLS LAST LIMIT {int(limit)}",
        params,
    )


def _newest_in_bands(matches, limit, now):
    sql, params = _newest(matches, limit, now).query.get_compiler(connection=connection).as_sql()
    return sql, params


def candidates(queryset, query):
    """Ids of the newest CANDIDATES matches and of the newest HEADLINE_CANDIDATES headline matches.

    Built on the filtered queryset, so sections and dates narrow the
    candidates themselves rather than the few left after the limit. Both
    lists are read as the number of matches PostgreSQL expects calls for
    (FEW_MATCHES). It
    runs once, here: the page's count and its rows then read at most
    CANDIDATES + HEADLINE_CANDIDATES articles by primary key, instead of
    each planning and running the bands again.
    """
    now = timezone.now()
    headline = queryset.alias(headline_vector=HeadlineVector("search_document__head"))
    arms = [
        (queryset.filter(search_document__vector=query), CANDIDATES),
        (headline.filter(headline_vector=query), HEADLINE_CANDIDATES),
    ]
    # Headline matches are some of the matches, so few matches means few of
    # those too. (The headline index's own estimate is no guide: PostgreSQL
    # keeps no word statistics for it and guesses low.)
    few = expected_matches(query) < FEW_MATCHES
    parts = [_newest_once(m, limit) if few else _newest_in_bands(m, limit, now) for m, limit in arms]
    sql = " UNION ".join(f"SELECT * FROM ({part}) AS arm{n}" for n, (part, _) in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _, params in parts for p in params])
        return sorted(row[0] for row in cursor.fetchall())


class CandidateIds(RawSQL):
    """The candidates' ids as a subquery, found on first use and then reused.

    Found when the page's first query is compiled, not when the search is
    built: inside the view's refusal guard, so a query the database refuses
    still gets the "could not understand" page. `found` is shared by the
    copies Django makes of this expression, so the count and the rows of a
    page find them once.
    """

    def __init__(self, find):
        super().__init__("", [])
        self.find, self.found = find, {}

    def as_sql(self, compiler, connection):
        if "ids" not in self.found:
            self.found["ids"] = self.find()
        return "SELECT unnest(%s::bigint[])", [self.found["ids"]]


def search(queryset, text, *, by_relevance=True):
    # The reader's words rebuilt with bounded operators (see websearch_text).
    text = websearch_text(text)
    if not text:
        return queryset.none()
    query = web_query(text)
    queryset = queryset.filter(pk__in=CandidateIds(lambda base=queryset: candidates(base, query))).defer("body")
    # Only the page's rows reach the select list's ts_headline calls: the
    # planner evaluates costly output expressions after the LIMIT.
    queryset = queryset.annotate(
        headline_marked=SearchHeadline(
            "headline",
            query,
            config=settings.SEARCH_CONFIG,
            highlight_all=True,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
        ),
        snippet_marked=SearchHeadline(
            Concat(F("summary"), Value(" "), PlainText(F("body")), output_field=TextField()),
            query,
            config=settings.SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=32,
            min_words=16,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    )
    if not by_relevance:
        return queryset.newest_first()
    rank = SearchRank(F("search_document__head"), query, weights=RANK_WEIGHTS)
    return queryset.annotate(rank=rank).order_by("-rank", "-publish_at", "-pk")


def decorate(articles, text):
    for article in articles:
        article.headline_html = from_sentinels(article.headline_marked)
        article.snippet_html = from_sentinels(article.snippet_marked, unescape=True)
