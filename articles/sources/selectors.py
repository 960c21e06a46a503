"""What the article page reads of its sources, folded into the article's own query."""

from django.db.models import OuterRef, Subquery

from articles.expressions import JSONList
from articles.sources.models import SourceLink, SourcesNote


def with_sources(queryset):
    """Annotate `sources_methods` (the note's sanitized HTML, or None) and `source_list` (the links, in order)."""
    mine = {"article": OuterRef("pk")}
    return queryset.annotate(
        sources_methods=Subquery(SourcesNote.objects.filter(**mine).values("methods")[:1]),
        source_list=JSONList(SourceLink.objects.filter(**mine), title="title", url="url", kind="kind"),
    )


def citations(article):
    """The cited links as schema.org CreativeWork data (from the `source_list` annotation, no query)."""
    return [
        {"@type": "CreativeWork", "name": item["title"], "url": item["url"]}
        for item in getattr(article, "source_list", None) or []
    ]
