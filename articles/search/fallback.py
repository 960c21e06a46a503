"""Search without PostgreSQL (SQLite, the development default): substring matching.

Not FTS5: a second copy of every article in a virtual table would have to be
kept in step on every save, tag and byline change, for a database that only
serves development and tests. Matching the article's own columns is always
current, and on the few thousand articles of a development site it is fast.
Ranking weighs where a term appears like the PostgreSQL vector does
(headline > summary, tags, authors > body); recency breaks ties. Limits:
no stemming ("rate" finds "rates", not the reverse), and SQLite's LIKE
ignores case for ASCII letters only.
"""

from functools import reduce
from operator import add, and_, or_

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from articles.models import Author, TaggedArticle
from articles.search.highlight import mark_terms, plain_text, snippet
from articles.search.query import parse_terms, positive_terms

#: Points for a term found in each field; the same order as the vector's weights.
WEIGHTS = {"headline": 10, "summary": 4, "tags": 4, "authors": 4, "body": 1}


def _in_field(term):
    """{field: Q} matching `term` in each searchable field."""
    tags = TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__name__icontains=term)
    authors = Author.objects.filter(articles=OuterRef("pk"), name__icontains=term)
    return {
        "headline": Q(headline__icontains=term),
        "summary": Q(summary__icontains=term),
        "tags": Q(Exists(tags)),
        "authors": Q(Exists(authors)),
        "body": Q(body__icontains=term),
    }


def _anywhere(term):
    return reduce(or_, _in_field(term).values())


def search(queryset, text, *, by_relevance=True):
    groups = parse_terms(text)
    if not groups:
        return queryset.none()
    matches = []
    for group in groups:
        parts = [~_anywhere(t.text) if t.exclude else _anywhere(t.text) for t in group]
        matches.append(reduce(and_, parts))
    queryset = queryset.filter(reduce(or_, matches))
    if not by_relevance:
        return queryset.newest_first()
    score = [
        Case(When(condition, then=Value(WEIGHTS[field])), default=Value(0), output_field=IntegerField())
        for term in positive_terms(text)
        for field, condition in _in_field(term).items()
    ]
    return queryset.annotate(rank=reduce(add, score)).order_by("-rank", "-publish_at", "-pk")


def decorate(articles, text):
    terms = positive_terms(text)
    for article in articles:
        article.headline_html = mark_terms(article.headline, terms)
        article.snippet_html = snippet(f"{article.summary} {plain_text(article.body)}", terms) or mark_terms(
            article.summary, terms
        )
